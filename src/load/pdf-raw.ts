/**
 * The ruling lines of a page without pdf.js's operator list.
 *
 * `page.getOperatorList()` costs about as much as `getTextContent()`: it loads every glyph of every
 * font to draw the text, and the whole list (mostly text) is copied between pdf.js's two halves.
 * The rules need a few operators only, so this module reads the page's content itself: a small
 * PDF object reader (cross-reference tables and streams, object streams, FlateDecode) and a
 * content scanner that keeps q / Q / cm, the path operators, fill colours and form XObjects, and
 * hands `rulesFromOperatorList` the same operators, with the same arguments, as pdf.js would (paths
 * as pdf.js packs them, in a Float32Array; fill colours as pdf.js's `#rrggbb`; getOperatorList
 * runs no operator-list optimizer).
 *
 * Anything outside that well-trodden subset makes it give up, and the caller asks pdf.js:
 * encryption, filters other than FlateDecode, broken cross references, inline images, annotations,
 * colour spaces other than DeviceGray / DeviceRGB for fills, inherited resources on more than one
 * level, unknown operators, operators with the wrong number of operands (pdf.js shifts operands
 * between operators then), paths left open across q / Q / cm / BT / Do.
 */
import { inflateSync } from "node:zlib";

class Name {
  constructor(readonly name: string) {}
}
class Ref {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
class Cmd {
  constructor(readonly cmd: string) {}
}
class PString {
  constructor(readonly bytes: string) {}
}
interface Stream {
  dict: Dict;
  data: Uint8Array;
  start: number;
  length: number;
}
type Dict = Map<string, Obj>;
type Obj = number | boolean | null | Name | Ref | PString | Obj[] | Dict | Stream;

const isDict = (o: unknown): o is Dict => o instanceof Map;
const isStream = (o: unknown): o is Stream => !!o && typeof o === "object" && "dict" in o && "data" in o;

/** Thrown when the input leaves the supported subset; the caller falls back to pdf.js. */
export class Unsupported extends Error {}
const fail = (why: string): never => {
  throw new Unsupported(why);
};

// ---------------------------------------------------------------------------------------------
// Lexer

const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of "()<>[]{}/%") DELIM[c.charCodeAt(0)] = 1;

const EOF = Symbol("eof");
type Token = number | Name | PString | Cmd | "[" | "]" | "<<" | ">>" | "{" | "}" | typeof EOF;

class Lexer {
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    readonly end: number = b.length,
  ) {}

  skipSpace(): void {
    const b = this.b;
    let p = this.pos;
    for (;;) {
      while (p < this.end && WHITE[b[p]!]) p++;
      if (p < this.end && b[p] === 0x25) {
        while (p < this.end && b[p] !== 10 && b[p] !== 13) p++;
        continue;
      }
      break;
    }
    this.pos = p;
  }

  next(): Token {
    this.skipSpace();
    const b = this.b;
    if (this.pos >= this.end) return EOF;
    const c = b[this.pos]!;
    switch (c) {
      case 0x28: // (
        return this.literal();
      case 0x2f: // /
        return this.name();
      case 0x5b: // [
        this.pos++;
        return "[";
      case 0x5d:
        this.pos++;
        return "]";
      case 0x7b:
        this.pos++;
        return "{";
      case 0x7d:
        this.pos++;
        return "}";
      case 0x3c: // <
        if (b[this.pos + 1] === 0x3c) {
          this.pos += 2;
          return "<<";
        }
        return this.hex();
      case 0x3e: // >
        if (b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return ">>";
        }
        return fail("stray >");
      case 0x29:
        return fail("stray )");
    }
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) return this.number();
    // A keyword: regular characters up to whitespace or a delimiter.
    const start = this.pos;
    let p = start;
    while (p < this.end && !WHITE[b[p]!] && !DELIM[b[p]!]) p++;
    this.pos = p;
    return new Cmd(latin1(b, start, p));
  }

  private number(): number {
    const b = this.b;
    const start = this.pos;
    let p = start;
    if (b[p] === 0x2b || b[p] === 0x2d) p++;
    let digits = 0;
    while (p < this.end && b[p]! >= 0x30 && b[p]! <= 0x39) p++, digits++;
    if (b[p] === 0x2e) {
      p++;
      while (p < this.end && b[p]! >= 0x30 && b[p]! <= 0x39) p++, digits++;
    }
    // Anything but whitespace or a delimiter right after a number (1-2, 1.2.3, --1) is not ours.
    if (!digits || (p < this.end && !WHITE[b[p]!] && !DELIM[b[p]!])) fail("odd number");
    this.pos = p;
    return Number(latin1(b, start, p));
  }

  private name(): Name {
    const b = this.b;
    let p = this.pos + 1;
    let out = "";
    while (p < this.end && !WHITE[b[p]!] && !DELIM[b[p]!]) {
      if (b[p] === 0x23 && p + 2 < this.end) {
        const v = parseInt(String.fromCharCode(b[p + 1]!, b[p + 2]!), 16);
        if (Number.isNaN(v)) fail("bad name escape");
        out += String.fromCharCode(v);
        p += 3;
      } else out += String.fromCharCode(b[p++]!);
    }
    this.pos = p;
    return new Name(out);
  }

  private literal(): PString {
    const b = this.b;
    let p = this.pos + 1;
    let depth = 1;
    const start = p;
    while (p < this.end) {
      const c = b[p]!;
      if (c === 0x5c) p += 2;
      else {
        if (c === 0x28) depth++;
        else if (c === 0x29 && --depth === 0) break;
        p++;
      }
    }
    if (depth !== 0) fail("unterminated string");
    this.pos = p + 1;
    // The contents are never needed as text here (no encrypted or named-string lookups).
    return new PString(latin1(b, start, p));
  }

  private hex(): PString {
    const b = this.b;
    let p = this.pos + 1;
    const start = p;
    while (p < this.end && b[p] !== 0x3e) p++;
    if (p >= this.end) fail("unterminated hex string");
    this.pos = p + 1;
    return new PString(latin1(b, start, p));
  }
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let p = start; p < end; p++) s += String.fromCharCode(b[p]!);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Objects

