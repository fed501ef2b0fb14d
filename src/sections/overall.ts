/**
 * The 全体計画 page: 取組年度, 効果, 最終目標, the 年度 table (取組内容・目標 and 区分), the
 * 成果指標 and 効果額 tables and 見込まれるその他効果. Numeric rows are collected here and
 * placed by placement.ts once the 単年度 page's figures are known (see assemble.ts).
 */
import { isFiscalYearLabel, parseFiscalYear, parseYearRange } from "../normalize/era.js";
import { parseNumber } from "../normalize/number.js";
import { joinProse } from "../normalize/prose.js";
import { collapseSpaces, displayWidth, matchKey } from "../normalize/text.js";
import type { LabelId } from "../tokenize/lexicon.js";
import type { SheetLine, Token } from "../tokenize/text-sheet.js";
import type { PageContext, Where } from "./context.js";
import { CATEGORIES, KINDS, type Category, type Kind, type NumLine } from "./placement.js";

export interface YearRow {
  fiscalYear: number;
  label: string;
  content: string | null;
  line: number;
  place: Where;
}

export interface OverallDraft {
  period: { from: number; to: number } | null;
  effectTypes: ("歳入増加" | "歳出削減" | "その他改善")[];
  finalGoal: string | null;
  /** Column years of the numeric tables (without the base column), when the header was found. */
  columnYears: number[] | null;
  /** The header's tokens: base column, each year, 最終値 (PDF: their boxes give the columns). */
  columnAnchors: { base: Token | null; years: Token[]; final: Token | null } | null;
  yearRows: YearRow[];
  categories: { value: string; line: number; place: Where }[];
  otherEffects: { value: string; line: number; place: Where }[];
  indicatorName: string | null;
  unit: string | null;
  indicatorFinals: Record<Kind, number | null>;
  amountFinals: Record<Category, Record<Kind, number | null>>;
  numericLines: NumLine[];
  /** PDF input: the tables read straight from their columns, so nothing needs placing. */
  direct: DirectTables | null;
  /** Values whose year the geometry showed (区分 on its row, その他効果 under its column). */
  categoryByYear: Map<number, { value: string; token: Token }>;
  otherEffectByYear: Map<number, { value: string; token: Token }>;
}

export interface DirectCell {
  value: number;
  token: Token;
}
export interface DirectRow {
  byYear: (DirectCell | null)[];
  final: DirectCell | null;
}
export interface DirectTables {
  indicator: Record<Kind, DirectRow>;
  amounts: Record<Category, Record<Kind, DirectRow>>;
  bases: Record<"indicator" | Category, DirectCell | null>;
  /** Numbers that stood under no column. */
  stray: Token[];
}

const EFFECT_TYPES = ["歳入増加", "歳出削減", "その他改善"] as const;
/** Display width (full-width characters) a year column of the tables can hold on one line. */
const NARROW_CELL = 16;
const INDICATOR_FINAL_LABELS: Record<Kind, LabelId> = {
  initialPlan: "initialPlanValue",
  revisedPlan: "revisedPlanValue",
  actual: "actualValue",
};
const AMOUNT_FINAL_LABELS: Record<Kind, LabelId> = {
  initialPlan: "initialPlanAmount",
  revisedPlan: "revisedPlanAmount",
  actual: "actualAmount",
};

const free = (t: Token) => !t.used && t.label === null;
export const isNumericLine = (l: SheetLine) => l.tokens.length > 0 && l.tokens.every((t) => parseNumber(t.text) !== null);
/** A line of running text: nothing on it is a label, a value word or a number. */
export const isProseLine = (l: SheetLine) =>
  l.tokens.length > 0 && l.tokens.every((t) => free(t) && t.words.length === 0) && !isNumericLine(l);

