/**
 * A parse worker: receives {id, path | bytes, options}, answers {id, record} for each record as
 * it is made, then {id, result} (its records already sent) or {id, error}. Records leave as
 * they are made so that neither side holds a long book's records twice or copies them all at
 * once at the end. Runs files one at a time; the pool kills and replaces it when a file runs over
 * its time.
 */
import { parentPort } from "node:worker_threads";
import { parse, parseFile, type ParseOptions } from "../api.js";
import { isApsheetError } from "../diagnostics.js";
import { importPdfjsWithoutCanvas } from "../load/pdfjs-import.js";

// This thread only reads PDFs, never draws them (see pdfjs-import.ts).
importPdfjsWithoutCanvas();

export interface WorkRequest {
  id: number;
  path?: string;
  bytes?: Uint8Array;
  options: ParseOptions;
}

parentPort?.on("message", async (req: WorkRequest) => {
  try {
    const options: ParseOptions = { ...req.options, onRecord: (record) => parentPort!.postMessage({ id: req.id, record }) };
    const result = req.bytes ? await parse(req.bytes, options) : await parseFile(req.path!, options);
    parentPort!.postMessage({ id: req.id, result });
  } catch (err) {
    const error = isApsheetError(err)
      ? { code: err.code, message: err.message, file: err.file }
      : { code: "internal", message: err instanceof Error ? err.message : String(err) };
    parentPort!.postMessage({ id: req.id, error });
  }
});
