/**
 * One PDF page (text items + ruling lines) → a grid of cells with their text lines.
 *
 * Grid. Horizontal rules give the row boundaries and vertical rules the column boundaries: their
 * coordinates are clustered (RULE_TOLERANCE), collinear pieces on one boundary are joined, and
 * the page between the outermost boundaries is cut into elementary cells. Two neighbouring
 * elementary cells belong to one (merged) cell when the border between them is not drawn (less
 * than half of it covered by rules). A connected region is a Cell when it is a rectangle and its
 * whole outline is drawn; other regions (the page around the table, notches beside a narrower
 * row) are not cells. Row and column indices count elementary rows and columns from the top left,
 * so a merged cell's rowSpan / colSpan says how many it covers.
 *
 * Text. Each item goes to the cell holding its centre; an item whose characters fall in more than
 * one cell (pdf.js can join the texts of neighbouring cells into one item) is first cut at the
 * borders, placing its characters by their display widths (half-width 0.5, full-width 1; runs of
 * spaces take up whatever width the characters leave over). Inside a cell, items form lines by
 * baseline (centres within LINE_TOLERANCE × font size), lines run top to bottom and items left to
 * right; items of a line are joined with a space only where the gap is wider than
 * SPACE_GAP × font size. Sideways items (rotated 90° / 270°, or `ttb`) are lines of their own.
 * A stacked label — two or more consecutive one-glyph lines of non-ASCII text, centred on one
 * vertical and at most STACK_GAP × font size apart — is joined into one line (`効`/`果`/`額` →
 * `効果額`). Text in no cell goes to `loose`, in lines, split where a gap is wider than
 * LOOSE_GAP × font size.
 *
 * Fallback. A page without a usable grid (fewer than two row or column boundaries, or no closed
 * cell) is laid out from the text alone: each line of the page (as above) is cut at gaps wider
 * than FALLBACK_GAP × font size into cells, a line is a grid row, and columns are the clusters of
 * the cells' left edges (within one font size). No merged cells; nothing is loose. It is only
 * meant to keep unruled pages readable, not to recover a table's structure.
 */
import { displayWidth } from "../normalize/text.js";
import type { Box, Cell, CellGrid, CellLine, PdfItem, PdfPage, Rule } from "./pdf-model.js";

/** Rule coordinates closer than this (pt) are one boundary. */
export const RULE_TOLERANCE = 1.5;
/** Collinear rule pieces with a gap up to this (pt) are joined. */
const JOIN_GAP = 2.5;
/** A border is drawn when rules cover at least this share of it. */
const COVERED_SHARE = 0.5;
/** Items whose centres are this close (× font size) across the baseline are on one line. */
const LINE_TOLERANCE = 0.45;
/** A gap wider than this (× font size) between items of a line becomes a space. */
const SPACE_GAP = 0.5;
/** Consecutive one-glyph lines at most this far apart (top to top, × font size) stack. */
const STACK_GAP = 1.6;
/** Loose text: a gap wider than this (× font size) splits a line. */
const LOOSE_GAP = 4;
/** Fallback without rules: a gap wider than this (× font size) separates cells. */
const FALLBACK_GAP = 1.5;

// ---------------------------------------------------------------------------------------------
// Boundaries

interface Seg {
  /** Position across (y of a horizontal rule, x of a vertical one). */
  at: number;
  from: number;
  to: number;
}

/** Cluster positions (weighted by rule length); returns cluster centres ascending. */
function clusterPositions(segs: Seg[], tol: number): number[] {
  const sorted = [...segs].sort((a, b) => a.at - b.at);
  const out: number[] = [];
  let sum = 0;
  let weight = 0;
  let last = -Infinity;
  for (const s of sorted) {
    const w = Math.max(s.to - s.from, 0.01);
    if (s.at - last > tol && weight > 0) {
      out.push(sum / weight);
      sum = 0;
      weight = 0;
    }
    sum += s.at * w;
    weight += w;
    last = s.at;
  }
  if (weight > 0) out.push(sum / weight);
  return out;
}

