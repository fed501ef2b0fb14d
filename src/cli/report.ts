import type { Diagnostic } from "../diagnostics.js";
import { type Sink, writeTo } from "./io.js";

/**
 * Everything the CLI says on stderr, one line per thing, like a compiler:
 *
 *   book.txt:2: ambiguous-columns: 取組項目 4: two ○ marks … (annual.tasks[3].quarters)
 *   book.txt:9:1270: unmapped-text: Numbers "0" fit no row …   (page 9, input line 1270)
 *   apsheet: missing.pdf: no such file
 *
 * and, on a terminal only, a progress line redrawn in place.
 */

// C0/C1 controls and the bidi overrides: input text must not be able to move the cursor,
// recolour the terminal or reorder what a person reads. One warning stays one line.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function oneLine(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The parts of a warning a line shows. */
export type WarningParts = Pick<Diagnostic, "code" | "message" | "path" | "page" | "line">;

/**
 * `file:page: code: message (path)`, or `file:page:line: …` when the warning concerns a line
 * of a text input (`line` is the 1-based input line, not a column). The page, line and path
 * only when known; a line without a page goes into the parentheses.
 */
export function warningLine(file: string, w: WarningParts): string {
  let where = file;
  const extra: string[] = w.path ? [w.path] : [];
  if (w.page !== undefined) where += w.line !== undefined ? `:${w.page}:${w.line}` : `:${w.page}`;
  else if (w.line !== undefined) extra.push(`line ${w.line}`);
  const tail = extra.length ? ` (${extra.join(", ")})` : "";
  return oneLine(`${where}: ${w.code}: ${w.message}${tail}`);
}

/** `apsheet: file: message` — a whole input that could not be read. */
export function errorLine(file: string, message: string): string {
  return oneLine(`apsheet: ${file}: ${message}`);
}

const CLEAR = "\r\u001b[2K";

export interface ReporterOptions {
  quiet: boolean;
  /** Draw a progress line (the caller decides: a TTY and more than one input). */
  progress: boolean;
  total: number;
  now: () => number;
}

export class Reporter {
  private readonly started: number;
  private done = 0;
  private records = 0;
  private warnings = 0;
  private drawn = false;

  constructor(
    private readonly stderr: Sink,
    private readonly options: ReporterOptions,
  ) {
    this.started = options.now();
  }

  async warning(file: string, w: WarningParts): Promise<void> {
    if (!this.options.quiet) await this.line(warningLine(file, w));
  }

  async error(file: string, message: string): Promise<void> {
    await this.line(errorLine(file, message));
  }

  /** A line about the run as a whole: `apsheet: <text>`. */
  async note(text: string): Promise<void> {
    await this.line(oneLine(`apsheet: ${text}`));
  }

  async fileDone(records: number, warnings: number): Promise<void> {
    this.done++;
    this.records += records;
    this.warnings += warnings;
    await this.draw();
  }

  async draw(): Promise<void> {
    if (!this.options.progress) return;
    const secs = ((this.options.now() - this.started) / 1000).toFixed(1);
    const text = `apsheet: ${this.done}/${this.options.total} files, ${this.records} records, ${this.warnings} warnings, ${secs}s`;
    this.drawn = true;
    await writeTo(this.stderr, CLEAR + text);
  }

  /** Removes the progress line, leaving the terminal as it was. */
  async finish(): Promise<void> {
    if (this.drawn) await writeTo(this.stderr, CLEAR);
    this.drawn = false;
  }

  private async line(text: string): Promise<void> {
    await writeTo(this.stderr, `${this.drawn ? CLEAR : ""}${text}\n`);
    if (this.drawn) await this.draw();
  }
}
