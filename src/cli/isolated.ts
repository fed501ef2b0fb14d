/**
 * Where each input is parsed. PDF goes through a third-party parser over untrusted bytes, so it
 * runs on a worker thread with a time limit (a hang or a runaway costs that file only, as a
 * `timeout` error); the worker is kept for the next PDF, so pdf.js loads once per run. Text is
 * parsed in-process: its work is bounded by the input size limit, and a worker would cost
 * start-up time for nothing.
 */
import { open } from "node:fs/promises";
import { parse, parseFile, type ParseOptions, type ParseResult } from "../api.js";
import { sniffFormat } from "../load/decode.js";
import { ParsePool } from "../run/pool.js";

export const DEFAULT_TIMEOUT_S = 120;

export interface Parsers {
  parseFile(path: string, options: ParseOptions): Promise<ParseResult>;
  parse(bytes: Uint8Array, options: ParseOptions): Promise<ParseResult>;
  close(): Promise<void>;
}

export function isolatedParsers(timeoutMs: number): Parsers {
  let pool: ParsePool | undefined;
  const workers = () => (pool ??= new ParsePool({ size: 1, timeoutMs }));
  return {
    async parseFile(path, options) {
      return (await headIsPdf(path)) ? workers().parseFile(path, options, options.file ?? path) : parseFile(path, options);
    },
    async parse(bytes, options) {
      return sniffFormat(bytes) === "pdf" ? workers().parse(bytes, options) : parse(bytes, options);
    },
    async close() {
      await pool?.close();
    },
  };
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
