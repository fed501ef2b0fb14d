/**
 * `apsheet inspect` on the real pipeline, through main(): the listing, the picture, and what
 * they show of text that maps to no field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { inspectText, valueAt } from "../../src/cli/inspect/model.js";
import { esc, renderSvg } from "../../src/cli/inspect/svg.js";
import { main } from "../../src/cli/main.js";
import { readText } from "../../src/pipeline.js";
import { harness, sink, type Event } from "./helpers.js";
import { wellFormed } from "./xml.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const SAMPLE = here("../../fixtures/kashiwa-ap-r1-item51.txt");
const SAMPLE_TEXT = readFileSync(SAMPLE, "utf8");
const tmp = mkdtempSync(join(tmpdir(), "apsheet-inspect-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function inspect(args: string[], opts: { tty?: boolean; stdin?: Uint8Array[]; env?: Record<string, string> } = {}) {
  const h = harness({}, opts);
  if (opts.tty) {
    const log: Event[] = [];
    const out = sink("stdout", log, true);
    h.deps.stdout = out;
    h.stdout = out;
  }
  const code = await main(["inspect", ...args], h.deps);
  return { code, stdout: h.stdout.text(), stderr: h.stderr.text() };
}

/** The sample with its lines changed by `edit` (1-based line numbers as in the file), written to tmp. */
function variant(name: string, edit: (lines: string[]) => void): string {
  const lines = SAMPLE_TEXT.split("\n");
  edit(lines);
  const path = join(tmp, name);
  writeFileSync(path, lines.join("\n"));
  return path;
}

