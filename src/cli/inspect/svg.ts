/**
 * `apsheet inspect --svg`: a picture of the page(s) as the text path sees them (PDF input is
 * drawn as the page itself, by pdf-svg.ts). One row per
 * sheet line (its input line number at the left), one box per token with the token's text,
 * filled by the part of the record it fed; labels grey, claimed tokens white with a dashed
 * edge, unplaced values pale orange and dashed, unmapped text red. Hovering a box shows its
 * `<title>`: the field path first, then the input line and how the field was found.
 *
 * Standalone SVG 1.1: no scripts, no external references, one embedded style sheet. Widths
 * are estimated (a CJK character 1em, others about 0.6em), so boxes are roomy rather than
 * tight; long text wraps inside its box, and a row too long for the page wraps to a second,
 * indented row.
 */
import type { InspectPage, InspectToken, Inspection, Section } from "./model.js";
import { SECTIONS } from "./model.js";
import { renderPdfSvg } from "./pdf-svg.js";
import { fieldOf, groups } from "./text.js";

export const FONT_SIZE = 13;
const LINE_H = 17; // one line of text inside a box
const PAD_X = 5;
const PAD_Y = 3;
const GAP_X = 6;
const GAP_ROW = 3; // between sheet lines of one block
const GAP_BLOCK = 8; // between blocks (blank input lines)
const GUTTER = 88; // the input line numbers
const MARGIN = 16;
const MAX_TEXT = 34 * FONT_SIZE; // a box's text wraps past this many pixels
const PAGE_WIDTH = 1320; // rows wrap past this

interface Style {
  fill: string;
  stroke: string;
  ink: string;
  dash?: boolean;
  name: string;
}

export const SECTION_STYLES: Record<Section, Style> = {
  header: { fill: "#a5d8ff", stroke: "#1971c2", ink: "#0b2545", name: "header (番号, 取組事業名, 担当部署 …)" },
  "overall.plan": { fill: "#96f2d7", stroke: "#099268", ink: "#063b2c", name: "overall: 取組年度, 効果, 最終目標" },
  "overall.years": { fill: "#b2f2bb", stroke: "#2f9e44", ink: "#0b3d16", name: "overall.years (年度, 区分, その他効果)" },
  "overall.indicator": { fill: "#ffe066", stroke: "#e67700", ink: "#3d2a00", name: "overall.indicator (成果指標)" },
  "overall.effectAmounts": { fill: "#ffc078", stroke: "#d9480f", ink: "#3d1500", name: "overall.effectAmounts (効果額)" },
  "annual.plan": { fill: "#d0bfff", stroke: "#6741d9", ink: "#1f0f4d", name: "annual: 区分, 取組内容・目標" },
  "annual.tasks": { fill: "#eebefa", stroke: "#ae3ec9", ink: "#3b0a47", name: "annual.tasks (取組項目)" },
  "annual.firstHalf": { fill: "#fcc2d7", stroke: "#c2255c", ink: "#4a0a22", name: "annual.firstHalf (上半期)" },
  "annual.yearEnd": { fill: "#99e9f2", stroke: "#0c8599", ink: "#053a42", name: "annual.yearEnd (年度末)" },
  "annual.evaluation": { fill: "#d8f5a2", stroke: "#66a80f", ink: "#233d05", name: "annual.evaluation (評価)" },
  label: { fill: "#e9ecef", stroke: "#adb5bd", ink: "#495057", name: "label of the form" },
  claimed: { fill: "#ffffff", stroke: "#868e96", ink: "#495057", dash: true, name: "claimed: read, no field recorded" },
  unplaced: { fill: "#fff4e6", stroke: "#e8590c", ink: "#7a2a00", dash: true, name: "unplaced value (warning)" },
  unmapped: { fill: "#fa5252", stroke: "#a51111", ink: "#ffffff", name: "unmapped text (warning)" },
};

const KIND_NAMES: Record<string, string> = { overall: "全体計画", annual: "単年度" };

