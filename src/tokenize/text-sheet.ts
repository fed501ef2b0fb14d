/**
 * Text path tokenizer: the lines of one page → a Sheet of tokens.
 *
 * A text extractor keeps a table row's cells on one line separated by spaces, but loses cell
 * order and empty cells, wraps narrow cells over several lines and stacks vertical labels one
 * glyph a line. This layer puts labels and value words back together (from the lexicon) and
 * exposes lines, blocks and tokens in reading order. It knows nothing about fields.
 */
import { isWhitespace, matchKey } from "../normalize/text.js";
import { LABELS, WORDS, type LabelId, type WordSet } from "./lexicon.js";

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
/**
 * The length of the longest lexicon key: no longer string is an entry or the start of one, so it
 * is never looked up (a lookup hashes the whole string, and most lines and words are prose).
 */
const LONGEST_KEY = Math.max(...[...LEXICON.keys()].map((k) => k.length));
/** The first two code units of every key of two or more, as one number (see pairCode). */
const PAIR_OPENINGS: Set<number> = new Set([...LEXICON.keys()].filter((k) => k.length >= 2).map(pairCode));

function pairCode(s: string): number {
  return s.charCodeAt(0) * 0x10000 + s.charCodeAt(1);
}

function entryOf(key: string): LexEntry | undefined {
  return key.length <= LONGEST_KEY ? LEXICON.get(key) : undefined;
}

function isEntry(key: string): boolean {
  return key.length <= LONGEST_KEY && LEXICON.has(key);
}

/** Whether key is the start of a lexicon entry (not the whole of one). */
function isPrefix(key: string): boolean {
  return key.length < LONGEST_KEY && PREFIXES.has(key);
}

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
  return entryOf(key);
}

export function makeToken(text: string, line: number, lineEnd = line): Token {
  return tokenOf(text, matchKey(text), line, lineEnd);
}

/** Tokens outside the lexicon share one empty word list; nothing writes to a token's words. */
const NO_WORDS: WordSet[] = Object.freeze([]) as unknown as WordSet[];

function tokenOf(text: string, key: string, line: number, lineEnd: number): Token {
  const entry = entryOf(key);
  return { text, key, label: entry?.label ?? null, words: entry?.words ?? NO_WORDS, line, lineEnd, row: -1, used: false };
}

/**
 * A token that is two lexicon entries printed without a space ("コメント計画どおり") is split,
 * but only when the whole token is covered by entries, so prose is never cut. `key` is matchKey(text).
 */
function splitGlued(text: string, key: string, line: number, out: Token[]): void {
  // Two entries glued are no longer than two of the longest, and their first two characters open
  // an entry (the loop below would stop at once otherwise): most words are turned away here.
  if (key.length >= 4 && key.length <= 2 * LONGEST_KEY && PAIR_OPENINGS.has(pairCode(key)) && !isEntry(key)) {
    for (let cut = 2; cut <= key.length - 2; cut++) {
      const left = key.slice(0, cut);
      // Once the left part is no lexicon entry nor the start of one, no longer one is an entry.
      if (!isPrefix(left) && !isEntry(left)) break;
      const right = key.slice(cut);
      if (isEntry(left) && isEntry(right)) {
        const at = printedEndOf(text, left);
        out.push(makeToken(text.slice(0, at).trim(), line), makeToken(text.slice(at).trim(), line));
        return;
      }
    }
  }
  out.push(tokenOf(text, key, line, line));
}

/**
 * Where in the printed text the key prefix `left` ends (a code unit index). Keys drop only
 * whitespace, so count the keys of the non-space characters, code point by code point.
 */
function printedEndOf(text: string, left: string): number {
  const wanted = codePointCount(left);
  let seen = 0;
  let at = 0;
  while (at < text.length && seen < wanted) {
    const ch = String.fromCodePoint(text.codePointAt(at)!);
    if (!/\s/.test(ch)) seen += codePointCount(matchKey(ch));
    at += ch.length;
  }
  return at;
}

function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // The high half of a surrogate pair counts; its low half does not.
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && isHighSurrogate(s.charCodeAt(i - 1)))) n++;
  }
  return n;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** No line of the form is longer than this; a longer one is kept whole, as text to report. */
const MAX_LINE = 10_000;

/**
 * A line → its tokens: the words between runs of ASCII spaces, without the tabs at their ends
 * (an end run holding a full-width space is kept as printed), blank words dropped, glued lexicon
 * entries split.
 */
function tokenizeLine(raw: string, line: number, rawKey: string): Token[] {
  if (raw.length > MAX_LINE) return [makeToken(raw.trim(), line)];
  const out: Token[] = [];
  // Most lines are one word: no split for them.
  if (!raw.includes(" ")) addWord(raw, raw, rawKey, line, out);
  // split(" ") rather than / +/: the empty strings between spaces are skipped in addWord, and the
  // plain string split runs natively without the regex machinery.
  else {
    const parts = raw.split(" ");
    for (let k = 0; k < parts.length; k++) addWord(parts[k]!, raw, rawKey, line, out);
  }
  return out;
}

/** A word of the line raw (whose key is rawKey) → its tokens, without the tabs at its ends; nothing if blank. */
function addWord(part: string, raw: string, rawKey: string, line: number, out: Token[]): void {
  if (part === "") return;
  const word = isTabOrIdeographicSpace(part.charCodeAt(0)) || isTabOrIdeographicSpace(part.charCodeAt(part.length - 1)) ? withoutEndTabs(part) : part;
  // Blank words are dropped; a word opening with a visible character needs no trim to tell.
  if (word === "" || (isWhitespace(word.charCodeAt(0)) && word.trim() === "")) return;
  splitGlued(word, word === raw ? rawKey : matchKey(word), line, out);
}