export function parseOverall(ctx: PageContext): OverallDraft {
  const { sheet } = ctx;
  const d: OverallDraft = {
    period: null,
    effectTypes: [],
    finalGoal: null,
    columnYears: null,
    columnAnchors: null,
    yearRows: [],
    categories: [],
    otherEffects: [],
    indicatorName: null,
    unit: null,
    indicatorFinals: { initialPlan: null, revisedPlan: null, actual: null },
    amountFinals: {
      revenueIncrease: { initialPlan: null, revisedPlan: null, actual: null },
      expenditureReduction: { initialPlan: null, revisedPlan: null, actual: null },
      total: { initialPlan: null, revisedPlan: null, actual: null },
    },
    numericLines: [],
    direct: null,
    categoryByYear: new Map(),
    otherEffectByYear: new Map(),
  };

  // 取組年度: "H28 ～ Ｒ１" in a cell of its own, or a line of its own (or right of its label).
  for (const t of sheet.tokens()) {
    if (d.period || !free(t) || !/[～〜~]/.test(t.text)) continue;
    const range = parseYearRange(t.text);
    if (range) {
      d.period = range;
      ctx.take(t, "overall.period");
    }
  }
  for (const line of sheet.lines) {
    if (d.period) break;
    const toks = line.tokens.filter(free);
    if (!toks.length || toks.length !== line.tokens.filter((t) => t.label !== "period").length) continue;
    const range = parseYearRange(toks.map((t) => t.text).join(""));
    if (range && /[～〜~]/.test(toks.map((t) => t.text).join(""))) {
      d.period = range;
      ctx.take(toks, "overall.period");
      break;
    }
  }

  // 効果: the chosen effect types printed right of the label, in the contract's order.
  const effect = sheet.first("effect");
  if (effect) {
    const chosen = sheet.after(effect).filter((t) => EFFECT_TYPES.some((e) => matchKey(e) === t.key));
    d.effectTypes = EFFECT_TYPES.filter((e) => chosen.some((t) => t.key === matchKey(e)));
    ctx.take(chosen, "overall.effectTypes");
  }

  parseYearTable(ctx, d);
  if (sheet.hasGeometry && d.columnAnchors) d.direct = readTablesByColumn(ctx, d.columnAnchors);

  // Labels read as labels; the finals sit right of them (text: the extractor kept them together).
  for (const kind of d.direct ? [] : KINDS) {
    const labs = sheet.labelled(INDICATOR_FINAL_LABELS[kind]);
    const lab = labs[0];
    if (lab) d.indicatorFinals[kind] = finalRightOf(ctx, lab, `overall.indicator.${kind}.final`);
    sheet.labelled(AMOUNT_FINAL_LABELS[kind]).forEach((l, i) => {
      const cat = CATEGORIES[i];
      if (cat) d.amountFinals[cat][kind] = finalRightOf(ctx, l, `overall.effectAmounts.${cat}.${kind}.final`);
    });
  }

  parseIndicatorHead(ctx, d);

  // 最終目標: the text right of the label, or the block that follows it.
  const goal = sheet.first("finalGoal");
  if (goal) {
    ctx.take(goal);
    const lines = proseAfter(ctx, goal);
    d.finalGoal = joinProse(lines.map((l) => l.text), ctx.oracle);
    ctx.take(lines.flatMap((l) => l.tokens), "overall.finalGoal");
  }

  // 区分: the status words of the year table, top to bottom.
  for (const line of sheet.lines) {
    for (const t of line.tokens) {
      if (!t.used && t.words.includes("status")) {
        d.categories.push({ value: t.text.replace(/\s+/g, ""), line: t.line, place: ctx.placeOf(t) });
        ctx.take(t);
      }
    }
  }

  for (const line of sheet.lines) {
    if (isNumericLine(line) && line.tokens.every((t) => !t.used)) {
      d.numericLines.push({ values: line.tokens.map((t) => parseNumber(t.text)!), line: line.no });
      ctx.take(line.tokens); // placed, or reported, by placement

    }
  }

  // 見込まれるその他効果: with geometry each cell stands under its year's column.
  const otherLabel = sheet.first("otherEffect");
  if (otherLabel && d.columnAnchors && sheet.hasGeometry) {
    ctx.take(otherLabel);
    for (const t of sheet.after(otherLabel).filter(free)) {
      const col = sheet.columnOf(t, d.columnAnchors.years);
      const fy = col === null ? undefined : d.columnYears?.[col];
      if (fy === undefined) continue;
      d.otherEffectByYear.set(fy, { value: joinProse([t.text], ctx.oracle)!, token: t });
      ctx.take(t);
    }
  }
  // What running text is left in narrow wrapped runs is the 見込まれるその他効果 row: one cell a
  // year, and a year's column is narrow (six of them share the page's width). Wider text is not
  // theirs: it stays unread and is reported.
  // Where the geometry placed the row by its columns, nothing else is its text.
  const placedByColumn = d.otherEffectByYear.size > 0;
  for (const run of placedByColumn ? [] : proseRuns(sheet.lines)) {
    if (run.some((l) => displayWidth(rawText(l)) > NARROW_CELL)) continue;
    d.otherEffects.push({ value: joinProse(run.map(rawText), ctx.oracle)!, line: run[0]!.no, place: ctx.placeOf(run[0]!.tokens[0]!) });
    ctx.take(run.flatMap((l) => l.tokens)); // placed, or reported, by fillByPeriod
  }
  return d;
}

