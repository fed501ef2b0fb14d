/**
 * bytes → records. Loader → pages → Sheet per page → section parsers → assemble → validate.
 */
import type { ParseOptions, ParseResult } from "./api.js";
import { ApsheetError } from "./diagnostics.js";
import { decodeText, sniffFormat } from "./load/decode.js";
import { splitPages } from "./load/text-pages.js";
import type { CellGrid } from "./tokenize/pdf-model.js";
import { LazyWordOracle } from "./normalize/word-oracle.js";
import { assemble, type ParsedPage } from "./record/assemble.js";
import { recordIssues, type PlanRecord } from "./record/schema.js";
import { parseAnnual } from "./sections/annual.js";
import { PageContext } from "./sections/context.js";
import { parseHeader } from "./sections/header.js";
import { parseOverall } from "./sections/overall.js";
import { TextSheet } from "./tokenize/text-sheet.js";

type Opts = ParseOptions & { file: string };

export async function parseBytes(bytes: Uint8Array, options: Opts): Promise<ParseResult> {
  if (bytes.length === 0) throw new ApsheetError("empty-input", "empty file", options.file);
  const format = options.format && options.format !== "auto" ? options.format : sniffFormat(bytes);
  if (format === "pdf") return { file: options.file, format: "pdf", records: (await readPdf(bytes, options)).records };
  const opts: { file: string; encoding?: string } = { file: options.file };
  if (options.encoding) opts.encoding = options.encoding;
  const { text } = decodeText(bytes, opts);
  const records = await parseText(text, options);
  // The text is read whole (a line-join question can mean reading it again), so its records are given at the end.
  if (!options.onRecord) return { file: options.file, format: "text", records };
  for (const record of records) options.onRecord(record);
  return { file: options.file, format: "text", records: [] };
}

/** The text path on an already decoded string. */
export async function parseText(text: string, options: Opts): Promise<PlanRecord[]> {
  return (await readTextKeeping(text, options, false)).records;
}

/** The text path with its intermediate pages kept, for tests and `inspect`. */
export function readText(text: string, options: Opts): Promise<{ pages: ParsedPage[]; furniture: { no: number; text: string }[]; records: PlanRecord[] }> {
  return readTextKeeping(text, options, true);
}

async function readTextKeeping(text: string, options: Opts, keepPages: boolean) {
  const oracle = new LazyWordOracle();
  let read = parseTextWith(text, options, oracle, keepPages);
  if (oracle.asked) {
    // A line-join needed the word oracle: load kuromoji once and read again with it.
    await oracle.ensureLoaded();
    read = parseTextWith(text, options, oracle, keepPages);
  }
  return read;
}

/** Pages are tokenized one at a time and let go once their plan is made (unless kept). */
function parseTextWith(text: string, options: Opts, oracle: LazyWordOracle, keepPages: boolean) {
  const { pages, furniture, anchors } = splitPages(text);
  // No 重要度, 推進項目, 番号・取組事業名, 担当部署 or page title anywhere: not worth tokenizing.
  if (anchors === 0) throw new ApsheetError("no-plan-sheet", "no plan sheet found (no page carries a 番号 and a page title)", options.file);
  const plans = new PlanAssembler(options, "text", oracle, keepPages);
  for (const page of pages) plans.add(new TextSheet(page));
  return { ...plans.finish(), furniture };
}

/**
 * The PDF path: pages are read and released one at a time, and a plan's record is made as soon as
 * both its pages are in, so neither pdf.js's pages nor the plans' sheets pile up in memory.
 * `keepPages` keeps the parsed pages (for tests and inspection) at the cost of that memory;
 * `onGrid` sees each page's cell grid (its size, every ruled cell, the loose text) as it is made,
 * before the section parsers run: `inspect` draws the page from it.
 */
export async function readPdf(
  bytes: Uint8Array,
  options: Opts,
  { keepPages = false, onGrid }: { keepPages?: boolean; onGrid?: (grid: CellGrid) => void } = {},
): Promise<{ pages: ParsedPage[]; records: PlanRecord[] }> {
  const open: { file: string; password?: string; maxPages?: number } = { file: options.file };
  if (options.password !== undefined) open.password = options.password;
  if (options.maxPages !== undefined) open.maxPages = options.maxPages;
  // The PDF modules load with the first PDF: text runs never pay for them.
  const [{ loadPdfPages }, { buildCells }, { gridToSheet }] = await Promise.all([
    import("./load/pdf.js"),
    import("./tokenize/pdf-cells.js"),
    import("./tokenize/pdf-sheet.js"),
  ]);
  // Cell text is joined by geometry, so the word oracle is never needed here.
  const plans = new PlanAssembler(options, "pdf", undefined, keepPages, options.onRecord);
  for await (const page of loadPdfPages(bytes, open)) {
    const grid = buildCells(page);
    onGrid?.(grid);
    plans.add(gridToSheet(grid));
  }
  return plans.finish();
}

interface Plan {
  planNo: string;
  /** Which of its pages have been given to it (a page once given stays given). */
  has: { overall: boolean; annual: boolean };
  overall: ParsedPage | null;
  annual: ParsedPage | null;
  /** Made once both pages are in and read (or at the end); its pages are let go then. */
  record?: PlanRecord;
  invalid?: string;
}

