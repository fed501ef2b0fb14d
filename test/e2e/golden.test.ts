/**
 * Golden records: the sample book's five plans against records a person read off the sheet
 * (fixtures/expected/, see READING.md). Field for field, with vitest's diff when one changes.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parseFile } from "../../src/api.js";
import type { PlanRecord } from "../../src/record/schema.js";
import { diffPaths } from "../helpers/diff.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const SAMPLE = here("../../fixtures/kashiwa-ap-r1-item51.txt");
const expected = (planNo: string): PlanRecord => JSON.parse(readFileSync(here(`../../fixtures/expected/${planNo}.json`), "utf8"));

const strip = (r: PlanRecord) => {
  const { warnings: _w, source: _s, ...rest } = r;
  return rest;
};
const warningKeys = (r: PlanRecord) => r.warnings.map((w) => `${w.code} ${w.path ?? "-"} p${w.page ?? "-"}`).sort();
const DOUBT_CODES = new Set(["ambiguous-columns", "unplaced-value", "ambiguous-comment"]);

let records: PlanRecord[];
beforeAll(async () => {
  records = (await parseFile(SAMPLE)).records;
});

describe("the sample book (text)", () => {
  it("yields the five plans in book order, each from its two pages", () => {
    expect(records.map((r) => r.planNo)).toEqual(["51001", "51002", "51003", "51004", "51005"]);
    expect(records.map((r) => r.source)).toEqual(
      [1, 3, 5, 7, 9].map((p) => ({ file: "kashiwa-ap-r1-item51.txt", format: "text", pages: [p, p + 1] })),
    );
  });

  it("51001 equals the contract's worked example, plus the one doubt the example left unsaid", () => {
    const got = records[0]!;
    const want = expected("51001");
    expect(strip(got)).toEqual(strip(want));
    expect(got.warnings).toEqual(want.warnings);
  });

  for (const planNo of ["51002", "51003", "51004"]) {
    it(`${planNo} equals the record read by hand, field for field`, () => {
      const got = records.find((r) => r.planNo === planNo)!;
      const want = expected(planNo);
      expect(strip(got)).toEqual(strip(want));
      expect(warningKeys(got)).toEqual(warningKeys(want));
    });
  }

  it("51005 differs from the hand reading only in zero-only cells it flags as doubtful", () => {
    const got = records.find((r) => r.planNo === "51005")!;
    const want = expected("51005");
    const differing = diffPaths(strip(got), strip(want));
    const covered = (path: string) =>
      got.warnings.some((w) => DOUBT_CODES.has(w.code) && w.path !== undefined && (path === w.path || path.startsWith(`${w.path}.`)));
    expect(differing.filter((p) => !covered(p))).toEqual([]);
    // Only the 効果額 category rows, the bases and the indicator's zero rows are in doubt.
    for (const p of differing) expect(p).toMatch(/^overall\.(effectAmounts|indicator)\./);
    for (const p of differing) {
      const g = p.split(/\.|\[|\]/).filter(Boolean).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], got);
      expect([0, null]).toContain(g);
    }
    expect(warningKeys(got)).toContain("plan-range-mismatch overall.planRange p9");
  });

  const shared = here("../../../shared/spec/example-51001.json");
  it.skipIf(!existsSync(shared))("fixtures/expected/51001.json still matches ../shared/spec/example-51001.json", () => {
    const example = JSON.parse(readFileSync(shared, "utf8")) as PlanRecord;
    const ours = expected("51001");
    expect(strip(ours)).toEqual(strip(example));
    expect(ours.warnings.filter((w) => w.code !== "unplaced-value")).toEqual(example.warnings);
  });
});

describe("encodings", () => {
  for (const enc of ["cp932", "utf16le-bom", "eucjp"]) {
    it(`the ${enc} copy of the sample gives the same five records`, async () => {
      const got = (await parseFile(here(`../../fixtures/encodings/kashiwa-ap-r1-item51.${enc}.txt`))).records;
      expect(got.map((r) => ({ ...r, source: { ...r.source, file: "x" } }))).toEqual(
        records.map((r) => ({ ...r, source: { ...r.source, file: "x" } })),
      );
    });
  }
});
