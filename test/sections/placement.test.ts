import { describe, expect, it } from "vitest";
import {
  place,
  type Category,
  type Kind,
  type NumLine,
  type PlacedRow,
  type PlacementInput,
  type PlacementResult,
} from "../../src/sections/placement.js";

const YEARS = [2016, 2017, 2018, 2019, 2020];
type Finals = Record<Kind, number | null>;
const finals = (initialPlan: number | null, revisedPlan: number | null, actual: number | null): Finals => ({ initialPlan, revisedPlan, actual });
const ZERO = finals(0, 0, 0);

/** Numeric lines as [input line, values]. */
const lines = (...ls: [number, number[]][]): NumLine[] => ls.map(([line, values]) => ({ line, values }));

function input(p: Partial<PlacementInput> & { lines: NumLine[] }): PlacementInput {
  return {
    years: YEARS,
    fiscalYear: 2019,
    indicatorFinals: ZERO,
    amountFinals: { revenueIncrease: ZERO, expenditureReduction: ZERO, total: ZERO },
    annual: null,
    ...p,
  };
}

/** A placed row as the record shows it: one cell a year, null where nothing stands. */
function cells(row: PlacedRow | null, years = YEARS): (number | null)[] {
  const out: (number | null)[] = years.map(() => null);
  if (row) row.line.values.forEach((v, i) => (out[row.start + i] = v));
  return out;
}
const amountCells = (r: PlacementResult, cat: Category, kind: Kind) => cells(r.amounts[cat][kind]);
const lineNos = (ls: NumLine[]) => ls.map((l) => l.line);

// ---------------------------------------------------------------------------------------------
// 51001 (sample lines 25–53 and 102–112; 単年度 計画値 5 / 実績値 4 on line 263)
const INPUT_51001 = input({
  indicatorFinals: finals(10, 7, 0),
  annual: { plan: 5, actual: 4 },
  lines: lines(
    [53, [0]],
    [102, [0, 0, 0, 0, 0]],
    [104, [0, 0, 0, 0, 0]],
    [106, [0, 0, 0, 0, 0]],
    [108, [1, 1, 3, 4]],
    [110, [5, 10]],
    [112, [1, 2, 5, 7]],
  ),
});

// 51002 (sample lines 338–353 for the finals, 401–417 for the rows, 472–476 for the lone numbers;
// 単年度 計画値 / 実績値 101,500 / 101,500 on line 569)
const ROWS_51002: [number, number[]][] = [
  [401, [138000, 118000, 100000, 85000, 73000]],
  [403, [1000, 10000, 101500, 101500]],
  [405, [136000, 10000, 101500, 101500]],
  [407, [0, 549, 537, 523, 501]],
  [409, [1137, 1105, 439, 439]],
  [411, [183, 1106, 439, 429]],
  [413, [0, 549, 537, 523, 501]],
  [415, [0, 1137, 1105, 439, 439]],
  [417, [183, 1106, 439, 429, 0]],
  [472, [138000]],
  [474, [1245]],
  [476, [1245]],
];
function input51002(rows = ROWS_51002): PlacementInput {
  return input({
    indicatorFinals: finals(73000, 101500, 0),
    amountFinals: {
      revenueIncrease: finals(0, 0, 0),
      expenditureReduction: finals(2110, 3120, 2157),
      total: finals(2110, 3120, 2157),
    },
    annual: { plan: 101500, actual: 101500 },
    lines: lines(...rows),
  });
}

describe("place(): 51001, the contract's worked example", () => {
  const r = place(INPUT_51001);

  it("places the 成果指標 rows as example-51001 reads them", () => {
    // 実績値 1 1 3 4 ends at 2019 (単年度 実績値 4); 変更計画値 1 2 5 7 has 5 at 2019 (単年度 計画値 5)
    // and ends in its 最終値 7; 当初計画値 5 10 ends at 2020 with its 最終値 10.
    expect(cells(r.indicator.initialPlan)).toEqual([null, null, null, 5, 10]);
    expect(cells(r.indicator.revisedPlan)).toEqual([null, 1, 2, 5, 7]);
    expect(cells(r.indicator.actual)).toEqual([1, 1, 3, 4, null]);
    expect(r.indicator.initialPlan!.line.line).toBe(110);
    expect(r.indicator.revisedPlan!.line.line).toBe(112);
    expect(r.indicator.actual!.line.line).toBe(108);
  });

  it("reads the three 0 0 0 0 0 rows as the 計 rows and leaves 歳入増加 / 歳出削減 empty", () => {
    for (const kind of ["initialPlan", "revisedPlan", "actual"] as const) {
      expect(amountCells(r, "total", kind)).toEqual([0, 0, 0, 0, 0]);
      expect(r.amounts.revenueIncrease[kind]).toBeNull();
      expect(r.amounts.expenditureReduction[kind]).toBeNull();
    }
    expect(lineNos([r.amounts.total.initialPlan!.line, r.amounts.total.revisedPlan!.line, r.amounts.total.actual!.line]).sort()).toEqual([102, 104, 106]);
  });

  it("finds nothing ambiguous in the rows, and uses every row", () => {
    expect(r.ambiguous).toEqual([]);
    expect(r.unused).toEqual([]);
  });
});

