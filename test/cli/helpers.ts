import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ParseOptions, ParseResult } from "../../src/api.js";
import type { CliDeps } from "../../src/cli/main.js";
import type { PlanRecord } from "../../src/record/schema.js";

/** A copy of ../shared/spec/example-51001.json (the contract's worked example), kept beside the tests. */
export const EXAMPLE_PATH = new URL("./data/example-51001.json", import.meta.url);
export const EXAMPLE_TEXT = readFileSync(EXAMPLE_PATH, "utf8");

export function example(patch: (r: PlanRecord) => void = () => {}): PlanRecord {
  const r = JSON.parse(EXAMPLE_TEXT) as PlanRecord;
  patch(r);
  return r;
}

/** The example under another plan number, from another file, with or without warnings. */
export function plan(planNo: string, file = "x.txt", warnings = example().warnings): PlanRecord {
  return example((r) => {
    r.planNo = planNo;
    r.source.file = file;
    r.warnings = warnings;
  });
}

/** One shared log of everything that happened, in order, so tests can check what came before what. */
export type Event = { kind: "stdout" | "stderr"; text: string } | { kind: "parse"; file: string };

export interface Capture {
  text(): string;
  lines(): string[];
}

export function sink(kind: "stdout" | "stderr", log: Event[], isTTY = false): CliDeps["stdout"] & Capture {
  const mine: string[] = [];
  return {
    isTTY,
    write(chunk: string | Uint8Array, cb?: (err?: Error | null) => void) {
      const text = typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
      mine.push(text);
      log.push({ kind, text });
      cb?.();
      return true;
    },
    text: () => mine.join(""),
    lines: () => mine.join("").split("\n").filter((l) => l !== ""),
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** What a fake parser answers for one path: records, an error to throw, or a promise of records. */
export type Answer = PlanRecord[] | Error | Promise<PlanRecord[]>;

export interface Harness {
  deps: Partial<CliDeps>;
  log: Event[];
  stdout: Capture;
  stderr: Capture;
  calls: Array<{ path: string; options: ParseOptions; bytes?: Uint8Array }>;
}

/** main()'s dependencies with a fake parseFile/parse that answers from a table, and capturing sinks. */
export function harness(answers: Record<string, Answer>, opts: { tty?: boolean; stdin?: Uint8Array[]; env?: Record<string, string> } = {}): Harness {
  const log: Event[] = [];
  const calls: Harness["calls"] = [];
  const stdout = sink("stdout", log);
  const stderr = sink("stderr", log, opts.tty ?? false);
  const answer = async (key: string, format: "pdf" | "text", file: string): Promise<ParseResult> => {
    log.push({ kind: "parse", file: key });
    const a = answers[key];
    if (a === undefined) throw new Error(`test: no answer for ${key}`);
    if (a instanceof Error) throw a;
    return { file, format, records: await a };
  };
  let clock = 0;
  return {
    log,
    calls,
    stdout,
    stderr,
    deps: {
      stdout,
      stderr,
      env: opts.env ?? {},
      now: () => (clock += 250),
      stdin: (async function* () {
        for (const chunk of opts.stdin ?? []) yield chunk;
      })(),
      parseFile: async (path, options) => {
        calls.push({ path, options });
        return answer(path, path.endsWith(".pdf") ? "pdf" : "text", path);
      },
      parse: async (bytes, options) => {
        calls.push({ path: "-", options, bytes: bytes as Uint8Array });
        return answer("-", "text", "-");
      },
    },
  };
}

/** The repository root, where the built command runs in the end-to-end tests. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node [nodeArgs] bin/apsheet args` from the repository root to its end, feeding `input` (if any) on standard input. */
export function runBin(args: string[], opts: { input?: Uint8Array | string; nodeArgs?: string[] } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), join(ROOT, "bin", "apsheet"), ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}
