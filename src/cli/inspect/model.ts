/**
 * What `apsheet inspect` shows: the text path's view of each page — its sheet lines, their
 * tokens, and what became of every token — built from the pipeline's own intermediate pages
 * (`readText`) and the records it made.
 *
 * PDF input (`readPdf`) gives the same Sheet, one sheet line per row of the ruled grid and one
 * token per cell, each with its box; the page's grid (size, every ruled cell) comes along so
 * the picture can draw the form. Where the text path matches warnings and provenance to a
 * token by input line, the PDF path matches them by the token's box (`bbox`), and a wrapped
 * cell needs no step 3: its lines are one token already.
 *
 * A token's `fate` is the pipeline's word: the field path it fed, "label", "unmapped", or
 * "claimed" (taken by a section parser and handed on: the numbers of the 成果指標 / 効果額
 * tables, the 区分 words and the その他効果 text, which assembly places later; and the
 * form's own furniture such as column years, task numbers and ○ marks). For a claimed token
 * this module looks up where it went, in this order:
 *
 *   1. a warning of the record that names the token's input line (`unplaced-value`,
 *      `unmapped-text`): the token is in no field — `unplaced` or `unmapped`;
 *   2. the record's provenance (with `provenance: true`): the fields assembly fills from
 *      claimed tokens (table cells, per-year 区分 and その他効果) whose value stood on the
 *      token's input line — one path per token, in order, when the counts agree, else their
 *      common prefix (`placed`);
 *   3. a text token right below a token resolved so, in the same block: the same field
 *      (`continued`, a wrapped line of the same cell);
 *
 * and otherwise leaves it `claimed` (read, no field recorded). Nothing here parses the sheet
 * again; it only reads what the pipeline left behind. The one translation: the header's
 * `createdOn` / `updatedOn` fates become `overall.…` / `annual.…` by the page's kind, where
 * the record keeps them. A value token whose own fate names a field the record leaves empty
 * is marked (`emptyInRecord`): the parser and the record disagree there.
 */
import { ApsheetError } from "../../diagnostics.js";
import { decodeText, sniffFormat } from "../../load/decode.js";
import { splitPages } from "../../load/text-pages.js";
import { readPdf, readText } from "../../pipeline.js";
import type { ParsedPage } from "../../record/assemble.js";
import type { PlanRecord, RecordWarning } from "../../record/schema.js";
import type { Box, CellGrid } from "../../tokenize/pdf-model.js";
import { gridToSheet } from "../../tokenize/pdf-sheet.js";
import { TextSheet, type SheetLine, type Token } from "../../tokenize/text-sheet.js";

/** The parts of a record a token can have fed, one colour each in the SVG. */
export const SECTIONS = [
  "header",
  "overall.plan",
  "overall.years",
  "overall.indicator",
  "overall.effectAmounts",
  "annual.plan",
  "annual.tasks",
  "annual.firstHalf",
  "annual.yearEnd",
  "annual.evaluation",
  "label",
  "claimed",
  "unplaced",
  "unmapped",
] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * label: a label of the form; value: fed a field; claimed: read by a parser, no field recorded;
 * unplaced: a value that could stand in more than one cell, left out (a warning says so);
 * unmapped: text that maps to no field (a warning carries it).
 */
export type TokenKind = "label" | "value" | "claimed" | "unplaced" | "unmapped";

/** How the field was found: the token's own fate, or (for a claimed token) steps 1–3 above. */
export type Resolution = "fate" | "warning" | "placed" | "continued";

export interface InspectToken {
  text: string;
  /** Input line numbers (first and last: stacked labels span several); 0 for PDF input. */
  line: number;
  lineEnd: number;
  /** PDF input: the token's cell (or its share of a cell), [x0, y0, x1, y1] in PDF user space. */
  box?: Box;
  /** The lexicon's label id, when the tokenizer recognised a label of the form. */
  label: string | null;
  /** The pipeline's fate, as it left it (undefined when the page was never parsed). */
  fate: string | undefined;
  kind: TokenKind;
  /** The field path fed (value), or the one a warning names (unplaced); null otherwise. */
  field: string | null;
  how: Resolution | null;
  section: Section;
  /**
   * Set when the token's own fate names a field that holds nothing in the record (null or
   * missing): the parser said it fed that field, the record disagrees.
   */
  emptyInRecord?: true;
  /** The record warning that concerns this token (unplaced / unmapped). */
  warning?: Pick<RecordWarning, "code" | "message" | "path">;
}

