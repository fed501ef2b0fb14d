import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, csvTable } from "../../src/cli/format/csv.js";
import type { PlanRecord, Values } from "../../src/record/schema.js";
import { example } from "./helpers.js";

/** Reads a table back the way a consumer would: csv-parse, BOM stripped, CRLF records. */
function readBack(text: string): string[][] {
  return parseCsv(text, { bom: true, record_delimiter: "\r\n", relax_column_count: false }) as string[][];
}

/** Walks a dotted path through a record, the test's own reading of the column names. */
function at(record: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v === null || v === undefined ? v : (v as Record<string, unknown>)[k]), record);
}

/** What a plans cell must hold for a column, read from the record itself (null/absent → empty). */
function expectedPlanCell(record: PlanRecord, column: string): string {
  if (column === "warnings") return String(record.warnings.length);
  const v = at(record, column);
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join(";");
  return String(v);
}

const PLAN_COLUMNS = [
  "planNo", "title", "promotionItem.no", "promotionItem.name", "importance", "department.code", "department.name",
  "manager", "staff", "overall.planRange.from", "overall.planRange.to", "overall.period.from", "overall.period.to",
  "overall.createdOn", "overall.updatedOn", "overall.effectTypes", "overall.finalGoal", "overall.indicator.name",
  "overall.indicator.unit", "annual.fiscalYear", "annual.category", "annual.yearEnd.activity", "annual.yearEnd.achievement",
  "annual.evaluation.grade", "annual.evaluation.direction", "source.file", "source.pages", "warnings",
];

describe("plans.csv", () => {
  const record = example();
  const text = csvTable("plans", [record]);
  const rows = readBack(text);

  it("starts with a UTF-8 BOM and ends every line with CRLF", () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(text, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "").includes("\n")).toBe(false);
  });

  it("has the documented header and one row per record", () => {
    expect(rows[0]).toEqual(PLAN_COLUMNS);
    expect(rows).toHaveLength(2);
  });

  it("holds every cell as the record says it, checked column by column", () => {
    const row = rows[1]!;
    PLAN_COLUMNS.forEach((column, i) => expect(row[i], column).toBe(expectedPlanCell(record, column)));
    // A few spelled out, so a wrong reading of the record in the test itself would show too.
    expect(row[PLAN_COLUMNS.indexOf("overall.effectTypes")]).toBe("その他改善");
    expect(row[PLAN_COLUMNS.indexOf("source.pages")]).toBe("1;2");
    expect(row[PLAN_COLUMNS.indexOf("warnings")]).toBe("2");
    expect(row[PLAN_COLUMNS.indexOf("department.code")]).toBe("051000");
  });

  it("leaves the cells of an absent 全体計画 / 単年度 page empty", () => {
    const bare = example((r) => {
      r.overall = null;
      r.annual = null;
      r.importance = null;
    });
    const row = readBack(csvTable("plans", [bare]))[1]!;
    PLAN_COLUMNS.forEach((column, i) => {
      if (column.startsWith("overall.") || column.startsWith("annual.") || column === "importance") expect(row[i], column).toBe("");
      else expect(row[i], column).toBe(expectedPlanCell(bare, column));
    });
  });

  it("round-trips commas, double quotes and line breaks (RFC 4180)", () => {
    const tricky = example((r) => {
      r.title = '証明書, "コンビニ" 交付\r\n二行目';
      r.overall!.finalGoal = "一行目\n二行目,三\"";
      r.staff = "伊藤, 朝子";
    });
    const text = csvTable("plans", [tricky]);
    expect(text).toContain('"証明書, ""コンビニ"" 交付\r\n二行目"');
    const row = readBack(text)[1]!;
    expect(row[PLAN_COLUMNS.indexOf("title")]).toBe(tricky.title);
    expect(row[PLAN_COLUMNS.indexOf("overall.finalGoal")]).toBe(tricky.overall!.finalGoal);
    expect(row[PLAN_COLUMNS.indexOf("staff")]).toBe("伊藤, 朝子");
  });

  it("escapes formula-like cells with a leading ' and leaves plain numbers alone", () => {
    const evil = example((r) => {
      r.title = '=HYPERLINK("http://x","y")';
      r.manager = "@SUM(A1)";
      r.staff = "+cmd|' /C calc'!A0";
      r.department.name = "-2+3";
      r.overall!.finalGoal = "\tTAB";
      r.annual!.category = "＝１＋１";
      r.promotionItem.name = "普通の名前 = そのまま";
    });
    const row = readBack(csvTable("plans", [evil]))[1]!;
    expect(row[PLAN_COLUMNS.indexOf("title")]).toBe(`'${evil.title}`);
    expect(row[PLAN_COLUMNS.indexOf("manager")]).toBe("'@SUM(A1)");
    expect(row[PLAN_COLUMNS.indexOf("staff")]).toBe("'+cmd|' /C calc'!A0");
    expect(row[PLAN_COLUMNS.indexOf("department.name")]).toBe("'-2+3");
    expect(row[PLAN_COLUMNS.indexOf("overall.finalGoal")]).toBe("'\tTAB");
    expect(row[PLAN_COLUMNS.indexOf("annual.category")]).toBe("'＝１＋１");
    expect(row[PLAN_COLUMNS.indexOf("promotionItem.name")]).toBe("普通の名前 = そのまま");
  });
});

