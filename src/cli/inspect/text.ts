/**
 * `apsheet inspect` as text: one output line per sheet line, its input line number first (for
 * PDF input: `y=N`, the grid row's top edge in points, rows top to bottom, cells left to right),
 * then its tokens:
 *
 *   [label]                    a label of the form
 *   value → field              a value and the field it fed
 *   value → field (placed)     …placed by assembly (the record's provenance names this line)
 *   value → field (continued)  …a wrapped line of the cell above
 *   value → field (empty in the record)  the token's fate names a field the record leaves null
 *   ?value → unplaced: path    a value left out of the fields (a warning says why)
 *   !text → unmapped           text that maps to no field (a warning carries it)
 *   text → claimed             read by a parser, no field recorded (column years, task marks …)
 *
 * A line holding unmapped text starts with `!`, one with an unplaced value with `?`, so
 * `grep '^!'` finds them. Colour only when asked (a terminal and no NO_COLOR).
 */
import type { InspectLine, InspectPage, InspectToken, Inspection, TokenKind } from "./model.js";

export interface TextOptions {
  color: boolean;
}

const KIND_NAMES: Record<string, string> = { overall: "全体計画", annual: "単年度" };

const SGR = {
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  red: "\u001b[1;31m",
  yellow: "\u001b[33m",
  cyan: "\u001b[36m",
  reset: "\u001b[0m",
};

export const LEGEND = [
  "[label]  label of the form        value → field  the field it fed (placed: by assembly; continued: wrapped cell)",
  "?value → unplaced: field          !text → unmapped          text → claimed  (read by a parser, no field recorded)",
];

/** PDF input: one line per grid row, one token per cell. */
export const PDF_LEGEND = "y=N  a row of the ruled grid, N its top edge in points from the page's foot; cells left to right";

export function renderText(ins: Inspection, pages: readonly InspectPage[], opts: TextOptions): string {
  const paint = (style: keyof typeof SGR, s: string) => (opts.color ? `${SGR[style]}${s}${SGR.reset}` : s);
  const out: string[] = [];
  const records = ins.records.map((r) => r.planNo);
  out.push(
    ins.error
      ? `${ins.file}: ${ins.pages.length} page${ins.pages.length === 1 ? "" : "s"}, ${ins.error.message}: what the tokenizer saw`
      : `${ins.file}: ${ins.pages.length} page${ins.pages.length === 1 ? "" : "s"}, ${records.length} record${records.length === 1 ? "" : "s"} (${records.join(" ")})`,
  );
  for (const n of ins.notes ?? []) out.push(paint("yellow", `note: ${n}`));
  for (const l of ins.format === "pdf" ? [...LEGEND, PDF_LEGEND] : LEGEND) out.push(paint("dim", `  ${l}`));

  const total = counts([]);
  for (const page of pages) {
    const c = counts(page.lines.flatMap((l) => l.tokens));
    for (const k of Object.keys(c) as TokenKind[]) total[k] += c[k];
    const kind = page.kind ? KIND_NAMES[page.kind] : "no page title";
    const where = page.pdf ? `${Math.round(page.pdf.width)}×${Math.round(page.pdf.height)} pt` : `input lines ${page.firstLine}–${page.lastLine}`;
    const head = `page ${page.page}: ${kind}${page.planNo ? ` ${page.planNo}` : ""}, ${where}: ${summary(c)}`;
    out.push("", paint("bold", head));

    // PDF lines come top to bottom already (and have no input line to sort by).
    const rows: Array<{ no: number; text: string }> = page.lines.map((l, i) => ({ no: page.pdf ? i : l.no, text: renderLine(l, paint) }));
    for (const f of page.furniture) rows.push({ no: f.no, text: `  ${String(f.no).padStart(9)}  ${paint("dim", `(page furniture) ${f.text.trim()}`)}` });
    rows.sort((a, b) => a.no - b.no);
    for (const r of rows) out.push(r.text);
  }
  const tokens = Object.values(total).reduce((s, n) => s + n, 0);
  out.push("", `${pages.length} page${pages.length === 1 ? "" : "s"}, ${tokens} tokens: ${summary(total)}`);
  return `${out.join("\n")}\n`;
}

