/**
 * The 全体計画 page: 取組年度, 効果, 最終目標, the 年度 table (取組内容・目標 and 区分), the
 * 成果指標 and 効果額 tables and 見込まれるその他効果. Numeric rows are collected here and
 * placed by placement.ts once the 単年度 page's figures are known (see assemble.ts).
 */
import { parseFiscalYear, parseYearRange } from "../normalize/era.js";
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

/** The 最終値 paths, built once: a fresh string per take would be hashed anew. */
const INDICATOR_FINAL_PATHS = Object.fromEntries(KINDS.map((k) => [k, `overall.indicator.${k}.final`])) as Record<Kind, string>;
const AMOUNT_FINAL_PATHS = Object.fromEntries(
  CATEGORIES.map((c) => [c, Object.fromEntries(KINDS.map((k) => [k, `overall.effectAmounts.${c}.${k}.final`]))]),
) as Record<Category, Record<Kind, string>>;
const EFFECT_KEYS = EFFECT_TYPES.map(matchKey);
const BASE_KEY = matchKey("当初予算（基準）");
const TILDE = /[～〜~]/;

const free = (t: Token) => !t.used && t.label === null;
const isNumericLine = (ctx: PageContext, l: SheetLine) => ctx.numbersOf(l) !== null;
/** A line of running text: nothing on it is a label, a value word or a number. */
export function isProseLine(ctx: PageContext, l: SheetLine): boolean {
  if (l.tokens.length === 0) return false;
  for (const t of l.tokens) if (!free(t) || t.words.length > 0) return false;
  return !isNumericLine(ctx, l);
}

