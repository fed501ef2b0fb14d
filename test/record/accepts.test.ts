/**
 * compileAccepts must answer exactly as zod does: a record it passes that zod would refuse would be
 * an invalid record let out; one it refuses that zod would pass only costs a second look, but
 * it would mean the compiled rules drifted from zod's, so both directions are asserted.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileAccepts } from "../../src/record/accepts.js";
import { RecordSchema, recordAccepts } from "../../src/record/schema.js";

const books = fileURLToPath(new URL("../../fixtures/books/", import.meta.url));
const fixtureRecords: unknown[] = readdirSync(books).flatMap((book) =>
  readdirSync(`${books}${book}`)
    .filter((f) => /^\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(`${books}${book}/${f}`, "utf8")) as unknown),
);

/** A fixture record with provenance, and one with a warning carrying page, line and bbox. */
function withOptionalParts(record: unknown): unknown {
  const copy = structuredClone(record) as Record<string, unknown>;
  copy.provenance = { "overall.finalGoal": { page: 1, bbox: [1, 2, 3, 4] }, title: { page: 2, line: 7 } };
  copy.warnings = [{ code: "unplaced-value", message: "m", path: "overall", page: 1, line: 3, bbox: [0, 0, 1, 1] }];
  return copy;
}
const records = [...fixtureRecords, ...fixtureRecords.map(withOptionalParts)];

const zodSays = (value: unknown) => RecordSchema.safeParse(value).success;

describe("compileAccepts on the record schema", () => {
  it("compiles every node of the record schema (nothing left to zod)", () => {
    const left: string[] = [];
    compileAccepts(RecordSchema, (type) => left.push(type));
    expect(left).toEqual([]);
  });

  it("passes every fixture record, as zod does", () => {
    expect(records.length).toBeGreaterThanOrEqual(20);
    for (const record of records) {
      expect(zodSays(record)).toBe(true);
      expect(recordAccepts(record)).toBe(true);
    }
  });

  /** Every place in a record a mutation can reach: [parent, key] pairs. */
  function places(value: unknown, into: [Record<string | number, unknown>, string | number][] = []) {
    if (typeof value === "object" && value !== null) {
      for (const key of Object.keys(value)) {
        const k = Array.isArray(value) ? Number(key) : key;
        into.push([value as Record<string | number, unknown>, k]);
        places((value as Record<string, unknown>)[key], into);
      }
    }
    return into;
  }

  /** Made anew each time: a later mutation may change the value it was given. */
  const edgeValues = (): unknown[] => [
    null, undefined, NaN, Infinity, -Infinity, 0, -0, 1, 1.5, -1, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1e21,
    "", "0", "A", "D", "歳出削減", "pdf", "text", "1", "2019", "19", "2019-02-29", "2020-02-29", "2019-13-01",
    "2019-04-31", "2019-04-30", "warn-code", "Warn", "a--b", true, false, [], [true, true, true, true],
    [true, true, true], [true, true, true, true, true], [1, 2, 3, 4], {}, Object.create(null), new Date(0),
    new Map(), { from: 2016, to: 2019 }, { page: 1 }, { byYear: {}, final: null },
  ];
  const EDGE_COUNT = edgeValues().length;
  const edgeValue = (pick: number) => edgeValues()[pick % EDGE_COUNT];

  type Mutation = (parent: Record<string | number, unknown>, key: string | number) => void;
  const mutations: Record<string, (pick: number) => Mutation> = {
    replace: (pick) => (parent, key) => void (parent[key] = edgeValue(pick)),
    remove: () => (parent, key) => {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    },
    extraKey: (pick) => (parent, key) => {
      const target = parent[key];
      if (typeof target === "object" && target !== null) {
        const keys = ["extra", "2019", "201", "__proto__", "constructor"];
        const name = keys[pick % keys.length]!;
        Object.defineProperty(target, name, { value: edgeValue(pick), enumerable: true, configurable: true, writable: true });
      }
    },
    symbolKey: () => (parent, key) => {
      const target = parent[key];
      if (typeof target === "object" && target !== null) (target as Record<symbol, unknown>)[Symbol("s")] = 1;
    },
    push: (pick) => (parent, key) => {
      const target = parent[key];
      if (Array.isArray(target)) target.push(edgeValue(pick));
    },
  };

  it("answers as zod does on mutated records (types, formats, ranges, missing and extra keys)", () => {
    fc.assert(
      fc.property(
        fc.nat(records.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...Object.keys(mutations)), fc.nat()), { minLength: 1, maxLength: 3 }),
        (which, steps) => {
          const record = structuredClone(records[which]);
          for (const [at, kind, pick] of steps) {
            const all = places(record);
            const [parent, key] = all[at % all.length]!;
            mutations[kind]!(pick)(parent, key);
          }
          expect(recordAccepts(record)).toBe(zodSays(record));
        },
      ),
      { numRuns: 3000, seed: 51001 },
    );
  });

  it("answers as zod does when a whole part is replaced by an arbitrary value", () => {
    fc.assert(
      fc.property(fc.nat(records.length - 1), fc.nat(), fc.anything({ withNullPrototype: true, withObjectString: true }), (which, at, value) => {
        const record = structuredClone(records[which]);
        const all = places(record);
        const [parent, key] = all[at % all.length]!;
        parent[key] = value;
        expect(recordAccepts(record)).toBe(zodSays(record));
      }),
      { numRuns: 1000, seed: 51002 },
    );
  });
});