describe("csvCell", () => {
  it.each([
    [null, ""],
    [undefined, ""],
    [0, "0"],
    [-1234, "-1234"],
    ["-12.5", "-12.5"],
    ["+3", "+3"],
    ["-", "-"],
    ["-x", "'-x"],
    ["\rx", "\"'\rx\""],
    ["a\"b", '"a""b"'],
    ["a,b", '"a,b"'],
    ["=1,2", "\"'=1,2\""],
    ["plain", "plain"],
  ] as const)("%j → %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("values.csv", () => {
  const record = example((r) => {
    r.overall!.indicator.base = -1234; // a negative number must not be mistaken for a formula
    r.overall!.effectAmounts.expenditureReduction.actual.byYear["2018"] = 1500.5;
  });
  const text = csvTable("values", [record]);
  const rows = readBack(text);
  const [header, ...body] = rows;
  const years = ["2016", "2017", "2018", "2019", "2020"];

  /** The value a row stands for, looked up in the record by the row's own coordinates. */
  function lookup(row: string[]): number | null | undefined {
    const [, table, category, series, fiscalYear] = row;
    const o = record.overall!;
    const t = table === "indicator" ? o.indicator : o.effectAmounts[category as "total"];
    if (series === "base") return t.base;
    const values = t[series as "actual"] as Values;
    return fiscalYear === "final" ? values.final : values.byYear[fiscalYear!];
  }

  it("starts with a BOM and has the documented header", () => {
    expect(text.startsWith("\uFEFFplanNo,")).toBe(true);
    expect(header).toEqual(["planNo", "table", "category", "series", "fiscalYear", "value", "unit"]);
  });

  it("has one row per cell of both tables, nulls included, and no cell twice", () => {
    // indicator: base + 3 series × (5 years + final) = 19; effectAmounts: 3 categories × 19 = 57
    expect(body).toHaveLength(76);
    const keys = new Set(body.map((r) => r.slice(1, 5).join("|")));
    expect(keys.size).toBe(76);
    for (const [table, categories] of [["indicator", ["-"]], ["effectAmounts", ["revenueIncrease", "expenditureReduction", "total"]]] as const) {
      for (const category of categories) {
        expect(keys.has(`${table}|${category}|base|`)).toBe(true);
        for (const series of ["initialPlan", "revisedPlan", "actual"]) {
          for (const y of [...years, "final"]) expect(keys.has(`${table}|${category}|${series}|${y}`), `${table} ${category} ${series} ${y}`).toBe(true);
        }
      }
    }
  });

  it("holds in every row the record's value (empty for null) and the right unit", () => {
    for (const row of body) {
      expect(row[0]).toBe("51001");
      const v = lookup(row);
      expect(v, row.join(",")).not.toBeUndefined();
      expect(row[5], row.join(",")).toBe(v === null ? "" : String(v));
      expect(row[6]).toBe(row[1] === "indicator" ? "%" : "千円");
    }
    const cell = (table: string, category: string, series: string, fy: string) =>
      body.find((r) => r[1] === table && r[2] === category && r[3] === series && r[4] === fy)?.[5];
    expect(cell("indicator", "-", "base", "")).toBe("-1234");
    expect(cell("indicator", "-", "actual", "2019")).toBe("4");
    expect(cell("indicator", "-", "initialPlan", "2016")).toBe("");
    expect(cell("indicator", "-", "initialPlan", "final")).toBe("10");
    expect(cell("effectAmounts", "expenditureReduction", "actual", "2018")).toBe("1500.5");
    expect(cell("effectAmounts", "total", "revisedPlan", "2020")).toBe("0");
  });

  it("an indicator without a unit has an empty unit cell; a record without 全体計画 has no rows", () => {
    const noUnit = example((r) => {
      r.overall!.indicator.unit = null;
    });
    const rows = readBack(csvTable("values", [noUnit])).slice(1);
    expect(rows.filter((r) => r[1] === "indicator").every((r) => r[6] === "")).toBe(true);
    expect(rows.filter((r) => r[1] === "effectAmounts").every((r) => r[6] === "千円")).toBe(true);

    const bare = example((r) => {
      r.overall = null;
    });
    expect(readBack(csvTable("values", [bare]))).toHaveLength(1);
  });
});
