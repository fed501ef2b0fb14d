// Namespace imports, not { z } or z.core as a value: see schema.ts.
import * as z from "zod";
import * as core from "zod/v4/core";

/**
 * A yes/no check compiled once from a zod schema: `accepts(value)` is true only when
 * `schema.safeParse(value)` would succeed. It gives no reasons, so a caller that gets `false`
 * asks zod itself for the issues.
 *
 * Why: zod's parse walks the record through generic machinery, building payloads and result
 * copies, and is ~15 % of a warm text parse and more while V8 warms up; every record apsheet makes
 * is valid, so the question is almost always "yes". Each node here is one small closure that
 * mirrors zod 4's own rules for that node (core/schemas.js, core/checks.js). A schema node or
 * check this file does not know is handed to zod (`z.safeParse` on that node), never guessed at.
 */
export type Accepts = (value: unknown) => boolean;

type AnySchema = z.core.$ZodType;
type Def = z.core.$ZodTypeDef & Record<string, unknown>;

/** Told of each node left to zod (its zod type), for tests and for anyone extending the schema. */
export type OnDelegate = (type: string) => void;

export function compileAccepts(schema: AnySchema, onDelegate?: OnDelegate): Accepts {
  delegated = onDelegate;
  try {
    return child(schema);
  } finally {
    delegated = undefined;
  }
}

let delegated: OnDelegate | undefined;

/** A sub-schema compiled, or zod's answer for it when it cannot be. */
function child(schema: AnySchema): Accepts {
  const compiled = compileNode(schema);
  if (compiled) return compiled;
  delegated?.(schema._zod.def.type);
  return (value) => z.safeParse(schema, value).success;
}

/** One closure per node; `undefined` where zod's own answer is needed. */
function compileNode(schema: AnySchema): Accepts | undefined {
  const def = schema._zod.def as Def;
  const compile = COMPILERS[def.type];
  if (!compile) return undefined;
  const base = compile(schema, def);
  if (!base) return undefined;
  const checks = checksOf(schema, def);
  if (checks === undefined) return undefined;
  return checks.length === 0 ? base : withChecks(base, checks);
}

function withChecks(base: Accepts, checks: Accepts[]): Accepts {
  if (checks.length === 1) {
    const only = checks[0]!;
    return (value) => base(value) && only(value);
  }
  return (value) => {
    if (!base(value)) return false;
    for (const check of checks) if (!check(value)) return false;
    return true;
  };
}

const COMPILERS: Record<string, (schema: AnySchema, def: Def) => Accepts | undefined> = {
  string: (_, def) => (def.coerce ? undefined : (value) => typeof value === "string"),
  // zod 4 refuses NaN and ±Infinity for z.number().
  number: (_, def) => (def.coerce ? undefined : (value) => typeof value === "number" && Number.isFinite(value)),
  boolean: (_, def) => (def.coerce ? undefined : (value) => typeof value === "boolean"),
  literal: (schema) => setMember(schema),
  enum: (schema) => setMember(schema),
  nullable: (_, def) => {
    const inner = child(def.innerType as AnySchema);
    return (value) => value === null || inner(value);
  },
  optional: (schema, def) => {
    const innerType = def.innerType as AnySchema;
    // An exact optional refuses undefined; a defaulted inner substitutes a value: both left to zod.
    if (schema._zod.traits.has("$ZodExactOptional") || innerType._zod.optin === "defaulted") return undefined;
    const inner = child(innerType);
    return (value) => value === undefined || inner(value);
  },
  array: (_, def) => {
    const element = child(def.element as AnySchema);
    return (value) => {
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
      return true;
    };
  },
  tuple: (_, def) => {
    const items = def.items as AnySchema[];
    // Optional items and rest elements change how zod counts; only fixed tuples are compiled.
    if (def.rest || items.some((item) => item._zod.optin !== undefined)) return undefined;
    const itemChecks = items.map(child);
    const length = itemChecks.length;
    return (value) => {
      if (!Array.isArray(value) || value.length !== length) return false;
      for (let i = 0; i < length; i++) if (!itemChecks[i]!(value[i])) return false;
      return true;
    };
  },
  object: (_, def) => objectAccepts(def),
  record: (_, def) => keyedRecordAccepts(def),
};

