/**
 * Where each input is parsed. PDF goes through a third-party parser over untrusted bytes, so it
 * runs on a worker thread with a time limit (a hang or a runaway costs that file only, as a
 * `timeout` error); the worker is kept for the next PDF, so pdf.js loads once per run. Text is
 * parsed in-process: its work is bounded by the input size limit, and a worker would cost
 * start-up time for nothing. `jobs` is how many PDF workers there may be. Text stays on the
 * main thread even then, beside the workers: on workers, four 544-page text books took 2.75–2.81 s
 * against 2.30–2.42 s in-process with two cores (each worker warms V8 up on its own, and every
 * record is copied across).
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { DEFAULT_MAX_BYTES, parse, parseFile, type ParseOptions, type ParseResult } from "../api.js";
import { sniffFormat } from "../load/decode.js";
import type { ParsePool } from "../run/pool.js";

export const DEFAULT_TIMEOUT_S = 120;

export interface Parsers {
  parseFile(path: string, options: ParseOptions): Promise<ParseResult>;
  parse(bytes: Uint8Array, options: ParseOptions): Promise<ParseResult>;
  close(): Promise<void>;
}

export function isolatedParsers(timeoutMs: number, jobs = 1): Parsers {
  // The pool (and node:worker_threads) loads with the first PDF: a text run never pays for it.
  let pool: Promise<ParsePool> | undefined;
  const workers = () => (pool ??= import("../run/pool.js").then(({ ParsePool }) => new ParsePool({ size: jobs, timeoutMs })));
  return {
    async parseFile(path, options) {
      const read = readInputSync(path, options.maxBytes ?? DEFAULT_MAX_BYTES);
      const isPdf = read === undefined ? await headIsPdf(path) : read === "pdf";
      if (isPdf) return (await workers()).parseFile(path, options, options.file ?? path);
      if (read instanceof Uint8Array) return parse(read, { ...options, file: options.file ?? basename(path) });
      return parseFile(path, options);
    },
    async parse(bytes, options) {
      return sniffFormat(bytes) === "pdf" ? (await workers()).parse(bytes, options) : parse(bytes, options);
    },
    async close() {
      // A pool that failed to load has failed its PDFs already; there is nothing to close.
      const started = await pool?.catch(() => undefined);
      await started?.close();
    },
  };
}

/**
 * A regular file within the size limit, read with blocking calls: its bytes when it is text,
 * "pdf" when its first KiB says so (the worker reads it), `undefined` for anything odd (missing,
 * too large, empty, not a file, unreadable), which takes the asynchronous way below and gets the
 * library's own error. Why: a text file parses in ~1–2 ms once warm, and the nine thread-pool
 * round trips of stat + sniff + readFile left the main thread idle for about as long again in a
 * batch (the pool's threads share two cores with V8's compiler threads).
 */
function readInputSync(path: string, maxBytes: number): Uint8Array | "pdf" | undefined {
  let fd: number | undefined;
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info?.isFile() || info.size > maxBytes || info.size === 0) return undefined;
    fd = openSync(path, "r");
    const bytes = new Uint8Array(info.size);
    let filled = readSync(fd, bytes, 0, Math.min(1024, bytes.length), 0);
    if (sniffFormat(bytes.subarray(0, filled)) === "pdf") return "pdf";
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (n === 0) return undefined; // shrank while read: leave it to the ordinary way
      filled += n;
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

/** The first KiB decides, as the library's own sniffing does; unreadable files go the in-process way to get their error. */
async function headIsPdf(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, "r");
    const buf = new Uint8Array(1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return sniffFormat(buf.subarray(0, bytesRead)) === "pdf";
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // the bytes are read; a failing close changes nothing for this parse
  }
}
