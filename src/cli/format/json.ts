import type { PlanRecord } from "../../record/schema.js";
import { orderRecord } from "./order.js";

/** One record as a file of its own (`--out`): 2-space indent, schema key order, trailing newline. */
export function recordJson(record: PlanRecord): string {
  return `${JSON.stringify(orderRecord(record), null, 2)}\n`;
}

/** `--format json`: one array of every record, 2-space indent, schema key order, trailing newline. */
export function recordsJson(records: readonly PlanRecord[]): string {
  return `${JSON.stringify(records.map(orderRecord), null, 2)}\n`;
}