class Parser {
  private buf: Token[] = [];
  constructor(readonly lex: Lexer) {}

  private tok(): Token {
    return this.buf.length ? this.buf.shift()! : this.lex.next();
  }
  private peek(k: number): Token {
    while (this.buf.length <= k) this.buf.push(this.lex.next());
    return this.buf[k]!;
  }

  /** One object; `n g R` is a reference. */
  obj(): Obj {
    const t = this.tok();
    if (typeof t === "number") {
      const t1 = this.peek(0);
      const t2 = this.peek(1);
      if (Number.isInteger(t) && typeof t1 === "number" && Number.isInteger(t1) && t2 instanceof Cmd && t2.cmd === "R") {
        this.buf.splice(0, 2);
        return new Ref(t, t1);
      }
      return t;
    }
    if (t instanceof Name || t instanceof PString) return t;
    if (t === "[") {
      const arr: Obj[] = [];
      while (this.peek(0) !== "]") {
        if (this.peek(0) === EOF) fail("unterminated array");
        arr.push(this.obj());
      }
      this.tok();
      return arr;
    }
    if (t === "<<") {
      const dict: Dict = new Map();
      for (;;) {
        const k = this.tok();
        if (k === ">>") break;
        if (!(k instanceof Name)) return fail("dictionary key is not a name");
        dict.set(k.name, this.obj());
      }
      return dict;
    }
    if (t instanceof Cmd) {
      if (t.cmd === "true") return true;
      if (t.cmd === "false") return false;
      if (t.cmd === "null") return null;
    }
    return fail("unexpected token");
  }

  /** The keyword after an object (`stream`, `endobj`), or null. */
  keyword(): string | null {
    const t = this.tok();
    return t instanceof Cmd ? t.cmd : null;
  }

  /** Tokens read ahead and not yet used. */
  get buffered(): number {
    return this.buf.length;
  }
}

interface XrefEntry {
  /** 1: at an offset; 2: inside an object stream. */
  type: 1 | 2;
  offset: number;
  gen: number;
  stream: number;
  index: number;
}

