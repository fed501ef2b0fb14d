/**
 * bytes → records. Loader → pages → Sheet per page → section parsers → assemble → validate.
 */
import type { ParseOptions, ParseResult } from "./api.js";
import { ApsheetError } from "./diagnostics.js";
import { decodeText, sniffFormat } from "./load/decode.js";
import { loadPdfPages } from "./load/pdf.js";
import { splitPages } from "./load/text-pages.js";
import { buildCells } from "./tokenize/pdf-cells.js";
import type { CellGrid } from "./tokenize/pdf-model.js";
import { gridToSheet } from "./tokenize/pdf-sheet.js";
import { LazyWordOracle } from "./normalize/word-oracle.js";
import { assemble, type ParsedPage } from "./record/assemble.js";
import { RecordSchema, type PlanRecord } from "./record/schema.js";
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
  return { file: options.file, format: "text", records: await parseText(text, options) };
}

/** The text path on an already decoded string. */
export async function parseText(text: string, options: Opts): Promise<PlanRecord[]> {
  const oracle = new LazyWordOracle();
  return (await readText(text, options)).records;
}

/** The text path with its intermediate pages kept, for tests and `inspect`. */
export async function readText(text: string, options: Opts): Promise<{ pages: ParsedPage[]; furniture: { no: number; text: string }[]; records: PlanRecord[] }> {
  const oracle = new LazyWordOracle();
  let read = parseTextWith(text, options, oracle);
  if (oracle.asked) {
    // A line-join needed the word oracle: load kuromoji once and read again with it.
    await oracle.ensureLoaded();
    read = parseTextWith(text, options, oracle);
  }
  return read;
}

function parseTextWith(text: string, options: Opts, oracle: LazyWordOracle) {
  const { pages, furniture, anchors } = splitPages(text);
  // No 重要度, 推進項目, 番号・取組事業名, 担当部署 or page title anywhere: not worth tokenizing.
  if (anchors === 0) throw new ApsheetError("no-plan-sheet", "no plan sheet found (no page carries a 番号 and a page title)", options.file);
  const records = readSheets(
    pages.map((p) => new TextSheet(p)),
    options,
    "text",
    oracle,
  );
  return { ...records, furniture };
}

/**
 * The PDF path: pages are read and released one at a time; only their small Sheets are kept.
 * `onGrid` sees each page's cell grid (its size, every ruled cell, the loose text) as it is
 * made, before the section parsers run: `inspect` draws the page from it.
 */
export async function readPdf(
  bytes: Uint8Array,
  options: Opts,
  onGrid?: (grid: CellGrid) => void,
): Promise<{ pages: ParsedPage[]; records: PlanRecord[] }> {
  const sheets: TextSheet[] = [];
  const open: { file: string; password?: string; maxPages?: number } = { file: options.file };
  if (options.password !== undefined) open.password = options.password;
  if (options.maxPages !== undefined) open.maxPages = options.maxPages;
  for await (const page of loadPdfPages(bytes, open)) {
    const grid = buildCells(page);
    onGrid?.(grid);
    sheets.push(gridToSheet(grid));
  }
  // Cell text is joined by geometry, so the word oracle is never needed here.
  return readSheets(sheets, options, "pdf");
}

/** One set of section parsers for both formats: Sheets → records. */
function readSheets(sheets: TextSheet[], options: Opts, format: "pdf" | "text", oracle?: LazyWordOracle): { pages: ParsedPage[]; records: PlanRecord[] } {
  const parsed: ParsedPage[] = sheets.map((sheet) => {
    const ctx = new PageContext(sheet, oracle);
    const header = parseHeader(ctx);
    return { ctx, header, overall: header.kind === "overall" ? parseOverall(ctx) : null, annual: null };
  });
  // The 単年度 page's indicator name is found by the 全体計画 page's, so overall pages go first.
  for (const p of parsed) {
    if (p.header.kind !== "annual") continue;
    const partner = parsed.find((o) => o.header.kind === "overall" && o.header.planNo === p.header.planNo);
    p.annual = parseAnnual(p.ctx, partner?.overall?.indicatorName ?? null);
  }
  const plans = groupByPlan(parsed);
  if (plans.length === 0) throw new ApsheetError("no-plan-sheet", "no plan sheet found (no page carries a 番号 and a page title)", options.file);
  const records = plans.map(({ overall, annual }) => {
    const record = assemble(overall, annual, { file: options.file, format, provenance: options.provenance ?? false });
    const check = RecordSchema.safeParse(record);
    if (!check.success) {
      throw new ApsheetError("internal", `record ${record.planNo} failed validation: ${check.error.issues[0]?.message ?? ""}`, options.file);
    }
    return record;
  });
  return { pages: parsed, records };
}

function groupByPlan(pages: ParsedPage[]): { overall: ParsedPage | null; annual: ParsedPage | null }[] {
  const plans: { planNo: string; overall: ParsedPage | null; annual: ParsedPage | null }[] = [];
  for (const p of pages) {
    if (!p.header.kind || !p.header.planNo) continue;
    const kind = p.header.kind;
    let plan = plans.find((x) => x.planNo === p.header.planNo && x[kind] === null);
    if (!plan) {
      plan = { planNo: p.header.planNo, overall: null, annual: null };
      plans.push(plan);
    }
    plan[kind] = p;
  }
  return plans;
}