/** Index of the boundary nearest to v within tol, or -1. */
function nearest(bounds: number[], v: number, tol: number): number {
  let best = -1;
  let bestD = tol;
  for (let i = 0; i < bounds.length; i++) {
    const d = Math.abs(bounds[i]! - v);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

/** Union of intervals, joining pieces closer than gap. */
function joinIntervals(iv: [number, number][], gap: number): [number, number][] {
  const sorted = [...iv].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + gap) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function coveredLength(iv: [number, number][], from: number, to: number): number {
  let len = 0;
  for (const [a, b] of iv) len += Math.max(0, Math.min(b, to) - Math.max(a, from));
  return len;
}

export interface Lattice {
  /** Column boundaries, left to right. */
  xs: number[];
  /** Row boundaries, top to bottom (descending y). */
  ys: number[];
  /** Drawn pieces on each column boundary (y intervals) and row boundary (x intervals). */
  vAt: [number, number][][];
  hAt: [number, number][][];
}

/** Row and column boundaries from the rules, with the drawn pieces of each. Exported for tests. */
export function latticeOf(rules: readonly Rule[], tol = RULE_TOLERANCE): Lattice {
  const h: Seg[] = [];
  const v: Seg[] = [];
  for (const r of rules) {
    if (Math.abs(r.y1 - r.y0) <= Math.abs(r.x1 - r.x0)) h.push({ at: (r.y0 + r.y1) / 2, from: Math.min(r.x0, r.x1), to: Math.max(r.x0, r.x1) });
    else v.push({ at: (r.x0 + r.x1) / 2, from: Math.min(r.y0, r.y1), to: Math.max(r.y0, r.y1) });
  }
  const xs = clusterPositions(v, tol);
  const ys = clusterPositions(h, tol).reverse();
  const vAt: [number, number][][] = xs.map(() => []);
  const hAt: [number, number][][] = ys.map(() => []);
  for (const s of v) vAt[nearest(xs, s.at, tol * 2)]?.push([s.from, s.to]);
  for (const s of h) hAt[nearest(ys, s.at, tol * 2)]?.push([s.from, s.to]);
  return {
    xs,
    ys,
    vAt: vAt.map((iv) => joinIntervals(iv, JOIN_GAP)),
    hAt: hAt.map((iv) => joinIntervals(iv, JOIN_GAP)),
  };
}

interface GridCells {
  cells: Cell[];
  /** owner[row][col] = index into cells, or -1 outside every cell. */
  owner: number[][];
  xs: number[];
  ys: number[];
}

/** Merged cells from a lattice (no text yet). */
function cellsOf(lat: Lattice): GridCells {
  const { xs, ys, vAt, hAt } = lat;
  const R = ys.length - 1;
  const C = xs.length - 1;
  const tol = RULE_TOLERANCE;
  // vDrawn[i][j]: the part of column boundary j beside row i is drawn; hDrawn[i][j]: row boundary i above column j.
  const vDrawn = Array.from({ length: Math.max(R, 0) }, (_, i) =>
    xs.map((_, j) => {
      const top = ys[i]!;
      const bottom = ys[i + 1]!;
      return coveredLength(vAt[j]!, bottom - tol, top + tol) >= COVERED_SHARE * (top - bottom);
    }),
  );
  const hDrawn = ys.map((_, i) =>
    Array.from({ length: Math.max(C, 0) }, (_, j) => {
      const left = xs[j]!;
      const right = xs[j + 1]!;
      return coveredLength(hAt[i]!, left - tol, right + tol) >= COVERED_SHARE * (right - left);
    }),
  );

  const parent = Array.from({ length: Math.max(R * C, 0) }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]!]!;
      k = parent[k]!;
    }
    return k;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      if (j + 1 < C && !vDrawn[i]![j + 1]) union(i * C + j, i * C + j + 1);
      if (i + 1 < R && !hDrawn[i + 1]![j]) union(i * C + j, (i + 1) * C + j);
    }
  }

  interface Region {
    r0: number;
    r1: number;
    c0: number;
    c1: number;
    n: number;
  }
  const regions = new Map<number, Region>();
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const root = find(i * C + j);
      const g = regions.get(root);
      if (!g) regions.set(root, { r0: i, r1: i, c0: j, c1: j, n: 1 });
      else {
        g.r0 = Math.min(g.r0, i);
        g.r1 = Math.max(g.r1, i);
        g.c0 = Math.min(g.c0, j);
        g.c1 = Math.max(g.c1, j);
        g.n++;
      }
    }
  }

  const owner = Array.from({ length: Math.max(R, 0) }, () => new Array<number>(Math.max(C, 0)).fill(-1));
  const cells: Cell[] = [];
  const ordered = [...regions.values()].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  for (const g of ordered) {
    if (g.n !== (g.r1 - g.r0 + 1) * (g.c1 - g.c0 + 1)) continue;
    let closed = true;
    for (let j = g.c0; j <= g.c1 && closed; j++) closed = hDrawn[g.r0]![j]! && hDrawn[g.r1 + 1]![j]!;
    for (let i = g.r0; i <= g.r1 && closed; i++) closed = vDrawn[i]![g.c0]! && vDrawn[i]![g.c1 + 1]!;
    if (!closed) continue;
    const idx = cells.length;
    cells.push({
      box: [xs[g.c0]!, ys[g.r1 + 1]!, xs[g.c1 + 1]!, ys[g.r0]!].map(round2) as Box,
      row: g.r0,
      col: g.c0,
      rowSpan: g.r1 - g.r0 + 1,
      colSpan: g.c1 - g.c0 + 1,
      lines: [],
    });
    for (let i = g.r0; i <= g.r1; i++) for (let j = g.c0; j <= g.c1; j++) owner[i]![j] = idx;
  }
  return { cells, owner, xs, ys };
}

