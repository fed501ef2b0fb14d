import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApsheetError } from "../../src/diagnostics.js";
import { main } from "../../src/cli/main.js";
import type { PlanRecord } from "../../src/record/schema.js";
import { BOM, PLAN_HEADER, VALUE_HEADER } from "../../src/cli/format/csv.js";
import { deferred, EXAMPLE_TEXT, example, harness, plan } from "./helpers.js";

/** The same record with every object's keys in reverse order (what a careless producer might emit). */
function scrambled<T>(value: T): T {
  if (Array.isArray(value)) return value.map(scrambled) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, scrambled(v)]),
  ) as T;
}

const quiet: PlanRecord["warnings"] = [];

describe("apsheet parse (json, the default)", () => {
  it("prints one 2-space array of every record, keys in schema order whatever order the parser used", async () => {
    const h = harness({ "a.txt": [scrambled(example())] });
    expect(await main(["parse", "a.txt"], h.deps)).toBe(0);
    const expected = EXAMPLE_TEXT.split("\n").map((l) => `  ${l}`).join("\n");
    expect(h.stdout.text()).toBe(`[\n${expected}\n]\n`);
  });

  it("keeps input order across files and prints [] when nothing was found", async () => {
    const h = harness({ "a.txt": [plan("1"), plan("2")], "b.txt": [], "c.txt": [plan("3")] });
    expect(await main(["parse", "a.txt", "b.txt", "c.txt", "-q"], h.deps)).toBe(0);
    expect((JSON.parse(h.stdout.text()) as PlanRecord[]).map((r) => r.planNo)).toEqual(["1", "2", "3"]);

    const none = harness({ "b.txt": [] });
    expect(await main(["parse", "b.txt"], none.deps)).toBe(0);
    expect(none.stdout.text()).toBe("[]\n");
  });

  it("writes a file's records into the array before the next file is parsed, and closes it at the end", async () => {
    const slow = deferred<PlanRecord[]>();
    const h = harness({ "a.txt": [plan("1", "a.txt", quiet), plan("2", "a.txt", quiet)], "b.txt": slow.promise, "c.txt": [] });
    const run = main(["parse", "a.txt", "b.txt", "c.txt"], h.deps);
    for (let i = 0; i < 50 && !h.log.some((e) => e.kind === "parse" && e.file === "b.txt"); i++) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => setTimeout(r, 5));
    const early = h.stdout.text();
    expect(early.startsWith("[\n  {")).toBe(true);
    expect(early).toContain('"planNo": "2"');
    expect(early.endsWith("]\n")).toBe(false);

    slow.resolve([plan("3", "b.txt", quiet)]);
    expect(await run).toBe(0);
    // The whole output is exactly the one array a buffered writer would have printed.
    const all = [plan("1", "a.txt", quiet), plan("2", "a.txt", quiet), plan("3", "b.txt", quiet)];
    expect(h.stdout.text()).toBe(`${JSON.stringify(all, null, 2)}\n`);
  });
});

describe("apsheet parse --format ndjson", () => {
  it("writes each file's records as soon as that file is done, before the next file finishes", async () => {
    const slow = deferred<PlanRecord[]>();
    const h = harness({ "a.txt": [plan("1", "a.txt", quiet), plan("2", "a.txt", quiet)], "b.txt": slow.promise });
    const run = main(["parse", "--format", "ndjson", "a.txt", "b.txt"], h.deps);
    // Let main get as far as it can while b.txt is still being parsed.
    for (let i = 0; i < 50 && !h.log.some((e) => e.kind === "parse" && e.file === "b.txt"); i++) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => setTimeout(r, 5));
    const early = h.stdout.text().split("\n").filter(Boolean);
    expect(early.map((l) => (JSON.parse(l) as PlanRecord).planNo)).toEqual(["1", "2"]);

    slow.resolve([plan("3", "b.txt", quiet)]);
    expect(await run).toBe(0);
    const lines = h.stdout.text().split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines.slice(0, -1).map((l) => (JSON.parse(l) as PlanRecord).planNo)).toEqual(["1", "2", "3"]);
    // Compact: one record per line, nothing pretty-printed.
    expect(lines[0]).toBe(JSON.stringify(plan("1", "a.txt", quiet)));
    // Record 1 and 2 were on stdout before b.txt's parse even started.
    const order = h.log.filter((e) => e.kind !== "stderr").map((e) => (e.kind === "parse" ? `parse ${e.file}` : "out"));
    expect(order).toEqual(["parse a.txt", "out", "parse b.txt", "out"]);
  });
});

