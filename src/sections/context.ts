/**
 * What a section parser works with: the page's Sheet, and the page's diagnostics and
 * provenance. Parsers take tokens (marking them used, recording where each value stood) and
 * never look at line numbers themselves.
 */
import type { Diagnostic } from "../diagnostics.js";
import { isFiscalYearLabel, parseFiscalYear } from "../normalize/era.js";
import { parseNumber } from "../normalize/number.js";
import type { WordOracle } from "../normalize/prose.js";
import type { LabelId, WordSet } from "../tokenize/lexicon.js";
import type { SheetLine, Token, TextSheet } from "../tokenize/text-sheet.js";

export interface Where {
  page: number;
  line?: number;
  bbox?: [number, number, number, number];
}

const NONE: readonly Token[] = [];

/**
 * What the parsers ask of the page again and again, worked out once: which tokens carry each
 * label and value word, which lines are rows of numbers, which tokens are 年度 labels, whether
 * the page has geometry. A
 * token's text, label and words never change once the sheet is built, so the answers hold for
 * the whole reading of the page (only `used` changes, and nothing here depends on it).
 */
class PageIndex {
  readonly byLabel = new Map<LabelId, Token[]>();
  readonly byWord = new Map<WordSet, Token[]>();
  /** By row: the line's numbers when every token is one (null: not a numeric line; undefined: not asked yet). */
  readonly numbers: (readonly number[] | null | undefined)[];
  readonly fiscalYears = new Map<Token, number | null>();
  /** Whether any token carries a box (PDF), as TextSheet.hasGeometry says, read on the same pass. */
  readonly hasGeometry: boolean = false;

  constructor(sheet: TextSheet) {
    const { lines } = sheet;
    this.numbers = new Array(lines.length);
    // Indexed loops: this runs once a page, mostly before the JIT has looked at it.
    for (let row = 0; row < lines.length; row++) {
      const tokens = lines[row]!.tokens;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (t.box) this.hasGeometry = true;
        if (t.label !== null) listIn(this.byLabel, t.label).push(t);
        for (let w = 0; w < t.words.length; w++) {
          const list = listIn(this.byWord, t.words[w]!);
          if (list[list.length - 1] !== t) list.push(t);
        }
      }
    }
  }
}

function listIn<K>(map: Map<K, Token[]>, key: K): Token[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

export class PageContext {
  readonly warnings: Diagnostic[] = [];
  readonly provenance = new Map<string, Where>();
  private indexed: PageIndex | null = null;

  constructor(
    readonly sheet: TextSheet,
    readonly oracle?: WordOracle,
  ) {}

  get page(): number {
    return this.sheet.page;
  }

  private get index(): PageIndex {
    return (this.indexed ??= new PageIndex(this.sheet));
  }

  /** Whether tokens carry boxes (PDF): then columns can be read from positions. */
  get hasGeometry(): boolean {
    return this.index.hasGeometry;
  }

  /** The tokens carrying a label, in reading order. */
  labelled(label: LabelId): readonly Token[] {
    return this.index.byLabel.get(label) ?? NONE;
  }

  first(label: LabelId): Token | undefined {
    return this.index.byLabel.get(label)?.[0];
  }

  /** The tokens that are words of a value set, in reading order. */
  withWord(set: WordSet): readonly Token[] {
    return this.index.byWord.get(set) ?? NONE;
  }

  /** The line's numbers when every token on it is one, else null (an empty line too). */
  numbersOf(line: SheetLine): readonly number[] | null {
    const first = line.tokens[0];
    if (!first) return null;
    // Kept by row, which every token of a line shares.
    const cache = this.index.numbers;
    let values = cache[first.row];
    if (values === undefined) cache[first.row] = values = readNumbers(line.tokens);
    return values;
  }

  /** The fiscal year a `…年度` label names (平成28年度 → 2016), else null. */
  fiscalYearLabel(t: Token): number | null {
    if (!mayBeYearLabel(t)) return null;
    const cache = this.index.fiscalYears;
    let year = cache.get(t);
    if (year === undefined) cache.set(t, (year = isFiscalYearLabel(t.text) ? parseFiscalYear(t.text) : null));
    return year;
  }

  /** The token right of t on its line. */
  rightOf(t: Token): Token | undefined {
    const toks = this.sheet.lines[t.row]!.tokens;
    return toks[toks.indexOf(t) + 1];
  }

  /** Mark tokens as read into `path` (or as a label when path is undefined). */
  take(tokens: Token | readonly Token[], path?: string): void {
    let first: Token | undefined;
    if (isList(tokens)) {
      for (const t of tokens) mark(t, path);
      first = tokens[0];
    } else {
      mark(tokens, path);
      first = tokens;
    }
    if (path && first) this.note(path, first);
  }

  /** take() for every token of the lines, as if they were one list. */
  takeLines(lines: readonly SheetLine[], path?: string): void {
    let first: Token | undefined;
    for (const line of lines) {
      for (const t of line.tokens) mark(t, path);
      first ??= line.tokens[0];
    }
    if (path && first) this.note(path, first);
  }

  private note(path: string, first: Token): void {
    if (!this.provenance.has(path)) this.provenance.set(path, this.placeOf(first));
  }

  /** Where a token stood: its box on a PDF page, its input line in text. */
  placeOf(t: Token): Where {
    return t.box ? { page: this.page, bbox: t.box } : { page: this.page, line: t.line };
  }

  warn(code: string, message: string, path?: string, line?: number): void {
    const d: Diagnostic = { code, message, page: this.page };
    if (path) d.path = path;
    if (line) d.line = line;
    this.warnings.push(d);
  }
}

function isList(tokens: Token | readonly Token[]): tokens is readonly Token[] {
  return Array.isArray(tokens);
}

function mark(t: Token, path: string | undefined): void {
  t.used = true;
  t.fate ??= path ?? (t.label !== null && t.words.length === 0 ? "label" : "claimed");
}

/**
 * A `…年度` label ends in 度 once NFKC-folded, and only 度 and U+FA01 fold to it, so its key (NFKC)
 * holds 度: a token without is no label, and era.ts (which folds every string it is given) need
 * not be asked.
 */
const mayBeYearLabel = (t: Token) => t.key.includes("度");

/** A number has a digit, ASCII or full-width: most text has none and need not be parsed. */
const DIGIT = /[0-9\uff10-\uff19]/;

function readNumbers(tokens: readonly Token[]): number[] | null {
  const values: number[] = [];
  for (const t of tokens) {
    const v = DIGIT.test(t.text) ? parseNumber(t.text) : null;
    if (v === null) return null;
    values.push(v);
  }
  return values;
}
