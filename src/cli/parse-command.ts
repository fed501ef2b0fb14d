import type { ParseOptions, ParseResult } from "../api.js";
import { DEFAULT_MAX_BYTES } from "../api.js";
import { ApsheetError } from "../diagnostics.js";
import type { PlanRecord } from "../record/schema.js";
import type { CliDeps } from "./deps.js";
import { type CsvTable, CSV_TABLES, csvHeader, csvRows, csvTable } from "./format/csv.js";
import { JsonArrayWriter, recordJson } from "./format/json.js";
import { ndjsonLines } from "./format/ndjson.js";
import { expandInputs, type Input } from "./inputs.js";
import { OutputClosedError, readAll, writeTo } from "./io.js";
import { OutDir } from "./out.js";
import { Reporter } from "./report.js";

export type OutputFormat = "json" | "ndjson" | "csv";
export const INPUT_EXTENSIONS = [".pdf", ".txt"] as const;

export interface ParseCommandOptions {
  format: OutputFormat;
  csvTable: CsvTable;
  out?: string;
  strict: boolean;
  quiet: boolean;
  /** More warnings than this in total fail the run; -1 (the default) never does. */
  maxWarnings: number;
  /** Passed through to the library as they are. */
  api: Pick<ParseOptions, "encoding" | "password" | "provenance" | "maxBytes" | "maxPages">;
  /** Per-file time limit for PDF input, on its worker (0: none). Used when deps do not replace the parsers. */
  timeoutMs?: number;
  /**
   * PDFs read at once (a whole number ≥ 1, as main.ts's jobCount gives it; default 1), each on
   * its own worker; text is read on the main thread meanwhile. Above 1, up to twice that many
   * files are under way, so that a worker that finishes while an earlier, longer file is still
   * being read starts on the next one; output stays in input order.
   */
  jobs?: number;
}

/**
 * `apsheet parse`: reads every input (one at a time, or `jobs` at once) and writes each file's
 * records, in input order, as soon as the file and every file before it are done — ndjson
 * lines, csv rows, the json array's next elements (closed at the end), `--out` files. A file
 * that fails costs one error line and exit code 1; the batch goes on.
 */
export async function runParse(args: readonly string[], opts: ParseCommandOptions, given: CliDeps): Promise<number> {
  if (!given.isolate) return runParseWith(args, opts, given);
  const { isolatedParsers, DEFAULT_TIMEOUT_S } = await import("./isolated.js");
  const parsers = isolatedParsers(opts.timeoutMs ?? DEFAULT_TIMEOUT_S * 1000, opts.jobs ?? 1);
  try {
    return await runParseWith(args, opts, { ...given, parseFile: parsers.parseFile, parse: parsers.parse });
  } finally {
    await parsers.close();
  }
}