describe("a batch with files that cannot be read", () => {
  const answers = () => ({
    "good1.txt": [plan("1", "good1.txt", quiet)],
    "bad.pdf": new ApsheetError("pdf-invalid", "not a PDF file (the bytes do not start with %PDF-)", "bad.pdf"),
    "good2.txt": [plan("2", "good2.txt", quiet)],
    "crash.txt": new Error("boom\n    at somewhere (x.js:1:1)"),
    "good3.txt": [plan("3", "good3.txt", quiet)],
  });
  const args = ["good1.txt", "bad.pdf", "good2.txt", "crash.txt", "good3.txt"];

  it("json: one error line per bad file, no stack, the good files' records still printed, exit 1", async () => {
    const h = harness(answers());
    expect(await main(["parse", ...args], h.deps)).toBe(1);
    expect(h.stderr.lines()).toEqual([
      "apsheet: bad.pdf: not a PDF file (the bytes do not start with %PDF-)",
      "apsheet: crash.txt: internal error: boom\\n    at somewhere (x.js:1:1)",
    ]);
    expect((JSON.parse(h.stdout.text()) as PlanRecord[]).map((r) => r.planNo)).toEqual(["1", "2", "3"]);
    expect(h.calls.map((c) => c.path)).toEqual(args);
  });

  it("ndjson: error lines fall between the records of the files around them", async () => {
    const h = harness(answers());
    expect(await main(["parse", "--format=ndjson", ...args], h.deps)).toBe(1);
    const seen = h.log
      .filter((e) => e.kind !== "parse")
      .map((e) => (e.kind === "stdout" ? `record ${(JSON.parse(e.text) as PlanRecord).planNo}` : e.text.split(":")[1]!.trim()));
    expect(seen).toEqual(["record 1", "bad.pdf", "record 2", "crash.txt", "record 3"]);
  });

  it("exit 0 when every input was read", async () => {
    const h = harness({ "good1.txt": [plan("1", "good1.txt", quiet)] });
    expect(await main(["parse", "good1.txt"], h.deps)).toBe(0);
    expect(h.stderr.text()).toBe("");
  });
});

describe("warnings", () => {
  const two = example().warnings; // the example carries two ambiguous-columns warnings on page 2

  it("print one per line as file:page: code: message (path), under the name the file was given by", async () => {
    const h = harness({ "books/item51.txt": [plan("51001", "item51.txt", two)] });
    expect(await main(["parse", "books/item51.txt"], h.deps)).toBe(0);
    expect(h.stderr.lines()).toEqual([
      "books/item51.txt:2: ambiguous-columns: 取組項目 4: two ○ marks for four quarters; the text input does not show which quarters, read as 4～6月 and 7～9月. (annual.tasks[3].quarters)",
      "books/item51.txt:2: ambiguous-columns: 取組項目 5: two ○ marks for four quarters; the text input does not show which quarters, read as 4～6月 and 7～9月. (annual.tasks[4].quarters)",
    ]);
  });

  it("name the input line after the page when the warning has one: file:page:line:", async () => {
    const h = harness({
      "a.txt": [
        plan("1", "a.txt", [
          { code: "unmapped-text", message: 'Numbers "0" fit no row of the 成果指標 or 効果額 tables.', page: 9, line: 1270 },
          { code: "unplaced-value", message: "The lone number 0 …", path: "overall.indicator.base", page: 1, line: 53 },
          { code: "unmapped-text", message: "no page", line: 7 },
        ]),
      ],
    });
    expect(await main(["parse", "a.txt"], h.deps)).toBe(0);
    expect(h.stderr.lines()).toEqual([
      'a.txt:9:1270: unmapped-text: Numbers "0" fit no row of the 成果指標 or 効果額 tables.',
      "a.txt:1:53: unplaced-value: The lone number 0 … (overall.indicator.base)",
      "a.txt: unmapped-text: no page (line 7)",
    ]);
  });

  it("leave out a missing page or path, and keep a multi-line message (or a terminal escape) on one line", async () => {
    const h = harness({
      "a.txt": [plan("1", "a.txt", [{ code: "unmapped-text", message: "text 上\n半期 \u001b[31mred" }, { code: "sum-mismatch", message: "計 differs", path: "overall.effectAmounts.total" }])],
    });
    expect(await main(["parse", "a.txt"], h.deps)).toBe(0);
    expect(h.stderr.lines()).toEqual([
      "a.txt: unmapped-text: text 上\\n半期 \\u001b[31mred",
      "a.txt: sum-mismatch: 計 differs (overall.effectAmounts.total)",
    ]);
  });

  it("--strict: any warning makes the exit code 1; the records are still printed", async () => {
    const h = harness({ "a.txt": [plan("1", "a.txt", two)] });
    expect(await main(["parse", "--strict", "a.txt"], h.deps)).toBe(1);
    expect(JSON.parse(h.stdout.text())).toHaveLength(1);
    expect(h.stderr.lines().at(-1)).toBe("apsheet: 2 warnings, and --strict allows none");

    const clean = harness({ "a.txt": [plan("1", "a.txt", quiet)] });
    expect(await main(["parse", "--strict", "a.txt"], clean.deps)).toBe(0);
  });

  it("--quiet: no warning lines, but errors still print and --strict still counts them", async () => {
    const h = harness({ "a.txt": [plan("1", "a.txt", two)], "b.txt": new ApsheetError("empty-input", "the file is empty", "b.txt") });
    expect(await main(["parse", "--quiet", "a.txt", "b.txt"], h.deps)).toBe(1);
    expect(h.stderr.lines()).toEqual(["apsheet: b.txt: the file is empty"]);

    const q = harness({ "a.txt": [plan("1", "a.txt", two)] });
    expect(await main(["parse", "-q", "a.txt"], q.deps)).toBe(0);
    expect(q.stderr.text()).toBe("");
    const qs = harness({ "a.txt": [plan("1", "a.txt", two)] });
    expect(await main(["parse", "-q", "--strict", "a.txt"], qs.deps)).toBe(1);
    expect(qs.stderr.lines()).toEqual(["apsheet: 2 warnings, and --strict allows none"]);
  });

  it("--max-warnings N: more than N in total across files fails, N or fewer does not", async () => {
    const answers = () => ({ "a.txt": [plan("1", "a.txt", two)], "b.txt": [plan("2", "b.txt", two.slice(0, 1))] });
    for (const [n, code] of [[3, 0], [2, 1], [0, 1], [-1, 0]] as const) {
      const h = harness(answers());
      expect(await main(["parse", "-q", "--max-warnings", String(n), "a.txt", "b.txt"], h.deps), `--max-warnings ${n}`).toBe(code);
      if (code === 1) expect(h.stderr.lines()).toEqual([`apsheet: 3 warnings, more than --max-warnings ${n}`]);
    }
  });
});

