import { readFile, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { DEFAULT_MAX_BYTES } from "../api.js";
import { ApsheetError } from "../diagnostics.js";
import type { CliDeps } from "./deps.js";
import { inspectBytes, type InspectOptions, type Inspection } from "./inspect/model.js";
import { renderSvg } from "./inspect/svg.js";
import { renderText } from "./inspect/text.js";
import { OutputClosedError, readAll, writeTo } from "./io.js";
import { writeAtomic } from "./out.js";
import { messageOf } from "./parse-command.js";
import { errorLine } from "./report.js";

export interface InspectCommandOptions {
  /** Only this page (1-based, as in warnings). */
  page?: number;
  /** Write the picture here instead of the listing (`-`: to stdout). */
  svg?: string;
  encoding?: string;
  /** PDF input: user password. */
  password?: string;
  maxBytes?: number;
  maxPages?: number;
}

/**
 * `apsheet inspect <file>`: what the reader saw on each page (or one) of a text or PDF input,
 * as a listing on stdout or, with --svg, a picture. Exit 0 when the input was read as plan
 * sheets; 1 when it could not be read (or holds no plan sheet: the tokenizer's view is still
 * shown). A PDF is read in-process, without parse's worker and time limit: inspect is for a
 * person looking at one book.
 */
export async function runInspect(input: string, opts: InspectCommandOptions, deps: CliDeps): Promise<number> {
  const { stdout, stderr } = deps;
  const display = input;
  const fail = async (message: string) => {
    await writeTo(stderr, `${errorLine(display, message)}\n`);
    return 1;
  };
  let ins: Inspection;
  try {
    const bytes = await readInput(input, opts.maxBytes ?? DEFAULT_MAX_BYTES, deps);
    const o: InspectOptions = { file: input === "-" ? "-" : basename(input) };
    if (opts.encoding) o.encoding = opts.encoding;
    if (opts.password !== undefined) o.password = opts.password;
    if (opts.maxPages !== undefined) o.maxPages = opts.maxPages;
    ins = await inspectBytes(bytes, o);
  } catch (err) {
    return fail(messageOf(err));
  }
  ins = { ...ins, file: display };
  for (const n of ins.notes ?? []) await writeTo(stderr, `${errorLine(display, `note: ${n}`)}\n`);

  let pages = ins.pages;
  if (opts.page !== undefined) {
    pages = ins.pages.filter((p) => p.page === opts.page);
    const what = ins.format === "pdf" ? "the PDF" : "the text";
    if (pages.length === 0) return fail(`no page ${opts.page} (${what} has ${ins.pages.length} page${ins.pages.length === 1 ? "" : "s"})`);
  }

  try {
    if (opts.svg !== undefined) {
      const svg = renderSvg(ins, pages);
      if (opts.svg === "-") await writeTo(stdout, svg);
      else {
        try {
          await writeAtomic(dirname(opts.svg), basename(opts.svg), svg);
        } catch (err) {
          return fail(`cannot write ${opts.svg}: ${messageOf(err)}`);
        }
      }
    } else {
      const color = stdout.isTTY === true && !deps.env.NO_COLOR;
      await writeTo(stdout, renderText(ins, pages, { color }));
    }
  } catch (err) {
    if (err instanceof OutputClosedError) return ins.error ? 1 : 0;
    throw err;
  }
  if (ins.error) return fail(ins.error.message);
  return 0;
}

async function readInput(input: string, maxBytes: number, deps: CliDeps): Promise<Uint8Array> {
  if (input === "-") {
    return readAll(
      deps.stdin,
      maxBytes,
      (size) => new ApsheetError("input-too-large", `more than ${maxBytes} bytes (${size} read so far; raise the limit with --max-bytes)`, "-"),
    );
  }
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new ApsheetError("not-found", "no such file", input);
  if (!info.isFile()) throw new ApsheetError("not-a-file", "not a regular file (a directory?)", input);
  if (info.size > maxBytes) {
    throw new ApsheetError("input-too-large", `${info.size} bytes is over the ${maxBytes}-byte limit (raise it with --max-bytes)`, input);
  }
  const b = await readFile(input);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
