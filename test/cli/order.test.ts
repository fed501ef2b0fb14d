/** Output key order: schema order at every level, unknown keys after, values untouched. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/api.js";
import { orderRecord } from "../../src/cli/format/order.js";
import type { PlanRecord } from "../../src/record/schema.js";

type Json = Record<string, unknown>;
const schema = JSON.parse(readFileSync(fileURLToPath(new URL("../../schemas/record.schema.json", import.meta.url)), "utf8")) as Json;
const records = (await parse(new Uint8Array(readFileSync(fileURLToPath(new URL("../../fixtures/kashiwa-ap-r1-item51.txt", import.meta.url)))), { file: "a.txt" })).records;

function reversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversed) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) as T;
}

describe("orderRecord", () => {
  it("puts every object's keys in the committed schema's order, at the top and inside overall", () => {
    for (const r of records) {
      const out = orderRecord(reversed(r)) as unknown as Json;
      const top = Object.keys(schema.properties as Json).filter((k) => k in out);
      expect(Object.keys(out)).toEqual(top);
      const overallSchema = ((schema.properties as Json).overall as Json).anyOf as Json[] | undefined;
      const overallProps = (overallSchema?.find((b) => b.type === "object") ?? (schema.properties as Json).overall) as Json;
      const overall = out.overall as Json | null;
      if (overall && overallProps.properties) expect(Object.keys(overall)).toEqual(Object.keys(overallProps.properties as Json).filter((k) => k in overall));
    }
  });

  it("gives the same bytes for a scrambled record as for the parser's own, and changes no value", () => {
    for (const r of records) {
      expect(JSON.stringify(orderRecord(reversed(r)))).toBe(JSON.stringify(orderRecord(r)));
      expect(orderRecord(reversed(r))).toEqual(r);
    }
  });

  it("keeps keys the schema does not know, after the known ones, in their own order, nested too", () => {
    const r = reversed(records[0]!) as unknown as Json;
    const withExtra = { zeta: 1, ...r, alpha: { b: 1, a: 2 } } as Json;
    (withExtra.source as Json) = { extraB: true, ...(withExtra.source as Json), extraA: true };
    const out = orderRecord(withExtra as unknown as PlanRecord) as unknown as Json;
    expect(Object.keys(out).slice(-2)).toEqual(["zeta", "alpha"]);
    expect(Object.keys(out.alpha as Json)).toEqual(["b", "a"]);
    expect(Object.keys(out.source as Json).slice(-2)).toEqual(["extraB", "extraA"]);
    expect(Object.keys(out.source as Json)[0]).not.toBe("extraB");
  });

  it("returns a record already in order as it is, without copying", () => {
    const ordered = orderRecord(reversed(records[1]!));
    expect(orderRecord(ordered)).toBe(ordered);
  });
});