export function renderSvg(ins: Inspection, pages: readonly InspectPage[]): string {
  if (ins.format === "pdf") return renderPdfSvg(ins, pages);
  const body: string[] = [];
  let y = MARGIN;

  const heading = `apsheet inspect ${ins.file}${ins.error ? ` (${ins.error.message})` : ""}`;
  body.push(text(MARGIN, y + 16, heading, "h1"));
  y += 28;
  const legend = renderLegend(y);
  body.push(legend.svg);
  y = legend.bottom + 10;
  let width = legend.right;

  for (const page of pages) {
    const kind = page.kind ? KIND_NAMES[page.kind] : "no page title";
    const title = `page ${page.page}: ${kind}${page.planNo ? ` ${page.planNo}` : ""} — input lines ${page.firstLine}–${page.lastLine}`;
    body.push(`<g class="page" data-page="${page.page}">`);
    body.push(`<rect class="band" x="0" y="${y}" width="100%" height="26"/>`);
    body.push(text(MARGIN, y + 18, title, "h2"));
    y += 34;
    let lastBlock: number | undefined;
    for (const line of page.lines) {
      if (lastBlock !== undefined) y += line.block !== lastBlock ? GAP_BLOCK : GAP_ROW;
      lastBlock = line.block;
      const row = layoutRow(line.tokens, y);
      const range = line.lineEnd > line.no ? `${line.no}–${line.lineEnd}` : String(line.no);
      body.push(`<g class="row" data-line="${line.no}">`);
      body.push(text(GUTTER - 10, y + PAD_Y + LINE_H - 4, range, "ln", "end"));
      body.push(...row.svg);
      const cap = caption(line.tokens);
      if (cap) {
        body.push(text(row.lastX + 4, row.lastY + PAD_Y + LINE_H - 4, cap, "cap"));
        width = Math.max(width, row.lastX + 4 + textWidth(cap) * 0.85);
      }
      body.push("</g>");
      y = row.bottom;
      width = Math.max(width, row.right);
    }
    body.push("</g>");
    y += 18;
  }

  const W = Math.ceil(width + MARGIN);
  const H = Math.ceil(y + MARGIN);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<title>${esc(heading)}</title>`,
    `<style>${styleSheet()}</style>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}

export function styleSheet(): string {
  const rules = [
    `text{font-family:"IPAexGothic","IPAGothic","Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic","Meiryo",sans-serif;font-size:${FONT_SIZE}px;white-space:pre}`,
    `.h1{font-size:16px;font-weight:bold;fill:#212529}`,
    `.h2{font-size:14px;font-weight:bold;fill:#212529}`,
    `.band{fill:#f1f3f5}`,
    `.ln{fill:#868e96;font-size:11px}`,
    `.note{fill:#495057;font-size:12px}`,
    `.cap{fill:#868e96;font-size:11px}`,
    `rect.box{stroke-width:1}`,
    `.tok rect.box.empty,.legend rect.box.empty{stroke:#c92a2a;stroke-width:2.5;stroke-dasharray:5 3}`,
  ];
  for (const s of SECTIONS) {
    const st = SECTION_STYLES[s];
    const cls = cssClass(s);
    rules.push(`.${cls} rect.box{fill:${st.fill};stroke:${st.stroke}${st.dash ? ";stroke-dasharray:4 2" : ""}}`);
    rules.push(`.${cls} text{fill:${st.ink}}`);
  }
  return rules.join("\n");
}

export function cssClass(s: Section): string {
  return `s-${s.replace(/\./g, "-")}`;
}

const LEGEND_NOTE = "red dashed edge: the token's fate names a field the record leaves empty · hover a box for its field and input line";

/** The legend: one swatch per section, flowing over as many rows as it needs, then the notes. */
export function renderLegend(top: number, maxRight = PAGE_WIDTH, note = LEGEND_NOTE): { svg: string; bottom: number; right: number } {
  const out: string[] = ['<g class="legend">'];
  let x = MARGIN;
  let y = top;
  let right = x;
  for (const s of SECTIONS) {
    const name = SECTION_STYLES[s].name;
    const w = 22 + textWidth(name) + 18;
    if (x + w > maxRight && x > MARGIN) {
      x = MARGIN;
      y += 22;
    }
    out.push(`<g class="${cssClass(s)}"><title>${esc(s)}</title>`);
    out.push(`<rect class="box" x="${x}" y="${y}" width="16" height="14" rx="2"/>`);
    out.push(`<text x="${x + 22}" y="${y + 12}" style="fill:#212529">${esc(name)}</text></g>`);
    x += w;
    right = Math.max(right, x);
  }
  y += 22;
  out.push(`<rect class="box empty" x="${MARGIN}" y="${y}" width="16" height="14" rx="2" fill="#ffffff"/>`);
  out.push(text(MARGIN + 22, y + 12, note, "note"));
  right = Math.max(right, MARGIN + 22 + textWidth(note));
  out.push("</g>");
  return { svg: out.join("\n"), bottom: y + 16, right };
}

interface Box {
  token: InspectToken;
  lines: string[];
  w: number;
  h: number;
}

function layoutRow(tokens: readonly InspectToken[], top: number): { svg: string[]; bottom: number; right: number; lastX: number; lastY: number } {
  const boxes: Box[] = tokens.map((token) => {
    const lines = wrap(token.text, MAX_TEXT);
    const w = Math.max(...lines.map(textWidth)) + 2 * PAD_X;
    return { token, lines, w: Math.max(w, 18), h: lines.length * LINE_H + 2 * PAD_Y };
  });
  const svg: string[] = [];
  let x = GUTTER;
  let y = top;
  let rowH = LINE_H + 2 * PAD_Y;
  let right = x;
  for (const b of boxes) {
    if (x + b.w > PAGE_WIDTH && x > GUTTER) {
      x = GUTTER + 24;
      y += rowH + GAP_ROW;
      rowH = LINE_H + 2 * PAD_Y;
    }
    svg.push(renderBox(b, x, y));
    x += b.w + GAP_X;
    rowH = Math.max(rowH, b.h);
    right = Math.max(right, x);
  }
  return { svg, bottom: y + rowH, right, lastX: x, lastY: y };
}