describe("place(): the base column", () => {
  it("one lone 0 with two possible base cells (成果指標, 計) is left unplaced, not dropped (51001 line 53)", () => {
    const r = place(INPUT_51001);
    expect(r.bases).toEqual({ indicator: null, revenueIncrease: null, expenditureReduction: null, total: null });
    expect(lineNos(r.unplacedBases)).toEqual([53]);
    expect(r.unused).toEqual([]);
  });

  it("two lone 0s for those two cells fill both (51003 lines 782, 784)", () => {
    const r = place({ ...INPUT_51001, lines: [...INPUT_51001.lines.filter((l) => l.line !== 53), ...lines([782, [0]], [784, [0]])] });
    expect(r.bases.indicator?.line).toBe(782);
    expect(r.bases.total?.line).toBe(784);
    expect(r.bases.revenueIncrease).toBeNull();
    expect(r.bases.expenditureReduction).toBeNull();
    expect(r.unplacedBases).toEqual([]);
    expect(r.ambiguous).toEqual([]);
  });

  it("a lone 10 cannot be the 計 base (which would be 0 + 0), so it is the 成果指標 base (51004 line 1038)", () => {
    const r = place({ ...INPUT_51001, lines: [...INPUT_51001.lines.filter((l) => l.line !== 53), ...lines([1038, [10]])] });
    expect(r.bases.indicator?.line).toBe(1038);
    expect(r.bases.total).toBeNull();
    expect(r.unplacedBases).toEqual([]);
  });

  it("138,000 1,245 1,245 are the 成果指標, 歳出削減 and 計 bases (51002 lines 472–476); 歳入増加 has no row, so no base", () => {
    const r = place(input51002());
    expect(r.bases.indicator?.line).toBe(472);
    expect(r.bases.revenueIncrease).toBeNull();
    expect(r.bases.expenditureReduction?.line).toBe(474);
    expect(r.bases.total?.line).toBe(476);
    expect(r.unplacedBases).toEqual([]);
    expect(r.ambiguous.filter((p) => p.endsWith(".base"))).toEqual([]);
  });
});

describe("place(): 効果額 rows decided by the 計 rows and the 最終値 (51002)", () => {
  const r = place(input51002());

  it("1,137 1,105 439 439 (sum 3,120 = 歳出 変更 最終値) is 歳出削減 変更計画額 at 2017–2020: 計 変更 2016 is 0 and 歳入 is empty", () => {
    expect(amountCells(r, "total", "revisedPlan")).toEqual([0, 1137, 1105, 439, 439]);
    expect(amountCells(r, "expenditureReduction", "revisedPlan")).toEqual([null, 1137, 1105, 439, 439]);
    expect(r.amounts.expenditureReduction.revisedPlan!.line.line).toBe(409);
    expect(r.amounts.total.revisedPlan!.line.line).toBe(415);
  });

  it("the twin rows 0 549 537 523 501 are 歳出 当初 and 計 当初, 2016 printed 0", () => {
    expect(amountCells(r, "expenditureReduction", "initialPlan")).toEqual([0, 549, 537, 523, 501]);
    expect(amountCells(r, "total", "initialPlan")).toEqual([0, 549, 537, 523, 501]);
    expect(lineNos([r.amounts.expenditureReduction.initialPlan!.line, r.amounts.total.initialPlan!.line]).sort()).toEqual([407, 413]);
  });

  it("歳入増加 has no rows at all", () => {
    for (const kind of ["initialPlan", "revisedPlan", "actual"] as const) expect(r.amounts.revenueIncrease[kind]).toBeNull();
  });

  it("the 成果指標 当初計画値 is the five-value row ending in its 最終値 73,000", () => {
    expect(cells(r.indicator.initialPlan)).toEqual([138000, 118000, 100000, 85000, 73000]);
  });

  it("the 効果額 placement is not in doubt, and every row is used", () => {
    expect(r.ambiguous.filter((p) => p.startsWith("effectAmounts."))).toEqual([]);
    expect(r.unused).toEqual([]);
  });
});

