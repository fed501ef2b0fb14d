/**
 * `apsheet inspect --svg` for PDF input: the page as the reader saw it. The SVG is the page
 * (PDF points, y flipped so it stands upright), every ruled cell outlined where it stands, each
 * token's box filled by the part of the record it fed (the colours and legend of svg.ts:
 * labels grey, claimed white and dashed, unmapped red) with its text inside, shrunk to fit,
 * wrapped and clipped to the box. Text outside the grid (the page title) is drawn where it
 * stands, boxed the same way. At the left edge each grid row carries its `y=N`, as the
 * listing does. Hovering a box shows its `<title>`: the field path, then how it was found,
 * then its bbox. The whole book is its pages one under another, each under a title band.
 *
 * Standalone SVG 1.1: no scripts, no external references (clip paths are local `url(#…)`).
 */
import type { Box } from "../../tokenize/pdf-model.js";
import type { InspectLine, InspectPage, InspectToken, Inspection } from "./model.js";
import { cssClass, esc, FONT_SIZE, renderLegend, round, styleSheet, titleOf, wrap } from "./svg.js";

const MARGIN = 10; // around the pages, in points
const BAND = 16; // the title band above each page
const GAP = 14; // between pages
const LEGEND_SCALE = 0.6; // svg.ts draws the legend in its own (pixel) units
const PAD = 1.5; // between a cell's edge and its text
const INSET = 0.9; // a token's box inside its cell's rule
const MAX_FONT = 8; // the fixture books print at about 9 pt: a little smaller leaves room
const MIN_FONT = 3.5;
const LEADING = 1.18;

const KIND_NAMES: Record<string, string> = { overall: "全体計画", annual: "単年度" };

const NOTE = "red dashed edge: the token's fate names a field the record leaves empty · hover a box for its field and bbox · y=N: a grid row's top edge in points";