function finalRightOf(ctx: PageContext, lab: Token, path: string): number | null {
  ctx.take(lab);
  const next = ctx.sheet.after(lab)[0];
  if (!next || next.used) return null;
  const v = parseNumber(next.text);
  if (v !== null) ctx.take(next, path);
  return v;
}

/** Lines of text belonging to a label: the rest of its line, then its block; else the next block. */
function proseAfter(ctx: PageContext, lab: Token): { text: string; tokens: Token[] }[] {
  const { sheet } = ctx;
  const rest = sheet.after(lab).filter(free);
  const out: { text: string; tokens: Token[] }[] = [];
  if (rest.length) out.push({ text: rest.map((t) => t.text).join(" "), tokens: rest });
  let row = lab.row + 1;
  const labBlock = sheet.lines[lab.row]!.block;
  let block = out.length ? labBlock : -1;
  for (; row < sheet.lines.length; row++) {
    const line = sheet.lines[row]!;
    if (block === -1) {
      if (line.block === labBlock) continue;
      block = line.block;
    }
    if (line.block !== block || !isProseLine(line)) break;
    out.push({ text: rawText(line), tokens: line.tokens });
  }
  return out;
}

export function rawText(line: SheetLine): string {
  return line.tokens.map((t) => t.text).join(" ");
}

/** Maximal runs of unread prose lines inside one block. */
export function proseRuns(lines: SheetLine[]): SheetLine[][] {
  const runs: SheetLine[][] = [];
  let cur: SheetLine[] = [];
  let block = -1;
  for (const line of lines) {
    const ok = isProseLine(line);
    if (!ok || line.block !== block) {
      if (cur.length) runs.push(cur);
      cur = [];
    }
    if (ok) cur.push(line);
    block = line.block;
  }
  if (cur.length) runs.push(cur);
  return runs;
}

/**
 * The 年度 column header ("平成27年度 / 当初予算（基準） 平成28年度 … 令和２年度") and the
 * 取組内容・目標 rows ("平成29年度 <content>", or the year alone with the content below it).
 */