describe("inspect: the listing", () => {
  it("prints each sheet line of a page with its input line, labels in brackets, values with the field they fed", async () => {
    const r = await inspect([SAMPLE, "--page", "1"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`${SAMPLE}: 10 pages, 5 records (51001 51002 51003 51004 51005)`);
    // Year-row contents are claimed by the parser and placed by assembly (their provenance names the year).
    expect(lines).toContain("page 1: 全体計画 51001, input lines 2–148: 37 label, 89 value, 17 claimed, 1 unplaced, 0 unmapped");
    expect(lines).toContain("          2  [重要度]  Ｂ → importance");
    expect(lines).toContain("          4  51001 → planNo  [作成日]  [更新日]  R2.3.31 → overall.updatedOn");
    expect(lines).toContain("          8  H28 ～ Ｒ１ → overall.period");
    // Placed by assembly: the field comes from the record's provenance.
    expect(lines).toContain("      12-13  計画どおり → overall.years[0].category (placed)");
    expect(lines).toContain("        108  1 1 3 4 → overall.indicator.actual.byYear.{2016,2017,2018,2019} (placed)");
    expect(lines).toContain("        116  証明書交付全体に対する，コンビニエンスストア等における自動交付利用率 → overall.indicator.name  [単位]");
    expect(lines).toContain("         71  和と待ち時間 → overall.years[0].otherEffect (continued)");
    expect(lines).toContain("?        53  ?0 → unplaced: overall.indicator.base (unplaced-value)");
    expect(lines).toContain("        150  (page furniture) Ｒ１");
    expect(r.stdout).not.toContain("page 2:");
    expect(r.stdout).not.toMatch(/\u001b/);
  });

  it("shows every token of every page once; the sample leaves nothing unmapped", async () => {
    const r = await inspect([SAMPLE]);
    expect(r.code).toBe(0);
    const { pages } = await readText(SAMPLE_TEXT, { file: "x" });
    const tokens = pages.reduce((n, p) => n + p.ctx.sheet.lines.reduce((m, l) => m + l.tokens.length, 0), 0);
    expect(r.stdout).toMatch(new RegExp(`\\n10 pages, ${tokens} tokens: \\d+ label, \\d+ value, \\d+ claimed, 1 unplaced, 0 unmapped\\n$`));
    expect(r.stdout.split("\n").filter((l) => l.startsWith("!"))).toEqual([]);
  });

  it("lists a stray word on a page as unmapped, and a stray row of numbers too", async () => {
    const path = variant("stray.txt", (lines) => {
      lines[1] += " 迷子の語"; // line 2: 重要度 Ｂ
      lines.splice(100, 0, "12345 678", ""); // a numeric row no table can hold, before line 101
    });
    const r = await inspect([path, "--page", "1"]);
    expect(r.code).toBe(0);
    const flagged = r.stdout.split("\n").filter((l) => l.startsWith("!"));
    expect(flagged).toEqual([
      "!         2  [重要度]  Ｂ → importance  !迷子の語 → unmapped (unmapped-text)",
      "!       101  !12345 !678 → unmapped (unmapped-text)",
    ]);
    expect(r.stdout).toMatch(/\npage 1: 全体計画 51001, input lines 2–150: .*, 3 unmapped\n/);
  });

  it("marks a token whose own fate names a field its record leaves empty, and only such tokens", async () => {
    const ins = await inspectText(SAMPLE_TEXT, "x.txt");
    let checked = 0;
    for (const page of ins.pages) {
      const record = ins.records.find((r) => r.source.pages.includes(page.page))!;
      for (const t of page.lines.flatMap((l) => l.tokens)) {
        if (t.kind !== "value" || t.how !== "fate") continue;
        checked++;
        expect(t.emptyInRecord === true, `${page.page}:${t.line} ${t.field}`).toBe(valueAt(record, t.field!) == null);
      }
    }
    expect(checked).toBeGreaterThan(350);
    const r = await inspect([SAMPLE]);
    const marked = r.stdout.split("\n").filter((l) => l.includes("(empty in the record)"));
    for (const l of marked) expect(l).toMatch(/ → \S+ \(empty in the record\)/);
  });

  it("colours only on a terminal, and not with NO_COLOR", async () => {
    const path = variant("stray-colour.txt", (lines) => lines.splice(100, 0, "12345 678", ""));
    const tty = await inspect([path, "-p", "1"], { tty: true });
    expect(tty.stdout).toContain("\u001b[1;31m!12345 !678 → unmapped\u001b[0m");
    const plain = await inspect([path, "-p", "1"], { tty: true, env: { NO_COLOR: "1" } });
    expect(plain.stdout).not.toMatch(/\u001b/);
  });

  it("reads standard input, with --encoding", async () => {
    const cp932 = readFileSync(here("../../fixtures/encodings/kashiwa-ap-r1-item51.cp932.txt"));
    const r = await inspect(["-", "--encoding", "cp932", "--page", "2"], { stdin: [new Uint8Array(cp932)] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("page 2: 単年度 51001, input lines 154–308");
    expect(r.stdout).toContain("        228  Ｂ → annual.evaluation.grade");
  });

  it("a page that is not there, a missing file, a broken PDF: one stderr line, exit 1, nothing on stdout", async () => {
    const pdf = join(tmp, "book.pdf");
    writeFileSync(pdf, "%PDF-1.7\n");
    for (const [args, message] of [
      [[SAMPLE, "--page", "11"], `apsheet: ${SAMPLE}: no page 11 (the text has 10 pages)\n`],
      [[join(tmp, "gone.txt")], `apsheet: ${join(tmp, "gone.txt")}: no such file\n`],
      [[pdf], `apsheet: ${pdf}: not a readable PDF: Invalid PDF structure\n`],
    ] as const) {
      const r = await inspect([...args]);
      expect(r, args.join(" ")).toEqual({ code: 1, stdout: "", stderr: message });
    }
    expect((await inspect([SAMPLE, "--page", "0"])).code).toBe(2);
  });

  it("a text with no plan sheet: the tokenizer's view on stdout, the reason on stderr, exit 1", async () => {
    const path = join(tmp, "novel.txt");
    writeFileSync(path, "吾輩は猫である。\n\n指標名 % 迷子\n");
    const r = await inspect([path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`apsheet: ${path}: no plan sheet found (no page carries a 番号 and a page title)\n`);
    expect(r.stdout).toContain("page 1: no page title, input lines 1–3");
    expect(r.stdout).toContain("          1  吾輩は猫である。 → not read");
    expect(r.stdout).toContain("          3  [指標名]  % 迷子 → not read");
  });
});

describe("inspect: the picture (--svg)", () => {
  it("writes a well-formed standalone SVG of page 1 with a box titled overall.indicator.name", async () => {
    const out = join(tmp, "p1.svg");
    const r = await inspect([SAMPLE, "--page", "1", "--svg", out]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const svg = readFileSync(out, "utf8");
    expect(wellFormed(svg)).toEqual([]);
    expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    expect(svg).not.toMatch(/<script|href=/);
    expect(svg).toMatch(/<title>overall\.indicator\.name&#10;input line 116<\/title>/);
    // One box per token of the page, each with its title.
    const tokens = svg.match(/<g class="tok /g)!.length;
    expect(tokens).toBe(37 + 89 + 17 + 1);
    expect(svg.match(/<g class="tok [^"]*"[^>]*><title>/g)!.length).toBe(tokens);
    expect(svg).toContain('class="tok s-header" data-kind="value" data-line="2" data-field="importance"');
    expect(svg).toContain('class="tok s-unplaced" data-kind="unplaced" data-line="53" data-field="overall.indicator.base"');
    // The legend names every colour.
    for (const name of ["overall.indicator (成果指標)", "annual.evaluation (評価)", "unmapped text (warning)", "label of the form"]) expect(svg).toContain(name);
  });

  it("page 2 has a box titled annual.evaluation.grade; stray numbers are red boxes", async () => {
    const p2 = await inspect([SAMPLE, "--page", "2", "--svg", "-"]);
    expect(p2.code).toBe(0);
    expect(wellFormed(p2.stdout)).toEqual([]);
    expect(p2.stdout).toMatch(/<title>annual\.evaluation\.grade&#10;input line 228<\/title>/);
    const path = variant("stray-svg.txt", (lines) => lines.splice(100, 0, "12345 678", ""));
    const p9 = await inspect([path, "--page", "1", "--svg", "-"]);
    expect(p9.stdout.match(/class="tok s-unmapped"/g)).toHaveLength(2);
    expect(p9.stdout).toMatch(/\.s-unmapped rect\.box\{fill:#fa5252;/);
  });

  it("the whole book is one well-formed SVG, pages one under another", async () => {
    const r = await inspect([SAMPLE, "--svg", "-"]);
    expect(wellFormed(r.stdout)).toEqual([]);
    expect(r.stdout.match(/<g class="page" data-page="\d+">/g)).toHaveLength(10);
  });

  it("escapes what the text holds: markup, quotes, ampersands and characters XML forbids", async () => {
    const ins = await inspectText(SAMPLE_TEXT.replace("重要度 Ｂ", `重要度 Ｂ <b>&amp;"x'\u0001`), "a&b<c>.txt");
    const svg = renderSvg(ins, ins.pages.slice(0, 1));
    expect(wellFormed(svg)).toEqual([]);
    expect(svg).toContain("&lt;b&gt;&amp;amp;&quot;x'\ufffd");
    expect(esc("a\u0000b\ud800c")).toBe("a\ufffdb\ufffdc");
  });
});

describe("the well-formedness check itself", () => {
  it("accepts good XML and names what is wrong with bad XML", () => {
    expect(wellFormed('<?xml version="1.0"?>\n<a x="1"><b/>t &amp; &#10;<c y=\'2\'>z</c></a>\n')).toEqual([]);
    expect(wellFormed("<a><b></a></b>")).not.toEqual([]);
    expect(wellFormed("<a>x & y</a>")).not.toEqual([]);
    expect(wellFormed('<a x="1" x="2"/>')).not.toEqual([]);
    expect(wellFormed("<a/><b/>")).not.toEqual([]);
    expect(wellFormed("<a><b></a>")).not.toEqual([]);
    expect(wellFormed('<a x="<"/>')).not.toEqual([]);
    expect(wellFormed("<a>\u0001</a>")).not.toEqual([]);
    expect(wellFormed("<a x=1/>")).not.toEqual([]);
  });
});