/**
 * Sheets in page order → records in plan order, page by page. Reads every page as it comes: its
 * header, and its 全体計画 or 単年度 section. A 単年度 page needs the indicator name of the
 * first 全体計画 page of its plan number; when that page comes later, it waits for it (or for the
 * end). Pages go to plans in page order: to the first plan of their number still missing a page
 * of their kind, else to a new plan. A plan with both pages read is assembled and validated at
 * once. The result is what reading every page first and grouping after would give.
 * Exported for tests only.
 */
export class PlanAssembler {
  private readonly pages: ParsedPage[] = [];
  private readonly plans: Plan[] = [];
  private readonly byNo = new Map<string, Plan[]>();
  /** The indicator name on the first 全体計画 page of each plan number (null or a string, as the header read it). */
  private readonly firstOverall = new Map<string | null, string | null>();
  /** 単年度 pages waiting for that page, by plan number. */
  private readonly waiting = new Map<string | null, ParsedPage[]>();
  private readonly planOf = new Map<ParsedPage, Plan>();
  /** With `emit`: how many plans, from the first, have been given away (and let go). */
  private emitted = 0;

  constructor(
    private readonly options: Opts,
    private readonly format: "pdf" | "text",
    private readonly oracle: LazyWordOracle | undefined,
    private readonly keepPages: boolean,
    /** Given each record in plan order as soon as it and every plan before it are made; records are then not kept. */
    private readonly emit?: (record: PlanRecord) => void,
  ) {}

  add(sheet: TextSheet): void {
    const ctx = new PageContext(sheet, this.oracle);
    const header = parseHeader(ctx);
    const page: ParsedPage = { ctx, header, overall: header.kind === "overall" ? parseOverall(ctx) : null, annual: null };
    if (this.keepPages) this.pages.push(page);
    const no = page.header.planNo;
    if (header.kind === "overall" && !this.firstOverall.has(no)) {
      const name = page.overall?.indicatorName ?? null;
      this.firstOverall.set(no, name);
      for (const a of this.waiting.get(no) ?? []) {
        a.annual = parseAnnual(a.ctx, name);
        this.tryAssemble(this.planOf.get(a));
      }
      this.waiting.delete(no);
    }
    if (header.kind === "annual") {
      if (this.firstOverall.has(no)) page.annual = parseAnnual(ctx, this.firstOverall.get(no) ?? null);
      else this.waiting.set(no, [...(this.waiting.get(no) ?? []), page]);
    }
    if (!header.kind || !no) return;
    const kind = header.kind;
    const same = this.byNo.get(no) ?? [];
    let plan = same.find((x) => !x.has[kind]);
    if (!plan) {
      plan = { planNo: no, has: { overall: false, annual: false }, overall: null, annual: null };
      this.plans.push(plan);
      same.push(plan);
      this.byNo.set(no, same);
    }
    plan.has[kind] = true;
    plan[kind] = page;
    this.planOf.set(page, plan);
    this.tryAssemble(plan);
  }

  finish(): { pages: ParsedPage[]; records: PlanRecord[] } {
    for (const list of this.waiting.values()) {
      for (const a of list) a.annual = parseAnnual(a.ctx, null);
    }
    this.waiting.clear();
    if (this.plans.length === 0) {
      throw new ApsheetError("no-plan-sheet", "no plan sheet found (no page carries a 番号 and a page title)", this.options.file);
    }
    // Assembling one plan can give away the plans after it (they were only waiting for it).
    for (let i = this.emitted; i < this.plans.length; i++) if (i >= this.emitted && !this.plans[i]!.record) this.assemble(this.plans[i]!);
    if (this.emit) return { pages: this.pages, records: [] };
    const records = this.plans.map((plan) => {
      if (plan.invalid !== undefined) throw new ApsheetError("internal", plan.invalid, this.options.file);
      return plan.record!;
    });
    return { pages: this.pages, records };
  }

  /** Gives away every made record from the first plan not yet given, up to the first plan still open. */
  private flush(): void {
    if (!this.emit) return;
    for (; this.emitted < this.plans.length; this.emitted++) {
      const plan = this.plans[this.emitted]!;
      if (!plan.record) return;
      if (plan.invalid !== undefined) throw new ApsheetError("internal", plan.invalid, this.options.file);
      this.emit(plan.record);
      // Only its number is still needed (a later page of the same number looks for a plan missing that page).
      delete plan.record;
    }
  }

  /** A plan with both pages in and its 単年度 page read is made into its record now. */
  private tryAssemble(plan: Plan | undefined): void {
    if (!plan || plan.record || !plan.overall || !plan.annual || plan.annual.annual === null) return;
    this.assemble(plan);
  }

  private assemble(plan: Plan): void {
    const record = assemble(plan.overall, plan.annual, { file: this.options.file, format: this.format, provenance: this.options.provenance ?? false });
    const issues = recordIssues(record);
    if (issues.length > 0) plan.invalid = `record ${record.planNo} failed validation: ${issues[0]!.message}`;
    plan.record = record;
    for (const page of [plan.overall, plan.annual]) if (page) this.planOf.delete(page);
    plan.overall = plan.annual = null;
    this.flush();
  }
}
