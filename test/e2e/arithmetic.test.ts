/** No silent wrong value: a number the sheet's arithmetic contradicts is named in a warning. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseText } from "../../src/pipeline.js";

const text = readFileSync(fileURLToPath(new URL("../../fixtures/kashiwa-ap-r1-item51.txt", import.meta.url)), "utf8");
const lines = text.split("\n");

async function withLine(no: number, from: string, to: string) {
  expect(lines[no - 1]).toContain(from);
  const copy = [...lines];
  copy[no - 1] = copy[no - 1]!.replace(from, to);
  return parseText(copy.join("\n"), { file: "corrupt.txt" });
}

describe("corrupted 効果額", () => {
  it("a 歳出削減 year that no longer sums to its 最終値 is reported, not placed", async () => {
    // Line 409 is 51002's 歳出削減 変更計画額 row `1,137 1,105 439 439` (最終値 3,120).
    const records = await withLine(409, "1,105", "1,150");
    const r = records.find((x) => x.planNo === "51002")!;
    const codes = r.warnings.map((w) => `${w.code} ${w.path ?? w.line}`);
    expect(codes).toContain("sum-mismatch overall.effectAmounts.expenditureReduction.revisedPlan.final");
    expect(codes).toContain("unmapped-text 409");
    expect(Object.values(r.overall!.effectAmounts.expenditureReduction.revisedPlan.byYear)).not.toContain(1150);
  });

  it("a 最終値 that disagrees with its rows is reported", async () => {
    // Line 346 is 51002's 歳出削減 当初計画額 最終値 2,110 (the rows sum to 2,110).
    const records = await withLine(346, "2,110", "2,200");
    const r = records.find((x) => x.planNo === "51002")!;
    expect(r.warnings.map((w) => `${w.code} ${w.path}`)).toContain("sum-mismatch overall.effectAmounts.expenditureReduction.initialPlan.final");
  });

  it("a 単年度 実績値 that disagrees with the 全体計画 is reported", async () => {
    // Line 263 is 51001's 単年度 `5 4` (計画値 5, 実績値 4); the 全体計画 row reads 4 for 2019.
    const records = await withLine(263, "5 4", "5 9");
    const r = records[0]!;
    expect(r.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["cross-page-mismatch"]));
  });
});
