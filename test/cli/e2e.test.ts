/**
 * The built command on the real pipeline: `node bin/apsheet …` (npm test builds dist/ first)
 * on the sample book, its encoded copies and some inputs that are not plan sheets, checked
 * against the records a person read (fixtures/expected/).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { RecordSchema, type PlanRecord } from "../../src/record/schema.js";
import { runBin, type Run } from "./helpers.js";
import { wellFormed } from "./xml.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin", "apsheet");
const SAMPLE = "fixtures/kashiwa-ap-r1-item51.txt"; // relative to root, where the command runs
const CP932 = "fixtures/encodings/kashiwa-ap-r1-item51.cp932.txt";
const PLANS = ["51001", "51002", "51003", "51004", "51005"];
const tmp = mkdtempSync(join(tmpdir(), "apsheet-e2e-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const expected = (planNo: string): PlanRecord => JSON.parse(readFileSync(join(root, "fixtures", "expected", `${planNo}.json`), "utf8")) as PlanRecord;

/** Runs the command to its end, feeding `input` (if any) on standard input. */
const apsheet = (args: string[], input?: Uint8Array | string): Promise<Run> => runBin(args, { input });

const lines = (text: string) => text.split("\n").filter((l) => l !== "");
const errorLines = (stderr: string) => lines(stderr).filter((l) => l.startsWith("apsheet: "));
const warningLines = (stderr: string) => lines(stderr).filter((l) => !l.startsWith("apsheet: "));

/** A record without what depends on how it was read (file name) and the doubts (checked apart). */
const strip = (r: PlanRecord) => {
  const { warnings: _w, source: _s, ...rest } = r;
  return rest;
};

/** The value at a path such as `overall.years[2].otherEffect` or `overall.indicator.actual.byYear.2019`. */
function at(value: unknown, path: string): unknown {
  return path
    .split(/\.|\[|\]/)
    .filter(Boolean)
    .reduce<unknown>((o, k) => (o === null || o === undefined ? undefined : (o as Record<string, unknown>)[k]), value);
}

/** One value from each record, as a person read it. */
const SPOT: Record<string, string[]> = {
  "51001": ["overall.indicator.revisedPlan.byYear.2019", "annual.evaluation.direction"],
  "51002": ["overall.effectAmounts.expenditureReduction.revisedPlan.byYear.2017", "department.name"],
  "51003": ["annual.tasks[0].name", "overall.indicator.unit"],
  "51004": ["overall.years[2].otherEffect", "annual.yearEnd.achievement"],
  "51005": ["annual.evaluation.direction", "overall.indicator.name"],
};

let sampleJson: PlanRecord[] | undefined;
async function sampleRecords(): Promise<PlanRecord[]> {
  if (!sampleJson) {
    const r = await apsheet(["parse", SAMPLE]);
    expect(r.code).toBe(0);
    sampleJson = JSON.parse(r.stdout) as PlanRecord[];
  }
  return sampleJson;
}

