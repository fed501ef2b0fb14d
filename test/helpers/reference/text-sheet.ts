// The implementation before the perf-tok rewrite, kept as the reference the rewrite must agree with.
/**
 * Text path tokenizer: the lines of one page → a Sheet of tokens.
 *
 * A text extractor keeps a table row's cells on one line separated by spaces, but loses cell
 * order and empty cells, wraps narrow cells over several lines and stacks vertical labels one
 * glyph a line. This layer puts labels and value words back together (from the lexicon) and
 * exposes lines, blocks and tokens in reading order. It knows nothing about fields.
 */
import { matchKey } from "./text.js";
import { LABELS, WORDS, type LabelId, type WordSet } from "../../../src/tokenize/lexicon.js";

export interface Token {
  /** Text as printed (for merged labels: the pieces concatenated). */
  text: string;
  /** matchKey(text): NFKC, radicals fixed, no whitespace. */
  key: string;
  label: LabelId | null;
  words: WordSet[];
  /** 1-based line numbers in the input (first and last line for merged tokens). */
  line: number;
  lineEnd: number;
  /** Index of the sheet line holding the token. */
  row: number;
  used: boolean;
  /** What became of it: the field path it fed, "label", "claimed" (read by a later stage) or "unmapped". */
  fate?: string;
  /** PDF input: where the cell stood (user space). Text input has no geometry. */
  box?: [number, number, number, number];
}

export interface SheetLine {
  /** First input line number. */
  no: number;
  tokens: Token[];
  /** Lines separated by blank lines belong to different blocks. */
  block: number;
}

interface LexEntry {
  key: string;
  label: LabelId | null;
  words: WordSet[];
}

const LEXICON: Map<string, LexEntry> = buildLexicon();
const PREFIXES: Set<string> = buildPrefixes();

function buildLexicon(): Map<string, LexEntry> {
  const map = new Map<string, LexEntry>();
  for (const entry of LABELS) {
    for (const form of entry.forms) {
      const key = matchKey(form);
      map.set(key, { key, label: entry.id, words: map.get(key)?.words ?? [] });
    }
  }
  for (const [set, words] of Object.entries(WORDS) as [WordSet, string[]][]) {
    for (const word of words) {
      const key = matchKey(word);
      const prev = map.get(key);
      map.set(key, { key, label: prev?.label ?? null, words: [...(prev?.words ?? []), set] });
    }
  }
  return map;
}

function buildPrefixes(): Set<string> {
  const prefixes = new Set<string>();
  for (const key of LEXICON.keys()) {
    for (let i = 1; i < key.length; i++) prefixes.add(key.slice(0, i));
  }
  return prefixes;
}

export function lookup(key: string): LexEntry | undefined {
  return LEXICON.get(key);
}

export function makeToken(text: string, line: number, lineEnd = line): Token {
  const key = matchKey(text);
  const entry = LEXICON.get(key);
  return { text, key, label: entry?.label ?? null, words: entry?.words ?? [], line, lineEnd, row: -1, used: false };
}

/**
 * A token that is two lexicon entries printed without a space ("コメント計画どおり") is split,
 * but only when the whole token is covered by entries, so prose is never cut.
 */
function splitGlued(text: string, line: number): Token[] {
  const key = matchKey(text);
  if (LEXICON.has(key) || key.length < 4) return [makeToken(text, line)];
  for (let cut = 2; cut <= key.length - 2; cut++) {
    const left = key.slice(0, cut);
    // Once the left part is no lexicon entry nor the start of one, no longer one is an entry.
    if (!PREFIXES.has(left) && !LEXICON.has(left)) break;
    const right = key.slice(cut);
    if (LEXICON.has(left) && LEXICON.has(right)) {
      // Cut the printed text at the same place: keys drop only whitespace, so count non-space chars.
      let seen = 0;
      let at = 0;
      const chars = [...text];
      while (at < chars.length && seen < [...left].length) {
        if (!/\s/.test(chars[at]!)) seen += [...matchKey(chars[at]!)].length;
        at++;
      }
      return [makeToken(chars.slice(0, at).join("").trim(), line), makeToken(chars.slice(at).join("").trim(), line)];
    }
  }
  return [makeToken(text, line)];
}

/** No line of the form is longer than this; a longer one is kept whole, as text to report. */
const MAX_LINE = 10_000;

function tokenizeLine(raw: string, line: number): Token[] {
  if (raw.length > MAX_LINE) return [makeToken(raw.trim(), line)];
  return raw
    .split(/ +/)
    .map((part) => part.replace(/^[\t\u3000]+|[\t\u3000]+$/g, (m) => (m.includes("\u3000") ? m : "")))
    .filter((part) => part.trim() !== "")
    .flatMap((part) => splitGlued(part, line));
}

