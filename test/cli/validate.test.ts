import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { jsonPath, splitRecords } from "../../src/cli/validate-command.js";
import { example, harness } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "apsheet-validate-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const good = example();
const broken = example((r) => {
  (r as { importance: unknown }).importance = "Z";
  r.annual!.tasks[3]!.quarters = [true, true] as never;
  r.overall!.indicator.actual.byYear["2019"] = "4" as never;
});

describe("splitRecords", () => {
  it("reads an array, one record, NDJSON (with a BOM or CRLF), and says so when it is none of them", () => {
    expect(splitRecords(JSON.stringify([good, good], null, 2)).values).toHaveLength(2);
    expect(splitRecords(JSON.stringify(good, null, 2)).values).toEqual([good]);
    expect(splitRecords(`\uFEFF${JSON.stringify(good)}\r\n\r\n${JSON.stringify(good)}\r\n`)).toEqual({ values: [good, good], syntax: [] });
    expect(splitRecords(`${JSON.stringify(good)}\n{oops\n`).syntax).toEqual([expect.stringMatching(/^line 2: invalid JSON: /)]);
    expect(splitRecords("[\n  {\n").syntax).toEqual([expect.stringMatching(/^invalid JSON: /)]);
    expect(splitRecords(" \n").syntax).toEqual(["no records (the input is empty)"]);
  });

  it("jsonPath writes paths the way warnings do", () => {
    expect(jsonPath(["annual", "tasks", 3, "quarters"])).toBe("annual.tasks[3].quarters");
    expect(jsonPath(["overall", "indicator", "actual", "byYear", "2019"])).toBe("overall.indicator.actual.byYear.2019");
    expect(jsonPath([])).toBe("(record)");
  });
});

describe("apsheet validate", () => {
  it("exit 0 and no issue lines when every record is valid", async () => {
    const f = join(dir, "ok.json");
    await writeFile(f, JSON.stringify([good, good]));
    const h = harness({});
    expect(await main(["validate", f], h.deps)).toBe(0);
    expect(h.stdout.text()).toBe("");
    expect(h.stderr.lines()).toEqual(["apsheet: 2 records in 1 file, all valid"]);
  });

  it("one line per issue: file: record N (planNo): path: message; exit 1", async () => {
    const f = join(dir, "mixed.ndjson");
    await writeFile(f, `${JSON.stringify(good)}\n${JSON.stringify(broken)}\n`);
    const h = harness({});
    expect(await main(["validate", f], h.deps)).toBe(1);
    const lines = h.stdout.lines();
    expect(lines).toHaveLength(3);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${f}: record 2 \\(51001\\): importance: .*"A"\\|"B"\\|"C"`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${f}: record 2 \\(51001\\): annual\\.tasks\\[3\\]\\.quarters: `)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${f}: record 2 \\(51001\\): overall\\.indicator\\.actual\\.byYear\\.2019: .*number`)));
  });

  it("reads a directory of --out files (sorted, recursively) and - from standard input", async () => {
    await mkdir(join(dir, "out", "more"), { recursive: true });
    await writeFile(join(dir, "out", "51001.json"), JSON.stringify(good, null, 2));
    await writeFile(join(dir, "out", "more", "51002.json"), JSON.stringify({ ...broken, planNo: "51002" }, null, 2));
    await writeFile(join(dir, "out", "plans.csv"), "not json");
    const h = harness({}, { stdin: [new TextEncoder().encode(JSON.stringify([good]))] });
    expect(await main(["validate", join(dir, "out"), "-"], h.deps)).toBe(1);
    const files = new Set(h.stdout.lines().map((l) => l.split(": record")[0]));
    expect([...files]).toEqual([join(dir, "out", "more", "51002.json")]);
    expect(h.stdout.lines()[0]).toContain("record 1 (51002)");
    expect(h.stderr.lines()).toEqual(["apsheet: 3 records in 3 files, 1 invalid"]);
  });

  it("a record that is not even an object, or has no planNo, is still named", async () => {
    const f = join(dir, "odd.json");
    await writeFile(f, JSON.stringify([42, { title: "x" }]));
    const h = harness({});
    expect(await main(["validate", f], h.deps)).toBe(1);
    expect(h.stdout.lines()[0]).toMatch(new RegExp(`^${f}: record 1 \\(\\?\\): \\(record\\): `));
    expect(h.stdout.lines()).toContainEqual(expect.stringMatching(new RegExp(`^${f}: record 2 \\(\\?\\): planNo: `)));
  });

  it("a missing file or broken JSON is reported and fails the run; the other files are still checked", async () => {
    const bad = join(dir, "bad.json");
    const ok = join(dir, "ok.json");
    await writeFile(bad, "[{");
    await writeFile(ok, JSON.stringify(good));
    const h = harness({});
    expect(await main(["validate", join(dir, "missing.json"), bad, ok], h.deps)).toBe(1);
    expect(h.stderr.lines()[0]).toBe(`apsheet: ${join(dir, "missing.json")}: no such file`);
    expect(h.stdout.lines()).toEqual([expect.stringMatching(new RegExp(`^${bad}: invalid JSON: `))]);
    expect(h.stderr.lines()[1]).toBe("apsheet: 1 record in 3 files, 0 invalid, 1 not readable as JSON");
  });
});