export interface InspectLine {
  /** First and last input line of the sheet line's tokens (0 for PDF input). */
  no: number;
  lineEnd: number;
  /** Sheet lines separated by blank input lines are in different blocks (PDF: each grid row is one). */
  block: number;
  tokens: InspectToken[];
  /** PDF input: the row's top edge (PDF user space, from the bottom of the page). */
  y?: number;
  /** PDF input: text that stands in no ruled cell (page title, footnotes). */
  loose?: true;
}

/** PDF input: what the picture draws the page from. */
export interface PdfView {
  /** The page in points. */
  width: number;
  height: number;
  /** Every ruled cell, empty ones too, [x0, y0, x1, y1] in PDF user space. */
  cells: Box[];
}

export interface InspectPage {
  page: number;
  kind: "overall" | "annual" | null;
  planNo: string | null;
  /** Input lines the page covers (first and last non-blank); 0 for PDF input. */
  firstLine: number;
  lastLine: number;
  lines: InspectLine[];
  /** Lines set aside as page furniture (sheet-tab names, `<<`) after this page's first line. */
  furniture: { no: number; text: string }[];
  /** PDF input: the page's size and ruled cells. */
  pdf?: PdfView;
}

export interface Inspection {
  file: string;
  format: "text" | "pdf";
  pages: InspectPage[];
  records: PlanRecord[];
  /** Set when the text holds no plan sheet: the pages are then the tokenizer's view alone. */
  error?: ApsheetError;
  /** What the reader should know about how this inspection was made (a fallback taken). */
  notes?: string[];
}

export interface InspectOptions {
  /** Name in messages and in the records' source.file. */
  file: string;
  /** Text input: the encoding instead of detecting it. */
  encoding?: string;
  /** PDF input: the user password of an encrypted file. */
  password?: string;
  /** PDF input: refuse more pages than this. */
  maxPages?: number;
}

/** Bytes of a text or PDF input → its inspection. Throws ApsheetError when the bytes cannot be read at all. */
export async function inspectBytes(bytes: Uint8Array, opts: InspectOptions): Promise<Inspection> {
  if (bytes.length === 0) throw new ApsheetError("empty-input", "empty file", opts.file);
  if (sniffFormat(bytes) === "pdf") return inspectPdf(bytes, opts);
  const decodeOpts: { file: string; encoding?: string } = { file: opts.file };
  if (opts.encoding) decodeOpts.encoding = opts.encoding;
  return inspectText(decodeText(bytes, decodeOpts).text, opts.file);
}

/** A decoded text → its inspection (the pipeline with provenance on). */
export async function inspectText(text: string, file: string): Promise<Inspection> {
  let read;
  try {
    read = await readText(text, { file, provenance: true });
  } catch (err) {
    if (err instanceof ApsheetError && err.code === "no-plan-sheet") return tokenizerOnly(text, file, err);
    throw err;
  }
  const starts = read.pages.map((p) => firstLine(p.ctx.sheet.lines));
  const pages = read.pages.map((p, i): InspectPage => {
    const page = p.ctx.page;
    const records = read.records.filter((r) => r.source.pages.includes(page));
    const lines = resolve(p.ctx.sheet.lines, p.header.kind, records, byLine(p.ctx.sheet.lines, page, records));
    const next = starts[i + 1] ?? Number.POSITIVE_INFINITY;
    return {
      page,
      kind: p.header.kind,
      planNo: p.header.planNo,
      firstLine: starts[i]!,
      lastLine: lastLine(p.ctx.sheet.lines),
      lines,
      furniture: read.furniture.filter((f) => f.no >= (i === 0 ? 0 : starts[i]!) && f.no < next),
    };
  });
  return { file, format: "text", pages, records: read.records };
}

