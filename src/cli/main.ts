import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { parse, parseFile } from "../api.js";
import type { CliDeps } from "./deps.js";
import { CSV_TABLES, type CsvTable } from "./format/csv.js";
import { writeTo } from "./io.js";
import type { OutputFormat } from "./parse-command.js";
import { oneLine } from "./report.js";

export type { CliDeps } from "./deps.js";
export { lowerHelperThreads } from "./threads.js";

/** Exit codes: 0 all inputs read (and, for validate, all records valid); 1 some failed or a warning limit tripped; 2 usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const OUTPUT_FORMATS: readonly OutputFormat[] = ["json", "ndjson", "csv"];

/**
 * CLI entry. Returns the exit code instead of calling process.exit, so every write has
 * been handed to its stream when it returns (bin/apsheet sets process.exitCode).
 * `deps` replaces parts of the world for tests, e.g. `main(["parse", "a.txt"], { parseFile })`.
 */
export async function main(argv: readonly string[], deps: Partial<CliDeps> = {}): Promise<number> {
  const d: CliDeps = {
    parseFile: deps.parseFile ?? parseFile,
    parse: deps.parse ?? parse,
    get stdin() {
      return deps.stdin ?? process.stdin; // touched only when `-` is read
    },
    stdout: deps.stdout ?? process.stdout,
    stderr: deps.stderr ?? process.stderr,
    // process.hrtime, not performance.now(): the performance global loads perf_hooks (~8 modules).
    now: deps.now ?? (() => Number(process.hrtime.bigint()) / 1e6),
    env: deps.env ?? process.env,
    isolate: deps.isolate ?? (deps.parseFile === undefined && deps.parse === undefined),
  };
  // A reader that goes away (EPIPE) is handled where we write; without a listener it would crash the process.
  d.stdout.on?.("error", () => {});

  let run: (() => Promise<number>) | undefined;
  const program = buildProgram(d, (r) => {
    run = r;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw err;
  }
  if (!run) return EXIT_OK;
  try {
    return await run();
  } catch (err) {
    // A bug, not a bad input: one line, no stack trace.
    await writeTo(d.stderr, `${oneLine(`apsheet: internal error: ${err instanceof Error ? err.message : String(err)}`)}\n`).catch(() => {});
    return EXIT_FAILED;
  }
}

function buildProgram(d: CliDeps, setRun: (run: () => Promise<number>) => void): Command {
  const program = new Command("apsheet");
  // Settings made before .command() are inherited by every subcommand.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void d.stdout.write(s),
      writeErr: (s) => void d.stderr.write(s),
      outputError: (s, write) => write(`apsheet: ${s.replace(/^error: /, "")}`),
    })
    .showHelpAfterError("(add --help for usage)")
    .description("Turn Japanese municipal action-plan sheets (アクションプラン) into schema-validated JSON records.")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .addHelpText(
      "after",
      `
Examples:
  $ apsheet parse book.pdf > records.json
  $ apsheet parse --format csv --out out/ books/
  $ apsheet validate out/
  $ apsheet inspect book.pdf --page 1

Exit codes: 0 success, 1 an input failed (or a warning limit tripped), 2 usage error.`,
    );

  program
    .command("parse")
    .description("read plan sheets (PDF or text) and write one record per plan number")
    .argument("<inputs...>", "files, directories (every *.pdf and *.txt under them, sorted) or - for standard input")
    .addOption(new Option("-f, --format <format>", "output format").choices(OUTPUT_FORMATS).default("json"))
    .addOption(
      new Option("--csv-table <table>", "with --format csv to stdout: which table to print").choices(CSV_TABLES).default("plans"),
    )
    .option("-o, --out <dir>", "write <planNo>.json per record into <dir> (and plans.csv, values.csv with --format csv)")
    .option("--strict", "exit 1 when there is any warning", false)
    .option("-q, --quiet", "print no warning lines (errors still print)", false)
    .option("--max-warnings <n>", "exit 1 when there are more than <n> warnings in total", integer(-1), -1)
    .option("--encoding <name>", "text input: encoding instead of detecting it (e.g. cp932, euc-jp, utf-16le)")
    .option("--password <password>", "PDF input: user password (or set APSHEET_PASSWORD)")
    .option("--provenance", "add where each value stood on the page to every record", false)
    .option("--max-bytes <size>", "refuse inputs larger than this (bytes; k, M, G suffixes allowed)", byteSize)
    .option("--max-pages <n>", "refuse PDFs with more pages than this (default 2000)", integer(1))
    .option("--timeout <seconds>", "give up on a PDF that takes longer than this (0: no limit)", seconds, 120)
    .option("-j, --jobs <n>", "read up to <n> PDFs at once, each on its own worker thread (auto: one per core); output stays in input order", jobCount, 1)
    .addHelpText(
      "after",
      `
Output goes to stdout: json is one array written at the end; ndjson writes each file's
records as soon as that file is read; csv is UTF-8 with a BOM and CRLF line ends.
Warnings go to stderr as "file:page: code: message (path)", with ":line" after the page
when one input line is concerned (file:page:line:); a file that cannot be read
costs one line "apsheet: file: message" and exit code 1, and the other files go on.

Examples:
  $ apsheet parse book.pdf > records.json
  $ apsheet parse --format ndjson books/ | jq .planNo
  $ cat sheet.txt | apsheet parse --encoding cp932 -
  $ apsheet parse --format csv --csv-table values book.pdf > values.csv
  $ apsheet parse --format csv --out out/ --max-warnings 0 books/
  $ apsheet parse --jobs auto --format ndjson books/ > all.ndjson`,
    )
    .action((inputs: string[], o: RawParseOptions) => {
      // The commands load zod and the formats only when they run: --help and --version stay quick.
      setRun(async () =>
        (await import("./parse-command.js")).runParse(
          inputs,
          {
            format: o.format,
            csvTable: o.csvTable,
            out: o.out,
            strict: o.strict,
            quiet: o.quiet,
            maxWarnings: o.maxWarnings,
            api: {
              encoding: o.encoding,
              password: o.password ?? (d.env.APSHEET_PASSWORD || undefined),
              provenance: o.provenance || undefined,
              maxBytes: o.maxBytes,
              maxPages: o.maxPages,
            },
            timeoutMs: o.timeout * 1000,
            jobs: o.jobs,
          },
          d,
        ),
      );
    });

  program
    .command("schema")
    .description("print the JSON Schema of a record (schemas/record.schema.json)")
    .addHelpText(
      "after",
      `
Examples:
  $ apsheet schema > record.schema.json`,
    )
    .action(() => {
      setRun(async () => {
        const { recordSchemaText } = await import("../record/json-schema.js");
        await writeTo(d.stdout, recordSchemaText());
        return EXIT_OK;
      });
    });

  program
    .command("validate")
    .description("check records against the schema: JSON arrays, single records, NDJSON, or directories of --out files")
    .argument("<json...>", "files, directories (every *.json, *.ndjson, *.jsonl under them) or - for standard input")
    .addHelpText(
      "after",
      `
Prints "file: record N (planNo): path: message" for every problem; exit 0 when all are valid.

Examples:
  $ apsheet validate records.json
  $ apsheet validate out/
  $ apsheet parse --format ndjson book.pdf | apsheet validate -`,
    )
    .action((inputs: string[]) => {
      setRun(async () => (await import("./validate-command.js")).runValidate(inputs, d));
    });

  program
    .command("inspect")
    .description("show what the reader saw on each page: lines or cells, tokens, labels, and the field each value fed")
    .argument("<file>", "a PDF or text input, or - for standard input")
    .option("-p, --page <n>", "only this page (1-based, as in warnings)", integer(1))
    .option("--svg <file>", "write a picture of the page(s) as SVG instead of the listing (- for stdout)")
    .option("--encoding <name>", "text input: encoding instead of detecting it (e.g. cp932, euc-jp, utf-16le)")
    .option("--password <password>", "PDF input: user password (or set APSHEET_PASSWORD)")
    .option("--max-bytes <size>", "refuse inputs larger than this (bytes; k, M, G suffixes allowed)", byteSize)
    .option("--max-pages <n>", "refuse PDFs with more pages than this (default 2000)", integer(1))
    .addHelpText(
      "after",
      `
Each sheet line prints as its input line number (PDF: y=N, the grid row's top edge in
points) and its tokens, for PDF one per cell: [label], value → field, ?value → unplaced,
!text → unmapped (lines with unmapped text start with "!"), and text → claimed for what a
parser read without recording a field. With --svg, a picture coloured by the part of the
record each token fed: for text, one row per sheet line and one box per token; for PDF, the
page itself, every cell outlined where it stands.

Examples:
  $ apsheet inspect book.pdf --page 1
  $ apsheet inspect book.txt | grep '^!'
  $ apsheet inspect book.pdf --page 2 --svg page2.svg`,
    )
    .action((input: string, o: { page?: number; svg?: string; encoding?: string; password?: string; maxBytes?: number; maxPages?: number }) => {
      const opts = { ...o, password: o.password ?? (d.env.APSHEET_PASSWORD || undefined) };
      if (opts.password === undefined) delete opts.password;
      setRun(async () => (await import("./inspect-command.js")).runInspect(input, opts, d));
    });

  return program;
}

