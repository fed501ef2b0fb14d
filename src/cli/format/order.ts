import { recordJsonSchema } from "../../record/schema.js";
import type { PlanRecord } from "../../record/schema.js";

/**
 * Stable key order for output: every object's keys in the order the schema declares them,
 * whatever order the producer built them in. Keys the schema does not know (a newer
 * pipeline adding fields) follow in their own order; nothing is dropped or changed.
 *
 * The schema is turned once into an orderer per schema node (its keys and its children's
 * orderers), and an object already in order — the usual case — is returned as it is, so a record
 * costs a walk, not a copy.
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

type Orderer = (value: unknown) => unknown;

let recordOrderer: Orderer | undefined;

export function orderRecord(record: PlanRecord): PlanRecord {
  recordOrderer ??= ordererFor(recordJsonSchema() as JsonSchema);
  return recordOrderer(record) as PlanRecord;
}

/** Values the schema says nothing about keep their own key order all the way down. */
const keepAsIs: Orderer = (value) => value;

function ordererFor(schema: JsonSchema | undefined): Orderer {
  if (!schema) return keepAsIs;
  // A nullable or union schema: the branch that describes an object, and the one for an array.
  const forObject = objectOrderer(pickBranch(schema, "object"));
  const forArray = arrayOrderer(pickBranch(schema, "array"));
  return (value) => {
    if (value === null || typeof value !== "object") return value;
    return Array.isArray(value) ? forArray(value) : forObject(value as Record<string, unknown>);
  };
}

function arrayOrderer(s: JsonSchema): (value: unknown[]) => unknown[] {
  const prefix = (s.prefixItems ?? []).map((p) => lazy(() => ordererFor(p)));
  const items = lazy(() => ordererFor(s.items));
  return (value) => {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const ordered = (prefix[i] ?? items)()(item);
      if (ordered !== item && !out) out = value.slice(0, i);
      if (out) out.push(ordered);
    }
    return out ?? value;
  };
}

function objectOrderer(s: JsonSchema): (value: Record<string, unknown>) => unknown {
  const props = s.properties ?? {};
  const keys = Object.keys(props);
  const rank = new Map(keys.map((k, i) => [k, i]));
  const children = new Map(keys.map((k) => [k, lazy(() => ordererFor(props[k]))]));
  const extra = lazy(() => ordererFor(typeof s.additionalProperties === "object" ? s.additionalProperties : undefined));
  const childFor = (key: string) => children.get(key) ?? extra;

  /** Schema keys in schema order, then only keys the schema does not know. */
  const inOrder = (own: string[]): boolean => {
    let last = -1;
    for (const key of own) {
      const r = rank.get(key);
      if (r === undefined) last = keys.length;
      else if (r < last) return false;
      else last = r;
    }
    return true;
  };

  return (value) => {
    const own = Object.keys(value);
    if (inOrder(own)) {
      let copy: Record<string, unknown> | undefined;
      for (const key of own) {
        const v = value[key];
        const ordered = childFor(key)()(v);
        if (ordered !== v) (copy ??= { ...value })[key] = ordered;
      }
      return copy ?? value;
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) if (Object.hasOwn(value, key)) out[key] = childFor(key)()(value[key]);
    for (const key of own) if (!rank.has(key)) out[key] = extra()(value[key]);
    return out;
  };
}

/** For a nullable or union schema, the branch that describes an object or an array value. */
function pickBranch(schema: JsonSchema, want: "object" | "array"): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  return branches.find((b) => b.type === want || (Array.isArray(b.type) && b.type.includes(want))) ?? schema;
}

/** Schemas can be deep and shared: each child's orderer is made when first needed. */
function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