async function runParseWith(args: readonly string[], opts: ParseCommandOptions, deps: CliDeps): Promise<number> {
  const { stdout, stderr } = deps;
  const { inputs, problems } = await expandInputs(args, INPUT_EXTENSIONS);
  const reporter = new Reporter(stderr, {
    quiet: opts.quiet,
    progress: stderr.isTTY === true && inputs.length > 1 && !opts.quiet,
    total: inputs.length,
    now: deps.now,
  });
  let failed = problems.length > 0;
  let warnings = 0;
  const buffered: PlanRecord[] = [];
  const jsonArray = new JsonArrayWriter();
  const out = opts.out !== undefined ? new OutDir(opts.out) : undefined;

  try {
    for (const p of problems) await reporter.error(p.display, p.message);
    if (out) {
      try {
        await out.create();
      } catch (err) {
        await reporter.error(out.dir, `cannot create the output directory: ${messageOf(err)}`);
        return 1;
      }
    } else if (opts.format === "csv") {
      await writeTo(stdout, csvHeader(opts.csvTable));
    }
    await reporter.draw();

    const jobs = opts.jobs ?? 1;
    const parses = new Ahead(inputs, jobs === 1 ? 1 : 2 * jobs, (input) => parseOne(input, opts, deps));
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]!;
      const parsed = await parses.take(i);
      if (!parsed.ok) {
        failed = true;
        await reporter.error(input.display, messageOf(parsed.error));
        await reporter.fileDone(0, 0);
        continue;
      }
      const result = parsed.result;
      let fileWarnings = 0;
      for (const record of result.records) {
        for (const w of record.warnings) await reporter.warning(input.display, w);
        fileWarnings += record.warnings.length;
      }
      if (out) {
        for (const record of result.records) {
          const claim = out.claim(record.planNo, input.display);
          if (claim.clash) {
            fileWarnings++;
            const first = claim.clash.file === input.display ? "earlier in this file" : `in ${claim.clash.file}`;
            await reporter.warning(input.display, {
              code: "duplicate-plan-no",
              message: `plan ${record.planNo} is also ${first} (${claim.clash.name}); this one is written as ${claim.name}`,
            });
          }
          try {
            await out.write(claim.name, recordJson(record));
          } catch (err) {
            failed = true;
            await reporter.error(`${out.dir}/${claim.name}`, `cannot write: ${messageOf(err)}`);
          }
        }
        if (opts.format === "csv") buffered.push(...result.records);
      } else if (opts.format === "ndjson") {
        await writeInPieces(stdout, result.records, (r) => ndjsonLines([r]));
      } else if (opts.format === "csv") {
        await writeInPieces(stdout, result.records, (r) => csvRows(opts.csvTable, [r]));
      } else {
        await writeInPieces(stdout, result.records, (r) => jsonArray.add([r]));
      }
      warnings += fileWarnings;
      await reporter.fileDone(result.records.length, fileWarnings);
    }

    if (out && opts.format === "csv") {
      for (const table of CSV_TABLES) {
        try {
          await out.write(`${table}.csv`, csvTable(table, buffered));
        } catch (err) {
          failed = true;
          await reporter.error(`${out.dir}/${table}.csv`, `cannot write: ${messageOf(err)}`);
        }
      }
    } else if (!out && opts.format === "json") {
      await writeTo(stdout, jsonArray.end());
    }
    await reporter.finish();
  } catch (err) {
    // Whoever read our stdout went away (`| head`): stop quietly, as other tools do.
    if (err instanceof OutputClosedError) return failed ? 1 : 0;
    throw err;
  }

  if (opts.strict && warnings > 0) {
    await reporter.note(`${plural(warnings, "warning")}, and --strict allows none`);
    return 1;
  }
  if (opts.maxWarnings >= 0 && warnings > opts.maxWarnings) {
    await reporter.note(`${plural(warnings, "warning")}, more than --max-warnings ${opts.maxWarnings}`);
    return 1;
  }
  return failed ? 1 : 0;
}

type Parsed = { ok: true; result: ParseResult } | { ok: false; error: unknown };

/**
 * The parses of a list of inputs, started in order, at most `ahead` of them taken by nobody
 * yet: `take(i)` starts what the window now allows and waits for input i. Its outcome is held
 * as a value, so a file that fails early is neither an unhandled rejection nor lost before its
 * turn comes.
 */
class Ahead {
  private readonly started: Array<Promise<Parsed> | undefined> = [];

  constructor(
    private readonly inputs: readonly Input[],
    private readonly ahead: number,
    private readonly parse: (input: Input) => Promise<ParseResult>,
  ) {}

  take(i: number): Promise<Parsed> {
    for (let j = this.started.length; j < Math.min(this.inputs.length, i + this.ahead); j++) {
      this.started.push(
        this.parse(this.inputs[j]!).then(
          (result): Parsed => ({ ok: true, result }),
          (error: unknown): Parsed => ({ ok: false, error }),
        ),
      );
    }
    const parsed = this.started[i]!;
    this.started[i] = undefined; // its records are let go once written
    return parsed;
  }
}

/** Output is written in pieces of about this many characters: a long book's records never become one string. */
const PIECE_CHARS = 1 << 16;

async function writeInPieces(stdout: CliDeps["stdout"], records: readonly PlanRecord[], format: (record: PlanRecord) => string): Promise<void> {
  let piece = "";
  for (const record of records) {
    piece += format(record);
    if (piece.length >= PIECE_CHARS) {
      await writeTo(stdout, piece);
      piece = "";
    }
  }
  if (piece) await writeTo(stdout, piece);
}

async function parseOne(input: Input, opts: ParseCommandOptions, deps: CliDeps): Promise<ParseResult> {
  const api: ParseOptions = {};
  for (const [k, v] of Object.entries(opts.api)) if (v !== undefined) Object.assign(api, { [k]: v });
  if (input.kind === "file") return deps.parseFile(input.path, api);
  // The library checks the size of a file before reading it; standard input is checked as it streams.
  const max = api.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = await readAll(
    deps.stdin,
    max,
    (size) => new ApsheetError("input-too-large", `more than ${max} bytes (${size} read so far; raise the limit with --max-bytes)`, "-"),
  );
  return deps.parse(bytes, { ...api, file: "-" });
}

/** ApsheetError messages are written for people; anything else is a bug, said in one line without a stack. */
export function messageOf(err: unknown): string {
  if (err instanceof ApsheetError) return err.message;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code ? `${err.message}` : `internal error: ${err.message}`;
  }
  return `internal error: ${String(err)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