function parseYearTable(ctx: PageContext, d: OverallDraft): void {
  const { sheet } = ctx;
  const isYearTok = (t: Token) => !t.used && isFiscalYearLabel(t.text);
  const baseKey = matchKey("当初予算（基準）");
  // A PDF cell prints the base column's header as one piece: "平成27年度 / 当初予算（基準）".
  const isBaseTok = (t: Token) => t.label === "baseColumn" || (t.label === null && t.key.endsWith(baseKey));
  for (const line of sheet.lines) {
    const block = sheet.block(sheet.lines.indexOf(line));
    const blockToks = block.flatMap((l) => l.tokens);
    const yearToks = blockToks.filter(isYearTok);
    const isHeader = blockToks.some(isBaseTok) || yearToks.length >= 3;
    if (!isHeader || !line.tokens.some(isYearTok)) continue;
    const base = blockToks.find(isBaseTok) ?? null;
    const baseIdx = base ? blockToks.indexOf(base) : -1;
    const cols: number[] = [];
    const anchors: Token[] = [];
    blockToks.forEach((t, i) => {
      if (!isYearTok(t)) return;
      // The year printed just before 当初予算（基準） belongs to the base column's label.
      if (i === baseIdx - 1 && base?.label === "baseColumn") return;
      cols.push(parseFiscalYear(t.text)!);
      anchors.push(t);
    });
    const final = blockToks.find((t) => t.label === "final") ?? null;
    ctx.take(blockToks.filter((t) => isYearTok(t) || isBaseTok(t) || t === final));
    d.columnYears = cols;
    d.columnAnchors = { base, years: anchors, final };
    break;
  }

  for (let row = 0; row < sheet.lines.length; row++) {
    const line = sheet.lines[row]!;
    const first = line.tokens.find((t) => !t.used);
    if (!first || !isYearTok(first) || line.tokens.indexOf(first) > 0 && line.tokens.slice(0, line.tokens.indexOf(first)).some((t) => t.label === null)) continue;
    const fiscalYear = parseFiscalYear(first.text)!;
    ctx.take(first);
    const texts: { text: string; tokens: Token[] }[] = [];
    const after = sheet.after(first).filter(free);
    // A 区分 word on the year's own row (PDF) is that year's category.
    const status = after.find((t) => t.words.includes("status"));
    if (status) {
      d.categoryByYear.set(fiscalYear, { value: status.text.replace(/\s+/g, ""), token: status });
      ctx.take(status);
    }
    const rest = after.filter((t) => t.words.length === 0);
    if (rest.length) texts.push({ text: rest.map((t) => t.text).join(" "), tokens: rest });
    for (let r = row + 1; r < sheet.lines.length; r++) {
      const next = sheet.lines[r]!;
      if (next.block !== line.block || !isProseLine(next)) break;
      texts.push({ text: rawText(next), tokens: next.tokens });
    }
    ctx.take(texts.flatMap((t) => t.tokens));
    d.yearRows.push({
      fiscalYear,
      label: first.text,
      content: joinProse(texts.map((t) => t.text), ctx.oracle),
      line: first.line,
      place: ctx.placeOf(texts[0]?.tokens[0] ?? first),
    });
  }
}

/**
 * PDF input: the 成果指標 and 効果額 rows read by column. Each number stands under the base
 * column, a year, or 最終値 of the header; the k-th 当初計画額 row is the k-th category.
 */
