/**
 * Both pages of one plan number → one record: placement of the numeric rows (which needs the
 * 単年度 figures), the per-year columns, cross-page checks, and every token nobody read
 * reported as unmapped text.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { AnnualDraft } from "../sections/annual.js";
import type { PageContext, Where } from "../sections/context.js";
import type { Header } from "../sections/header.js";
import type { DirectRow, OverallDraft } from "../sections/overall.js";
import {
  BASE_SLOTS,
  CATEGORIES,
  KINDS,
  place,
  type Category,
  type Kind,
  type PlacedRow,
} from "../sections/placement.js";
import type { Amounts, Annual, Overall, PlanRecord, Values, Year } from "./schema.js";

export interface ParsedPage {
  ctx: PageContext;
  header: Header;
  overall: OverallDraft | null;
  annual: AnnualDraft | null;
}

export interface AssembleOptions {
  file: string;
  format: "pdf" | "text";
  provenance: boolean;
}

const ERA_LABEL = (y: number) => (y >= 2019 ? `令和${y === 2019 ? "元" : y - 2018}年度` : `平成${y - 1988}年度`);
const CATEGORY_JA: Record<Category, string> = { revenueIncrease: "歳入増加", expenditureReduction: "歳出削減", total: "計" };
const KIND_JA: Record<Kind, string> = { initialPlan: "当初計画", revisedPlan: "変更計画", actual: "実績" };

/** Where each field's value stood: null when the caller did not ask, and then nothing is recorded. */
type Provenance = Map<string, Where> | null;