/** The lines of one page, 1-based numbers kept, blank lines included. */
export interface PageLines {
  page: number;
  lines: { no: number; text: string }[];
}

export class TextSheet {
  readonly page: number;
  readonly lines: SheetLine[];

  constructor(input: PageLines | { page: number; sheetLines: SheetLine[] }) {
    this.page = input.page;
    this.lines = "sheetLines" in input ? input.sheetLines : buildLines(input.lines);
    this.lines.forEach((l, row) => l.tokens.forEach((t) => (t.row = row)));
  }

  /** Whether tokens carry boxes (PDF): then columns can be read from positions. */
  get hasGeometry(): boolean {
    return this.lines.some((l) => l.tokens.some((t) => t.box));
  }

  /**
   * The index of the anchor (a column header) whose horizontal extent holds the token's centre,
   * or null when the sheet has no geometry or no anchor fits.
   */
  columnOf(tok: Token, anchors: Token[]): number | null {
    if (!tok.box) return null;
    const cx = (tok.box[0] + tok.box[2]) / 2;
    let best: number | null = null;
    let bestDist = Infinity;
    anchors.forEach((a, i) => {
      if (!a.box) return;
      const inside = cx >= a.box[0] - 1 && cx <= a.box[2] + 1;
      const dist = Math.abs(cx - (a.box[0] + a.box[2]) / 2);
      if (inside && dist < bestDist) {
        best = i;
        bestDist = dist;
      }
    });
    return best;
  }

  private all: Token[] | null = null;

  tokens(): Token[] {
    return (this.all ??= this.lines.flatMap((l) => l.tokens));
  }

  labelled(label: LabelId): Token[] {
    return this.tokens().filter((t) => t.label === label);
  }

  first(label: LabelId): Token | undefined {
    return this.tokens().find((t) => t.label === label);
  }

  lineOf(tok: Token): SheetLine {
    return this.lines[tok.row]!;
  }

  after(tok: Token): Token[] {
    const toks = this.lineOf(tok).tokens;
    return toks.slice(toks.indexOf(tok) + 1);
  }

  before(tok: Token): Token[] {
    const toks = this.lineOf(tok).tokens;
    return toks.slice(0, toks.indexOf(tok));
  }

  /** The sheet line after / before row, or undefined. */
  next(row: number): SheetLine | undefined {
    return this.lines[row + 1];
  }

  prev(row: number): SheetLine | undefined {
    return row > 0 ? this.lines[row - 1] : undefined;
  }

  /** All sheet lines of the block that holds row. */
  block(row: number): SheetLine[] {
    const id = this.lines[row]!.block;
    return this.lines.filter((l) => l.block === id);
  }
}

function buildLines(input: { no: number; text: string }[]): SheetLine[] {
  const out: SheetLine[] = [];
  let block = 0;
  let blank = true;
  const raw = input.map((l) => ({ no: l.no, text: l.text.replace(/\s+$/, "") }));
  for (let i = 0; i < raw.length; i++) {
    const cur = raw[i]!;
    if (cur.text.trim() === "") {
      blank = true;
      continue;
    }
    if (blank) block++;
    blank = false;
    const merged = mergeStacked(raw, i);
    if (merged) {
      out.push({ no: cur.no, tokens: [merged.token], block });
      // A label stacked across a blank line ("10～12" / "" / "月") stays in the block it began in.
      i = merged.last;
      continue;
    }
    out.push({ no: cur.no, tokens: tokenizeLine(cur.text, cur.no), block });
  }
  return out;
}

/**
 * A label or value word broken over lines ("計画ど"/"おり", "効"/"果"/"額", "10～12"/""/"月"):
 * each piece is a whole line, and every partial concatenation is a prefix of a lexicon entry.
 * Longest match wins; a single blank line may sit inside (the extractor's gap before "月").
 */
function mergeStacked(raw: { no: number; text: string }[], start: number): { token: Token; last: number } | null {
  let acc = matchKey(raw[start]!.text);
  if (!PREFIXES.has(acc)) return null;
  let printed = raw[start]!.text.trim();
  let best: { token: Token; last: number } | null = null;
  let blanks = 0;
  for (let j = start + 1; j < raw.length; j++) {
    const text = raw[j]!.text.trim();
    if (text === "") {
      if (++blanks > 1) break;
      continue;
    }
    const key = acc + matchKey(text);
    if (!PREFIXES.has(key) && !LEXICON.has(key)) break;
    acc = key;
    printed += text;
    if (LEXICON.has(acc)) best = { token: makeToken(printed, raw[start]!.no, raw[j]!.no), last: j };
    if (!PREFIXES.has(acc)) break;
  }
  return best;
}