/** A PDF's objects, read on demand. */
export class RawPdf {
  private readonly xref = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, Obj>();
  private readonly objStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number>; first: number }>();
  private trailer: Dict = new Map();
  private pagesList: Dict[] = [];

  private constructor(readonly bytes: Uint8Array) {}

  /** Read the cross references and the page tree; null when anything is outside the subset. */
  static open(bytes: Uint8Array): RawPdf | null {
    try {
      const pdf = new RawPdf(bytes);
      pdf.readXref();
      if (pdf.trailer.has("Encrypt")) return null;
      pdf.readPages();
      return pdf;
    } catch {
      // Outside the subset, or damaged: pdf.js reads it (and says what is wrong, if anything).
      return null;
    }
  }

  get numPages(): number {
    return this.pagesList.length;
  }

  // -- cross references

  private readXref(): void {
    const b = this.bytes;
    const tail = latin1(b, Math.max(0, b.length - 1024), b.length);
    const at = tail.lastIndexOf("startxref");
    if (at < 0) fail("no startxref");
    const m = /^startxref\s+(\d+)/.exec(tail.slice(at));
    if (!m) fail("bad startxref");
    let offset: number | null = Number(m![1]);
    const seen = new Set<number>();
    let first = true;
    while (offset !== null) {
      if (seen.has(offset) || offset >= b.length) fail("xref loop or out of range");
      seen.add(offset);
      const trailer = this.readSection(offset);
      if (first) this.trailer = trailer;
      first = false;
      const stm = trailer.get("XRefStm");
      if (typeof stm === "number") this.readSection(stm);
      const prev = trailer.get("Prev");
      offset = typeof prev === "number" ? prev : null;
    }
    if (!(this.trailer.get("Root") instanceof Ref)) fail("no Root");
  }

  /** One cross-reference section (a table and its trailer, or a stream); earlier sections win. */
  private readSection(offset: number): Dict {
    const lex = new Lexer(this.bytes, offset);
    lex.skipSpace();
    if (latin1(this.bytes, lex.pos, lex.pos + 4) === "xref") {
      lex.pos += 4;
      for (;;) {
        const t = lex.next();
        if (t instanceof Cmd && t.cmd === "trailer") break;
        const count = lex.next();
        if (typeof t !== "number" || typeof count !== "number") return fail("bad xref subsection");
        for (let k = 0; k < count; k++) {
          const off = lex.next();
          const gen = lex.next();
          const kind = lex.next();
          if (typeof off !== "number" || typeof gen !== "number" || !(kind instanceof Cmd)) return fail("bad xref entry");
          const num = t + k;
          if (kind.cmd === "n" && !this.xref.has(num)) this.xref.set(num, { type: 1, offset: off, gen, stream: 0, index: 0 });
          else if (kind.cmd === "f" && !this.xref.has(num)) this.xref.set(num, { type: 1, offset: -1, gen, stream: 0, index: 0 });
          else if (kind.cmd !== "n" && kind.cmd !== "f") fail("bad xref entry kind");
        }
      }
      const trailer = new Parser(lex).obj();
      if (!isDict(trailer)) return fail("bad trailer");
      return trailer;
    }
    // A cross-reference stream.
    const obj = this.parseIndirect(offset, null);
    if (!isStream(obj) || (obj.dict.get("Type") as Name | undefined)?.name !== "XRef") return fail("not an xref stream");
    const data = this.decode(obj);
    const w = obj.dict.get("W");
    if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === "number")) return fail("bad W");
    const [w0, w1, w2] = w as number[];
    const size = obj.dict.get("Size");
    const index = (obj.dict.get("Index") as Obj[] | undefined) ?? [0, size as number];
    const field = (p: number, n: number, dflt: number) => {
      if (n === 0) return dflt;
      let v = 0;
      for (let k = 0; k < n; k++) v = v * 256 + data[p + k]!;
      return v;
    };
    let p = 0;
    for (let i = 0; i + 1 < index.length; i += 2) {
      const start = index[i];
      const count = index[i + 1];
      if (typeof start !== "number" || typeof count !== "number") return fail("bad Index");
      for (let k = 0; k < count; k++) {
        if (p + w0! + w1! + w2! > data.length) return fail("short xref stream");
        const type = field(p, w0!, 1);
        const f1 = field(p + w0!, w1!, 0);
        const f2 = field(p + w0! + w1!, w2!, 0);
        p += w0! + w1! + w2!;
        const num = start + k;
        if (this.xref.has(num)) continue;
        if (type === 0) this.xref.set(num, { type: 1, offset: -1, gen: f2, stream: 0, index: 0 });
        else if (type === 1) this.xref.set(num, { type: 1, offset: f1, gen: f2, stream: 0, index: 0 });
        else if (type === 2) this.xref.set(num, { type: 2, offset: 0, gen: 0, stream: f1, index: f2 });
      }
    }
    return obj.dict;
  }

  /** The object `n g obj … endobj` at offset (a stream when it has one). */
  private parseIndirect(offset: number, num: number | null): Obj {
    const lex = new Lexer(this.bytes, offset);
    const p = new Parser(lex);
    const n = lex.next();
    const g = lex.next();
    const kw = lex.next();
    if (typeof n !== "number" || typeof g !== "number" || !(kw instanceof Cmd) || kw.cmd !== "obj") return fail("no object header");
    if (num !== null && n !== num) fail("object number mismatch");
    const value = p.obj();
    if (p.keyword() === "stream") {
      if (!isDict(value)) return fail("stream without a dictionary");
      if (p.buffered) return fail("read past stream");
      const b = this.bytes;
      let s = lex.pos;
      if (b[s] === 0x0d && b[s + 1] === 0x0a) s += 2;
      else if (b[s] === 0x0a || b[s] === 0x0d) s += 1;
      else return fail("stream keyword not followed by an end of line");
      const len = this.resolve(value.get("Length") ?? null);
      if (typeof len !== "number" || len < 0 || s + len > b.length) return fail("bad stream Length");
      // The data must end where Length says: endstream follows (after an optional end of line).
      const after = new Lexer(b, s + len);
      const end = after.next();
      if (!(end instanceof Cmd) || end.cmd !== "endstream") return fail("Length does not reach endstream");
      return { dict: value, data: b, start: s, length: len };
    }
    return value;
  }

  // -- objects

  resolve(o: Obj): Obj {
    let depth = 0;
    while (o instanceof Ref) {
      if (++depth > 32) fail("reference chain");
      o = this.get(o.num);
    }
    return o;
  }

  get(num: number): Obj {
    if (this.cache.has(num)) return this.cache.get(num)!;
    const e = this.xref.get(num);
    let value: Obj;
    if (!e || (e.type === 1 && e.offset < 0)) value = null;
    else if (e.type === 1) value = this.parseIndirect(e.offset, num);
    else value = this.fromObjStream(e.stream, e.index, num);
    this.cache.set(num, value);
    return value;
  }

  private fromObjStream(stmNum: number, index: number, num: number): Obj {
    let os = this.objStreams.get(stmNum);
    if (!os) {
      const stm = this.get(stmNum);
      if (!isStream(stm) || (stm.dict.get("Type") as Name | undefined)?.name !== "ObjStm") return fail("not an object stream");
      const data = this.decode(stm);
      const n = stm.dict.get("N");
      const first = stm.dict.get("First");
      if (typeof n !== "number" || typeof first !== "number") return fail("bad object stream");
      const lex = new Lexer(data, 0, first);
      const offsets = new Map<number, number>();
      for (let k = 0; k < n; k++) {
        const on = lex.next();
        const off = lex.next();
        if (typeof on !== "number" || typeof off !== "number") return fail("bad object stream header");
        if (!offsets.has(on)) offsets.set(on, off);
      }
      os = { data, offsets, first };
      this.objStreams.set(stmNum, os);
    }
    const off = os.offsets.get(num);
    if (off === undefined) return fail("object not in its object stream");
    void index;
    return new Parser(new Lexer(os.data, os.first + off)).obj();
  }

  /** A stream's decoded bytes (FlateDecode, with PNG predictors; nothing else). */
  decode(s: Stream): Uint8Array {
    const raw = s.data.subarray(s.start, s.start + s.length);
    let filters = this.resolve(s.dict.get("Filter") ?? null);
    let parms = this.resolve(s.dict.get("DecodeParms") ?? null);
    if (filters === null) return raw;
    if (filters instanceof Name) filters = [filters];
    if (!Array.isArray(filters)) return fail("bad Filter");
    if (!Array.isArray(parms)) parms = [parms];
    let out = raw;
    filters.forEach((f, i) => {
      const name = this.resolve(f);
      if (!(name instanceof Name) || (name.name !== "FlateDecode" && name.name !== "Fl")) fail("filter other than FlateDecode");
      out = inflateSync(out);
      const parm = this.resolve((parms as Obj[])[i] ?? null);
      if (isDict(parm)) out = this.predict(out, parm);
      else if (parm !== null) fail("bad DecodeParms");
    });
    return out;
  }

  private predict(data: Uint8Array, parm: Dict): Uint8Array {
    const predictor = this.resolve(parm.get("Predictor") ?? 1);
    if (predictor === 1) return data;
    const colors = this.resolve(parm.get("Colors") ?? 1);
    const bpc = this.resolve(parm.get("BitsPerComponent") ?? 8);
    const columns = this.resolve(parm.get("Columns") ?? 1);
    if (typeof predictor !== "number" || predictor < 10 || colors !== 1 || bpc !== 8 || typeof columns !== "number") return fail("unsupported predictor");
    const row = columns;
    const rows = Math.floor(data.length / (row + 1));
    const out = new Uint8Array(rows * row);
    for (let r = 0; r < rows; r++) {
      const type = data[r * (row + 1)]!;
      const src = r * (row + 1) + 1;
      const dst = r * row;
      for (let k = 0; k < row; k++) {
        const x = data[src + k]!;
        const left = k > 0 ? out[dst + k - 1]! : 0;
        const up = r > 0 ? out[dst - row + k]! : 0;
        const ul = r > 0 && k > 0 ? out[dst - row + k - 1]! : 0;
        let v: number;
        if (type === 0) v = x;
        else if (type === 1) v = x + left;
        else if (type === 2) v = x + up;
        else if (type === 3) v = x + ((left + up) >> 1);
        else if (type === 4) {
          const pa = Math.abs(up - ul);
          const pb = Math.abs(left - ul);
          const pc = Math.abs(left + up - 2 * ul);
          v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : ul);
        } else return fail("bad PNG row type");
        out[dst + k] = v & 0xff;
      }
    }
    return out;
  }

  // -- pages

  private readPages(): void {
    const root = this.resolve(this.trailer.get("Root")!);
    if (!isDict(root)) return fail("bad Root");
    const pages = this.resolve(root.get("Pages") ?? null);
    if (!isDict(pages)) return fail("bad Pages");
    const out: Dict[] = [];
    const seen = new Set<Dict>();
    const walk = (node: Dict, depth: number) => {
      if (depth > 64 || seen.has(node)) fail("page tree loop");
      seen.add(node);
      const kids = this.resolve(node.get("Kids") ?? null);
      const type = this.resolve(node.get("Type") ?? null);
      if (kids === null && (type === null || (type instanceof Name && type.name === "Page"))) {
        out.push(node);
        return;
      }
      if (!Array.isArray(kids)) return fail("bad Kids");
      const before = out.length;
      for (const k of kids) {
        const kid = this.resolve(k);
        if (!isDict(kid)) return fail("bad kid");
        walk(kid, depth + 1);
      }
      // pdf.js finds page n by the nodes' /Count: they must agree with the tree for our order to be its.
      if (this.resolve(node.get("Count") ?? null) !== out.length - before) fail("page counts disagree with the tree");
    };
    walk(pages, 0);
    this.pagesList = out;
  }

  /**
   * The page's dictionary and resources. Resources are inherited as pdf.js inherits them: every
   * /Resources up the /Parent chain, their keys put together, the nearest first.
   */
  page(index: number): { dict: Dict; resources: Dict } {
    const dict = this.pagesList[index];
    if (!dict) return fail("no such page");
    const found: Obj[] = [];
    const seen = new Set<Dict>();
    for (let d: Obj = dict; isDict(d) && !seen.has(d); d = this.resolve(d.get("Parent") ?? null)) {
      seen.add(d);
      if (d.has("Resources")) found.push(this.resolve(d.get("Resources")!));
    }
    if (found.length === 0) return { dict, resources: new Map() };
    if (found.length === 1 || !isDict(found[0])) return { dict, resources: isDict(found[0]) ? found[0] : new Map() };
    const merged: Dict = new Map();
    for (const r of found) if (isDict(r)) for (const [k, v] of r) if (!merged.has(k)) merged.set(k, v);
    return { dict, resources: merged };
  }

  /** The page's content streams, decoded and put together as pdf.js does (no separator). */
  contents(dict: Dict): Uint8Array {
    const c = this.resolve(dict.get("Contents") ?? null);
    if (c === null) return new Uint8Array(0);
    const list = Array.isArray(c) ? c.map((x) => this.resolve(x)) : [c];
    const parts = list.map((s) => (isStream(s) ? this.decode(s) : fail("content is not a stream")));
    if (parts.length === 1) return parts[0]!;
    const total = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Content: the operators rulesFromOperatorList reads

/** pdf.js's DrawOPS codes inside a packed path. */
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const CLOSE = 4;

/** Operand counts of the operators pdf.js knows (variable-count ones: -1), by operator. */
const OPERANDS: Record<string, number> = {
  w: 1, J: 1, j: 1, M: 1, d: 2, ri: 1, i: 1, gs: 1, q: 0, Q: 0, cm: 6, m: 2, l: 2, c: 6, v: 4, y: 4, h: 0, re: 4,
  S: 0, s: 0, f: 0, F: 0, "f*": 0, B: 0, "B*": 0, b: 0, "b*": 0, n: 0, W: 0, "W*": 0, BT: 0, ET: 0, Tc: 1, Tw: 1,
  Tz: 1, TL: 1, Tf: 2, Tr: 1, Ts: 1, Td: 2, TD: 2, Tm: 6, "T*": 0, Tj: 1, TJ: 1, "'": 1, '"': 3, d0: 2, d1: 6,
  CS: 1, cs: 1, SC: -1, SCN: -1, sc: -1, scn: -1, G: 1, g: 1, RG: 3, rg: 3, K: 4, k: 4, sh: 1, BI: 0, ID: 0,
  EI: 1, Do: 1, MP: 1, DP: 2, BMC: 1, BDC: 2, EMC: 0, BX: 0, EX: 0,
};

/** What the scanner does with an operator. */
const enum Act { Other, Save, Restore, Transform, Move, Line, Curve, Curve2, Curve3, Close, Rect, Paint, Gray, Rgb, Cmyk, FillSpace, Fill, FillN, Do, InlineImage, Literal }

const ACTS: Record<string, Act> = {
  q: Act.Save, Q: Act.Restore, cm: Act.Transform, m: Act.Move, l: Act.Line, c: Act.Curve, v: Act.Curve2, y: Act.Curve3, h: Act.Close, re: Act.Rect,
  S: Act.Paint, s: Act.Paint, f: Act.Paint, F: Act.Paint, "f*": Act.Paint, B: Act.Paint, "B*": Act.Paint, b: Act.Paint, "b*": Act.Paint, n: Act.Paint,
  g: Act.Gray, rg: Act.Rgb, k: Act.Cmyk, cs: Act.FillSpace, sc: Act.Fill, scn: Act.FillN, Do: Act.Do, BI: Act.InlineImage, ID: Act.InlineImage, EI: Act.InlineImage,
  true: Act.Literal, false: Act.Literal, null: Act.Literal,
};

/** Operators by their bytes (all are 1 to 3 bytes long): key b0 | b1 << 8 | b2 << 16. */
const OPERATORS = new Map<number, { name: string; operands: number; act: Act }>();
for (const name of [...Object.keys(OPERANDS), "true", "false", "null"]) {
  if (name.length > 3) continue;
  let key = 0;
  for (let i = 0; i < name.length; i++) key |= name.charCodeAt(i) << (8 * i);
  OPERATORS.set(key, { name, operands: OPERANDS[name] ?? 0, act: ACTS[name] ?? Act.Other });
}

type PaintOp = "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n";
const CLOSING: ReadonlySet<string> = new Set(["s", "b", "b*"]);

export interface OpsTable {
  save: number;
  restore: number;
  transform: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  setFillRGBColor: number;
  constructPath: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  endPath: number;
}

/** Fill colour spaces pdf.js converts with plain arithmetic. */
type FillSpace = "gray" | "rgb";

/** pdf.js's `#rrggbb` for gray or RGB components in 0..1 (Uint8ClampedArray rounding). */
const clamp = new Uint8ClampedArray(3);
function hex(space: FillSpace, v: ArrayLike<number>, at: number): string {
  if (space === "gray") clamp[0] = clamp[1] = clamp[2] = v[at]! * 255;
  else {
    clamp[0] = v[at]! * 255;
    clamp[1] = v[at + 1]! * 255;
    clamp[2] = v[at + 2]! * 255;
  }
  const h = (x: number) => x.toString(16).padStart(2, "0");
  return `#${h(clamp[0]!)}${h(clamp[1]!)}${h(clamp[2]!)}`;
}

interface ColourState {
  fill: FillSpace;
  /** What `scn` converts with: null until a colour space is set (pdf.js then reads numbers as gray). */
  patternFill: FillSpace | null;
}

const NUM = 0;
const NAME = 1;
const OTHER = 2;
const MAX_OPERANDS = 64;

/**
 * The operators of page `index` that rulesFromOperatorList reads, as pdf.js's getOperatorList
 * would give them. Throws Unsupported when the page leaves the subset.
 */
export function pageOperators(pdf: RawPdf, index: number, OPS: OpsTable): { fnArray: number[]; argsArray: unknown[] } {
  const { dict, resources } = pdf.page(index);
  const annots = pdf.resolve(dict.get("Annots") ?? null);
  if (Array.isArray(annots) ? annots.length > 0 : annots !== null) fail("annotations");
  const fnArray: number[] = [];
  const argsArray: unknown[] = [];
  const paintCode: Record<PaintOp, number> = {
    S: OPS.stroke, s: OPS.closeStroke, f: OPS.fill, F: OPS.fill, "f*": OPS.eoFill, B: OPS.fillStroke,
    "B*": OPS.eoFillStroke, b: OPS.closeFillStroke, "b*": OPS.closeEOFillStroke, n: OPS.endPath,
  };
  const emit = (fn: number, args: unknown) => {
    fnArray.push(fn);
    argsArray.push(args);
  };
  // Operands of the current operator: kind, number value, name bytes.
  const kind = new Uint8Array(MAX_OPERANDS);
  const value = new Float64Array(MAX_OPERANDS);
  const nameAt = new Int32Array(MAX_OPERANDS * 2);

  const run = (b: Uint8Array, res: Dict, colour: ColourState, depth: number, seen: Set<Stream>) => {
    if (depth > 12) fail("forms nested too deep");
    const end = b.length;
    const stack: ColourState[] = [];
    let path: number[] = [];
    let cx = 0;
    let cy = 0;
    let n = 0;
    const push = (k: number, v: number) => {
      if (n < MAX_OPERANDS) {
        kind[n] = k;
        value[n] = v;
      }
      n++;
    };
    const numbers = (count: number) => {
      for (let k = 0; k < count; k++) if (kind[k] !== NUM) fail("non-numeric operand");
    };
    const noOpenPath = (what: string) => {
      if (path.length) fail(`path open across ${what}`);
    };
    const nameOf = (k: number) => {
      if (kind[k] !== NAME) return fail("expected a name");
      return decodeName(b, nameAt[2 * k]!, nameAt[2 * k + 1]!);
    };
    let p = 0;
    for (;;) {
      // Whitespace and comments.
      for (;;) {
        while (p < end && WHITE[b[p]!]) p++;
        if (p < end && b[p] === 0x25) {
          while (p < end && b[p] !== 10 && b[p] !== 13) p++;
          continue;
        }
        break;
      }
      if (p >= end) break;
      const c = b[p]!;
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
        // A number, read as pdf.js reads it: digits as an integer, divided by 10 per decimal.
        let sign = 1;
        if (c === 0x2d) {
          sign = -1;
          p++;
        } else if (c === 0x2b) p++;
        let divideBy = 0;
        if (b[p] === 0x2e) {
          divideBy = 10;
          p++;
        }
        if (!(b[p]! >= 0x30 && b[p]! <= 0x39)) fail("odd number");
        let base = b[p++]! - 0x30;
        for (;;) {
          const d = b[p];
          if (d !== undefined && d >= 0x30 && d <= 0x39) {
            if (divideBy !== 0) divideBy *= 10;
            base = base * 10 + (d - 0x30);
            p++;
          } else if (d === 0x2e && divideBy === 0) {
            divideBy = 1;
            p++;
          } else break;
        }
        if (p < end && !WHITE[b[p]!] && !DELIM[b[p]!]) fail("odd number");
        if (divideBy !== 0) base /= divideBy;
        push(NUM, sign * base);
        continue;
      }
      if (c === 0x2f) {
        const start = ++p;
        while (p < end && !WHITE[b[p]!] && !DELIM[b[p]!]) p++;
        if (n < MAX_OPERANDS) {
          nameAt[2 * n] = start;
          nameAt[2 * n + 1] = p;
        }
        push(NAME, 0);
        continue;
      }
      if (c === 0x28 || c === 0x3c || c === 0x5b) {
        // Strings, arrays and dictionaries: operands no rule depends on.
        p = skipValue(b, p);
        push(OTHER, 0);
        continue;
      }
      if (DELIM[c]) fail("stray delimiter");
      // An operator.
      const start = p;
      while (p < end && !WHITE[b[p]!] && !DELIM[b[p]!]) p++;
      const len = p - start;
      let key = 0;
      if (len <= 3) for (let k = 0; k < len; k++) key |= b[start + k]! << (8 * k);
      const op = len <= 3 ? OPERATORS.get(key) : undefined;
      if (!op) return fail(`unknown operator ${latin1(b, start, Math.min(p, start + 16))}`);
      if (op.act === Act.Literal) {
        push(OTHER, 0);
        continue;
      }
      // pdf.js moves surplus operands between operators: only exact counts are ours.
      if (op.operands >= 0 && n !== op.operands) fail(`operand count of ${op.name}`);
      switch (op.act) {
        case Act.Save:
          noOpenPath("q");
          stack.push({ ...colour });
          emit(OPS.save, null);
          break;
        case Act.Restore:
          noOpenPath("Q");
          colour = stack.pop() ?? colour;
          emit(OPS.restore, null);
          break;
        case Act.Transform:
          noOpenPath("cm");
          numbers(6);
          emit(OPS.transform, [value[0]!, value[1]!, value[2]!, value[3]!, value[4]!, value[5]!]);
          break;
        case Act.Move:
          numbers(2);
          path.push(MOVE, (cx = value[0]!), (cy = value[1]!));
          break;
        case Act.Line:
          numbers(2);
          path.push(LINE, (cx = value[0]!), (cy = value[1]!));
          break;
        case Act.Curve:
          numbers(6);
          path.push(CURVE, value[0]!, value[1]!, value[2]!, value[3]!, (cx = value[4]!), (cy = value[5]!));
          break;
        case Act.Curve2:
          numbers(4);
          path.push(CURVE, cx, cy, value[0]!, value[1]!, value[2]!, value[3]!);
          cx = value[2]!;
          cy = value[3]!;
          break;
        case Act.Curve3:
          numbers(4);
          path.push(CURVE, value[0]!, value[1]!, value[2]!, value[3]!, value[2]!, value[3]!);
          cx = value[2]!;
          cy = value[3]!;
          break;
        case Act.Close:
          path.push(CLOSE);
          break;
        case Act.Rect: {
          numbers(4);
          const x = value[0]!;
          const y = value[1]!;
          const w = value[2]!;
          const h = value[3]!;
          const xw = x + w;
          const yh = y + h;
          if (w === 0 || h === 0) path.push(MOVE, x, y, LINE, xw, yh, CLOSE);
          else path.push(MOVE, x, y, LINE, xw, y, LINE, xw, yh, LINE, x, yh, CLOSE);
          cx = x;
          cy = y;
          break;
        }
        case Act.Paint:
          if (CLOSING.has(op.name)) path.push(CLOSE);
          emit(OPS.constructPath, path.length ? [paintCode[op.name as PaintOp], [new Float32Array(path)], null] : [paintCode[op.name as PaintOp], [null], null]);
          path = [];
          break;
        case Act.Gray:
          numbers(1);
          colour = { fill: "gray", patternFill: "gray" };
          emit(OPS.setFillRGBColor, [hex("gray", value, 0)]);
          break;
        case Act.Rgb:
          numbers(3);
          colour = { fill: "rgb", patternFill: "rgb" };
          emit(OPS.setFillRGBColor, [hex("rgb", value, 0)]);
          break;
        case Act.Cmyk:
          fail("CMYK fill");
          break;
        case Act.FillSpace: {
          const space = fillSpace(pdf, nameOf(0), res);
          colour = { fill: space, patternFill: space };
          break;
        }
        case Act.Fill: {
          const count = colour.fill === "gray" ? 1 : 3;
          if (n !== count) fail("sc operands");
          numbers(count);
          emit(OPS.setFillRGBColor, [hex(colour.fill, value, 0)]);
          break;
        }
        case Act.FillN: {
          // Without a colour space set, pdf.js reads numbers as gray.
          const space = colour.patternFill;
          const count = space === "rgb" ? 3 : 1;
          if (n !== count) fail("scn operands");
          numbers(count);
          emit(OPS.setFillRGBColor, [hex(space ?? "gray", value, 0)]);
          break;
        }
        case Act.Do: {
          noOpenPath("Do");
          const name = nameOf(0);
          const xobjects = pdf.resolve(res.get("XObject") ?? null);
          const x = isDict(xobjects) ? pdf.resolve(xobjects.get(name) ?? null) : null;
          if (!isStream(x)) return fail("XObject is not a stream");
          const subtype = pdf.resolve(x.dict.get("Subtype") ?? null);
          if (!(subtype instanceof Name)) return fail("XObject without a subtype");
          if (subtype.name === "Image" || subtype.name === "PS") break;
          if (subtype.name !== "Form") return fail("XObject subtype");
          if (seen.has(x)) return fail("form draws itself");
          const matrix = pdf.resolve(x.dict.get("Matrix") ?? null);
          const bbox = pdf.resolve(x.dict.get("BBox") ?? null);
          const isNums = (a: Obj, len: number): a is number[] => Array.isArray(a) && a.length === len && a.every((v) => typeof v === "number");
          const formRes = pdf.resolve(x.dict.get("Resources") ?? null);
          emit(OPS.paintFormXObjectBegin, [isNums(matrix, 6) ? matrix : null, isNums(bbox, 4) ? bbox : null]);
          seen.add(x);
          run(pdf.decode(x), isDict(formRes) ? formRes : res, { ...colour }, depth + 1, seen);
          seen.delete(x);
          emit(OPS.paintFormXObjectEnd, []);
          break;
        }
        case Act.InlineImage:
          fail("inline image");
          break;
        default:
          // Stroke colours, text, marked content, graphics state: nothing a rule depends on. A
          // path left open at BT is not ours either.
          if (op.name === "BT") noOpenPath("BT");
          break;
      }
      n = 0;
    }
  };
  run(pdf.contents(dict), resources, { fill: "gray", patternFill: null }, 0, new Set());
  return { fnArray, argsArray };
}