export function assemble(overallPage: ParsedPage | null, annualPage: ParsedPage | null, opts: AssembleOptions): PlanRecord {
  const warnings: Diagnostic[] = [];
  const provenance: Provenance = opts.provenance ? new Map() : null;
  const pages = [overallPage, annualPage].filter((p): p is ParsedPage => p !== null);
  const head = mergeHeaders(pages, warnings);

  const fiscalYear = annualPage ? annualPage.header.titleYears?.from ?? annualPage.annual?.goalYear ?? null : null;
  const overall = overallPage?.overall
    ? buildOverall(overallPage, annualPage?.annual ?? null, fiscalYear, warnings, provenance)
    : null;
  const annual = annualPage?.annual ? buildAnnual(annualPage, fiscalYear, warnings) : null;

  if (overall && annual) crossCheck(overall, annual, warnings, overallPage!.ctx.page);
  if (!overallPage) warnings.push({ code: "missing-page", message: `No 全体計画 page was found for ${head.planNo}; overall is null.`, path: "overall" });
  if (!annualPage) warnings.push({ code: "missing-page", message: `No 単年度 page was found for ${head.planNo}; annual is null.`, path: "annual" });

  for (const p of pages) {
    warnings.push(...p.ctx.warnings);
    warnings.push(...unmapped(p.ctx));
    if (provenance) for (const [k, v] of p.ctx.provenance) if (!provenance.has(k)) provenance.set(k, v);
  }

  const record: PlanRecord = {
    schemaVersion: "1",
    planNo: head.planNo ?? "",
    title: head.title ?? "",
    promotionItem: { no: head.promotionItem.no ?? 0, name: head.promotionItem.name ?? "" },
    importance: head.importance,
    department: head.department,
    manager: head.manager,
    staff: head.staff,
    overall,
    annual,
    source: { file: opts.file, format: opts.format, pages: pages.map((p) => p.ctx.page) },
    warnings: sortWarnings(warnings),
  };
  if (provenance) record.provenance = Object.fromEntries([...provenance.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return record;
}

function mergeHeaders(pages: ParsedPage[], warnings: Diagnostic[]): Header {
  const [first, second] = pages;
  const h = { ...first!.header, promotionItem: { ...first!.header.promotionItem }, department: { ...first!.header.department } };
  if (!second) return h;
  const o = second.header;
  const fields: [string, unknown, unknown][] = [
    ["title", h.title, o.title],
    ["importance", h.importance, o.importance],
    ["department.code", h.department.code, o.department.code],
    ["department.name", h.department.name, o.department.name],
    ["manager", h.manager, o.manager],
    ["staff", h.staff, o.staff],
    ["promotionItem.no", h.promotionItem.no, o.promotionItem.no],
    ["promotionItem.name", h.promotionItem.name, o.promotionItem.name],
  ];
  for (const [path, a, b] of fields) {
    if (a !== null && b !== null && a !== b) {
      warnings.push({
        code: "cross-page-mismatch",
        message: `The two pages disagree on ${path}: "${String(a)}" (page ${first!.ctx.page}) and "${String(b)}" (page ${second.ctx.page}); the first is kept.`,
        path,
        page: second.ctx.page,
      });
    }
  }
  h.title ??= o.title;
  h.importance ??= o.importance;
  h.department.code ??= o.department.code;
  h.department.name ??= o.department.name;
  h.manager ??= o.manager;
  h.staff ??= o.staff;
  h.promotionItem.no ??= o.promotionItem.no;
  h.promotionItem.name ??= o.promotionItem.name;
  return h;
}

function buildOverall(
  page: ParsedPage,
  annual: AnnualDraft | null,
  fiscalYear: number | null,
  warnings: Diagnostic[],
  provenance: Provenance,
): Overall {
  const d = page.overall!;
  const pageNo = page.ctx.page;
  const title = page.header.titleYears;
  const cols = d.columnYears && d.columnYears.length ? d.columnYears : null;
  let planRange = cols ? { from: Math.min(...cols), to: Math.max(...cols) } : title;
  if (!planRange) {
    const ys = d.yearRows.map((r) => r.fiscalYear);
    planRange = ys.length ? { from: Math.min(...ys), to: Math.max(...ys) } : { from: 0, to: -1 };
    warnings.push({ code: "missing-value", message: "Neither the page title nor the table header gives the plan's years; read from the year rows.", path: "overall.planRange", page: pageNo });
  } else if (cols && title && (title.from !== planRange.from || title.to !== planRange.to)) {
    warnings.push({
      code: "plan-range-mismatch",
      message: `The page title says ${title.from}–${title.to} but the table's columns run ${planRange.from}–${planRange.to}; the columns are kept.`,
      path: "overall.planRange",
      page: pageNo,
    });
  }
  const years: number[] = [];
  for (let y = planRange.from; y <= planRange.to; y++) years.push(y);

  const yearEntries: Year[] = years.map((fy, i) => {
    const row = d.yearRows.find((r) => r.fiscalYear === fy);
    if (row?.content) provenance?.set(`overall.years[${i}].content`, row.place);
    return { fiscalYear: fy, label: row?.label ?? ERA_LABEL(fy), content: row?.content ?? null, category: null, otherEffect: null };
  });
  for (const row of d.yearRows) {
    if (!years.includes(row.fiscalYear)) {
      warnings.push({ code: "unmapped-text", message: `Year row ${row.label} lies outside the plan's years: ${row.content ?? ""}`, page: pageNo, line: row.line } as Diagnostic);
    }
  }
  // Values whose year the geometry showed go straight to it; the rest fill 取組年度 in order.
  for (const [field, byYear] of [
    ["category", d.categoryByYear],
    ["otherEffect", d.otherEffectByYear],
  ] as const) {
    yearEntries.forEach((e, i) => {
      const v = byYear.get(e.fiscalYear);
      if (!v) return;
      e[field] = v.value;
      provenance?.set(`overall.years[${i}].${field}`, page.ctx.placeOf(v.token));
    });
  }
  fillByPeriod(yearEntries, d.categories, d.period, "category", "区分", pageNo, warnings, provenance);
  fillByPeriod(yearEntries, d.otherEffects, d.period, "otherEffect", "見込まれるその他効果", pageNo, warnings, provenance);

  if (d.direct) {
    return finishOverall(page, planRange, years, yearEntries, directTables(d, years), warnings);
  }
  const placed = place({
    years,
    fiscalYear,
    indicatorFinals: d.indicatorFinals,
    amountFinals: d.amountFinals,
    annual: annual ? { plan: annual.indicator.plan, actual: annual.indicator.actual } : null,
    lines: d.numericLines,
  });

  const values = (row: PlacedRow | null, final: number | null, path: string): Values => {
    const byYear = emptyYears(years);
    if (row) {
      const { values: printed, line } = row.line;
      for (let i = 0; i < printed.length; i++) {
        const y = years[row.start + i]!;
        byYear[y] = printed[i]!;
        provenance?.set(`${path}.byYear.${y}`, { page: pageNo, line });
      }
    }
    return { byYear, final };
  };
  const base = (slot: (typeof BASE_SLOTS)[number], path: string) => {
    const l = placed.bases[slot];
    if (l) provenance?.set(path, { page: pageNo, line: l.line });
    return l ? l.values[0]! : null;
  };
  const amounts = (cat: Category): Amounts => ({
    base: base(cat, `overall.effectAmounts.${cat}.base`),
    initialPlan: values(placed.amounts[cat].initialPlan, d.amountFinals[cat].initialPlan, `overall.effectAmounts.${cat}.initialPlan`),
    revisedPlan: values(placed.amounts[cat].revisedPlan, d.amountFinals[cat].revisedPlan, `overall.effectAmounts.${cat}.revisedPlan`),
    actual: values(placed.amounts[cat].actual, d.amountFinals[cat].actual, `overall.effectAmounts.${cat}.actual`),
  });

  for (const path of placed.ambiguous) {
    warnings.push({
      code: "ambiguous-columns",
      message: `The text input does not settle which columns the values of ${path} stand in; read where the sheet's arithmetic fits best.`,
      path: `overall.${path}`,
      page: pageNo,
    });
  }
  for (const l of placed.unplacedBases) {
    warnings.push({
      code: "unplaced-value",
      message: `The lone number ${l.values[0]} could be more than one base-column cell (平成27年度当初予算（基準）); left unplaced.`,
      path: "overall.indicator.base",
      page: pageNo,
      line: l.line,
    } as Diagnostic);
  }
  for (const l of placed.unused) {
    warnings.push({ code: "unmapped-text", message: `Numbers "${l.values.join(" ")}" fit no row of the 成果指標 or 効果額 tables.`, page: pageNo, line: l.line } as Diagnostic);
  }

  return finishOverall(
    page,
    planRange,
    years,
    yearEntries,
    {
      indicator: {
        base: base("indicator", "overall.indicator.base"),
        initialPlan: values(placed.indicator.initialPlan, d.indicatorFinals.initialPlan, "overall.indicator.initialPlan"),
        revisedPlan: values(placed.indicator.revisedPlan, d.indicatorFinals.revisedPlan, "overall.indicator.revisedPlan"),
        actual: values(placed.indicator.actual, d.indicatorFinals.actual, "overall.indicator.actual"),
      },
      amounts: { revenueIncrease: amounts("revenueIncrease"), expenditureReduction: amounts("expenditureReduction"), total: amounts("total") },
    },
    warnings,
  );
}

interface Tables {
  indicator: { base: number | null; initialPlan: Values; revisedPlan: Values; actual: Values };
  amounts: Record<Category, Amounts>;
}

/** PDF input: the tables as read by column (provenance was recorded as the cells were taken). */
function directTables(d: OverallDraft, years: number[]): Tables {
  const t = d.direct!;
  const values = (row: DirectRow): Values => {
    const byYear: Record<string, number | null> = {};
    for (let i = 0; i < years.length; i++) byYear[years[i]!] = row.byYear[i]?.value ?? null;
    return { byYear, final: row.final?.value ?? null };
  };
  const amounts = (cat: Category): Amounts => ({
    base: t.bases[cat]?.value ?? null,
    initialPlan: values(t.amounts[cat].initialPlan),
    revisedPlan: values(t.amounts[cat].revisedPlan),
    actual: values(t.amounts[cat].actual),
  });
  return {
    indicator: {
      base: t.bases.indicator?.value ?? null,
      initialPlan: values(t.indicator.initialPlan),
      revisedPlan: values(t.indicator.revisedPlan),
      actual: values(t.indicator.actual),
    },
    amounts: { revenueIncrease: amounts("revenueIncrease"), expenditureReduction: amounts("expenditureReduction"), total: amounts("total") },
  };
}

/** The checks every reading gets, whatever placed it, and the Overall itself. */
function finishOverall(
  page: ParsedPage,
  planRange: { from: number; to: number },
  yearNos: number[],
  years: Year[],
  tables: Tables,
  warnings: Diagnostic[],
): Overall {
  const d = page.overall!;
  const pageNo = page.ctx.page;
  // Every byYear holds exactly the plan's years, so they are walked in yearNos' (ascending) order.
  for (const cat of CATEGORIES) {
    for (const kind of KINDS) {
      const v = tables.amounts[cat][kind];
      const total = Math.round(sumOf(v.byYear, yearNos) * 1e6) / 1e6;
      if (v.final !== null && total !== v.final) {
        warnings.push({
          code: "sum-mismatch",
          message: `効果額 ${CATEGORY_JA[cat]} ${KIND_JA[kind]}額: 最終値 ${v.final} but the years read sum to ${total}.`,
          path: `overall.effectAmounts.${cat}.${kind}.final`,
          page: pageNo,
        });
      }
    }
  }
  for (const kind of KINDS) {
    for (const y of yearNos) {
      const tot = tables.amounts.total[kind].byYear[y] ?? null;
      const revenue = tables.amounts.revenueIncrease[kind].byYear[y] ?? null;
      const expenditure = tables.amounts.expenditureReduction[kind].byYear[y] ?? null;
      if (tot === null || (revenue === null && expenditure === null)) continue;
      const sum = Math.round((0 + (revenue ?? 0) + (expenditure ?? 0)) * 1e6) / 1e6;
      if (sum !== tot) {
        warnings.push({
          code: "sum-mismatch",
          message: `効果額 計 ${KIND_JA[kind]}額 ${y}: ${tot} but 歳入増加 + 歳出削減 = ${sum}.`,
          path: `overall.effectAmounts.total.${kind}.byYear.${y}`,
          page: pageNo,
        });
      }
    }
  }
  return {
    planRange,
    createdOn: page.header.createdOn,
    updatedOn: page.header.updatedOn,
    period: d.period,
    effectTypes: d.effectTypes,
    finalGoal: d.finalGoal,
    years,
    indicator: { name: d.indicatorName, unit: d.unit, ...tables.indicator },
    effectAmounts: {
      revenueIncrease: tables.amounts.revenueIncrease,
      expenditureReduction: tables.amounts.expenditureReduction,
      total: tables.amounts.total,
    },
  };
}

/** A byYear with every year present and empty. */
function emptyYears(years: number[]): Record<string, number | null> {
  const byYear: Record<string, number | null> = {};
  for (const y of years) byYear[y] = null;
  return byYear;
}

/** The years' values added up in order, empty cells left out. */
function sumOf(byYear: Record<string, number | null>, years: number[]): number {
  let sum = 0;
  for (const y of years) {
    const v = byYear[y];
    if (v !== null && v !== undefined) sum += v;
  }
  return sum;
}

/** Values printed one a year inside 取組年度 (区分, その他効果): they fill the period's years in order. */
function fillByPeriod(
  entries: Year[],
  values: { value: string; line: number; place: Where }[],
  period: { from: number; to: number } | null,
  field: "category" | "otherEffect",
  ja: string,
  page: number,
  warnings: Diagnostic[],
  provenance: Provenance,
): void {
  if (!values.length) return;
  const inPeriod = entries.map((e, i) => ({ e, i })).filter(({ e }) => !period || (e.fiscalYear >= period.from && e.fiscalYear <= period.to));
  const exact = inPeriod.length === values.length;
  values.forEach((v, k) => {
    const slot = inPeriod[k];
    if (!slot) {
      warnings.push({ code: "unmapped-text", message: `More ${ja} values than years in 取組年度: "${v.value}" has no year.`, page, line: v.line } as Diagnostic);
      return;
    }
    slot.e[field] = v.value;
    provenance?.set(`overall.years[${slot.i}].${field}`, v.place);
    if (!exact) {
      warnings.push({
        code: "ambiguous-columns",
        message: `${values.length} ${ja} values for ${inPeriod.length} years of 取組年度; the text input does not show which years, read from the first.`,
        path: `overall.years[${slot.i}].${field}`,
        page,
      });
    }
  });
}

function buildAnnual(page: ParsedPage, fiscalYear: number | null, warnings: Diagnostic[]): Annual {
  const a = page.annual!;
  if (a.goalYear !== null && fiscalYear !== null && a.goalYear !== fiscalYear) {
    warnings.push({ code: "cross-page-mismatch", message: `The 取組内容・目標 row is for ${a.goalYear} but the page title for ${fiscalYear}.`, path: "annual.fiscalYear", page: page.ctx.page });
  }
  return {
    fiscalYear: fiscalYear ?? a.goalYear ?? 0,
    createdOn: page.header.createdOn,
    updatedOn: page.header.updatedOn,
    category: a.category,
    goal: a.goal,
    tasks: a.tasks,
    firstHalf: a.firstHalf,
    yearEnd: {
      activity: a.activity,
      achievement: a.achievement,
      indicator: a.indicator,
      comment: a.yearEndComment,
      planChange: a.planChange,
    },
    evaluation: a.evaluation,
  };
}

function crossCheck(o: Overall, a: Annual, warnings: Diagnostic[], page: number): void {
  const fy = String(a.fiscalYear);
  const plan = o.indicator.revisedPlan.byYear[fy] ?? o.indicator.initialPlan.byYear[fy] ?? null;
  const actual = o.indicator.actual.byYear[fy] ?? null;
  const check = (what: string, annualValue: number | null, overallValue: number | null, path: string) => {
    if (annualValue !== null && overallValue !== null && annualValue !== overallValue) {
      warnings.push({ code: "cross-page-mismatch", message: `単年度 ${what} ${annualValue} differs from the 全体計画 value ${overallValue} for ${fy}.`, path, page });
    }
  };
  check("計画値", a.yearEnd.indicator.plan, plan, "annual.yearEnd.indicator.plan");
  check("実績値", a.yearEnd.indicator.actual, actual, "annual.yearEnd.indicator.actual");
  const yearRow = o.years.find((y) => y.fiscalYear === a.fiscalYear);
  if (yearRow?.category && a.category && yearRow.category !== a.category) {
    warnings.push({ code: "cross-page-mismatch", message: `区分 for ${fy} is ${yearRow.category} on the 全体計画 page but ${a.category} on the 単年度 page.`, path: "annual.category", page });
  }
}

function unmapped(ctx: PageContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of ctx.sheet.lines) {
    // The form's own labels need no field: they are accounted for as labels.
    let unread = false;
    for (const t of line.tokens) {
      if (t.used) continue;
      if (t.label !== null && t.words.length === 0) t.fate = "label";
      else unread = true;
    }
    if (!unread) continue;
    const left = line.tokens.filter((t) => !t.used && (t.label === null || t.words.length > 0));
    out.push({
      code: "unmapped-text",
      message: `Text that maps to no field: "${clip(left.map((t) => t.text).join(" "))}".`,
      ...ctx.placeOf(left[0]!),
    });
    for (const t of left) {
      t.used = true;
      t.fate = "unmapped";
    }
  }
  return out;
}

/** Warnings quote text, but a runaway line is quoted by its start and its length. */
function clip(text: string): string {
  return text.length <= 400 ? text : `${text.slice(0, 200)}… (${text.length} characters)`;
}

function sortWarnings(ws: Diagnostic[]): Diagnostic[] {
  return ws.map((w) => {
    const out: Diagnostic = { code: w.code, message: w.message };
    if (w.path !== undefined) out.path = w.path;
    if (w.page !== undefined) out.page = w.page;
    // PDF tokens have no input line (0): their place is the bbox.
    if (w.line !== undefined && w.line >= 1) out.line = w.line;
    if (w.bbox !== undefined) out.bbox = w.bbox;
    return out;
  });
}
