/**
 * A parse worker: receives {id, path | bytes, options}, answers {id, result} or {id, error}.
 * Runs files one at a time; the pool kills and replaces it when a file runs over its time.
 */
import { parentPort } from "node:worker_threads";
import { parse, parseFile, type ParseOptions } from "../api.js";
import { isApsheetError } from "../diagnostics.js";

export interface WorkRequest {
  id: number;
  path?: string;
  bytes?: Uint8Array;
  options: ParseOptions;
}

parentPort?.on("message", async (req: WorkRequest) => {
  try {
    const result = req.bytes ? await parse(req.bytes, req.options) : await parseFile(req.path!, req.options);
    parentPort!.postMessage({ id: req.id, result });
  } catch (err) {
    const error = isApsheetError(err)
      ? { code: err.code, message: err.message, file: err.file }
      : { code: "internal", message: err instanceof Error ? err.message : String(err) };
    parentPort!.postMessage({ id: req.id, error });
  }
});
