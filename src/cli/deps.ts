import type { ParseOptions, ParseResult } from "../api.js";
import type { Sink, Source } from "./io.js";

/**
 * What the CLI needs from the world. main() takes any subset; the rest are the real
 * thing (the library API, process streams, the clock). Tests inject `parseFile`/`parse`
 * to feed records without the pipeline, and sinks to watch what is written when.
 */
export interface CliDeps {
  parseFile(path: string, options: ParseOptions): Promise<ParseResult>;
  parse(input: Uint8Array, options: ParseOptions): Promise<ParseResult>;
  stdin: Source;
  stdout: Sink;
  stderr: Sink;
  now(): number;
  env: Readonly<Record<string, string | undefined>>;
  /** True when the parsers are the library's own: then PDF inputs run on a worker with a time limit. */
  isolate?: boolean;
}
