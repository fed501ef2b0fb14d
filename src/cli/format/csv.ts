import type { PlanRecord, Values } from "../../record/schema.js";

/**
 * `--format csv`: two tables, UTF-8 with a BOM (so spreadsheet programs read Japanese
 * correctly), RFC 4180 quoting, CRLF line ends, and a guard against formula injection.
 *
 *   plans  one row per record
 *   values one row per cell of the 成果指標 and 効果額 tables (long/tidy form)
 */
export type CsvTable = "plans" | "values";
export const CSV_TABLES: readonly CsvTable[] = ["plans", "values"];

export type Cell = string | number | boolean | null | undefined;

export const BOM = "\uFEFF";
const EOL = "\r\n";

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// Spreadsheets read these as the start of a formula. The full-width four are included
// because Japanese spreadsheet input turns them into their ASCII forms.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One cell as CSV text: formula-like text gets a leading `'` (plain numbers such as -1234
 * do not, nor a lone `-`, the values table's "no category", which carries no formula),
 * then RFC 4180 quoting where needed.
 */
export function csvCell(value: Cell): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) && text !== "-") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(",") + EOL;
}

const PLAN_COLUMNS: ReadonlyArray<readonly [string, (r: PlanRecord) => Cell]> = [
  ["planNo", (r) => r.planNo],
  ["title", (r) => r.title],
  ["promotionItem.no", (r) => r.promotionItem.no],
  ["promotionItem.name", (r) => r.promotionItem.name],
  ["importance", (r) => r.importance],
  ["department.code", (r) => r.department.code],
  ["department.name", (r) => r.department.name],
  ["manager", (r) => r.manager],
  ["staff", (r) => r.staff],
  ["overall.planRange.from", (r) => r.overall?.planRange.from],
  ["overall.planRange.to", (r) => r.overall?.planRange.to],
  ["overall.period.from", (r) => r.overall?.period?.from],
  ["overall.period.to", (r) => r.overall?.period?.to],
  ["overall.createdOn", (r) => r.overall?.createdOn],
  ["overall.updatedOn", (r) => r.overall?.updatedOn],
  ["overall.effectTypes", (r) => r.overall?.effectTypes.join(";")],
  ["overall.finalGoal", (r) => r.overall?.finalGoal],
  ["overall.indicator.name", (r) => r.overall?.indicator.name],
  ["overall.indicator.unit", (r) => r.overall?.indicator.unit],
  ["annual.fiscalYear", (r) => r.annual?.fiscalYear],
  ["annual.category", (r) => r.annual?.category],
  ["annual.yearEnd.activity", (r) => r.annual?.yearEnd.activity],
  ["annual.yearEnd.achievement", (r) => r.annual?.yearEnd.achievement],
  ["annual.evaluation.grade", (r) => r.annual?.evaluation.grade],
  ["annual.evaluation.direction", (r) => r.annual?.evaluation.direction],
  ["source.file", (r) => r.source.file],
  ["source.pages", (r) => r.source.pages.join(";")],
  ["warnings", (r) => r.warnings.length],
];

export const PLAN_HEADER: readonly string[] = PLAN_COLUMNS.map(([name]) => name);
export const VALUE_HEADER: readonly string[] = ["planNo", "table", "category", "series", "fiscalYear", "value", "unit"];

export const AMOUNT_UNIT = "千円";
const SERIES = ["initialPlan", "revisedPlan", "actual"] as const;
const AMOUNT_CATEGORIES = ["revenueIncrease", "expenditureReduction", "total"] as const;

export function planRow(record: PlanRecord): Cell[] {
  return PLAN_COLUMNS.map(([, get]) => get(record));
}

/** Every cell of the record's 成果指標 and 効果額 tables, nulls included; none when the record has no 全体計画. */
export function valueRows(record: PlanRecord): Cell[][] {
  const o = record.overall;
  if (!o) return [];
  const years = fiscalYears(o.planRange, [o.indicator, ...AMOUNT_CATEGORIES.map((c) => o.effectAmounts[c])]);
  const rows: Cell[][] = [];
  const table = (name: string, category: string, unit: string | null, base: number | null, series: Record<(typeof SERIES)[number], Values>) => {
    rows.push([record.planNo, name, category, "base", "", base, unit]);
    for (const s of SERIES) {
      for (const y of years) rows.push([record.planNo, name, category, s, y, series[s].byYear[y] ?? null, unit]);
      rows.push([record.planNo, name, category, s, "final", series[s].final, unit]);
    }
  };
  table("indicator", "-", o.indicator.unit, o.indicator.base, o.indicator);
  for (const c of AMOUNT_CATEGORIES) table("effectAmounts", c, AMOUNT_UNIT, o.effectAmounts[c].base, o.effectAmounts[c]);
  return rows;
}

/** The plan range's fiscal years plus any other year a series holds, ascending, as the byYear keys. */
function fiscalYears(range: { from: number; to: number }, tables: ReadonlyArray<Record<(typeof SERIES)[number], Values>>): string[] {
  const years = new Set<number>();
  for (let y = range.from; y <= range.to && y - range.from < 100; y++) years.add(y);
  for (const t of tables) for (const s of SERIES) for (const k of Object.keys(t[s].byYear)) years.add(Number(k));
  return [...years].sort((a, b) => a - b).map(String);
}

/** BOM and header line of a table. */
export function csvHeader(table: CsvTable): string {
  return BOM + csvRow(table === "plans" ? PLAN_HEADER : VALUE_HEADER);
}

/** The rows of a table for some records (no header). */
export function csvRows(table: CsvTable, records: readonly PlanRecord[]): string {
  const rows = table === "plans" ? records.map(planRow) : records.flatMap(valueRows);
  return rows.map(csvRow).join("");
}

/** A whole table: BOM, header, rows. */
export function csvTable(table: CsvTable, records: readonly PlanRecord[]): string {
  return csvHeader(table) + csvRows(table, records);
}
