/** The worker pool: per-file time limits, isolation of failures, results per file. */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
// The pool starts dist/run/worker.js, so it is tested from the build (`npm test` builds first).
import { ParsePool } from "../../dist/run/pool.js";

const SAMPLE = fileURLToPath(new URL("../../fixtures/kashiwa-ap-r1-item51.txt", import.meta.url));
let pool: ParsePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("ParsePool", () => {
  it("parses a file on a worker thread", async () => {
    pool = new ParsePool({ size: 1, timeoutMs: 20_000 });
    const r = await pool.parseFile(SAMPLE, {});
    expect(r.records.map((x) => x.planNo)).toEqual(["51001", "51002", "51003", "51004", "51005"]);
  });

  it("sends records from the worker one by one: to onRecord when given (not also in the result), else into the result", async () => {
    pool = new ParsePool({ size: 1, timeoutMs: 20_000 });
    const pdf = fileURLToPath(new URL("../../fixtures/pdf/sample.libreoffice.pdf", import.meta.url));
    const given: string[] = [];
    const streamed = await pool.parseFile(pdf, { onRecord: (r) => given.push(r.planNo) });
    expect(streamed.records).toEqual([]);
    expect(given).toEqual(["51001", "51002", "51003", "51004", "51005"]);
    const whole = await pool.parseFile(pdf, {});
    expect(whole.records.map((r) => r.planNo)).toEqual(given);
  });

  it("fails a file that runs over its time with a timeout error, then goes on with a fresh worker", async () => {
    pool = new ParsePool({ size: 1, timeoutMs: 1 });
    await expect(pool.parseFile(SAMPLE, {}, "slow.txt")).rejects.toMatchObject({ code: "timeout", file: "slow.txt" });
    const relaxed = new ParsePool({ size: 1, timeoutMs: 20_000 });
    try {
      await expect(relaxed.parseFile(SAMPLE, {})).resolves.toMatchObject({ format: "text" });
    } finally {
      await relaxed.close();
    }
  });

  it("passes a file's own error through with its code, and the next file still parses", async () => {
    pool = new ParsePool({ size: 1, timeoutMs: 20_000 });
    await expect(pool.parseFile("/nonexistent/book.pdf", {})).rejects.toMatchObject({ code: "not-found" });
    await expect(pool.parse(new TextEncoder().encode("no sheet here\n"), { file: "x.txt" })).rejects.toMatchObject({ code: "no-plan-sheet" });
    await expect(pool.parseFile(SAMPLE, {})).resolves.toMatchObject({ format: "text" });
  });

  it("runs files on two workers and answers each file with its own records", async () => {
    pool = new ParsePool({ size: 2, timeoutMs: 20_000 });
    const results = await Promise.allSettled([pool.parseFile(SAMPLE, {}), pool.parseFile("/nonexistent.txt", {}), pool.parseFile(SAMPLE, {})]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});