describe("place(): the calendar (no 実績 after the 単年度 year)", () => {
  it("歳出 実績額 183 1,106 439 429 stands in 2016–2019, while 計 実績額 prints 0 in 2020 (51002 411, 417)", () => {
    const r = place(input51002());
    expect(amountCells(r, "expenditureReduction", "actual")).toEqual([183, 1106, 439, 429, null]);
    expect(amountCells(r, "total", "actual")).toEqual([183, 1106, 439, 429, 0]);
  });

  it("a lone 実績額 row ends by the 単年度 year even though plans lean right", () => {
    const r = place(
      input({
        amountFinals: { revenueIncrease: ZERO, expenditureReduction: finals(0, 0, 10), total: finals(null, null, null) },
        lines: lines([1, [1, 2, 3, 4]]),
      }),
    );
    expect(amountCells(r, "expenditureReduction", "actual")).toEqual([1, 2, 3, 4, null]);
  });

  it("the 単年度 year moves the limit: with 平成30年度 a two-value 実績額 row ends in 2018", () => {
    const r = place(
      input({
        fiscalYear: 2018,
        amountFinals: { revenueIncrease: ZERO, expenditureReduction: finals(0, 0, 10), total: finals(null, null, null) },
        lines: lines([1, [4, 6]]),
      }),
    );
    expect(r.amounts.expenditureReduction.actual?.line.line).toBe(1);
    expect(cells(r.amounts.expenditureReduction.actual)[4]).toBeNull();
    expect(cells(r.amounts.expenditureReduction.actual)[3]).toBeNull();
  });

  it("a 計 実績額 row with a non-zero value after the 単年度 year fits nowhere and is reported unused", () => {
    const r = place(
      input({
        amountFinals: { revenueIncrease: ZERO, expenditureReduction: finals(0, 0, 10), total: finals(0, 0, 15) },
        lines: lines([1, [1, 2, 3, 4]], [2, [1, 2, 3, 4, 5]]),
      }),
    );
    expect(r.amounts.total.actual).toBeNull();
    expect(lineNos(r.unused)).toEqual([2]);
  });

  it("an indicator 実績値 row never reaches past the 単年度 year", () => {
    const r = place(input({ fiscalYear: 2017, indicatorFinals: finals(0, 0, 0), lines: lines([1, [7, 8]]) }));
    expect(cells(r.indicator.actual)).toEqual([7, 8, null, null, null]);
  });
});

// 51005 (sample lines 1202–1217 finals, 1221–1276 rows; 単年度 計画値 / 実績値 0 / 0 on line 1434):
// four lone 0s, three 計 rows 0 0 0 0 0, five zero-only rows and 当初計画値 0 2,400.
const INPUT_51005 = input({
  indicatorFinals: finals(2400, 0, 0),
  annual: { plan: 0, actual: 0 },
  lines: lines(
    [1221, [0]],
    [1223, [0]],
    [1225, [0]],
    [1227, [0]],
    [1260, [0, 0, 0, 0, 0]],
    [1262, [0, 0, 0, 0, 0]],
    [1264, [0]],
    [1266, [0, 0, 0, 0, 0]],
    [1268, [0, 0]],
    [1270, [0]],
    [1272, [0]],
    [1274, [0, 0]],
    [1276, [0, 2400]],
  ),
});

describe("place(): 51005, zero-only rows", () => {
  const r = place(INPUT_51005);

  it("what the sheet settles: 0 2,400 is 当初計画値 at 2019–2020 and the five-value rows are 計", () => {
    expect(cells(r.indicator.initialPlan)).toEqual([null, null, null, 0, 2400]);
    for (const kind of ["initialPlan", "revisedPlan", "actual"] as const) expect(amountCells(r, "total", kind)).toEqual([0, 0, 0, 0, 0]);
  });

  it("what it does not settle is named in ambiguous", () => {
    expect(r.ambiguous).toEqual(expect.arrayContaining(["effectAmounts.revenueIncrease.initialPlan", "effectAmounts.expenditureReduction.initialPlan"]));
  });

  // BUG (src/sections/placement.ts prune): the beam ranks a partial reading as if every line not
  // yet used will earn LINE_USED (10) later, but a zero-only row in 歳入/歳出 earns only 9 (typed
  // zeros cost 1), so readings that place those rows rank below readings that keep them "for
  // later" and fall out of the 64-wide beam. 51005 ends with 1270, 1272, 1274 unused (reported as
  // "fit no row", which is false) and no 歳出 base, although readings that place all 13 lines
  // exist (READING.md gives one) and score higher by place()'s own scoring; with the beam widened
  // to 100,000 place() finds such a reading (unused [], four bases) — in 20 s, so not the fix.
  it("every row finds a place: a reading that uses all 13 lines exists and scores higher", () => {
    expect(r.unused).toEqual([]);
    expect(r.unplacedBases).toEqual([]);
    expect(Object.values(r.bases).every((b) => b !== null)).toBe(true);
  });
});