interface RawParseOptions {
  format: OutputFormat;
  csvTable: CsvTable;
  out?: string;
  strict: boolean;
  quiet: boolean;
  maxWarnings: number;
  encoding?: string;
  password?: string;
  provenance: boolean;
  maxBytes?: number;
  maxPages?: number;
  timeout: number;
  jobs: number;
}

/** Seconds, fractions allowed; 0 turns the limit off. */
function seconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError("expected a number of seconds (0: no limit).");
  return Number(value);
}

/** A whole number of at least 1, or `auto`: as many as the machine has cores (os.availableParallelism). */
export function jobCount(value: string): number {
  if (value.trim().toLowerCase() === "auto") return Math.max(1, availableParallelism());
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError("expected a whole number of at least 1, or auto.");
  return Number(value);
}

function integer(min: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}.`);
    return Number(value);
  };
}

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `65536`, `64k`, `64M`, `1G` (binary units; a trailing B or iB is allowed). */
export function byteSize(value: string): number {
  const m = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(value.trim());
  const n = m ? Number(m[1]) * (UNITS[(m[2] ?? "").toLowerCase()] ?? Number.NaN) : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError("expected a size in bytes such as 1048576, 512k or 64M.");
  return n;
}

function packageVersion(): string {
  try {
    // src/cli/ and dist/cli/ both sit two levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}