export function parseOverall(ctx: PageContext): OverallDraft {
  const { sheet } = ctx;
  const d: OverallDraft = {
    period: readPeriod(ctx),
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

  // 効果: the chosen effect types printed right of the label, in the contract's order.
  const effect = ctx.first("effect");
  if (effect) {
    const chosen = sheet.after(effect).filter((t) => EFFECT_KEYS.includes(t.key));
    d.effectTypes = EFFECT_TYPES.filter((_, i) => chosen.some((t) => t.key === EFFECT_KEYS[i]));
    ctx.take(chosen, "overall.effectTypes");
  }

  const { hasGeometry } = ctx;
  readColumnHeader(ctx, d);
  readYearRows(ctx, d);
  if (hasGeometry && d.columnAnchors) d.direct = readTablesByColumn(ctx, d.columnAnchors);

  // Labels read as labels; the finals sit right of them (text: the extractor kept them together).
  if (!d.direct) {
    for (const kind of KINDS) {
      const lab = ctx.first(INDICATOR_FINAL_LABELS[kind]);
      if (lab) d.indicatorFinals[kind] = finalRightOf(ctx, lab, INDICATOR_FINAL_PATHS[kind]);
      ctx.labelled(AMOUNT_FINAL_LABELS[kind]).forEach((l, i) => {
        const cat = CATEGORIES[i];
        if (cat) d.amountFinals[cat][kind] = finalRightOf(ctx, l, AMOUNT_FINAL_PATHS[cat][kind]);
      });
    }
  }

  parseIndicatorHead(ctx, d);

  // 最終目標: the text right of the label, or the block that follows it.
  const goal = ctx.first("finalGoal");
  if (goal) {
    ctx.take(goal);
    const { texts, tokens } = proseAfter(ctx, goal);
    d.finalGoal = joinProse(texts, ctx.oracle);
    ctx.take(tokens, "overall.finalGoal");
  }

  // 区分: the status words of the year table, top to bottom.
  for (const t of ctx.withWord("status")) {
    if (t.used) continue;
    d.categories.push({ value: t.text.replace(/\s+/g, ""), line: t.line, place: ctx.placeOf(t) });
    ctx.take(t);
  }

  for (const line of sheet.lines) {
    const values = ctx.numbersOf(line);
    if (values && noneUsed(line)) {
      d.numericLines.push({ values: values.slice(), line: line.no });
      ctx.take(line.tokens); // placed, or reported, by placement
    }
  }

  // 見込まれるその他効果: with geometry each cell stands under its year's column.
  const otherLabel = ctx.first("otherEffect");
  if (otherLabel && d.columnAnchors && hasGeometry) {
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
  for (const run of placedByColumn ? [] : proseRuns(ctx)) {
    const texts = run.map(rawText);
    if (texts.some(widerThanNarrowCell)) continue;
    d.otherEffects.push({ value: joinProse(texts, ctx.oracle)!, line: run[0]!.no, place: ctx.placeOf(run[0]!.tokens[0]!) });
    ctx.takeLines(run); // placed, or reported, by fillByPeriod
  }
  return d;
}

/** A character counts at most one full width, so a line no longer than a cell fits in it without measuring. */
const widerThanNarrowCell = (text: string) => text.length > NARROW_CELL && displayWidth(text) > NARROW_CELL;

/** 取組年度: "H28 ～ Ｒ１" in a cell of its own, or a line of its own (or right of its label). */
function readPeriod(ctx: PageContext): { from: number; to: number } | null {
  // Only text with a ～ can be a range: the lines holding one are noted on the way, for the second reading.
  const withTilde: SheetLine[] = [];
  for (const line of ctx.sheet.lines) {
    for (const t of line.tokens) {
      if (!free(t) || !TILDE.test(t.text)) continue;
      const range = parseYearRange(t.text);
      if (range) {
        ctx.take(t, "overall.period");
        return range;
      }
      if (withTilde.at(-1) !== line) withTilde.push(line);
    }
  }
  for (const line of withTilde) {
    if (!isPeriodLine(line)) continue;
    const toks = line.tokens.filter(free);
    const text = toks.map((t) => t.text).join("");
    const range = parseYearRange(text);
    if (range) {
      ctx.take(toks, "overall.period");
      return range;
    }
  }
  return null;
}

/** A line of unread text only, beside the 取組年度 label at most. */
function isPeriodLine(line: SheetLine): boolean {
  for (const t of line.tokens) if (!free(t) && t.label !== "period") return false;
  return true;
}

function noneUsed(line: SheetLine): boolean {
  for (const t of line.tokens) if (t.used) return false;
  return true;
}

function finalRightOf(ctx: PageContext, lab: Token, path: string): number | null {
  ctx.take(lab);
  const next = ctx.rightOf(lab);
  if (!next || next.used) return null;
  const v = parseNumber(next.text);
  if (v !== null) ctx.take(next, path);
  return v;
}

/** Lines of text belonging to a label: the rest of its line, then its block; else the next block. */
function proseAfter(ctx: PageContext, lab: Token): { texts: string[]; tokens: Token[] } {
  const { sheet } = ctx;
  const rest = sheet.after(lab).filter(free);
  const texts: string[] = [];
  const tokens: Token[] = [];
  if (rest.length) {
    texts.push(rest.map((t) => t.text).join(" "));
    tokens.push(...rest);
  }
  const labBlock = sheet.lines[lab.row]!.block;
  let block = texts.length ? labBlock : -1;
  for (let row = lab.row + 1; row < sheet.lines.length; row++) {
    const line = sheet.lines[row]!;
    if (block === -1) {
      if (line.block === labBlock) continue;
      block = line.block;
    }
    if (line.block !== block || !isProseLine(ctx, line)) break;
    texts.push(rawText(line));
    tokens.push(...line.tokens);
  }
  return { texts, tokens };
}

/** The prose lines right below lines[row] in its block, added to a cell's texts and tokens. */
export function addProseBelow(ctx: PageContext, lines: readonly SheetLine[], row: number, texts: string[], tokens: Token[]): void {
  const block = lines[row]!.block;
  for (let r = row + 1; r < lines.length; r++) {
    const next = lines[r]!;
    if (next.block !== block || !isProseLine(ctx, next)) break;
    texts.push(rawText(next));
    tokens.push(...next.tokens);
  }
}

export function rawText(line: SheetLine): string {
  const { tokens } = line;
  // Most lines of running text are one token: no array, no join.
  if (tokens.length === 1) return tokens[0]!.text;
  return tokens.map((t) => t.text).join(" ");
}

/** Maximal runs of unread prose lines inside one block. */
export function proseRuns(ctx: PageContext): SheetLine[][] {
  const runs: SheetLine[][] = [];
  let cur: SheetLine[] = [];
  let block = -1;
  for (const line of ctx.sheet.lines) {
    const ok = isProseLine(ctx, line);
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

const isYearTok = (ctx: PageContext, t: Token) => !t.used && ctx.fiscalYearLabel(t) !== null;
// A PDF cell prints the base column's header as one piece: "平成27年度 / 当初予算（基準）".
const isBaseTok = (t: Token) => t.label === "baseColumn" || (t.label === null && t.key.endsWith(BASE_KEY));

function hasYearTok(ctx: PageContext, line: SheetLine): boolean {
  for (const t of line.tokens) if (isYearTok(ctx, t)) return true;
  return false;
}

/**
 * The 年度 column header ("平成27年度 / 当初予算（基準） 平成28年度 … 令和２年度"): the first block
 * holding 当初予算（基準） or three 年度 labels, reached from a line with a 年度 label.
 */
function readColumnHeader(ctx: PageContext, d: OverallDraft): void {
  const { sheet } = ctx;
  // Nothing is taken until the header is found, so a block that is not it need not be looked at twice.
  const looked = new Set<number>();
  for (let row = 0; row < sheet.lines.length; row++) {
    const line = sheet.lines[row]!;
    if (looked.has(line.block) || !hasYearTok(ctx, line)) continue;
    looked.add(line.block);
    const blockToks = blockTokens(sheet.lines, line.block);
    const yearToks = blockToks.filter((t) => isYearTok(ctx, t));
    if (!blockToks.some(isBaseTok) && yearToks.length < 3) continue;
    const base = blockToks.find(isBaseTok) ?? null;
    // The year printed just before 当初予算（基準） belongs to the base column's label.
    const baseYear = base?.label === "baseColumn" ? blockToks[blockToks.indexOf(base) - 1] : undefined;
    const anchors = yearToks.filter((t) => t !== baseYear);
    const final = blockToks.find((t) => t.label === "final") ?? null;
    ctx.take(blockToks.filter((t) => yearToks.includes(t) || isBaseTok(t) || t === final));
    d.columnYears = anchors.map((t) => ctx.fiscalYearLabel(t)!);
    d.columnAnchors = { base, years: anchors, final };
    return;
  }
}

/** The tokens of every line of the block, in reading order. */
function blockTokens(lines: SheetLine[], block: number): Token[] {
  const tokens: Token[] = [];
  for (const line of lines) if (line.block === block) for (const t of line.tokens) tokens.push(t);
  return tokens;
}

/** The 取組内容・目標 rows: "平成29年度 <content>", or the year alone with the content below it. */
function readYearRows(ctx: PageContext, d: OverallDraft): void {
  const { lines } = ctx.sheet;
  for (let row = 0; row < lines.length; row++) {
    const line = lines[row]!;
    const at = firstUnread(line);
    const first = line.tokens[at];
    if (!first || !isYearTok(ctx, first) || unlabelledBefore(line, at)) continue;
    const fiscalYear = ctx.fiscalYearLabel(first)!;
    ctx.take(first);
    const texts: string[] = [];
    const tokens: Token[] = [];
    const after = line.tokens.slice(at + 1).filter(free);
    // A 区分 word on the year's own row (PDF) is that year's category.
    const status = after.find((t) => t.words.includes("status"));
    if (status) {
      d.categoryByYear.set(fiscalYear, { value: status.text.replace(/\s+/g, ""), token: status });
      ctx.take(status);
    }
    const rest = after.filter((t) => t.words.length === 0);
    if (rest.length) {
      texts.push(rest.map((t) => t.text).join(" "));
      tokens.push(...rest);
    }
    addProseBelow(ctx, lines, row, texts, tokens);
    ctx.take(tokens);
    d.yearRows.push({
      fiscalYear,
      label: first.text,
      content: joinProse(texts, ctx.oracle),
      line: first.line,
      place: ctx.placeOf(tokens[0] ?? first),
    });
  }
}

/** Index of the line's first unread token (the line's length when there is none). */
function firstUnread(line: SheetLine): number {
  let i = 0;
  while (i < line.tokens.length && line.tokens[i]!.used) i++;
  return i;
}

function unlabelledBefore(line: SheetLine, at: number): boolean {
  for (let i = 0; i < at; i++) if (line.tokens[i]!.label === null) return true;
  return false;
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
    const lab = ctx.first(INDICATOR_FINAL_LABELS[kind]);
    if (lab) readRow(lab, tables.indicator[kind], kind === "initialPlan" ? "indicator" : null, `overall.indicator.${kind}`);
    ctx.labelled(AMOUNT_FINAL_LABELS[kind]).forEach((l, i) => {
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
  const nameLabel = ctx.first("indicatorName");
  const unitLabel = ctx.first("unit");
  ctx.take(ctx.labelled("indicatorName"));
  ctx.take(ctx.labelled("unit"));
  const leftOfUnit = unitLabel ? freeAt(sheet.before(unitLabel).at(-1)) : undefined;
  const rightOfUnit = unitLabel ? freeAt(ctx.rightOf(unitLabel)) : undefined;
  const rightOfName = nameLabel ? freeAt(ctx.rightOf(nameLabel)) : undefined;
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