/** Index i with bounds[i] <= v < bounds[i+1] (ascending bounds), or -1. */
function bandAsc(bounds: number[], v: number): number {
  if (bounds.length < 2 || v < bounds[0]! || v > bounds[bounds.length - 1]!) return -1;
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function cellIndexAt(g: GridCells, x: number, y: number): number {
  const j = bandAsc(g.xs, x);
  if (j < 0) return -1;
  const desc = g.ys;
  // Rows: ys descending; find i with ys[i] >= y > ys[i+1].
  if (desc.length < 2 || y > desc[0]! || y < desc[desc.length - 1]!) return -1;
  let lo = 0;
  let hi = desc.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (desc[mid]! >= y) lo = mid;
    else hi = mid - 1;
  }
  return g.owner[lo]?.[j] ?? -1;
}

// ---------------------------------------------------------------------------------------------
// Items → pieces per cell

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Whether a one-character string is whitespace (what /^\s$/u matches). */
const isSpace = (ch: string): boolean => ch.length === 1 && isSpaceCode(ch.charCodeAt(0));

function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** 0 along +x, 90 along +y, 180 along −x, 270 along −y; null for other angles. */
function axisOf(it: PdfItem): 0 | 90 | 180 | 270 | null {
  if (it.dir === "ttb") return 270;
  const r = ((Math.round(it.rotation) % 360) + 360) % 360;
  for (const a of [0, 90, 180, 270] as const) if (Math.min(Math.abs(r - a), 360 - Math.abs(r - a)) <= 2) return a;
  return null;
}

/**
 * Where each character of an item sits along its direction, as [start, end] fractions of the
 * item's length: characters by display width, and whitespace runs sharing any width left over
 * (pdf.js puts a space where it saw a gap, whatever the gap's size).
 */
export function charSpans(chars: string[], length: number, fontSize: number): [number, number][] {
  const widths: number[] = new Array(chars.length);
  let spaces = 0;
  let glyphs = 0;
  for (let k = 0; k < chars.length; k++) {
    const ch = chars[k]!;
    const w = isSpace(ch) ? (spaces++, 0) : displayWidth(ch);
    widths[k] = w;
    glyphs += w;
  }
  const natural = glyphs * fontSize;
  let unit: number;
  let spaceW: number;
  if (spaces > 0 && length > natural + 0.1 * fontSize && glyphs > 0) {
    unit = fontSize;
    spaceW = (length - natural) / spaces;
  } else {
    const total = glyphs + spaces * 0.5;
    unit = total > 0 ? length / total : 0;
    spaceW = 0.5 * unit;
  }
  const out: [number, number][] = [];
  let at = 0;
  for (let k = 0; k < chars.length; k++) {
    const w = isSpace(chars[k]!) ? spaceW : widths[k]! * unit;
    out.push([length > 0 ? at / length : 0, length > 0 ? (at + w) / length : 0]);
    at += w;
  }
  return out;
}

/** An item cut to the part of it that lies in one cell (or one piece of loose text). */
interface Piece {
  str: string;
  box: Box;
  axis: 0 | 90 | 180 | 270 | null;
  fontSize: number;
  /** centreY(box), kept (lines are grouped and sorted by it). */
  cy: number;
}

const piece = (str: string, box: Box, axis: Piece["axis"], fontSize: number): Piece => ({ str, box, axis, fontSize, cy: (box[1] + box[3]) / 2 });