/** A name's bytes (after the slash) with #xx escapes decoded. */
function decodeName(b: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let p = start; p < end; p++) {
    if (b[p] === 0x23) {
      if (p + 2 >= end) fail("bad name escape");
      const v = parseInt(String.fromCharCode(b[p + 1]!, b[p + 2]!), 16);
      if (Number.isNaN(v)) fail("bad name escape");
      out += String.fromCharCode(v);
      p += 2;
    } else out += String.fromCharCode(b[p]!);
  }
  return out;
}

/** The end of the string, array or dictionary starting at p (nested ones and strings inside skipped). */
function skipValue(b: Uint8Array, p: number): number {
  const end = b.length;
  let depth = 0;
  do {
    const c = b[p];
    if (c === undefined) return fail("unterminated operand");
    if (c === 0x28) {
      // A literal string: balanced parentheses, backslash escapes.
      let level = 1;
      p++;
      while (p < end && level > 0) {
        const d = b[p]!;
        if (d === 0x5c) p += 2;
        else {
          if (d === 0x28) level++;
          else if (d === 0x29) level--;
          p++;
        }
      }
      if (level > 0) fail("unterminated string");
    } else if (c === 0x3c && b[p + 1] !== 0x3c) {
      while (p < end && b[p] !== 0x3e) p++;
      if (p >= end) fail("unterminated hex string");
      p++;
    } else if (c === 0x3c || c === 0x5b) {
      depth++;
      p += c === 0x3c ? 2 : 1;
    } else if ((c === 0x3e && b[p + 1] === 0x3e) || c === 0x5d) {
      depth--;
      p += c === 0x5d ? 1 : 2;
    } else if (c === 0x25) {
      while (p < end && b[p] !== 10 && b[p] !== 13) p++;
    } else if (c === 0x29 || c === 0x3e || c === 0x7b || c === 0x7d) {
      return fail("stray delimiter in an operand");
    } else p++;
  } while (depth > 0);
  return p;
}

/** The fill colour space `cs` names, if pdf.js converts it with plain arithmetic. */
function fillSpace(pdf: RawPdf, name: string, res: Dict): FillSpace {
  let cs: Obj = new Name(name);
  if (name !== "DeviceGray" && name !== "DeviceRGB") {
    const spaces = pdf.resolve(res.get("ColorSpace") ?? null);
    cs = isDict(spaces) ? pdf.resolve(spaces.get(name) ?? null) : null;
  }
  if (cs instanceof Name && cs.name === "DeviceGray") return "gray";
  if (cs instanceof Name && cs.name === "DeviceRGB") return "rgb";
  return fail("fill colour space");
}