function setMember(schema: AnySchema): Accepts | undefined {
  const values = schema._zod.values;
  if (!values) return undefined;
  return (value) => values.has(value as never);
}

/**
 * Strip mode only (unknown keys accepted, as zod drops them). A key is present when `key in
 * value`, as zod reads it; an absent key is fine only for a schema that may be absent.
 */
function objectAccepts(def: Def): Accepts | undefined {
  if (def.catchall !== undefined) return undefined;
  const shape = def.shape as Record<string, AnySchema>;
  if (Object.getOwnPropertySymbols(shape).length > 0) return undefined;
  const keys = Object.keys(shape);
  if (keys.includes("__proto__")) return undefined;
  // A defaulted field puts a value in for an absent key: that object is zod's.
  if (keys.some((key) => shape[key]!._zod.optin === "defaulted")) return undefined;
  const fields = keys.map((key) => {
    const field = shape[key]!;
    return { key, accepts: child(field), mayBeAbsent: field._zod.optin === "optional" && field._zod.optout === "optional" };
  });
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const object = value as Record<string, unknown>;
    for (const field of fields) {
      if (!(field.key in object)) {
        if (field.mayBeAbsent) continue;
        return false;
      }
      if (!field.accepts(object[field.key])) return false;
    }
    return true;
  };
}

/**
 * A z.record() (not the plan record, which is a z.object) over string keys checked by a pattern
 * (not an enumerable key set): every own enumerable string key must pass the key schema and its
 * value the value schema; zod skips an own `__proto__`. A value with a symbol key is refused here
 * (zod refuses an enumerable one; a non-enumerable one it skips, and then it is zod that answers).
 */
function keyedRecordAccepts(def: Def): Accepts | undefined {
  const keyType = def.keyType as AnySchema;
  if (keyType._zod.def.type !== "string" || keyType._zod.values !== undefined || def.mode === "loose") return undefined;
  const key = compileNode(keyType);
  if (!key) return undefined;
  const element = child(def.valueType as AnySchema);
  const isPlainObject = core.util.isPlainObject;
  return (value) => {
    if (!isPlainObject(value)) return false;
    const object = value as Record<string, unknown>;
    // zod reads every own enumerable key (Reflect.ownKeys); a symbol key fails the string key schema.
    if (Object.getOwnPropertySymbols(object).length > 0) return false;
    for (const name of Object.keys(object)) {
      if (name === "__proto__") continue;
      if (!key(name) || !element(object[name])) return false;
    }
    return true;
  };
}

/**
 * The node's checks (its own, plus the node itself when it is a check, as a string format such as
 * z.iso.date() is) compiled, or `undefined` when one of them is not known here.
 */
function checksOf(schema: AnySchema, def: Def): Accepts[] | undefined {
  const own = (def.checks as AnySchema[] | undefined) ?? [];
  const all = schema._zod.traits.has("$ZodCheck") ? [schema, ...own] : own;
  const compiled: Accepts[] = [];
  for (const check of all) {
    const checkDef = check._zod.def as Def & { check?: string };
    if (checkDef.when !== undefined) return undefined;
    const compile = checkDef.check === undefined ? undefined : CHECKS[checkDef.check];
    const accepts = compile?.(checkDef);
    if (!accepts) return undefined;
    compiled.push(accepts);
  }
  return compiled;
}

const CHECKS: Record<string, (def: Def) => Accepts | undefined> = {
  number_format: (def) => (def.format === "safeint" ? (value) => Number.isSafeInteger(value) : undefined),
  greater_than: (def) => {
    const bound = def.value;
    if (typeof bound !== "number") return undefined;
    return def.inclusive ? (value) => (value as number) >= bound : (value) => (value as number) > bound;
  },
  less_than: (def) => {
    const bound = def.value;
    if (typeof bound !== "number") return undefined;
    return def.inclusive ? (value) => (value as number) <= bound : (value) => (value as number) < bound;
  },
  // Only formats whose whole check is their pattern (zod's regex and ISO date); others do more.
  string_format: (def) => {
    if (def.format !== "regex" && def.format !== "date") return undefined;
    const pattern = def.pattern;
    if (!(pattern instanceof RegExp)) return undefined;
    return (value) => {
      pattern.lastIndex = 0;
      return pattern.test(value as string);
    };
  },
};
