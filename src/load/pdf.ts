/**
 * PDF bytes → pages of positioned text items and ruling lines (pdfjs-dist, legacy build).
 *
 *   const handle = await openPdf(bytes, { file, password, maxPages });
 *   try {
 *     for await (const page of readPages(handle)) …
 *   } finally {
 *     await closePdf(handle);
 *   }
 *
 * or, the same in one call: `for await (const page of loadPdfPages(bytes, opts)) …` (the document
 * is destroyed when the loop ends, breaks or throws).
 *
 * pdfjs-dist is imported on first use (dynamic import, once per process), so text-only runs never
 * load it. Everything is in PDF user space as pdf.js reports it (points, origin bottom-left).
 *
 * Items: each pdf.js text item becomes a PdfItem whose box is the item's advance along its
 * baseline times the font's ascent/descent across it, put through the item's transform; rotation
 * is the transform's angle; text goes through fixRadicals and normalizeWaveDash (Chromium's Kangxi
 * radicals and 〜); whitespace-only items (pdf.js's gap markers) are dropped.
 *
 * Rules: walked from `page.getOperatorList()`, tracking the CTM through save / restore / transform
 * and form XObjects. Every stroked axis-parallel straight segment is a rule (lines and the sides of
 * stroked rectangles); a filled axis-parallel rectangle thinner than MAX_RULE_THICKNESS is reduced
 * to its centre line; wider fills (cell backgrounds) and white fills are not rules.
 *
 * Failures are ApsheetErrors: `pdf-invalid`, `pdf-encrypted`, `pdf-wrong-password`,
 * `too-many-pages`, and `no-text-layer` when no page has a single text item (raised by readPages
 * once it knows: pages without text are held back until a page with text turns up, so a consumer
 * never sees pages of a document that then fails that way).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as Pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { importPdfjs, type PdfjsModule } from "./pdfjs-import.js";
import { ApsheetError } from "../diagnostics.js";
import { fixRadicals, normalizeWaveDash } from "../normalize/text.js";
import type { Box, PdfItem, PdfPage, Rule } from "../tokenize/pdf-model.js";
import { pageOperators, RawPdf } from "./pdf-raw.js";

export const DEFAULT_MAX_PAGES = 2000;

/** A filled rectangle at most this thick (pt) is a drawn rule; thicker ones are backgrounds. */
export const MAX_RULE_THICKNESS = 2.5;
/** Stroked segments shorter than this (pt) are not rules (dots, arrow heads, glyph-like marks). */
const MIN_RULE_LENGTH = 1;
/** How far from axis-parallel (pt over the segment) a segment may be and still count as a rule. */
const AXIS_TOLERANCE = 0.5;

export interface PdfOpenOptions {
  /** Name used in errors. */
  file: string;
  /** User (or owner) password of an encrypted PDF. */
  password?: string;
  /** Refuse documents with more pages than this (default DEFAULT_MAX_PAGES). */
  maxPages?: number;
}

/** An open document. Pass it to readPages, and to closePdf when done. */
export interface PdfDocumentHandle {
  readonly file: string;
  readonly numPages: number;
  /** @internal the pdf.js document proxy */
  readonly doc: Pdfjs.PDFDocumentProxy;
  /** @internal the file's bytes, for reading page content without pdf.js (see pdf-raw.ts) */
  readonly bytes?: Uint8Array;
  /** @internal that reader, once opened (null: the file is outside what it reads) */
  raw?: RawPdf | null;
}

let pdfjsModule: Promise<PdfjsModule> | undefined;
let pdfjsAssets: { cMapUrl: string; standardFontDataUrl: string } | undefined;

/**
 * The legacy build of pdfjs-dist, imported on first call only. A failed import (pdfjs-dist 5.x
 * without its optional @napi-rs/canvas dies with "DOMMatrix is not defined") is an `internal` error.
 */
function pdfjs(file: string): Promise<PdfjsModule> {
  pdfjsModule ??= importPdfjs().catch((err: unknown) => {
    pdfjsModule = undefined;
    throw new ApsheetError("internal", `cannot load pdfjs-dist: ${messageOf(err)}`, file);
  });
  return pdfjsModule;
}

/** CMaps and standard font data as filesystem paths (with a trailing `/`) inside the installed package. */
function assets(): { cMapUrl: string; standardFontDataUrl: string } {
  if (!pdfjsAssets) {
    const pkg = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
    pdfjsAssets = { cMapUrl: join(pkg, "cmaps") + "/", standardFontDataUrl: join(pkg, "standard_fonts") + "/" };
  }
  return pdfjsAssets;
}