describe("parse on the sample book", () => {
  it("json: one array of the five plans, valid, equal to the hand-read records", async () => {
    const records = await sampleRecords();
    expect(records.map((r) => r.planNo)).toEqual(PLANS);
    for (const r of records) {
      expect(RecordSchema.safeParse(r).success, r.planNo).toBe(true);
      const want = expected(r.planNo);
      expect(r.title).toBe(want.title);
      expect(r.source).toEqual({ file: "kashiwa-ap-r1-item51.txt", format: "text", pages: want.source.pages });
      for (const path of SPOT[r.planNo]!) {
        expect(at(r, path), `${r.planNo} ${path}`).toEqual(at(want, path));
        expect(at(r, path), `${r.planNo} ${path}`).not.toBeUndefined();
      }
    }
    // 51001–51004 field for field (51005 differs in zero-only cells it flags; see test/e2e/golden).
    for (const r of records.slice(0, 4)) expect(strip(r)).toEqual(strip(expected(r.planNo)));
    expect(at(records[1], "overall.effectAmounts.expenditureReduction.revisedPlan.byYear.2017")).toBe(1137);
  });

  it("prints every record's warnings on stderr, one a line, as file:page: or file:page:line: code: message (path)", async () => {
    const r = await apsheet(["parse", SAMPLE]);
    const records = JSON.parse(r.stdout) as PlanRecord[];
    const want = records.flatMap((rec) =>
      rec.warnings.map((w) => {
        const where = `${SAMPLE}:${w.page}${w.line !== undefined ? `:${w.line}` : ""}`;
        return `${where}: ${w.code}: ${w.message}${w.path ? ` (${w.path})` : ""}`;
      }),
    );
    expect(want.length).toBeGreaterThan(10);
    expect(lines(r.stderr)).toEqual(want);
    expect(r.stderr).toContain(
      `${SAMPLE}:1:53: unplaced-value: The lone number 0 could be more than one base-column cell (平成27年度当初予算（基準）); left unplaced. (overall.indicator.base)\n`,
    );
    expect(r.stderr).toContain(
      `${SAMPLE}:2: ambiguous-columns: 取組項目 4: two ○ marks for four quarters; the text input does not show which quarters, read as 4～6月 and 7～9月. (annual.tasks[3].quarters)\n`,
    );
    for (const l of lines(r.stderr)) expect(l).toMatch(/^fixtures\/kashiwa-ap-r1-item51\.txt:\d+(:\d+)?: [a-z]+(-[a-z]+)*: \S/);
  });

  it("ndjson: five lines, each a valid record, the same as json", async () => {
    const r = await apsheet(["parse", "--format", "ndjson", SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith("\n")).toBe(true);
    const got = lines(r.stdout).map((l) => JSON.parse(l) as PlanRecord);
    expect(got.map((x) => x.planNo)).toEqual(PLANS);
    for (const x of got) expect(RecordSchema.safeParse(x).success).toBe(true);
    expect(got).toEqual(await sampleRecords());
  });

  it("ndjson: a file's records come out while a later input (standard input, still open) is pending", async () => {
    const child = spawn(process.execPath, [bin, "parse", "--format", "ndjson", "-q", SAMPLE, "-"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let exited = false;
    child.on("exit", () => (exited = true));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    // Wait for the first file's five records; stdin is still open, so the process cannot have ended.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no five records in time; got ${JSON.stringify(out.slice(0, 200))}`)), 15000);
      child.stdout.setEncoding("utf8").on("data", (s: string) => {
        out += s;
        if (lines(out).length >= 5) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(exited).toBe(false);
    expect(lines(out).map((l) => (JSON.parse(l) as PlanRecord).planNo)).toEqual(PLANS);
    child.stdin.end(readFileSync(join(root, SAMPLE)));
    expect(await closed).toBe(0);
    const all = lines(out).map((l) => JSON.parse(l) as PlanRecord);
    expect(all.map((x) => x.planNo)).toEqual([...PLANS, ...PLANS]);
    expect(all.slice(5).map((x) => x.source.file)).toEqual(Array(5).fill("-"));
  });

  it("csv plans: one row per record, cells as in the hand-read records", async () => {
    const r = await apsheet(["parse", "--format", "csv", SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("\uFEFFplanNo,title,")).toBe(true);
    const rows = parseCsv(r.stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((x) => x.planNo)).toEqual(PLANS);
    for (const row of rows) {
      const want = expected(row.planNo!);
      expect(row.title).toBe(want.title);
      expect(row["department.code"]).toBe(want.department.code);
      expect(row["overall.indicator.name"]).toBe(want.overall!.indicator.name);
      expect(row["overall.finalGoal"]).toBe(want.overall!.finalGoal); // multi-line text survives the quoting
      expect(row["annual.evaluation.grade"]).toBe(want.annual!.evaluation.grade);
      expect(row["source.pages"]).toBe(want.source.pages.join(";"));
    }
  });

  it("csv values: every 成果指標 / 効果額 cell of 51001–51004 as read by hand (51002 歳出削減 変更計画額 2017 = 1137)", async () => {
    const r = await apsheet(["parse", "--format", "csv", "--csv-table", "values", SAMPLE]);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(["planNo", "table", "category", "series", "fiscalYear", "value", "unit"]);
    const cell = (x: Record<string, string>) => `${x.planNo} ${x.table} ${x.category} ${x.series} ${x.fiscalYear}`;
    expect(rows.find((x) => cell(x) === "51002 effectAmounts expenditureReduction revisedPlan 2017")?.value).toBe("1137");
    let checked = 0;
    for (const x of rows) {
      if (x.planNo === "51005") continue;
      const o = expected(x.planNo!).overall!;
      const table = x.table === "indicator" ? o.indicator : o.effectAmounts[x.category as "total"];
      const want =
        x.series === "base"
          ? table.base
          : x.fiscalYear === "final"
            ? table[x.series as "actual"].final
            : table[x.series as "actual"].byYear[x.fiscalYear!];
      expect(x.value, cell(x)).toBe(want === null || want === undefined ? "" : String(want));
      expect(x.unit, cell(x)).toBe(x.table === "indicator" ? (o.indicator.unit ?? "") : "千円");
      checked++;
    }
    // Per record: a base and 3 series × (5 years + final) for the indicator and three 効果額 rows.
    expect(checked).toBe(4 * 4 * (1 + 3 * 6));
  });

  it("stdin: - with the CP932 copy and --encoding cp932 gives the same records", async () => {
    const r = await apsheet(["parse", "--encoding", "cp932", "-"], readFileSync(join(root, CP932)));
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as PlanRecord[];
    const want = await sampleRecords();
    expect(got.map((x) => x.source.file)).toEqual(Array(5).fill("-"));
    expect(got.map(strip)).toEqual(want.map(strip));
    expect(got.map((x) => x.warnings)).toEqual(want.map((x) => x.warnings));
    expect(r.stderr).toMatch(/^-:1:53: unplaced-value: /);
  });

  it("a directory: every .txt under it, sorted by path, encodings detected", async () => {
    const r = await apsheet(["parse", "--format", "ndjson", "-q", "fixtures/encodings"]);
    expect(r.code).toBe(0);
    const got = lines(r.stdout).map((l) => JSON.parse(l) as PlanRecord);
    expect(got.map((x) => `${x.source.file} ${x.planNo}`)).toEqual(
      ["cp932", "eucjp", "utf16le-bom"].flatMap((enc) => PLANS.map((p) => `kashiwa-ap-r1-item51.${enc}.txt ${p}`)),
    );
    const want = await sampleRecords();
    for (let i = 0; i < got.length; i++) expect(strip(got[i]!)).toEqual(strip(want[i % 5]!));
  });

  it("--out: five <planNo>.json files equal to the records, which validate", async () => {
    const dir = join(tmp, "out");
    const r = await apsheet(["parse", "-q", "--out", dir, SAMPLE]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readdirSync(dir).sort()).toEqual(PLANS.map((p) => `${p}.json`));
    const want = await sampleRecords();
    for (const rec of want) {
      const text = readFileSync(join(dir, `${rec.planNo}.json`), "utf8");
      expect(text.endsWith("}\n")).toBe(true);
      expect(JSON.parse(text)).toEqual(rec);
    }
    const v = await apsheet(["validate", dir]);
    expect(v.code).toBe(0);
    expect(v.stderr).toBe("apsheet: 5 records in 5 files, all valid\n");
  });

  it("--out with --format csv also writes plans.csv and values.csv", async () => {
    const dir = join(tmp, "out-csv");
    const r = await apsheet(["parse", "-q", "--format", "csv", "--out", dir, SAMPLE]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([...PLANS.map((p) => `${p}.json`), "plans.csv", "values.csv"]);
    const values = parseCsv(readFileSync(join(dir, "values.csv"), "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(values).toHaveLength(5 * 4 * (1 + 3 * 6));
  });

  it("--strict: the sample has warnings, so exit 1, with the records still out", async () => {
    const r = await apsheet(["parse", "--strict", SAMPLE]);
    expect(r.code).toBe(1);
    const records = JSON.parse(r.stdout) as PlanRecord[];
    expect(records.map((x) => x.planNo)).toEqual(PLANS);
    const n = records.reduce((s, x) => s + x.warnings.length, 0);
    expect(n).toBeGreaterThan(0);
    expect(lines(r.stderr).at(-1)).toBe(`apsheet: ${n} warnings, and --strict allows none`);
    expect(warningLines(r.stderr)).toHaveLength(n);
  });
});

describe("parse on good and bad inputs together", () => {
  it("each bad input costs one stderr line naming it and why; the good records still come out; exit 1", async () => {
    writeFileSync(join(tmp, "empty.txt"), "");
    let x = 12345; // fixed-seed bytes: the same 'random' file every run
    const noise = new Uint8Array(4096).map(() => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x >>> 24));
    writeFileSync(join(tmp, "random.txt"), noise);
    writeFileSync(join(tmp, "novel.txt"), "吾輩は猫である。名前はまだ無い。\nどこで生れたかとんと見当がつかぬ。\n");
    const bad = {
      empty: join(tmp, "empty.txt"),
      random: join(tmp, "random.txt"),
      missing: join(tmp, "no-such-book.txt"),
      novel: join(tmp, "novel.txt"),
    };
    const r = await apsheet(["parse", "--format", "ndjson", "-q", SAMPLE, bad.empty, bad.random, bad.missing, bad.novel, CP932]);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      `apsheet: ${bad.empty}: empty file`,
      `apsheet: ${bad.random}: not valid text in any supported encoding (tried UTF-8, CP932, EUC-JP)`,
      `apsheet: ${bad.missing}: no such file`,
      `apsheet: ${bad.novel}: no plan sheet found (no page carries a 番号 and a page title)`,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at |\u001b/);
    const got = lines(r.stdout).map((l) => JSON.parse(l) as PlanRecord);
    expect(got.map((y) => `${y.source.file} ${y.planNo}`)).toEqual([
      ...PLANS.map((p) => `kashiwa-ap-r1-item51.txt ${p}`),
      ...PLANS.map((p) => `kashiwa-ap-r1-item51.cp932.txt ${p}`),
    ]);
  });

  it("the same batch as json still prints the good records as one array", async () => {
    const r = await apsheet(["parse", "-q", join(tmp, "no-such-book.txt"), SAMPLE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`apsheet: ${join(tmp, "no-such-book.txt")}: no such file\n`);
    expect((JSON.parse(r.stdout) as PlanRecord[]).map((y) => y.planNo)).toEqual(PLANS);
  });
});

describe("inspect", () => {
  it("lists page 2 of the sample, and draws page 1 as a well-formed SVG file", async () => {
    const r = await apsheet(["inspect", SAMPLE, "--page", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("\npage 2: 単年度 51001, input lines 154–308: ");
    expect(r.stdout).toContain("\n        275  個人番号カード取得者への利用案内 → annual.tasks[0].name\n");
    const svgPath = join(tmp, "page1.svg");
    const s = await apsheet(["inspect", SAMPLE, "--page", "1", "--svg", svgPath]);
    expect(s).toEqual({ code: 0, stdout: "", stderr: "" });
    const svg = readFileSync(svgPath, "utf8");
    expect(wellFormed(svg)).toEqual([]);
    expect(svg).toContain("<title>overall.indicator.name&#10;");
  });
});