/** Split an item into pieces by the cell each character's centre falls in (-1: no cell). */
function splitItem(it: PdfItem, cellAt: (x: number, y: number) => number): { cell: number; piece: Piece }[] {
  const axis = axisOf(it);
  const [x0, y0, x1, y1] = it.box;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const whole = (cell: number) => [{ cell, piece: piece(it.str, it.box, axis, it.fontSize) }];
  if (axis === null) return whole(cellAt(cx, cy));
  const horizontal = axis === 0 || axis === 180;
  // Cells are rectangles: when both ends of the item lie in one cell, every character (and the
  // centre) does, and the item is that cell's whole.
  const endA = horizontal ? cellAt(x0, cy) : cellAt(cx, y0);
  if (endA >= 0 && endA === (horizontal ? cellAt(x1, cy) : cellAt(cx, y1))) return whole(endA);
  const chars = [...it.str];
  if (chars.length < 2) return whole(cellAt(cx, cy));
  const start = horizontal ? (axis === 0 ? x0 : x1) : axis === 90 ? y0 : y1;
  const sign = axis === 0 || axis === 90 ? 1 : -1;
  const length = horizontal ? x1 - x0 : y1 - y0;
  const spans = charSpans(chars, length, it.fontSize);
  const at = (f: number) => start + sign * f * length;
  const owners = spans.map(([a, b]) => {
    const p = at((a + b) / 2);
    return horizontal ? cellAt(p, cy) : cellAt(cx, p);
  });
  // Spaces belong to whichever neighbour they touch; they never decide a split on their own.
  for (let k = 0; k < chars.length; k++) if (isSpace(chars[k]!)) owners[k] = Number.NaN;
  const firstOwner = owners.find((o) => !Number.isNaN(o));
  if (firstOwner === undefined) return whole(cellAt(cx, cy));
  if (owners.every((o) => Number.isNaN(o) || o === firstOwner)) return whole(firstOwner);
  const out: { cell: number; piece: Piece }[] = [];
  let k = 0;
  while (k < chars.length) {
    const owner = Number.isNaN(owners[k]!) ? (owners.slice(k).find((o) => !Number.isNaN(o)) ?? firstOwner) : owners[k]!;
    let e = k;
    while (e < chars.length && (Number.isNaN(owners[e]!) || owners[e] === owner)) e++;
    const str = chars.slice(k, e).join("");
    if (str.trim() !== "") {
      const a = at(spans[k]![0]);
      const b = at(spans[e - 1]![1]);
      const lo = round2(Math.min(a, b));
      const hi = round2(Math.max(a, b));
      const box: Box = horizontal ? [lo, y0, hi, y1] : [x0, lo, x1, hi];
      out.push({ cell: owner, piece: piece(str.trim(), box, axis, it.fontSize) });
    }
    k = e;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pieces → lines

function unionBox(boxes: Box[]): Box {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

interface Line extends CellLine {
  fontSize: number;
  /** Built from one upright glyph (a candidate for a stacked label). */
  glyph: boolean;
}

/**
 * Join the pieces of one line (already sorted along the reading direction): a space where the
 * gap is wider than SPACE_GAP × font size, nothing otherwise. `gap(a, b)` measures between them.
 */
function joinLine(pieces: Piece[], gap: (a: Piece, b: Piece) => number, maxGap = Infinity): Line[] {
  const out: Line[] = [];
  let text = "";
  let count = 0;
  let first: Piece | null = null;
  let prev: Piece | null = null;
  let fontSize = -Infinity;
  let b0 = Infinity;
  let b1 = Infinity;
  let b2 = -Infinity;
  let b3 = -Infinity;
  const flush = () => {
    if (count === 0) return;
    const t = text.trim();
    const box: Box = [round2(b0), round2(b1), round2(b2), round2(b3)];
    out.push({ text: t, box, fontSize, glyph: count === 1 && first!.axis === 0 && codePoints(t) === 1 });
    count = 0;
    text = "";
    first = prev = null;
    fontSize = b2 = b3 = -Infinity;
    b0 = b1 = Infinity;
  };
  for (const p of pieces) {
    if (prev) {
      const g = gap(prev, p);
      const fs = Math.max(prev.fontSize, p.fontSize);
      if (g > maxGap * fs) flush();
      else if (g > SPACE_GAP * fs && !endsWithSpace(text) && !startsWithSpace(p.str)) {
        // A gap of about one em between full-width characters is a printed full-width space (　).
        text += g > 0.8 * fs && isWide(lastCodePoint(text)) && isWide(p.str.codePointAt(0)) ? "\u3000" : " ";
      }
    }
    if (count === 0) first = p;
    count++;
    prev = p;
    text += p.str;
    fontSize = Math.max(fontSize, p.fontSize);
    b0 = Math.min(b0, p.box[0]);
    b1 = Math.min(b1, p.box[1]);
    b2 = Math.max(b2, p.box[2]);
    b3 = Math.max(b3, p.box[3]);
  }
  flush();
  return out;
}

const endsWithSpace = (s: string) => s.length > 0 && isSpaceCode(s.charCodeAt(s.length - 1));
const startsWithSpace = (s: string) => s.length > 0 && isSpaceCode(s.charCodeAt(0));

function lastCodePoint(s: string): number | undefined {
  if (s.length === 0) return undefined;
  const lo = s.charCodeAt(s.length - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && s.length > 1) {
    const hi = s.charCodeAt(s.length - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return s.codePointAt(s.length - 2);
  }
  return lo;
}

/** Outside Latin-1 and the half-width katakana: printed full-width. */
const isWide = (cp: number | undefined) => cp !== undefined && cp > 0xff && !(cp >= 0xff61 && cp <= 0xff9f);

function codePoints(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length) {
      const d = s.charCodeAt(k + 1);
      if (d >= 0xdc00 && d <= 0xdfff) k++;
    }
    n++;
  }
  return n;
}

/** Group upright pieces into lines by baseline; returns lines top to bottom. */
function uprightLines(pieces: Piece[], maxGap?: number): Line[] {
  const sorted = [...pieces].sort((a, b) => b.cy - a.cy || a.box[0] - b.box[0]);
  const rows: Piece[][] = [];
  // The open row's centre sum (added in row order) and largest font size.
  let sum = 0;
  let maxFs = -Infinity;
  for (const p of sorted) {
    const row = rows[rows.length - 1];
    if (row) {
      const ref = sum / row.length;
      const fs = Math.max(p.fontSize, maxFs);
      if (Math.abs(ref - p.cy) <= LINE_TOLERANCE * fs) {
        row.push(p);
        sum += p.cy;
        maxFs = Math.max(maxFs, p.fontSize);
        continue;
      }
    }
    rows.push([p]);
    sum = 0 + p.cy;
    maxFs = p.fontSize;
  }
  const out: Line[] = [];
  for (const row of rows) {
    const ltr = row.filter((p) => p.axis !== 180).sort((a, b) => a.box[0] - b.box[0]);
    out.push(...joinLine(ltr, gapLtr, maxGap));
    if (row.some((p) => p.axis === 180)) {
      const rtl = row.filter((p) => p.axis === 180).sort((a, b) => b.box[2] - a.box[2]);
      out.push(...joinLine(rtl, gapRtl, maxGap));
    }
  }
  return out;
}

const gapLtr = (a: Piece, b: Piece) => b.box[0] - a.box[2];
const gapRtl = (a: Piece, b: Piece) => a.box[0] - b.box[2];

const centreY = (p: { box: Box }) => (p.box[1] + p.box[3]) / 2;
const centreX = (p: { box: Box }) => (p.box[0] + p.box[2]) / 2;

/** Sideways pieces (90°, 270°, ttb): pieces on one baseline joined along it; each such run is a line. */
function sidewaysLines(pieces: Piece[]): Line[] {
  const out: Line[] = [];
  for (const axis of [90, 270] as const) {
    const mine = pieces.filter((p) => p.axis === axis);
    const sorted = [...mine].sort((a, b) => centreX(a) - centreX(b));
    const cols: Piece[][] = [];
    for (const p of sorted) {
      const col = cols[cols.length - 1];
      if (col && Math.abs(centreX(col[0]!) - centreX(p)) <= LINE_TOLERANCE * p.fontSize) col.push(p);
      else cols.push([p]);
    }
    // 90° (bottom to top): lines follow left to right; 270° and ttb: right to left.
    if (axis === 270) cols.reverse();
    for (const col of cols) {
      col.sort((a, b) => (axis === 90 ? a.box[1] - b.box[1] : b.box[3] - a.box[3]));
      out.push(...joinLine(col, (a, b) => (axis === 90 ? b.box[1] - a.box[3] : a.box[1] - b.box[3])));
    }
  }
  return out;
}

/** Join runs of stacked one-glyph lines into one line each. */
function stackLabels(lines: Line[]): Line[] {
  const out: Line[] = [];
  let k = 0;
  const stackable = (l: Line) => l.glyph && /[^\x00-\x7f]/u.test(l.text);
  while (k < lines.length) {
    const first = lines[k]!;
    let e = k + 1;
    if (stackable(first)) {
      while (e < lines.length) {
        const prev = lines[e - 1]!;
        const next = lines[e]!;
        const fs = Math.max(prev.fontSize, next.fontSize);
        if (!stackable(next)) break;
        if (Math.abs(centreX(prev) - centreX(next)) > 0.5 * fs) break;
        if (prev.box[3] - next.box[3] > STACK_GAP * fs) break;
        e++;
      }
    }
    if (e - k >= 2) {
      const run = lines.slice(k, e);
      out.push({ text: run.map((l) => l.text).join(""), box: unionBox(run.map((l) => l.box)), fontSize: first.fontSize, glyph: false });
    } else {
      out.push(first);
      e = k + 1;
    }
    k = e;
  }
  return out;
}

/** A cell's (or the loose text's) pieces → lines in reading order. */
function linesOf(pieces: Piece[], maxGap?: number): CellLine[] {
  if (pieces.length === 0) return [];
  const upright = pieces.filter((p) => p.axis === 0 || p.axis === 180 || p.axis === null);
  const sideways = pieces.filter((p) => p.axis === 90 || p.axis === 270);
  const lines = stackLabels(uprightLines(upright, maxGap));
  const all = [...lines, ...sidewaysLines(sideways)];
  // Top to bottom by the lines' tops, left to right on a tie.
  all.sort((a, b) => b.box[3] - a.box[3] || a.box[0] - b.box[0]);
  return all.filter((l) => l.text !== "").map((l) => ({ text: l.text, box: l.box }));
}

// ---------------------------------------------------------------------------------------------
// Fallback without rules

function fallbackGrid(page: PdfPage): CellGrid {
  const pieces: Piece[] = page.items.map((it) => piece(it.str, it.box, axisOf(it), it.fontSize));
  const lines = uprightLines(pieces.filter((p) => p.axis !== 90 && p.axis !== 270), FALLBACK_GAP);
  const sideways = sidewaysLines(pieces.filter((p) => p.axis === 90 || p.axis === 270));
  // Rows: lines sharing a baseline (uprightLines returned them split at gaps, in row order).
  const rows: Line[][] = [];
  for (const l of [...lines, ...sideways].sort((a, b) => centreY(b) - centreY(a) || a.box[0] - b.box[0])) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(centreY(row[0]!) - centreY(l)) <= LINE_TOLERANCE * l.fontSize) row.push(l);
    else rows.push([l]);
  }
  const lefts = clusterPositions(
    rows.flat().map((l) => ({ at: l.box[0], from: 0, to: 1 })),
    Math.max(1, ...rows.flat().map((l) => l.fontSize)),
  );
  const cells: Cell[] = [];
  rows.forEach((row, r) => {
    for (const l of row.sort((a, b) => a.box[0] - b.box[0])) {
      let col = 0;
      let best = Infinity;
      lefts.forEach((x, j) => {
        if (Math.abs(x - l.box[0]) < best) {
          best = Math.abs(x - l.box[0]);
          col = j;
        }
      });
      cells.push({ box: l.box, row: r, col, rowSpan: 1, colSpan: 1, lines: [{ text: l.text, box: l.box }] });
    }
  });
  return { page: page.page, width: page.width, height: page.height, cells, loose: [] };
}

// ---------------------------------------------------------------------------------------------

/** The cell grid of one page. */
export function buildCells(page: PdfPage): CellGrid {
  const lat = latticeOf(page.rules);
  if (lat.xs.length < 2 || lat.ys.length < 2) return fallbackGrid(page);
  const grid = cellsOf(lat);
  if (grid.cells.length === 0) return fallbackGrid(page);

  const perCell: Piece[][] = grid.cells.map(() => []);
  const loose: Piece[] = [];
  const cellAt = (x: number, y: number) => cellIndexAt(grid, x, y);
  for (const it of page.items) {
    for (const { cell, piece } of splitItem(it, cellAt)) {
      if (cell >= 0) perCell[cell]!.push(piece);
      else loose.push(piece);
    }
  }
  grid.cells.forEach((c, k) => {
    c.lines = linesOf(perCell[k]!);
  });
  return { page: page.page, width: page.width, height: page.height, cells: grid.cells, loose: linesOf(loose, LOOSE_GAP) };
}