describe("inputs", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "apsheet-inputs-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a directory stands for its *.pdf and *.txt files, recursively, sorted; others and hidden ones are skipped", async () => {
    for (const f of ["b.txt", "a.PDF", "sub/z.pdf", "sub/a.txt", "notes.csv", ".hidden.txt", ".git/x.txt", "a0/c.txt"]) {
      await mkdir(join(dir, f, ".."), { recursive: true });
      await writeFile(join(dir, f), "x");
    }
    const expected = ["a.PDF", "a0/c.txt", "b.txt", "sub/a.txt", "sub/z.pdf"].map((f) => join(dir, f));
    const h = harness(Object.fromEntries(expected.map((p, i) => [p, [plan(String(i), p, quiet)]])));
    expect(await main(["parse", dir], h.deps)).toBe(0);
    expect(h.calls.map((c) => c.path)).toEqual(expected);
  });

  it("a directory with nothing to read is an error line and exit 1, and the other inputs still go", async () => {
    await mkdir(join(dir, "empty"));
    const h = harness({ "a.txt": [plan("1", "a.txt", quiet)] });
    expect(await main(["parse", join(dir, "empty"), "a.txt"], h.deps)).toBe(1);
    expect(h.stderr.lines()).toEqual([`apsheet: ${join(dir, "empty")}: no .pdf or .txt files in this directory`]);
    expect(JSON.parse(h.stdout.text())).toHaveLength(1);
  });

  it("expands a simple glob the shell left alone", async () => {
    for (const f of ["p2.txt", "p1.txt", "q1.txt"]) await writeFile(join(dir, f), "x");
    const expected = [join(dir, "p1.txt"), join(dir, "p2.txt")];
    const h = harness(Object.fromEntries(expected.map((p) => [p, [plan(p, p, quiet)]])));
    expect(await main(["parse", join(dir, "p?.txt")], h.deps)).toBe(0);
    expect(h.calls.map((c) => c.path)).toEqual(expected);

    const none = harness({});
    expect(await main(["parse", join(dir, "*.pdf")], none.deps)).toBe(1);
    expect(none.stderr.lines()).toEqual([`apsheet: ${join(dir, "*.pdf")}: no file matches this pattern`]);
  });

  it("- reads all of standard input as bytes and parses it as file \"-\"", async () => {
    const h = harness({ "-": [plan("1", "-", quiet)] }, { stdin: [new Uint8Array([0xe6, 0x9f]), new Uint8Array([0x8f, 0x0a])] });
    expect(await main(["parse", "-"], h.deps)).toBe(0);
    expect(h.calls).toHaveLength(1);
    expect([...h.calls[0]!.bytes!]).toEqual([0xe6, 0x9f, 0x8f, 0x0a]);
    expect(h.calls[0]!.options.file).toBe("-");
  });

  it("standard input over --max-bytes is refused with one error line", async () => {
    const h = harness({ "-": [plan("1", "-", quiet)] }, { stdin: [new Uint8Array(600), new Uint8Array(600)] });
    expect(await main(["parse", "--max-bytes", "1k", "-"], h.deps)).toBe(1);
    expect(h.calls).toHaveLength(0);
    expect(h.stderr.lines()).toHaveLength(1);
    expect(h.stderr.lines()[0]).toMatch(/^apsheet: -: more than 1024 bytes/);
  });
});

