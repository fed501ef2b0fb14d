/**
 * What a section parser works with: the page's Sheet, and the page's diagnostics and
 * provenance. Parsers take tokens (marking them used, recording where each value stood) and
 * never look at line numbers themselves.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { WordOracle } from "../normalize/prose.js";
import type { Token, TextSheet } from "../tokenize/text-sheet.js";

export interface Where {
  page: number;
  line?: number;
  bbox?: [number, number, number, number];
}

export class PageContext {
  readonly warnings: Diagnostic[] = [];
  readonly provenance = new Map<string, Where>();

  constructor(
    readonly sheet: TextSheet,
    readonly oracle?: WordOracle,
  ) {}

  get page(): number {
    return this.sheet.page;
  }

  /** Mark tokens as read into `path` (or as a label when path is undefined). */
  take(tokens: Token | Token[], path?: string): void {
    const list = Array.isArray(tokens) ? tokens : [tokens];
    for (const t of list) {
      t.used = true;
      t.fate ??= path ?? (t.label !== null && t.words.length === 0 ? "label" : "claimed");
    }
    const first = list[0];
    if (path && first && !this.provenance.has(path)) this.provenance.set(path, this.placeOf(first));
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
