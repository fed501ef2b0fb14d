import { recordJsonSchema } from "../../record/schema.js";
import type { PlanRecord } from "../../record/schema.js";

/**
 * Stable key order for output: every object's keys in the order the schema declares them,
 * whatever order the producer built them in. Keys the schema does not know (a newer
 * pipeline adding fields) follow in their own order; nothing is dropped or changed.
 */
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

let recordSchema: JsonSchema | undefined;

export function orderRecord(record: PlanRecord): PlanRecord {
  recordSchema ??= recordJsonSchema() as JsonSchema;
  return orderBySchema(record, recordSchema) as PlanRecord;
}

export function orderBySchema(value: unknown, schema: JsonSchema | undefined): unknown {
  if (value === null || typeof value !== "object") return value;
  const s = schema ? pickBranch(value, schema) : undefined;
  if (Array.isArray(value)) {
    return value.map((item, i) => orderBySchema(item, s?.prefixItems?.[i] ?? s?.items));
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const props = s?.properties ?? {};
  for (const key of Object.keys(props)) {
    if (Object.hasOwn(obj, key)) out[key] = orderBySchema(obj[key], props[key]);
  }
  const extra = typeof s?.additionalProperties === "object" ? s.additionalProperties : undefined;
  for (const key of Object.keys(obj)) {
    if (!Object.hasOwn(out, key)) out[key] = orderBySchema(obj[key], Object.hasOwn(props, key) ? props[key] : extra);
  }
  return out;
}

/** For a nullable or union schema, the branch that describes this (object or array) value. */
function pickBranch(value: object, schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const want = Array.isArray(value) ? "array" : "object";
  return branches.find((b) => b.type === want || (Array.isArray(b.type) && b.type.includes(want))) ?? schema;
}