describe("options passed through to the library", () => {
  it("--encoding, --password, --provenance, --max-bytes", async () => {
    const h = harness({ "a.txt": [] });
    await main(["parse", "--encoding", "cp932", "--password", "s3cret", "--provenance", "--max-bytes", "2M", "a.txt"], h.deps);
    expect(h.calls[0]!.options).toEqual({ encoding: "cp932", password: "s3cret", provenance: true, maxBytes: 2 * 1024 * 1024 });
  });

  it("nothing is set that was not asked for; APSHEET_PASSWORD stands in for --password", async () => {
    const h = harness({ "a.txt": [] });
    await main(["parse", "a.txt"], h.deps);
    expect(h.calls[0]!.options).toEqual({});
    const e = harness({ "a.pdf": [] }, { env: { APSHEET_PASSWORD: "from-env" } });
    await main(["parse", "a.pdf"], e.deps);
    expect(e.calls[0]!.options).toEqual({ password: "from-env" });
  });

  it("bad values are usage errors (exit 2) and nothing is parsed", async () => {
    for (const args of [["--max-bytes", "lots"], ["--max-bytes", "0"], ["--max-warnings", "-2"], ["--format", "xml"], ["--csv-table", "x"], ["--nope"]]) {
      const h = harness({ "a.txt": [] });
      expect(await main(["parse", ...args, "a.txt"], h.deps), args.join(" ")).toBe(2);
      expect(h.calls).toHaveLength(0);
      expect(h.stdout.text()).toBe("");
      expect(h.stderr.text()).toMatch(/^apsheet: /);
    }
    const h = harness({});
    expect(await main(["parse"], h.deps)).toBe(2);
    expect(h.stderr.text()).toContain("missing required argument 'inputs'");
  });
});

describe("progress line", () => {
  const answers = () => ({ "a.txt": [plan("1", "a.txt", quiet)], "b.txt": [plan("2", "b.txt", example().warnings)] });

  it("is drawn on a terminal for more than one input, then cleared", async () => {
    const h = harness(answers(), { tty: true });
    expect(await main(["parse", "a.txt", "b.txt"], h.deps)).toBe(0);
    const err = h.stderr.text();
    expect(err).toContain("\r\u001b[2Kapsheet: 0/2 files, 0 records, 0 warnings,");
    expect(err).toContain("apsheet: 2/2 files, 2 records, 2 warnings,");
    expect(err.endsWith("\r\u001b[2K")).toBe(true);
    // Warning lines are still whole lines of their own.
    expect(err).toContain("\r\u001b[2Kb.txt:2: ambiguous-columns:");
  });

  it("is never drawn when stderr is not a terminal, for a single input, or with --quiet", async () => {
    for (const [tty, args] of [[false, ["a.txt", "b.txt"]], [true, ["a.txt"]], [true, ["-q", "a.txt", "b.txt"]]] as const) {
      const h = harness(answers(), { tty });
      await main(["parse", ...args], h.deps);
      expect(h.stderr.text()).not.toContain("files,");
      expect(h.stderr.text()).not.toContain("\r");
    }
  });
});

describe("--format csv to stdout", () => {
  it("prints the plans table by default and the values table with --csv-table values", async () => {
    const h = harness({ "a.txt": [plan("51001", "a.txt", quiet)], "b.txt": [plan("51002", "b.txt", quiet)] });
    expect(await main(["parse", "--format", "csv", "a.txt", "b.txt"], h.deps)).toBe(0);
    const plans = h.stdout.text();
    expect(plans.startsWith(`${BOM}${PLAN_HEADER.join(",")}\r\n51001,`)).toBe(true);
    expect(plans.split("\r\n")).toHaveLength(4); // header, 2 rows, final empty

    const v = harness({ "a.txt": [plan("51001", "a.txt", quiet)] });
    expect(await main(["parse", "--format", "csv", "--csv-table", "values", "a.txt"], v.deps)).toBe(0);
    expect(v.stdout.text().startsWith(`${BOM}${VALUE_HEADER.join(",")}\r\n51001,indicator,-,base,,,%\r\n`)).toBe(true);
  });
});
