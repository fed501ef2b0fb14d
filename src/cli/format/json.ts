import type { PlanRecord } from "../../record/schema.js";
import { orderRecord } from "./order.js";

/** One record as a file of its own (`--out`): 2-space indent, schema key order, trailing newline. */
export function recordJson(record: PlanRecord): string {
  return `${JSON.stringify(orderRecord(record), null, 2)}\n`;
}

/**
 * `--format json` written as it goes, a file's records at a time, so that a batch never holds
 * every record (and one string of all of them) at once. The bytes are JSON.stringify(all, null, 2)
 * and a newline: an element one level down is its own 2-space JSON with every line indented by
 * two more spaces (JSON escapes newlines inside strings, so every "\n" in it is a line break).
 */
export class JsonArrayWriter {
  private written = 0;

  add(records: readonly PlanRecord[]): string {
    let chunk = "";
    for (const record of records) {
      chunk += this.written++ === 0 ? "[\n  " : ",\n  ";
      chunk += JSON.stringify(orderRecord(record), null, 2).replaceAll("\n", "\n  ");
    }
    return chunk;
  }

  end(): string {
    return this.written === 0 ? "[]\n" : "\n]\n";
  }
}