describe("compileAccepts node by node", () => {
  const agree = (schema: z.ZodType, values: unknown[]) => {
    const accepts = compileAccepts(schema);
    for (const value of values) expect([value, accepts(value)]).toEqual([value, schema.safeParse(value).success]);
  };

  it("numbers: finite only; int means a safe integer; min is inclusive", () => {
    agree(z.number(), [1, 1.5, NaN, Infinity, -Infinity, "1", null]);
    agree(z.number().int().min(1), [1, 0, -0, 0.5, 2 ** 53, 2 ** 53 - 1, 3]);
    agree(z.number().gt(1).lte(3), [1, 1.0001, 3, 3.0001]);
  });

  it("optional keys may be absent or undefined; required keys may not be undefined", () => {
    const schema = z.object({ a: z.string(), b: z.number().optional() });
    agree(schema, [{ a: "x" }, { a: "x", b: undefined }, { a: undefined }, {}, { a: "x", b: null }, [], null, Object.create({ a: "x" })]);
  });

  it("tuples have their exact length; records check every own key", () => {
    agree(z.tuple([z.boolean(), z.boolean()]), [[true, false], [true], [true, false, true], [true, 1]]);
    const years = z.record(z.string().regex(/^\d{4}$/), z.number().nullable());
    agree(years, [{}, { 2019: 1 }, { 2019: null, 2020: 2 }, { 19: 1 }, { 2019: "1" }, [], new Date(0), Object.create(null)]);
  });

  it("a node it does not know is left to zod, and still answers as zod does", () => {
    const left: string[] = [];
    const schema = z.object({ s: z.string().min(2), u: z.union([z.string(), z.number()]), n: z.number() });
    compileAccepts(schema, (type) => left.push(type));
    expect(left.sort()).toEqual(["string", "union"]);
    agree(schema, [{ s: "ab", u: 1, n: 1 }, { s: "a", u: 1, n: 1 }, { s: "ab", u: true, n: 1 }, { s: "ab", u: "x", n: "1" }]);
  });

  it("an object with a defaulted key is left to zod whole", () => {
    const left: string[] = [];
    const schema = z.object({ s: z.string(), d: z.number().default(3) });
    compileAccepts(schema, (type) => left.push(type));
    expect(left).toEqual(["object"]);
    agree(schema, [{ s: "x" }, { s: "x", d: 1 }, { s: "x", d: "1" }, {}]);
  });
});
