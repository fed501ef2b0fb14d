import type { ParseOptions, ParseResult } from "./api.js";
import { ApsheetError } from "./diagnostics.js";

/** Bytes → records. (Stub until the text path lands.) */
export async function parseBytes(_bytes: Uint8Array, options: ParseOptions & { file: string }): Promise<ParseResult> {
  throw new ApsheetError("internal", "not implemented yet", options.file);
}