function counts(tokens: readonly InspectToken[]): Record<TokenKind, number> {
  const c: Record<TokenKind, number> = { label: 0, value: 0, claimed: 0, unplaced: 0, unmapped: 0 };
  for (const t of tokens) c[t.kind]++;
  return c;
}

function summary(c: Record<TokenKind, number>): string {
  return `${c.label} label, ${c.value} value, ${c.claimed} claimed, ${c.unplaced} unplaced, ${c.unmapped} unmapped`;
}

type Paint = (style: keyof typeof SGR, s: string) => string;

function renderLine(line: InspectLine, paint: Paint): string {
  const mark = line.tokens.some((t) => t.kind === "unmapped") ? "!" : line.tokens.some((t) => t.kind === "unplaced") ? "?" : " ";
  const range = line.y !== undefined ? `y=${Math.round(line.y)}` : line.lineEnd > line.no ? `${line.no}-${line.lineEnd}` : String(line.no);
  let body = groups(line.tokens).map((g) => renderGroup(g, paint)).join("  ");
  if (line.loose) body += `  ${paint("dim", "(outside the grid)")}`;
  return `${mark === " " ? " " : paint(mark === "!" ? "red" : "yellow", mark)} ${range.padStart(9)}  ${body}`;
}

/** Neighbouring tokens that say the same thing print once: `H28 ～ Ｒ１ → overall.period`. */
export function groups(tokens: readonly InspectToken[]): InspectToken[][] {
  const out: InspectToken[][] = [];
  for (const t of tokens) {
    const last = out.at(-1);
    const head = last?.[0];
    if (head && t.kind !== "label" && head.kind === t.kind && head.how === t.how && sameField(head.field, t.field)) last!.push(t);
    else out.push([t]);
  }
  return out;
}

/** The same field, or siblings that differ only in the last part (`…byYear.2016`, `…byYear.2017`). */
function sameField(a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const cut = (p: string) => p.slice(0, p.lastIndexOf("."));
  return /\.byYear\.\d+$/.test(a) && /\.byYear\.\d+$/.test(b) && cut(a) === cut(b);
}

/** The field of a group: `overall.period`, or siblings as `…byYear.{2016,2017}`. */
export function fieldOf(group: readonly InspectToken[]): string {
  const fields = [...new Set(group.map((t) => t.field ?? ""))];
  if (fields.length === 1) return fields[0]!;
  const stem = fields[0]!.slice(0, fields[0]!.lastIndexOf("."));
  return `${stem}.{${fields.map((f) => f.slice(stem.length + 1)).join(",")}}`;
}

function renderGroup(group: readonly InspectToken[], paint: Paint): string {
  const t = group[0]!;
  const text = group.map((x) => x.text).join(" ");
  switch (t.kind) {
    case "label":
      return paint("dim", `[${t.text}]`);
    case "value": {
      const how = t.how === "placed" || t.how === "continued" ? ` (${t.how})` : "";
      const empty = t.emptyInRecord ? ` ${paint("red", "(empty in the record)")}` : "";
      return `${text} → ${paint("cyan", fieldOf(group))}${how}${empty}`;
    }
    case "unplaced":
      return paint("yellow", `?${text} → unplaced${t.field ? `: ${t.field}` : ""}`) + (t.warning ? ` (${t.warning.code})` : "");
    case "unmapped":
      return paint("red", `${group.map((x) => `!${x.text}`).join(" ")} → unmapped`) + (t.warning ? ` (${t.warning.code})` : "");
    case "claimed":
      // Without a plan sheet no parser ran: the token was only split off, never read.
      return paint("dim", `${text} → ${t.fate === undefined ? "not read" : "claimed"}`);
  }
}