/** The word without its leading and trailing runs of tabs, unless a run holds a full-width space. */
function withoutEndTabs(part: string): string {
  let from = 0;
  while (from < part.length && isTabOrIdeographicSpace(part.charCodeAt(from))) from++;
  // A word of tabs and full-width spaces alone is blank whatever is kept of it.
  if (from === part.length) return "";
  if (part.lastIndexOf("\u3000", from - 1) >= 0) from = 0;
  let to = part.length;
  while (isTabOrIdeographicSpace(part.charCodeAt(to - 1))) to--;
  if (part.indexOf("\u3000", to) >= 0) to = part.length;
  return part.slice(from, to);
}

function isTabOrIdeographicSpace(c: number): boolean {
  return c === 0x09 || c === 0x3000;
}

/** The lines of one page, 1-based numbers kept, blank lines included. */
export interface PageLines {
  page: number;
  lines: { no: number; text: string }[];
}

export class TextSheet {
  readonly page: number;
  readonly lines: SheetLine[];
  /** Every token in reading order. */
  private readonly all: Token[] = [];
  /** The label tokens by label, in reading order: labels are fixed when a token is made. */
  private readonly byLabel = new Map<LabelId, Token[]>();
  private readonly boxed: boolean;
  /** Whether block numbers never decrease down the lines, so each block is one run of lines. */
  private readonly blocksInOrder: boolean;

  constructor(input: PageLines | { page: number; sheetLines: SheetLine[] }) {
    this.page = input.page;
    this.lines = "sheetLines" in input ? input.sheetLines : buildLines(input.lines);
    let boxed = false;
    // Index loops: this runs for every token while the code is still cold, where for-of costs.
    for (let row = 0; row < this.lines.length; row++) {
      const tokens = this.lines[row]!.tokens;
      for (let k = 0; k < tokens.length; k++) {
        const t = tokens[k]!;
        t.row = row;
        this.all.push(t);
        if (t.box) boxed = true;
        if (t.label === null) continue;
        const list = this.byLabel.get(t.label);
        if (list) list.push(t);
        else this.byLabel.set(t.label, [t]);
      }
    }
    this.boxed = boxed;
    let inOrder = true;
    for (let row = 1; row < this.lines.length; row++) if (this.lines[row]!.block < this.lines[row - 1]!.block) inOrder = false;
    this.blocksInOrder = inOrder;
  }

  /** Whether tokens carry boxes (PDF): then columns can be read from positions. */
  get hasGeometry(): boolean {
    return this.boxed;
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

  tokens(): Token[] {
    return this.all;
  }

  /** The label's tokens in reading order (a fresh array the caller may change). */
  labelled(label: LabelId): Token[] {
    return this.byLabel.get(label)?.slice() ?? [];
  }

  first(label: LabelId): Token | undefined {
    return this.byLabel.get(label)?.[0];
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
    if (!this.blocksInOrder) return this.lines.filter((l) => l.block === id);
    // Block numbers never go down (both tokenizers count up), so a block is the run of lines around row.
    let from = row;
    let to = row + 1;
    while (from > 0 && this.lines[from - 1]!.block === id) from--;
    while (to < this.lines.length && this.lines[to]!.block === id) to++;
    return this.lines.slice(from, to);
  }
}

function buildLines(input: { no: number; text: string }[]): SheetLine[] {
  const out: SheetLine[] = [];
  let block = 0;
  let blank = true;
  for (let i = 0; i < input.length; i++) {
    const no = input[i]!.no;
    const text = input[i]!.text.trimEnd();
    if (text === "") {
      blank = true;
      continue;
    }
    if (blank) block++;
    blank = false;
    const key = matchKey(text);
    const merged = isPrefix(key) ? mergeStacked(input, i, text, key) : null;
    if (merged) {
      out.push({ no, tokens: [merged.token], block });
      // A label stacked across a blank line ("10～12" / "" / "月") stays in the block it began in.
      i = merged.last;
      continue;
    }
    out.push({ no, tokens: tokenizeLine(text, no, key), block });
  }
  return out;
}

/**
 * A label or value word broken over lines ("計画ど"/"おり", "効"/"果"/"額", "10～12"/""/"月"):
 * each piece is a whole line, and every partial concatenation is a prefix of a lexicon entry.
 * Longest match wins; a single blank line may sit inside (the extractor's gap before "月").
 * `startText` is the first line without its trailing whitespace, `startKey` its key, a lexicon prefix.
 */
function mergeStacked(input: { no: number; text: string }[], start: number, startText: string, startKey: string): { token: Token; last: number } | null {
  let acc = startKey;
  let printed = startText.trim();
  let best: { token: Token; last: number } | null = null;
  let blanks = 0;
  for (let j = start + 1; j < input.length; j++) {
    const text = input[j]!.text.trim();
    if (text === "") {
      if (++blanks > 1) break;
      continue;
    }
    const key = acc + matchKey(text);
    if (!isPrefix(key) && !isEntry(key)) break;
    acc = key;
    printed += text;
    if (isEntry(acc)) best = { token: makeToken(printed, input[start]!.no, input[j]!.no), last: j };
    if (!isPrefix(acc)) break;
  }
  return best;
}