/** The bytes of a PDF → its inspection (the pipeline with provenance on, keeping each page's grid). */
export async function inspectPdf(bytes: Uint8Array, opts: InspectOptions): Promise<Inspection> {
  const { file } = opts;
  const grids = new Map<number, CellGrid>();
  const readOpts: { file: string; provenance: true; password?: string; maxPages?: number } = { file, provenance: true };
  if (opts.password !== undefined) readOpts.password = opts.password;
  if (opts.maxPages !== undefined) readOpts.maxPages = opts.maxPages;
  const notes: string[] = [];
  let read: { pages: ParsedPage[]; records: PlanRecord[] };
  try {
    read = await readPdf(bytes, readOpts, { keepPages: true, onGrid: (g) => grids.set(g.page, g) });
  } catch (err) {
    if (err instanceof ApsheetError && err.code === "no-plan-sheet") return pdfTokenizerOnly([...grids.values()], file, err);
    // `parse` (no provenance) reads such a book: show what it reads rather than nothing.
    if (!(err instanceof ApsheetError && err.code === "internal" && /failed validation/.test(err.message))) throw err;
    grids.clear();
    read = await readPdf(bytes, { ...readOpts, provenance: false }, { keepPages: true, onGrid: (g) => grids.set(g.page, g) });
    notes.push(`with provenance on, ${err.message}; read again without it, so what assembly placed shows as claimed`);
  }
  const pages = read.pages.map((p): InspectPage => {
    const page = p.ctx.page;
    const records = read.records.filter((r) => r.source.pages.includes(page));
    const lines = resolve(p.ctx.sheet.lines, p.header.kind, records, byBox(p.ctx.sheet.lines, page, records));
    return pdfPage(page, p.header.kind, p.header.planNo, lines, grids.get(page));
  });
  const out: Inspection = { file, format: "pdf", pages, records: read.records };
  if (notes.length > 0) out.notes = notes;
  return out;
}

/** A PDF with no plan sheet: the grid tokenizer's view of each page. */
function pdfTokenizerOnly(grids: readonly CellGrid[], file: string, error: ApsheetError): Inspection {
  const pages = grids.map((g) => {
    const sheet = gridToSheet(g);
    const lines = sheet.lines.map((l) => inspectLine(l, (t) => (isFormLabel(t) ? labelToken(t) : claimedToken(t))));
    return pdfPage(g.page, null, null, lines, g);
  });
  return { file, format: "pdf", records: [], error, pages };
}

function pdfPage(page: number, kind: InspectPage["kind"], planNo: string | null, lines: InspectLine[], grid: CellGrid | undefined): InspectPage {
  const cells = (grid?.cells ?? []).map((c) => [...c.box] as Box);
  for (const l of lines) {
    const boxes = l.tokens.flatMap((t) => (t.box ? [t.box] : []));
    if (boxes.length > 0) l.y = Math.max(...boxes.map((b) => b[3]));
    if (boxes.length > 0 && boxes.every((b) => !cells.some((c) => inside(b, c)))) l.loose = true;
  }
  const out: InspectPage = { page, kind, planNo, firstLine: 0, lastLine: 0, lines, furniture: [] };
  if (grid) out.pdf = { width: grid.width, height: grid.height, cells };
  return out;
}

/** Box a lies within box b (a point of slack for rounding). */
function inside(a: Box, b: Box): boolean {
  return a[0] >= b[0] - 1 && a[1] >= b[1] - 1 && a[2] <= b[2] + 1 && a[3] <= b[3] + 1;
}

