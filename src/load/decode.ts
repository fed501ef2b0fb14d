// Provisional: UTF-8 only. The tested decoder lands from the decode branch.
import { ApsheetError } from "../diagnostics.js";
export interface Decoded { text: string; encoding: string; bom: boolean }
export function decodeText(bytes: Uint8Array, opts: { file: string; encoding?: string }): Decoded {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
    return { text, encoding: "utf-8", bom: false };
  } catch {
    throw new ApsheetError("undecodable-text", "not valid UTF-8", opts.file);
  }
}
export function sniffFormat(bytes: Uint8Array): "pdf" | "text" {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  return head.includes("%PDF-") ? "pdf" : "text";
}