describe("place(): doubt and corruption", () => {
  it("a 実績値 row that could stand in more than one place is placed and named in ambiguous", () => {
    // 3 4 as 実績値 (最終値 0, no 単年度 figure) could be 2016–2017, 2017–2018 or 2018–2019
    const r = place(input({ indicatorFinals: finals(0, 0, 0), lines: lines([1, [3, 4]]) }));
    expect(r.indicator.actual?.line.line).toBe(1);
    expect(r.ambiguous).toContain("indicator.actual");
    expect(r.ambiguous).not.toContain("indicator.initialPlan");
  });

  it("the 単年度 実績値 settles the same row: no doubt left", () => {
    const r = place(input({ indicatorFinals: finals(0, 0, 0), annual: { plan: null, actual: 4 }, lines: lines([1, [3, 4]]) }));
    expect(cells(r.indicator.actual)).toEqual([null, null, 3, 4, null]);
    expect(r.ambiguous).toEqual([]);
  });

  const corrupt = (line: number, values: number[]) =>
    input51002(ROWS_51002.map(([n, v]): [number, number[]] => (n === line ? [n, values] : [n, v])));
  const placedLines = (r: PlacementResult) =>
    [...Object.values(r.indicator), ...Object.values(r.amounts).flatMap((k) => Object.values(k))]
      .filter((p): p is PlacedRow => p !== null)
      .map((p) => p.line.line);

  it("a 効果額 row whose years no longer sum to its 最終値 is left unused, not placed (51002 409 with 439 → 438)", () => {
    const r = place(corrupt(409, [1137, 1105, 439, 438]));
    expect(r.amounts.expenditureReduction.revisedPlan).toBeNull();
    expect(lineNos(r.unused)).toContain(409);
    expect(placedLines(r)).not.toContain(409);
    // the other kinds still read as before
    expect(amountCells(r, "expenditureReduction", "actual")).toEqual([183, 1106, 439, 429, null]);
    expect(amountCells(r, "total", "initialPlan")).toEqual([0, 549, 537, 523, 501]);
  });

  // BUG (src/sections/placement.ts amountOptions/cands): when a category's 最終値 equals the 計
  // 最終値 (歳入 empty) and only one row still sums to it, cands() offers that one row and no
  // "no row" for both 計 and 歳出; the row cannot be used twice, so the kind gets no option at all
  // and the stage is skipped. One corrupted twin then drops the intact one: here the 計 変更 row
  // 0 1,137 1,105 439 439 (sum 3,120 = 計 最終値) is left unused instead of read as 計 変更計画額.
  it("…and the intact 計 row beside it is still placed as 計 変更計画額", () => {
    const r = place(corrupt(409, [1137, 1105, 439, 438]));
    expect(amountCells(r, "total", "revisedPlan")).toEqual([0, 1137, 1105, 439, 439]);
    expect(lineNos(r.unused)).toEqual([409]);
  });

  // Same bug, mirror case: the 計 row is corrupted (2017 1,137 → 1,138, sum 3,121) and the intact
  // 歳出 row 1,137 1,105 439 439 (sum 3,120 = its 最終値) is dropped with it instead of placed.
  it("a corrupted 計 row does not take the intact 歳出 row down with it", () => {
    const r = place(corrupt(415, [0, 1138, 1105, 439, 439]));
    expect(lineNos(r.unused)).toEqual([415]);
    expect(r.amounts.expenditureReduction.revisedPlan?.line.line).toBe(409);
  });

  it("a 計 row that no longer equals 歳入 + 歳出 year by year is not paired with the 歳出 row", () => {
    // 計 変更 with 2017 and 2018 swapped: still sums to 3,120, but 1,137 1,105 … fits under it nowhere
    const r = place(corrupt(415, [0, 1105, 1137, 439, 439]));
    const exp = amountCells(r, "expenditureReduction", "revisedPlan");
    const tot = amountCells(r, "total", "revisedPlan");
    exp.forEach((v, y) => {
      if (v !== null) expect(tot[y]).toBe(v);
    });
    expect(r.amounts.total.revisedPlan === null || r.amounts.expenditureReduction.revisedPlan === null).toBe(true);
    expect(lineNos(r.unused).length).toBeGreaterThan(0);
  });

  it("a row longer than the table is unused", () => {
    const r = place(input({ lines: lines([9, [1, 2, 3, 4, 5, 6]]) }));
    expect(lineNos(r.unused)).toEqual([9]);
  });
});