/** No plan sheet: still show how the tokenizer split the text, so one can see why. */
function tokenizerOnly(text: string, file: string, error: ApsheetError): Inspection {
  const { pages, furniture } = splitPages(text);
  const sheets = pages.map((p) => new TextSheet(p));
  const starts = sheets.map((s) => firstLine(s.lines));
  return {
    file,
    format: "text",
    records: [],
    error,
    pages: sheets.map((s, i) => ({
      page: s.page,
      kind: null,
      planNo: null,
      firstLine: starts[i]!,
      lastLine: lastLine(s.lines),
      lines: s.lines.map((l) => inspectLine(l, (t) => (isFormLabel(t) ? labelToken(t) : claimedToken(t)))),
      furniture: furniture.filter((f) => f.no >= (i === 0 ? 0 : starts[i]!) && f.no < (starts[i + 1] ?? Number.POSITIVE_INFINITY)),
    })),
  };
}

/**
 * Where a page's record says a token went, beyond the token's own fate: the text path finds
 * that by input line, the PDF path by the token's box.
 */
interface Finder {
  /** Step 1: the unplaced / unmapped warning that names this token (for an unmapped token: its line). */
  warning(line: SheetLine, t: Token, unmapped: boolean): RecordWarning | undefined;
  /** Step 2: the field assembly placed from this token, by the record's provenance. */
  placed(line: SheetLine, t: Token): string | undefined;
  /** Step 3 applies: a cell's wrapped lines are separate tokens (text), not one (PDF). */
  continues: boolean;
}

/** The warnings that can concern one token: a value left out, or text that maps to no field. */
function tokenWarnings(records: readonly PlanRecord[], page: number): RecordWarning[] {
  return records.flatMap((r) => r.warnings.filter((w) => w.page === page && (w.code === "unplaced-value" || w.code === "unmapped-text")));
}

function ownFatesOf(lines: readonly SheetLine[]): Set<string> {
  return new Set(lines.flatMap((l) => l.tokens.map((t) => t.fate ?? "")));
}

/** Text input: warnings and provenance name input lines. */
function byLine(lines: readonly SheetLine[], page: number, records: readonly PlanRecord[]): Finder {
  const warningsAt = new Map<number, RecordWarning>();
  for (const w of tokenWarnings(records, page)) if (w.line !== undefined && !warningsAt.has(w.line)) warningsAt.set(w.line, w);
  const ownFates = ownFatesOf(lines);
  const placedAt = new Map<number, string[]>();
  for (const r of records) {
    for (const [path, where] of Object.entries(r.provenance ?? {})) {
      if (where.page !== page || where.line === undefined || ownFates.has(path) || !PLACED_LATER.test(path)) continue;
      const list = placedAt.get(where.line) ?? [];
      if (!list.includes(path)) list.push(path);
      placedAt.set(where.line, list);
    }
  }
  for (const list of placedAt.values()) list.sort(naturalCompare);
  return {
    warning: (_line, t) => warningsAt.get(t.line),
    placed(line, t) {
      const mine = placedAt.get(t.line) ?? [];
      if (mine.length === 0) return undefined;
      const same = line.tokens.filter((x) => x.fate === "claimed" && x.line === t.line);
      return (mine.length === same.length ? mine[same.indexOf(t)]! : commonPrefix(mine)) || undefined;
    },
    continues: true,
  };
}

/**
 * PDF input: warnings and provenance carry a bbox, the box of the token they came from. An
 * unmapped-text warning names the first unmapped token of its row and speaks for the row.
 */
function byBox(lines: readonly SheetLine[], page: number, records: readonly PlanRecord[]): Finder {
  const warningsAt = new Map<string, RecordWarning>();
  for (const w of tokenWarnings(records, page)) if (w.bbox && !warningsAt.has(boxKey(w.bbox))) warningsAt.set(boxKey(w.bbox), w);
  const ownFates = ownFatesOf(lines);
  const placedAt = new Map<string, string[]>();
  for (const r of records) {
    for (const [path, where] of Object.entries(r.provenance ?? {})) {
      if (where.page !== page || !where.bbox || ownFates.has(path)) continue;
      const list = placedAt.get(boxKey(where.bbox)) ?? [];
      if (!list.includes(path)) list.push(path);
      placedAt.set(boxKey(where.bbox), list);
    }
  }
  for (const list of placedAt.values()) list.sort(naturalCompare);
  const at = (t: Token) => (t.box ? boxKey(t.box) : "");
  return {
    warning(line, t, unmapped) {
      const own = warningsAt.get(at(t));
      if (own || !unmapped) return own;
      return line.tokens.map((x) => warningsAt.get(at(x))).find((w) => w !== undefined);
    },
    placed(_line, t) {
      const mine = placedAt.get(at(t)) ?? [];
      return mine.length > 0 ? joinPaths(mine) : undefined;
    },
    continues: false,
  };
}

