import type { PlanRecord } from "../../record/schema.js";
import { orderRecord } from "./order.js";

/**
 * `--format ndjson`: one compact record per line. JSON.stringify escapes CR and LF inside
 * strings, so a line break only ever ends a record.
 */
export function ndjsonLines(records: readonly PlanRecord[]): string {
  return records.map((r) => `${JSON.stringify(orderRecord(r))}\n`).join("");
}