export function renderPdfSvg(ins: Inspection, pages: readonly InspectPage[]): string {
  const width = Math.max(0, ...pages.map((p) => p.pdf?.width ?? 0), 300);
  const W = round(width + 2 * MARGIN);
  const body: string[] = [];
  let y = MARGIN;

  const heading = `apsheet inspect ${ins.file}${ins.error ? ` (${ins.error.message})` : ""}`;
  body.push(`<text class="ph1" x="${MARGIN}" y="${y + 9}">${esc(heading)}</text>`);
  y += 15;
  for (const n of ins.notes ?? []) {
    body.push(`<text class="pnote" x="${MARGIN}" y="${y + 6}">${esc(`note: ${n}`)}</text>`);
    y += 10;
  }
  // The legend is laid out in svg.ts's pixels; scaled down it fits the page's width.
  const legend = renderLegend(y / LEGEND_SCALE, W / LEGEND_SCALE - 16, NOTE);
  body.push(`<g transform="scale(${LEGEND_SCALE})">`, legend.svg, "</g>");
  y = legend.bottom * LEGEND_SCALE + 8;

  for (const page of pages) {
    const size = page.pdf ?? { width, height: fallbackHeight(page), cells: [] };
    const kind = page.kind ? KIND_NAMES[page.kind] : "no page title";
    const title = `page ${page.page}: ${kind}${page.planNo ? ` ${page.planNo}` : ""} — ${Math.round(size.width)}×${Math.round(size.height)} pt`;
    body.push(`<rect class="band" x="0" y="${round(y)}" width="${W}" height="${BAND}"/>`);
    body.push(`<text class="ph2" x="${MARGIN}" y="${round(y + 11.5)}">${esc(title)}</text>`);
    y += BAND + 4;
    body.push(renderPage(page, size, MARGIN, y));
    y += size.height + GAP;
  }

  const H = round(y - GAP + MARGIN);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${W}pt" height="${H}pt" viewBox="0 0 ${W} ${H}">`,
    `<title>${esc(heading)}</title>`,
    `<style>${styleSheet()}\n${PDF_RULES.join("\n")}</style>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}

/** Sizes in points; these rules come after svg.ts's and win where they meet. */
const PDF_RULES = [
  `.ph1{font-size:9px;font-weight:bold;fill:#212529}`,
  `.ph2{font-size:8.5px;font-weight:bold;fill:#212529}`,
  `.pnote{font-size:6.5px;fill:#c92a2a}`,
  `.paper{fill:#ffffff;stroke:#adb5bd;stroke-width:0.5}`,
  `.sheet rect.box{stroke-width:0.6}`,
  `.sheet .tok rect.box.empty{stroke-width:1.4;stroke-dasharray:3 1.5}`,
  `.sheet rect.cell{fill:none;stroke:#343a40;stroke-width:0.45}`,
  `.sheet .y{fill:#868e96;font-size:5.5px}`,
];

/** A page without its grid (should not happen): as tall as its lowest token needs. */
function fallbackHeight(page: InspectPage): number {
  return Math.max(100, ...page.lines.flatMap((l) => l.tokens.map((t) => t.box?.[3] ?? 0)));
}

function renderPage(page: InspectPage, size: { width: number; height: number; cells: Box[] }, left: number, top: number): string {
  const H = size.height;
  // PDF user space (origin bottom-left) → the picture (origin top-left).
  const rect = (b: Box) => ({ x: round(b[0]), y: round(H - b[3]), w: round(b[2] - b[0]), h: round(b[3] - b[1]) });
  const out: string[] = [`<g class="page sheet" data-page="${page.page}" transform="translate(${round(left)},${round(top)})">`];
  out.push(`<rect class="paper" x="0" y="0" width="${round(size.width)}" height="${round(H)}"/>`);

  // The row marks, in the margin left of the grid (when there is one to write in).
  const gridLeft = Math.min(...size.cells.map((c) => c[0]));
  if (Number.isFinite(gridLeft) && gridLeft >= 16) {
    for (const line of page.lines) {
      if (line.y === undefined || line.loose) continue;
      out.push(`<text class="y" x="${round(gridLeft - 1.5)}" y="${round(H - line.y + 5.5)}" text-anchor="end">y=${Math.round(line.y)}</text>`);
    }
  }

  let n = 0;
  for (const line of page.lines) {
    for (const t of line.tokens) {
      if (!t.box) continue;
      out.push(renderToken(t, line, rect(t.box), `c${page.page}-${n++}`));
    }
  }
  // The ruled grid on top, as printed: every cell, empty ones too.
  for (const c of size.cells) {
    const r = rect(c);
    out.push(`<rect class="cell" x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}"/>`);
  }
  out.push("</g>");
  return out.join("\n");
}

function renderToken(t: InspectToken, line: InspectLine, r: { x: number; y: number; w: number; h: number }, id: string): string {
  const attrs = [`class="tok ${cssClass(t.section)}"`, `data-kind="${t.kind}"`];
  if (t.field) attrs.push(`data-field="${esc(t.field)}"`);
  attrs.push(`data-bbox="${t.box!.map(round).join(" ")}"`);
  if (line.loose) attrs.push(`data-loose="true"`);
  const head = `<g ${attrs.join(" ")}><title>${esc(titleOf(t))}</title>`;
  if (line.loose) {
    // Text outside the grid: its box is the text's own extent, so the text fills it.
    const size = round(Math.max(MIN_FONT, Math.min(r.h * 0.9, 14)));
    return (
      head +
      `<rect class="box${t.emptyInRecord ? " empty" : ""}" x="${round(r.x - 1)}" y="${round(r.y - 1)}" width="${round(r.w + 2)}" height="${round(r.h + 2)}" rx="1"/>` +
      `<text x="${r.x}" y="${round(r.y + r.h * 0.85)}" style="font-size:${size}px" textLength="${r.w}" lengthAdjust="spacingAndGlyphs">${esc(t.text)}</text></g>`
    );
  }
  const fit = fitText(t.text, r.w - 2 * PAD, r.h - 2 * PAD, t.kind === "label");
  const lineH = fit.size * LEADING;
  const block = fit.lines.length * lineH;
  const first = r.y + (r.h - block) / 2 + fit.size * 0.88;
  const centred = t.kind === "label" || fit.vertical;
  const x = centred ? r.x + r.w / 2 : r.x + PAD;
  const tspans = fit.lines.map((l, i) => `<tspan x="${round(x)}" y="${round(first + i * lineH)}">${esc(l)}</tspan>`).join("");
  return (
    head +
    `<clipPath id="${id}"><rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}"/></clipPath>` +
    // Inset, so the section's edge (dashed for claimed) shows inside the printed rule.
    `<rect class="box${t.emptyInRecord ? " empty" : ""}" x="${round(r.x + INSET)}" y="${round(r.y + INSET)}" width="${round(Math.max(0, r.w - 2 * INSET))}" height="${round(Math.max(0, r.h - 2 * INSET))}"/>` +
    `<text clip-path="url(#${id})" style="font-size:${fit.size}px"${centred ? ` text-anchor="middle"` : ""}>${tspans}</text></g>`
  );
}

/**
 * The largest size (MAX_FONT down to MIN_FONT) at which the text, wrapped at any character,
 * fits the box; at the smallest, as many lines as fit, the last one cut with "…". A tall narrow
 * cell (the stacked labels 効果額, 成果指標) takes one character a line.
 */
export function fitText(text: string, w: number, h: number, label: boolean): { size: number; lines: string[]; vertical: boolean } {
  const vertical = h > 2.5 * w && label;
  for (let size = MAX_FONT; size >= MIN_FONT; size -= 0.5) {
    const lines = wrapTo(text, vertical ? Math.min(w, size * 1.05) : w, size);
    if (lines.length * size * LEADING <= h + 0.5) return { size, lines, vertical };
  }
  const lines = wrapTo(text, vertical ? Math.min(w, MIN_FONT * 1.05) : w, MIN_FONT);
  const room = Math.max(1, Math.floor((h + 0.5) / (MIN_FONT * LEADING)));
  if (lines.length > room) {
    lines.length = room;
    lines[room - 1] = `${[...lines[room - 1]!].slice(0, -1).join("")}…`;
  }
  return { size: MIN_FONT, lines, vertical };
}

/** Text broken into lines no wider than w points at this font size: svg.ts's wrap, at that scale. */
function wrapTo(text: string, w: number, size: number): string[] {
  return wrap(text, w / (size / FONT_SIZE));
}