function readTablesByColumn(
  ctx: PageContext,
  anchors: { base: Token | null; years: Token[]; final: Token | null },
): DirectTables {
  const { sheet } = ctx;
  const n = anchors.years.length;
  const emptyRow = (): DirectRow => ({ byYear: new Array(n).fill(null), final: null });
  const tables: DirectTables = {
    indicator: { initialPlan: emptyRow(), revisedPlan: emptyRow(), actual: emptyRow() },
    amounts: {
      revenueIncrease: { initialPlan: emptyRow(), revisedPlan: emptyRow(), actual: emptyRow() },
      expenditureReduction: { initialPlan: emptyRow(), revisedPlan: emptyRow(), actual: emptyRow() },
      total: { initialPlan: emptyRow(), revisedPlan: emptyRow(), actual: emptyRow() },
    },
    bases: { indicator: null, revenueIncrease: null, expenditureReduction: null, total: null },
    stray: [],
  };
  const columns = [anchors.base, ...anchors.years, anchors.final].filter((t): t is Token => t !== null);
  const readRow = (label: Token, row: DirectRow, baseSlot: keyof DirectTables["bases"] | null, path: string) => {
    ctx.take(label);
    for (const t of sheet.after(label)) {
      if (t.used || t.label !== null) continue;
      const value = parseNumber(t.text);
      if (value === null) continue;
      const col = sheet.columnOf(t, columns);
      const anchor = col === null ? null : columns[col]!;
      const cell = { value, token: t };
      if (anchor && anchor === anchors.final) {
        row.final = cell;
        ctx.take(t, `${path}.final`);
      } else if (anchor && anchor === anchors.base && baseSlot) {
        tables.bases[baseSlot] = cell;
        ctx.take(t, baseSlot === "indicator" ? "overall.indicator.base" : `overall.effectAmounts.${baseSlot}.base`);
      } else if (anchor && anchors.years.includes(anchor)) {
        const i = anchors.years.indexOf(anchor);
        row.byYear[i] = cell;
        ctx.take(t, `${path}.byYear.${parseFiscalYear(anchor.text)}`);
      } else {
        tables.stray.push(t);
      }
    }
  };
  for (const kind of KINDS) {
    const lab = sheet.labelled(INDICATOR_FINAL_LABELS[kind])[0];
    if (lab) readRow(lab, tables.indicator[kind], kind === "initialPlan" ? "indicator" : null, `overall.indicator.${kind}`);
    sheet.labelled(AMOUNT_FINAL_LABELS[kind]).forEach((l, i) => {
      const cat = CATEGORIES[i];
      if (cat) readRow(l, tables.amounts[cat][kind], kind === "initialPlan" ? cat : null, `overall.effectAmounts.${cat}.${kind}`);
    });
  }
  // A merged base cell may sit on a row of its own band: take lone numbers under the base column in order.
  return tables;
}

/** 指標名 | name | 単位 | unit: the extractor splits that row, so the short one is the unit. */
function parseIndicatorHead(ctx: PageContext, d: OverallDraft): void {
  const { sheet } = ctx;
  // The cells beside 指標名 and 単位. Left of 単位 is always the name; right of 単位 the unit. A text
  // extractor may hand the row over crossed ("指標名 %", "<name> 単位"), so what stands right of
  // 指標名 is the unit when the name was found left of 単位, and is told by length only as a last resort.
  const freeAt = (t: Token | undefined) => (t && free(t) ? t : undefined);
  const nameLabel = sheet.labelled("indicatorName")[0];
  const unitLabel = sheet.labelled("unit")[0];
  for (const l of [...sheet.labelled("indicatorName"), ...sheet.labelled("unit")]) ctx.take(l);
  const leftOfUnit = unitLabel ? freeAt(sheet.before(unitLabel).at(-1)) : undefined;
  const rightOfUnit = unitLabel ? freeAt(sheet.after(unitLabel)[0]) : undefined;
  const rightOfName = nameLabel ? freeAt(sheet.after(nameLabel)[0]) : undefined;
  let name = leftOfUnit;
  let unit = rightOfUnit;
  if (rightOfName && rightOfName !== name && rightOfName !== unit) {
    if (!name && unit) name = rightOfName;
    else if (name && !unit) unit = rightOfName;
    else if (!name && !unit) {
      if (collapseSpaces(rightOfName.text).length <= 4) unit = rightOfName;
      else name = rightOfName;
    }
  }
  if (unit) {
    d.unit = collapseSpaces(unit.text);
    ctx.take(unit, "overall.indicator.unit");
  }
  if (name) {
    d.indicatorName = joinProse([name.text], ctx.oracle);
    ctx.take(name, "overall.indicator.name");
  }
}
