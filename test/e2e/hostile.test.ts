/**
 * Hostile and broken input through the command line, the way a download folder arrives: each bad
 * file costs one stderr line naming it and why, no stack trace, no partial output for it — and
 * every good file of the same batch still comes out.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parseText } from "../../src/pipeline.js";
import type { PlanRecord } from "../../src/record/schema.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = (p: string) => join(root, "fixtures", p);
const tmp = mkdtempSync(join(tmpdir(), "apsheet-hostile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(process.execPath, ["bin/apsheet", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });

function noise(n: number, seed: number): Uint8Array {
  let x = seed >>> 0;
  return new Uint8Array(n).map(() => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x >>> 24));
}

describe("a batch of broken PDFs between good files", () => {
  it("one line each, the good records out, exit 1", () => {
    const pdf = new Uint8Array(readFileSync(fixture("pdf/sample.libreoffice.pdf")));
    const files = {
      random: join(tmp, "random.pdf"),
      truncated: join(tmp, "truncated.pdf"),
      empty: join(tmp, "empty.pdf"),
      text: join(tmp, "notes.pdf"),
    };
    writeFileSync(files.random, noise(8192, 7));
    writeFileSync(files.truncated, pdf.slice(0, 4000));
    writeFileSync(files.empty, "");
    writeFileSync(files.text, "%PDF-1.4\nthis is not really a PDF\n");
    const r = run(
      "parse",
      "-q",
      "--format",
      "ndjson",
      fixture("pdf/sample.chromium.pdf"),
      files.random,
      files.truncated,
      fixture("pdf/special/scanned.pdf"),
      fixture("pdf/special/encrypted-userpw.pdf"),
      files.empty,
      files.text,
      fixture("kashiwa-ap-r1-item51.txt"),
    );
    expect(r.status).toBe(1);
    const errors = r.stderr.split("\n").filter(Boolean);
    expect(errors).toHaveLength(6);
    expect(errors[0]).toMatch(new RegExp(`^apsheet: ${files.random}: not valid text in any supported encoding`));
    expect(errors[1]).toMatch(new RegExp(`^apsheet: ${files.truncated}: not a readable PDF: `));
    expect(errors[2]).toBe(`apsheet: ${fixture("pdf/special/scanned.pdf")}: no text layer — needs OCR`);
    expect(errors[3]).toBe(`apsheet: ${fixture("pdf/special/encrypted-userpw.pdf")}: encrypted PDF: give its password with --password`);
    expect(errors[4]).toBe(`apsheet: ${files.empty}: empty file`);
    expect(errors[5]).toMatch(new RegExp(`^apsheet: ${files.text}: not a readable PDF`));
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
    const records = r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as PlanRecord);
    expect(records.map((x) => `${x.source.format} ${x.planNo}`)).toEqual([
      ...["51001", "51002", "51003", "51004", "51005"].map((n) => `pdf ${n}`),
      ...["51001", "51002", "51003", "51004", "51005"].map((n) => `text ${n}`),
    ]);
  }, 60_000);

  it("--password opens the encrypted one", () => {
    const r = run("parse", "-q", "--password", "apsheet", fixture("pdf/special/encrypted-userpw.pdf"));
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as PlanRecord[]).map((x) => x.planNo)).toEqual(["51001"]);
  }, 30_000);
});

describe("text that is not a sheet, or not text", () => {
  it("a 20 MB single-line text is refused as no plan sheet, quickly and in bounded memory", () => {
    const big = join(tmp, "one-line.txt");
    const unit = "計画値 実績値 0 1,234 あいうえお ";
    writeFileSync(big, unit.repeat(Math.ceil((20 << 20) / Buffer.byteLength(unit))));
    const started = Date.now();
    const r = spawnSync(process.execPath, ["--max-old-space-size=512", "bin/apsheet", "parse", big], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`apsheet: ${big}: no plan sheet found (no page carries a 番号 and a page title)\n`);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it("a directory with no sheets in it, and a path that is not there", () => {
    const dir = join(tmp, "empty-dir");
    mkdirSync(dir);
    const r = run("parse", dir, join(tmp, "missing.pdf"));
    expect(r.status).toBe(1);
    const errors = r.stderr.split("\n").filter(Boolean);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain(dir);
    expect(errors[1]).toBe(`apsheet: ${join(tmp, "missing.pdf")}: no such file`);
  });

  it("a text in an encoding that cannot be decoded as the one forced", () => {
    const r = run("parse", "--encoding", "utf-8", fixture("encodings/kashiwa-ap-r1-item51.cp932.txt"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^apsheet: .*cp932\.txt: not valid UTF-8 text .*\n$/);
  });
});

describe("a sheet that is only partly readable still yields its record", () => {
  const sample = readFileSync(fixture("kashiwa-ap-r1-item51.txt"), "utf8").split("\n");

  it("only the 全体計画 page of a plan: the record, annual null, and a warning saying so", async () => {
    const records = await parseText(sample.slice(0, 149).join("\n"), { file: "half.txt" });
    expect(records).toHaveLength(1);
    expect(records[0]!.annual).toBeNull();
    expect(records[0]!.overall?.indicator.revisedPlan.byYear["2019"]).toBe(5);
    expect(records[0]!.warnings.map((w) => `${w.code} ${w.path}`)).toContain("missing-page annual");
  });

  it("only the 単年度 page: the record, overall null, and a warning saying so", async () => {
    const records = await parseText(sample.slice(151, 309).join("\n"), { file: "annual.txt" });
    expect(records).toHaveLength(1);
    expect(records[0]!.overall).toBeNull();
    expect(records[0]!.annual?.yearEnd.indicator).toEqual({ name: "証明書交付全体に対する，コンビニエンスストア等における自動交付利用率", unit: "%", plan: 5, actual: 4 });
    expect(records[0]!.warnings.map((w) => `${w.code} ${w.path}`)).toContain("missing-page overall");
  });

  it("the two pages disagree on the title: both readings named in a warning, the first kept", async () => {
    const changed = [...sample];
    changed[307] = changed[307]!.replace("コンビニエンスストア等における証明書等の自動交付", "コンビニ交付");
    const [r] = await parseText(changed.join("\n"), { file: "titles.txt" });
    expect(r!.title).toBe("コンビニエンスストア等における証明書等の自動交付");
    const w = r!.warnings.find((x) => x.code === "cross-page-mismatch" && x.path === "title");
    expect(w?.message).toContain("コンビニ交付");
  });

  it("a page with its 最終目標 and comments cut away: the fields are null, the rest is read", async () => {
    const cut = sample.filter((_, i) => !(i + 1 >= 129 && i + 1 <= 133) && !(i + 1 >= 217 && i + 1 <= 222));
    const [r] = await parseText(cut.join("\n"), { file: "cut.txt" });
    expect(r!.overall!.finalGoal).toBeNull();
    expect(r!.title).toBe("コンビニエンスストア等における証明書等の自動交付");
    expect(r!.annual!.evaluation.grade).toBe("B");
  });
});
