import { readFile } from "node:fs/promises";
import { recordIssues } from "../record/schema.js";
import type { CliDeps } from "./deps.js";
import { expandInputs } from "./inputs.js";
import { OutputClosedError, readAll, writeTo } from "./io.js";
import { messageOf } from "./parse-command.js";
import { errorLine, oneLine } from "./report.js";

export const JSON_EXTENSIONS = [".json", ".ndjson", ".jsonl"] as const;

/**
 * `apsheet validate`: checks records against the zod schema. Accepts what `parse` writes —
 * a JSON array, one record, NDJSON, a directory of `--out` files — and `-` for stdin.
 * One line per problem on stdout: `file: record N (planNo): path: message`.
 */
export async function runValidate(args: readonly string[], deps: CliDeps): Promise<number> {
  const { stdout, stderr } = deps;
  const { inputs, problems } = await expandInputs(args, JSON_EXTENSIONS);
  let failed = problems.length > 0;
  let records = 0;
  let invalid = 0;
  let broken = 0;
  try {
    for (const p of problems) await writeTo(stderr, `${errorLine(p.display, p.message)}\n`);
    for (const input of inputs) {
      let text: string;
      try {
        const bytes = input.kind === "stdin" ? await readAll(deps.stdin, Number.POSITIVE_INFINITY, () => new Error()) : await readFile(input.path);
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch (err) {
        failed = true;
        await writeTo(stderr, `${errorLine(input.display, readError(err))}\n`);
        continue;
      }
      const lines: string[] = [];
      const split = splitRecords(text);
      for (const bad of split.syntax) lines.push(`${input.display}: ${bad}`);
      split.values.forEach((value, i) => {
        records++;
        const issues = recordIssues(value);
        if (issues.length === 0) return;
        invalid++;
        const planNo = isObject(value) && typeof value.planNo === "string" ? value.planNo : "?";
        for (const issue of issues) {
          lines.push(`${input.display}: record ${i + 1} (${planNo}): ${jsonPath(issue.path)}: ${issue.message}`);
        }
      });
      if (split.syntax.length > 0) failed = true;
      broken += split.syntax.length;
      for (const line of lines) await writeTo(stdout, `${oneLine(line)}\n`);
    }
    const files = inputs.length === 1 ? "1 file" : `${inputs.length} files`;
    const summary =
      invalid === 0 && broken === 0 ? "all valid" : [`${invalid} invalid`, ...(broken > 0 ? [`${broken} not readable as JSON`] : [])].join(", ");
    await writeTo(stderr, `apsheet: ${records} record${records === 1 ? "" : "s"} in ${files}, ${summary}\n`);
  } catch (err) {
    if (err instanceof OutputClosedError) return 1;
    throw err;
  }
  return failed || invalid > 0 ? 1 : 0;
}

/**
 * The records in a text: a JSON array's elements, a single JSON value, or one value per
 * non-empty line (NDJSON). Lines that are not JSON are reported, not skipped silently.
 */
export function splitRecords(text: string): { values: unknown[]; syntax: string[] } {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (body.trim() === "") return { values: [], syntax: ["no records (the input is empty)"] };
  try {
    const whole: unknown = JSON.parse(body);
    return { values: Array.isArray(whole) ? whole : [whole], syntax: [] };
  } catch (err) {
    const lines = body.split(/\r?\n/);
    // NDJSON only when the first line is a whole JSON value; a broken pretty-printed
    // document is one error, not one per line.
    if (!parses(lines.find((l) => l.trim() !== "") ?? "")) return { values: [], syntax: [`invalid JSON: ${(err as Error).message}`] };
    const values: unknown[] = [];
    const syntax: string[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        values.push(JSON.parse(line));
      } catch (e) {
        syntax.push(`line ${i + 1}: invalid JSON: ${(e as Error).message}`);
      }
    });
    return { values, syntax };
  }
}

/** A zod issue path in the style of warning paths: `annual.tasks[3].quarters`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(record)";
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += `${out === "" ? "" : "."}${String(key)}`;
  }
  return out;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "not a regular file (a directory?)";
  if (err instanceof TypeError) return "not UTF-8 text";
  return messageOf(err);
}
