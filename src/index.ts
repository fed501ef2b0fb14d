/**
 * apsheet's library API. The CLI is a thin layer over these two functions.
 *
 *   import { parse, parseFile } from "apsheet";
 *   const { records } = await parseFile("book.pdf");
 */
export { parse, parseFile } from "./api.js";
export type { ParseOptions, ParseResult, InputFormat } from "./api.js";
export { ApsheetError, isApsheetError } from "./diagnostics.js";
export type { Diagnostic, ErrorCode, Place, BBox } from "./diagnostics.js";
export { RecordSchema, recordJsonSchema } from "./record/schema.js";
export type {
  PlanRecord,
  Overall,
  Annual,
  Values,
  Amounts,
  Year,
  Task,
  RecordWarning,
  Provenance,
} from "./record/schema.js";