function messageOf(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/\s+/gu, " ").replace(/[.\s]+$/u, "").trim() || "unknown error";
}

/** pdf.js exceptions → ApsheetError; anything already an ApsheetError passes through. */
function toApsheetError(err: unknown, file: string, where?: string): ApsheetError {
  if (err instanceof ApsheetError) return err;
  const e = err as { name?: unknown; code?: unknown } | null;
  if (e && e.name === "PasswordException") {
    if (e.code === 2) return new ApsheetError("pdf-wrong-password", "wrong password for this encrypted PDF", file);
    return new ApsheetError("pdf-encrypted", "encrypted PDF: give its password with --password", file);
  }
  const prefix = where ? `${where}: ` : "";
  return new ApsheetError("pdf-invalid", `not a readable PDF: ${prefix}${messageOf(err)}`, file);
}

/** Open a PDF. Throws pdf-invalid, pdf-encrypted, pdf-wrong-password or too-many-pages. */
export async function openPdf(bytes: Uint8Array, opts: PdfOpenOptions): Promise<PdfDocumentHandle> {
  const { file } = opts;
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  if (bytes.length === 0) throw new ApsheetError("pdf-invalid", "not a readable PDF: the file is empty", file);
  const lib = await pdfjs(file);
  const task = lib.getDocument({
    // pdf.js detaches the array it is given and refuses a Node Buffer: always a fresh copy.
    data: new Uint8Array(bytes),
    ...(opts.password !== undefined ? { password: opts.password } : {}),
    ...assets(),
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: false,
  });
  let doc: Pdfjs.PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw toApsheetError(err, file);
  }
  if (doc.numPages > maxPages) {
    await doc.destroy().catch(() => undefined);
    throw new ApsheetError("too-many-pages", `the PDF has ${doc.numPages} pages, more than the limit of ${maxPages}`, file);
  }
  return { file, numPages: doc.numPages, doc, bytes };
}

/** Destroy the document (safe to call twice). */
export async function closePdf(handle: PdfDocumentHandle): Promise<void> {
  await handle.doc.destroy().catch(() => undefined);
}

/**
 * Yield every page in order. Throws no-text-layer at the end when no page had any text item,
 * and pdf-invalid when a page cannot be read. Does not close the document.
 */
export async function* readPages(handle: PdfDocumentHandle): AsyncGenerator<PdfPage> {
  let sawText = false;
  const held: PdfPage[] = [];
  for (let n = 1; n <= handle.numPages; n++) {
    const page = await readPage(handle, n);
    if (sawText) {
      yield page;
    } else if (page.items.length > 0) {
      sawText = true;
      yield* held.splice(0);
      yield page;
    } else {
      held.push(page);
    }
  }
  if (!sawText) throw new ApsheetError("no-text-layer", "no text layer — needs OCR", handle.file);
}

/** openPdf + readPages + closePdf: the document is destroyed however the loop ends. */
export async function* loadPdfPages(bytes: Uint8Array, opts: PdfOpenOptions): AsyncGenerator<PdfPage> {
  const handle = await openPdf(bytes, opts);
  try {
    yield* readPages(handle);
  } finally {
    await closePdf(handle);
  }
}

async function readPage(handle: PdfDocumentHandle, n: number): Promise<PdfPage> {
  let proxy: Pdfjs.PDFPageProxy | undefined;
  try {
    proxy = await handle.doc.getPage(n);
    const [x0, y0, x1, y1] = proxy.view as [number, number, number, number];
    const text = await proxy.getTextContent();
    const items = itemsFromTextContent(text);
    const { OPS } = await pdfjs(handle.file);
    let rules = rulesFromContent(handle, n, OPS);
    if (!rules) {
      const ops = await proxy.getOperatorList();
      rules = rulesFromOperatorList(ops.fnArray, ops.argsArray, OPS);
    }
    return { page: n, width: x1 - x0, height: y1 - y0, items, rules };
  } catch (err) {
    throw toApsheetError(err, handle.file, `page ${n}`);
  } finally {
    proxy?.cleanup();
  }
}

/**
 * The page's rules read from its content directly (pdf-raw.ts): the operators rulesFromOperatorList
 * needs, without pdf.js building (and copying) the page's whole operator list, which would load
 * every glyph of the text. Null when the file or the page is outside what that reader handles; the
 * caller then asks pdf.js.
 */