/** A box to compare by: the pipeline copies boxes, so compare them to a hundredth of a point. */
function boxKey(b: readonly number[]): string {
  return b.map((v) => v.toFixed(2)).join(",");
}

function resolve(lines: readonly SheetLine[], kind: "overall" | "annual" | null, records: readonly PlanRecord[], find: Finder): InspectLine[] {
  const out: InspectLine[] = [];
  let previous: { token: InspectToken; block: number; row: number } | undefined;
  lines.forEach((line, row) => {
    const claimedHere = line.tokens.filter((t) => t.fate === "claimed");
    const il = inspectLine(line, (t) => {
      if (t.fate === "label" || (t.fate === undefined && isFormLabel(t))) return labelToken(t);
      if (t.fate === "unmapped") return unmappedToken(t, find.warning(line, t, true));
      if (t.fate !== "claimed" && t.fate !== undefined) {
        const field = recordPath(t.fate, kind);
        const v = valueToken(t, field, "fate");
        if (records.length > 0 && records.every((r) => valueAt(r, field) == null)) v.emptyInRecord = true;
        return v;
      }
      if (t.fate === undefined) return claimedToken(t);
      // 1. a warning names this token
      const w = find.warning(line, t, false);
      if (w) return w.code === "unplaced-value" ? unplacedToken(t, w) : unmappedToken(t, w, "warning");
      // 2. the record's provenance puts a field here
      const path = find.placed(line, t);
      if (path) return valueToken(t, path, "placed");
      // 3. a wrapped line of the cell above
      const p = previous;
      if (find.continues && p && p.block === line.block && p.row >= row - 1 && !isNumeric(t.text) && (p.token.how === "placed" || p.token.how === "continued" || p.token.how === "warning")) {
        if (p.token.kind === "unmapped") return unmappedToken(t, p.token.warning, "continued");
        if (p.token.field && !/\.byYear\.|\.base$|\.final$/.test(p.token.field)) return valueToken(t, p.token.field, "continued");
      }
      return claimedToken(t);
    });
    // The last claimed-and-resolved token of this line is what the next line may continue.
    for (const t of il.tokens) {
      if (t.fate === "claimed") previous = { token: t, block: line.block, row };
    }
    if (claimedHere.length === 0 && il.tokens.length > 0) previous = undefined;
    out.push(il);
  });
  return out;
}

function inspectLine(line: SheetLine, make: (t: Token) => InspectToken): InspectLine {
  const tokens = line.tokens.map(make);
  return { no: line.no, lineEnd: Math.max(line.no, ...line.tokens.map((t) => t.lineEnd)), block: line.block, tokens };
}

function base(t: Token): Pick<InspectToken, "text" | "line" | "lineEnd" | "box" | "label" | "fate"> {
  const out: Pick<InspectToken, "text" | "line" | "lineEnd" | "box" | "label" | "fate"> = { text: t.text, line: t.line, lineEnd: t.lineEnd, label: t.label, fate: t.fate };
  if (t.box) out.box = [...t.box];
  return out;
}

function labelToken(t: Token): InspectToken {
  return { ...base(t), kind: "label", field: null, how: t.fate === undefined ? null : "fate", section: "label" };
}

function valueToken(t: Token, field: string, how: Resolution): InspectToken {
  return { ...base(t), kind: "value", field, how, section: sectionOf(field) };
}

function claimedToken(t: Token): InspectToken {
  return { ...base(t), kind: "claimed", field: null, how: null, section: "claimed" };
}