/** What a row fed, beside it, so the picture reads without hovering: `→ overall.indicator.actual.byYear.{2016,…}`. */
function caption(tokens: readonly InspectToken[]): string {
  const parts: string[] = [];
  for (const g of groups(tokens)) {
    const t = g[0]!;
    if (t.kind === "value") {
      const how = t.how === "placed" || t.how === "continued" ? ` (${t.how})` : "";
      parts.push(`${fieldOf(g)}${how}${t.emptyInRecord ? " (empty in the record)" : ""}`);
    }
    else if (t.kind === "unplaced") parts.push(`unplaced${t.field ? `: ${t.field}` : ""}`);
    else if (t.kind === "unmapped") parts.push(`unmapped${t.warning ? ` (${t.warning.code})` : ""}`);
  }
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  return unique.length ? `→ ${unique.join(" · ")}` : "";
}

function renderBox(b: Box, x: number, y: number): string {
  const t = b.token;
  const attrs = [`class="tok ${cssClass(t.section)}"`, `data-kind="${t.kind}"`, `data-line="${t.line}"`];
  if (t.field) attrs.push(`data-field="${esc(t.field)}"`);
  const tspans = b.lines
    .map((l, i) => `<tspan x="${x + PAD_X}" y="${y + PAD_Y + LINE_H * (i + 1) - 4}">${esc(l)}</tspan>`)
    .join("");
  return (
    `<g ${attrs.join(" ")}><title>${esc(titleOf(t))}</title>` +
    `<rect class="box${t.emptyInRecord ? " empty" : ""}" x="${x}" y="${y}" width="${round(b.w)}" height="${b.h}" rx="3"/>` +
    `<text>${tspans}</text></g>`
  );
}

/** The tooltip: the field first (what a box is about), then where and how. */
export function titleOf(t: InspectToken): string {
  const where = t.box ? `bbox [${t.box.map(round).join(", ")}]` : t.lineEnd > t.line ? `input lines ${t.line}–${t.lineEnd}` : `input line ${t.line}`;
  const lines: string[] = [];
  switch (t.kind) {
    case "value":
      lines.push(t.field ?? "");
      if (t.how === "placed") lines.push(`placed by assembly (the record's provenance names this ${t.box ? "cell" : "line"})`);
      if (t.how === "continued") lines.push("a wrapped line of the cell above");
      if (t.emptyInRecord) lines.push("the record leaves this field empty");
      break;
    case "label":
      lines.push(`label${t.label ? ` ${t.label}` : ""}`);
      break;
    case "claimed":
      lines.push(t.fate === undefined ? "not read (no plan sheet was found)" : "claimed: read by a parser, no field recorded");
      break;
    case "unplaced":
      lines.push(`unplaced${t.field ? `: ${t.field}` : ""}`);
      break;
    case "unmapped":
      lines.push("unmapped");
      break;
  }
  if (t.warning) lines.push(`${t.warning.code}: ${t.warning.message}`);
  lines.push(where);
  return lines.join("\n");
}

function text(x: number, y: number, s: string, cls: string, anchor?: "end"): string {
  return `<text class="${cls}" x="${x}" y="${y}"${anchor ? ` text-anchor="${anchor}"` : ""}>${esc(s)}</text>`;
}

/** Estimated width in pixels: East Asian wide characters 1em, the rest about 0.6em. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

export function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 0xff61 && c <= 0xff9f) return FONT_SIZE * 0.55; // half-width katakana
  if (c >= 0x2e80 || (c >= 0x2190 && c <= 0x2bff) || c === 0x203b || (c >= 0x1100 && c <= 0x115f)) return FONT_SIZE;
  if (/[A-Z%@#&MW]/.test(ch)) return FONT_SIZE * 0.68;
  return FONT_SIZE * 0.58;
}

/** Text broken into pieces no wider than max (at any character: Japanese has no spaces to break at). */
export function wrap(s: string, max: number): string[] {
  const out: string[] = [];
  let cur = "";
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch);
    if (w + cw > max && cur !== "") {
      out.push(cur);
      cur = "";
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  out.push(cur);
  return out;
}

// XML 1.0 allows no C0 controls but tab, LF and CR, and no U+FFFE/U+FFFF; lone surrogates cannot be encoded.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text safe inside an element or a double-quoted attribute. */
export function esc(s: string): string {
  return s
    .replace(NOT_XML, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;");
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}