function rulesFromContent(handle: PdfDocumentHandle, n: number, OPS: Record<string, number>): Rule[] | null {
  if (handle.raw === undefined) {
    const raw = handle.bytes ? RawPdf.open(handle.bytes) : null;
    handle.raw = raw && raw.numPages === handle.numPages ? raw : null;
  }
  if (!handle.raw) return null;
  try {
    const ops = pageOperators(handle.raw, n - 1, OPS as unknown as Parameters<typeof pageOperators>[2]);
    return rulesFromOperatorList(ops.fnArray, ops.argsArray, OPS);
  } catch {
    // Outside the subset (or damaged in a way pdf.js may forgive): pdf.js reads this page.
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Text items

interface RawTextItem {
  str: string;
  dir: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

interface RawStyle {
  ascent?: number;
  descent?: number;
  vertical?: boolean;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * pdf.js text content → PdfItems. Exported for tests. The box spans the item's advance along the
 * baseline and [descent, ascent] × font size across it (0.88 / −0.12 when the font does not say),
 * mapped through the item's transform; a vertical (`ttb`) item spans its advance downwards from
 * its origin and half a font size either side of it.
 */
export function itemsFromTextContent(content: { items: readonly unknown[]; styles: Record<string, RawStyle> }): PdfItem[] {
  const out: PdfItem[] = [];
  for (const raw of content.items) {
    if (!raw || typeof raw !== "object" || typeof (raw as RawTextItem).str !== "string") continue;
    const it = raw as RawTextItem;
    if (isBlank(it.str)) continue;
    const t = it.transform;
    const a = t[0] === undefined ? 1 : t[0];
    const b = t[1] === undefined ? 0 : t[1];
    const c = t[2] === undefined ? 0 : t[2];
    const d = t[3] === undefined ? 1 : t[3];
    const e = t[4] === undefined ? 0 : t[4];
    const f = t[5] === undefined ? 0 : t[5];
    const style = content.styles[it.fontName] ?? {};
    const hab = Math.hypot(a, b);
    const hcd = Math.hypot(c, d);
    const fontSize = hcd || hab || it.height || 1;
    let rotation = (Math.atan2(b, a) * 180) / Math.PI;
    rotation = ((Math.round(rotation) % 360) + 360) % 360;
    const vertical = it.dir === "ttb" || style.vertical === true;
    let box: Box;
    if (vertical) {
      const half = (it.width || fontSize) / 2;
      const len = it.height || fontSize;
      box = [round2(e - half), round2(f - len), round2(e + half), round2(f)];
    } else {
      const ascent = typeof style.ascent === "number" && style.ascent > 0 ? style.ascent : 0.88;
      const descent = typeof style.descent === "number" && style.descent <= 0 ? style.descent : -0.12;
      // Unit vectors along the baseline and up the glyphs; the box holds the four corners
      // (0 and w along, descent and ascent across).
      const ul = hab || 1;
      const vl = hcd || 1;
      const u0 = a / ul;
      const u1 = b / ul;
      const v0 = c / vl;
      const v1 = d / vl;
      const w = it.width;
      const lo = descent * fontSize;
      const hi = ascent * fontSize;
      const x00 = e + u0 * 0 + v0 * lo;
      const x01 = e + u0 * 0 + v0 * hi;
      const x10 = e + u0 * w + v0 * lo;
      const x11 = e + u0 * w + v0 * hi;
      const y00 = f + u1 * 0 + v1 * lo;
      const y01 = f + u1 * 0 + v1 * hi;
      const y10 = f + u1 * w + v1 * lo;
      const y11 = f + u1 * w + v1 * hi;
      box = [
        round2(Math.min(x00, x01, x10, x11)),
        round2(Math.min(y00, y01, y10, y11)),
        round2(Math.max(x00, x01, x10, x11)),
        round2(Math.max(y00, y01, y10, y11)),
      ];
    }
    out.push({
      str: NEEDS_FIX.test(it.str) ? normalizeWaveDash(fixRadicals(it.str)) : it.str,
      box,
      dir: vertical ? "ttb" : it.dir === "rtl" ? "rtl" : "ltr",
      rotation,
      fontSize: round2(fontSize),
    });
  }
  return out;
}

/** Radicals and 〜, which fixRadicals / normalizeWaveDash rewrite. */
const NEEDS_FIX = /[\u2e80-\u2ef3\u2f00-\u2fd5\u301c]/u;

/** What `s.trim() === ""` says, without the copy. */
function isBlank(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const ch = s.charCodeAt(k);
    if (!(ch === 0x20 || (ch >= 0x09 && ch <= 0x0d) || ch === 0xa0 || ch === 0x1680 || (ch >= 0x2000 && ch <= 0x200a) || ch === 0x2028 || ch === 0x2029 || ch === 0x202f || ch === 0x205f || ch === 0x3000 || ch === 0xfeff)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Ruling lines

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2 in pdf.js's convention (Util.transform): apply m2 first, then m1. */
function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function asMatrix(v: unknown): Matrix | null {
  if (!v || typeof (v as ArrayLike<number>).length !== "number" || (v as ArrayLike<number>).length < 6) return null;
  const a = Array.from(v as ArrayLike<number>).slice(0, 6);
  return a.every((x) => typeof x === "number" && Number.isFinite(x)) ? (a as Matrix) : null;
}

/**
 * Path codes inside pdf.js 5.x's packed constructPath data (DrawOPS in pdf.js, not exported),
 * with the number of coordinates each takes. Checked against 5.6.205: moveTo 0, lineTo 1,
 * curveTo 2, quadraticCurveTo 3, closePath 4.
 */
const DRAW_MOVE = 0;
const DRAW_LINE = 1;
const DRAW_CURVE = 2;
const DRAW_QUAD = 3;
const DRAW_CLOSE = 4;
const DRAW_ARGS: Record<number, number> = { [DRAW_MOVE]: 2, [DRAW_LINE]: 2, [DRAW_CURVE]: 6, [DRAW_QUAD]: 4, [DRAW_CLOSE]: 0 };

/** One subpath: its points in user space; `straight[i]` says whether point i was reached by a line. */
interface Subpath {
  pts: [number, number][];
  straight: boolean[];
  closed: boolean;
}

/** Decode packed path data through the CTM. Null when the data holds an unknown code. */
export function decodePath(data: ArrayLike<number>, ctm: Matrix): Subpath[] | null {
  const subs: Subpath[] = [];
  let cur: Subpath | null = null;
  for (let i = 0; i < data.length; ) {
    const code = data[i++]!;
    const n = DRAW_ARGS[code];
    if (n === undefined || i + n > data.length) return null;
    const args = Array.from({ length: n }, (_, k) => data[i + k]!);
    i += n;
    if (code === DRAW_MOVE) {
      cur = { pts: [apply(ctm, args[0]!, args[1]!)], straight: [false], closed: false };
      subs.push(cur);
    } else if (code === DRAW_CLOSE) {
      if (cur) {
        cur.closed = true;
        // A new subpath starts at the closed one's first point.
        const start: [number, number] = cur.pts[0]!;
        cur = { pts: [start], straight: [false], closed: false };
        subs.push(cur);
      }
    } else {
      const end = apply(ctm, args[n - 2]!, args[n - 1]!);
      if (!cur) {
        cur = { pts: [end], straight: [false], closed: false };
        subs.push(cur);
        continue;
      }
      cur.pts.push(end);
      cur.straight.push(code === DRAW_LINE);
    }
  }
  return subs.filter((s) => s.pts.length > 1 || s.closed);
}

function axisRule(p: [number, number], q: [number, number]): Rule | null {
  const dx = Math.abs(q[0] - p[0]);
  const dy = Math.abs(q[1] - p[1]);
  if (dy <= AXIS_TOLERANCE && dx >= MIN_RULE_LENGTH) {
    const y = round2((p[1] + q[1]) / 2);
    return { x0: round2(Math.min(p[0], q[0])), y0: y, x1: round2(Math.max(p[0], q[0])), y1: y };
  }
  if (dx <= AXIS_TOLERANCE && dy >= MIN_RULE_LENGTH) {
    const x = round2((p[0] + q[0]) / 2);
    return { x0: x, y0: round2(Math.min(p[1], q[1])), x1: x, y1: round2(Math.max(p[1], q[1])) };
  }
  return null;
}

/** The straight sides of a subpath (the closing side too when it is closed or filled). */
function strokedSegments(sub: Subpath, close: boolean, out: Rule[]): void {
  const { pts, straight } = sub;
  for (let i = 1; i < pts.length; i++) {
    if (!straight[i]) continue;
    const r = axisRule(pts[i - 1]!, pts[i]!);
    if (r) out.push(r);
  }
  if ((sub.closed || close) && pts.length > 2) {
    const r = axisRule(pts[pts.length - 1]!, pts[0]!);
    if (r) out.push(r);
  }
}

/** A filled subpath that is a thin axis-parallel rectangle → its centre line. */
function thinFill(sub: Subpath, out: Rule[]): void {
  let pts = sub.pts;
  if (pts.length === 5 && Math.abs(pts[4]![0] - pts[0]![0]) < 0.01 && Math.abs(pts[4]![1] - pts[0]![1]) < 0.01) pts = pts.slice(0, 4);
  if (pts.length !== 4 || sub.straight.slice(1, 4).some((s) => !s)) return;
  // Axis-parallel: every side horizontal or vertical.
  for (let i = 0; i < 4; i++) {
    const p = pts[i]!;
    const q = pts[(i + 1) % 4]!;
    if (Math.abs(p[0] - q[0]) > AXIS_TOLERANCE && Math.abs(p[1] - q[1]) > AXIS_TOLERANCE) return;
  }
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  const w = x1 - x0;
  const h = y1 - y0;
  if (Math.min(w, h) > MAX_RULE_THICKNESS || Math.max(w, h) < MIN_RULE_LENGTH) return;
  if (w >= h) {
    const y = round2((y0 + y1) / 2);
    out.push({ x0: round2(x0), y0: y, x1: round2(x1), y1: y });
  } else {
    const x = round2((x0 + x1) / 2);
    out.push({ x0: x, y0: round2(y0), x1: x, y1: round2(y1) });
  }
}

/** Whether a colour argument (pdf.js 5 passes "#rrggbb" strings; older versions byte triples) is white. */
function isWhite(args: unknown): boolean {
  const v = Array.isArray(args) ? args[0] : undefined;
  if (typeof v === "string") return /^#?f{6}$/iu.test(v);
  if (Array.isArray(args) && args.length >= 3) return args.slice(0, 3).every((x) => x === 255 || x === 1);
  return false;
}

/**
 * Walk an operator list and collect ruling lines in user space. Exported for tests.
 * `ops` is pdf.js's OPS table (passed in so this module's top level never loads pdf.js).
 */
export function rulesFromOperatorList(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, ops: Record<string, number>): Rule[] {
  const O = ops;
  const stroke = new Set([O.stroke, O.closeStroke]);
  const fill = new Set([O.fill, O.eoFill]);
  const both = new Set([O.fillStroke, O.eoFillStroke, O.closeFillStroke, O.closeEOFillStroke]);
  const closing = new Set([O.closeStroke, O.closeFillStroke, O.closeEOFillStroke]);
  const fillColor = new Set([O.setFillRGBColor, O.setFillGray, O.setFillCMYKColor, O.setFillColor, O.setFillColorN]);

  interface GState {
    ctm: Matrix;
    whiteFill: boolean;
  }
  let gs: GState = { ctm: IDENTITY, whiteFill: false };
  const stack: GState[] = [];
  const rules: Rule[] = [];

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null | undefined;
    if (fn === O.save) {
      stack.push(gs);
      gs = { ...gs };
    } else if (fn === O.restore) {
      gs = stack.pop() ?? gs;
    } else if (fn === O.transform) {
      const m = asMatrix(args);
      if (m) gs = { ...gs, ctm: multiply(gs.ctm, m) };
    } else if (fn === O.paintFormXObjectBegin) {
      stack.push(gs);
      const m = asMatrix(args?.[0]);
      gs = { ...gs, ctm: m ? multiply(gs.ctm, m) : gs.ctm };
    } else if (fn === O.paintFormXObjectEnd) {
      gs = stack.pop() ?? gs;
    } else if (fn !== undefined && fillColor.has(fn)) {
      gs = { ...gs, whiteFill: fn === O.setFillRGBColor ? isWhite(args) : fn === O.setFillGray ? args?.[0] === 1 : false };
    } else if (fn === O.constructPath && args) {
      const paint = args[0] as number;
      const data = (args[1] as unknown[] | undefined)?.[0] as ArrayLike<number> | null | undefined;
      if (!data || typeof data.length !== "number") continue;
      const isStroke = stroke.has(paint) || both.has(paint);
      const isFill = fill.has(paint) || both.has(paint);
      if (!isStroke && !isFill) continue;
      const subs = decodePath(data, gs.ctm);
      if (!subs) continue;
      for (const sub of subs) {
        if (isStroke) strokedSegments(sub, closing.has(paint), rules);
        else if (isFill && !gs.whiteFill) thinFill(sub, rules);
      }
    }
  }
  return rules;
}