function unplacedToken(t: Token, w: RecordWarning): InspectToken {
  return { ...base(t), kind: "unplaced", field: w.path ?? null, how: "warning", section: "unplaced", warning: pickWarning(w) };
}

function unmappedToken(t: Token, w: Pick<RecordWarning, "code" | "message" | "path"> | undefined, how: Resolution = "fate"): InspectToken {
  const out: InspectToken = { ...base(t), kind: "unmapped", field: null, how, section: "unmapped" };
  if (w) out.warning = pickWarning(w);
  return out;
}

function pickWarning(w: Pick<RecordWarning, "code" | "message" | "path">): Pick<RecordWarning, "code" | "message" | "path"> {
  return w.path !== undefined ? { code: w.code, message: w.message, path: w.path } : { code: w.code, message: w.message };
}

/** The fields assembly fills from claimed tokens: numeric table cells, and the per-year 区分 / その他効果. */
const PLACED_LATER = /^overall\.(years\[\d+\]\.(category|otherEffect)|(indicator|effectAmounts\.\w+)\.(base|\w+\.byYear\.\d+))$/;

const HEADER_FIELDS = /^((overall|annual)\.)?(planNo|title|promotionItem|importance|department|manager|staff|createdOn|updatedOn)\b/;

/** The part of the record a field path belongs to. */
export function sectionOf(path: string): Section {
  if (HEADER_FIELDS.test(path)) return "header";
  for (const s of ["overall.years", "overall.indicator", "overall.effectAmounts", "annual.tasks", "annual.firstHalf", "annual.yearEnd", "annual.evaluation"] as const) {
    if (path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`)) return s;
  }
  if (path.startsWith("overall.")) return "overall.plan";
  if (path.startsWith("annual.")) return "annual.plan";
  return "header";
}

/**
 * The header parser's fates `createdOn` / `updatedOn` name the page's dates, which the record
 * keeps as `overall.createdOn` or `annual.createdOn` by the page's kind.
 */
function recordPath(fate: string, kind: "overall" | "annual" | null): string {
  return kind && (fate === "createdOn" || fate === "updatedOn") ? `${kind}.${fate}` : fate;
}

/** The value at a field path such as `overall.years[4].content` (undefined when there is no such field). */
export function valueAt(value: unknown, path: string): unknown {
  let v: unknown = value;
  for (const key of path.split(/\.|\[|\]/).filter(Boolean)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A label of the form that feeds no field itself (the tokenizer's call, before any parser). */
function isFormLabel(t: Token): boolean {
  return t.label !== null && t.words.length === 0;
}

function isNumeric(text: string): boolean {
  return /^[△▲+-]?[0-9０-９][0-9０-９,，.．]*$/.test(text);
}

function firstLine(lines: readonly SheetLine[]): number {
  return lines[0]?.no ?? 0;
}

function lastLine(lines: readonly SheetLine[]): number {
  return Math.max(0, ...lines.flatMap((l) => l.tokens.map((t) => t.lineEnd)));
}

/** `years[2]` before `years[10]`, `byYear.2016` before `byYear.2017`. */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** The longest whole-segment prefix of some paths (`overall.indicator.revisedPlan`), or "" when none. */
function commonPrefix(paths: readonly string[]): string {
  const split = paths.map((p) => p.split("."));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join(".");
}

/**
 * Several fields placed from one cell, as one name: the paths' common whole segments around a
 * set, `overall.years[{3,4}].otherEffect`.
 */
export function joinPaths(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0]!;
  const split = paths.map((p) => p.split(/(?<=[.[\]])|(?=[.[\]])/));
  const first = split[0]!;
  let head = 0;
  while (head < first.length && split.every((s) => s[head] === first[head])) head++;
  let tail = 0;
  while (tail < first.length - head && split.every((s) => s.length - tail - 1 >= head && s[s.length - tail - 1] === first[first.length - tail - 1])) tail++;
  const middles = split.map((s) => s.slice(head, s.length - tail).join(""));
  return `${first.slice(0, head).join("")}{${middles.join(",")}}${first.slice(first.length - tail).join("")}`;
}
