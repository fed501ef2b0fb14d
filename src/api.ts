import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { ApsheetError } from "./diagnostics.js";
import type { PlanRecord } from "./record/schema.js";

export type InputFormat = "pdf" | "text";

export interface ParseOptions {
  /** Name reported in `source.file` and in diagnostics (default: the path's base name, or "-"). */
  file?: string;
  /** Force a loader instead of sniffing the bytes. */
  format?: InputFormat | "auto";
  /** Text input: override encoding detection (e.g. "cp932", "euc-jp", "utf-16le"). */
  encoding?: string;
  /** PDF input: user password for an encrypted file. */
  password?: string;
  /** Add `provenance` (where each value stood) to every record. */
  provenance?: boolean;
  /** Refuse inputs larger than this many bytes (default 64 MiB). */
  maxBytes?: number;
  /** Refuse PDFs with more pages than this (default 2000). */
  maxPages?: number;
  /**
   * Called with each record, in plan order, as soon as it and every plan before it are made (a
   * PDF's as its pages are read; a text's when the text is read). The result's `records` is then
   * empty: a long book is never held whole. A record that fails validation ends the parse with
   * an error after the records before it were given.
   */
  onRecord?: (record: PlanRecord) => void;
}

export interface ParseResult {
  file: string;
  format: InputFormat;
  records: PlanRecord[];
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Parse one input held in memory. Throws ApsheetError when the input as a whole cannot be read. */
export async function parse(input: Uint8Array | string, options: ParseOptions = {}): Promise<ParseResult> {
  const file = options.file ?? "-";
  const { parseBytes } = await import("./pipeline.js");
  return parseBytes(typeof input === "string" ? new TextEncoder().encode(input) : input, { ...options, file });
}

/** Parse one file from disk. */
export async function parseFile(path: string, options: ParseOptions = {}): Promise<ParseResult> {
  const file = options.file ?? basename(path);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new ApsheetError("not-found", "no such file", path);
  }
  if (!info.isFile()) throw new ApsheetError("not-a-file", "not a regular file (a directory?)", path);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (info.size > maxBytes) {
    throw new ApsheetError("input-too-large", `${info.size} bytes is over the ${maxBytes}-byte limit (raise it with --max-bytes)`, path);
  }
  const bytes = await readFile(path);
  return parse(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { ...options, file });
}
