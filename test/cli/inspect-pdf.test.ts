/**
 * `apsheet inspect` on PDF input, through main() on the fixture books: the listing (one line per
 * grid row, cells left to right, fields matched by bbox) and the picture (the page itself, every
 * ruled cell outlined, coloured by section). The unmapped cases come from text added to a
 * fixture page (inspect-pdf-make.ts): the fixtures themselves leave nothing unmapped.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectBytes, joinPaths, type Inspection } from "../../src/cli/inspect/model.js";
import { fitText } from "../../src/cli/inspect/pdf-svg.js";
import { renderSvg } from "../../src/cli/inspect/svg.js";
import { main } from "../../src/cli/main.js";
import { loadPdfPages } from "../../src/load/pdf.js";
import { readPdf } from "../../src/pipeline.js";
import { buildCells } from "../../src/tokenize/pdf-cells.js";
import { harness } from "./helpers.js";
import { rulesAndText, withText } from "./inspect-pdf-make.js";
import { wellFormed } from "./xml.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const LIBREOFFICE = here("../../fixtures/pdf/sample.libreoffice.pdf");
const CHROMIUM = here("../../fixtures/pdf/sample.chromium.pdf");
const bytesOf = (path: string) => new Uint8Array(readFileSync(path));
const tmp = mkdtempSync(join(tmpdir(), "apsheet-inspect-pdf-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function inspect(args: string[], env: Record<string, string> = {}) {
  const h = harness({}, { env });
  const code = await main(["inspect", ...args], h.deps);
  return { code, stdout: h.stdout.text(), stderr: h.stderr.text() };
}

function write(name: string, bytes: Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}

/** The attributes of an SVG element's opening tag. */
function attrs(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** One page's group of the picture, and the box (rect) of the token titled `field`. */
function pageGroup(svg: string, page: number): string {
  const start = svg.indexOf(`<g class="page sheet" data-page="${page}"`);
  expect(start, `page ${page} drawn`).toBeGreaterThanOrEqual(0);
  return svg.slice(start, svg.indexOf("\n</g>", start));
}

function boxTitled(group: string, field: string): { x: number; y: number; width: number; height: number; bbox: number[] } {
  const m = new RegExp(`<g (class="tok [^>]*)><title>${field.replace(/[.[\]]/g, "\\$&")}&#10;[^<]*</title><clipPath [^>]*><rect [^>]*/></clipPath><rect ([^>]*)/>`).exec(group);
  expect(m, `a box titled ${field}`).not.toBeNull();
  const r = attrs(m![2]!);
  return { x: Number(r.x), y: Number(r.y), width: Number(r.width), height: Number(r.height), bbox: attrs(m![1]!)["data-bbox"]!.split(" ").map(Number) };
}

describe("inspect a PDF: the listing", () => {
  it("prints page 1 a grid row a line, top to bottom, each with its y; cells left to right with the field they fed", async () => {
    const r = await inspect([LIBREOFFICE, "--page", "1"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`${LIBREOFFICE}: 10 pages, 5 records (51001 51002 51003 51004 51005)`);
    expect(lines).toContain("page 1: 全体計画 51001, 595×842 pt: 36 label, 65 value, 12 claimed, 0 unplaced, 0 unmapped");
    // The page title stands outside the ruled grid; the header parser reads it (plan range).
    expect(lines).toContain("      y=802  アクションプラン全体計画　（平成２８～令和２年度） → claimed  (outside the grid)");
    expect(lines).toContain("      y=756  [番号・取組事業名]  51001 → planNo  コンビニエンスストア等における証明書等の自動交付 → title  [作成日]  H31.4.1 → overall.createdOn  [更新日]  R2.3.31 → overall.updatedOn");
    expect(lines).toContain("      y=440  [成果指標]  [指標名]  証明書交付全体に対する，コンビニエンスストア等における自動交付利用率 → overall.indicator.name  [単位]  % → overall.indicator.unit");
    // The year rows are claimed by the parser and placed by assembly: the provenance's bbox is the cell's.
    expect(lines).toContain("      y=594  平成28年度 → claimed  平成２８年１１月から証明書のコンビニ交付を開始した。 → overall.years[0].content (placed)  計画どおり → overall.years[0].category (placed)");
    expect(lines).toContain("      y=353  [実績値]  1 1 3 4 → overall.indicator.actual.byYear.{2016,2017,2018,2019}  0 → overall.indicator.actual.final");
    // Rows come top to bottom.
    const ys = lines.filter((l) => /^. +y=\d+ /.test(l)).map((l) => Number(/y=(\d+)/.exec(l)![1]));
    expect(ys).toEqual([...ys].sort((a, b) => b - a));
    expect(r.stdout).not.toContain("page 2:");
  });

  it("shows page 3's base-year cell as overall.indicator.base", async () => {
    const r = await inspect([LIBREOFFICE, "-p", "3"]);
    const row = r.stdout.split("\n").find((l) => l.includes("[当初計画値]") && l.includes("overall.indicator"));
    expect(row).toBe(
      "      y=335  [当初計画値]  138,000 → overall.indicator.base  138,000 118,000 100,000 85,000 73,000 → overall.indicator.initialPlan.byYear.{2016,2017,2018,2019,2020}  73,000 → overall.indicator.initialPlan.final",
    );
  });

  it.each([LIBREOFFICE, CHROMIUM])("shows every token of %s once, and every field the records place beside its cell", async (path) => {
    const r = await inspect([path]);
    expect(r.code).toBe(0);
    const { pages } = await readPdf(bytesOf(path), { file: "x.pdf" }, { keepPages: true });
    const tokens = pages.reduce((n, p) => n + p.ctx.sheet.lines.reduce((m, l) => m + l.tokens.length, 0), 0);
    expect(r.stdout).toMatch(new RegExp(`\\n10 pages, ${tokens} tokens: \\d+ label, \\d+ value, \\d+ claimed, 0 unplaced, 0 unmapped\\n$`));
    const ins = await inspectBytes(bytesOf(path), { file: "x.pdf" });
    const fields = new Set(ins.pages.flatMap((p) => p.lines.flatMap((l) => l.tokens.map((t) => t.field))));
    const provenance = ins.records.flatMap((rec) => Object.keys(rec.provenance ?? {}));
    expect(provenance.length).toBeGreaterThan(300);
    expect(provenance.filter((p) => !fields.has(p))).toEqual([]);
  });

  it("lists text that maps to no field as unmapped, with the warning that carries it", async () => {
    const path = write("stray.pdf", withText(bytesOf(LIBREOFFICE), [{ text: "迷子", x: 150, y: 670, size: 9 }]));
    const r = await inspect([path, "--page", "1"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("!"))).toEqual([
      "!     y=685  [効果]  !迷子 → unmapped (unmapped-text)  その他改善 → overall.effectTypes",
    ]);
    expect(r.stdout).toContain("page 1: 全体計画 51001, 595×842 pt: 36 label, 65 value, 12 claimed, 0 unplaced, 1 unmapped");
  });

  it("reads an encrypted PDF with --password or APSHEET_PASSWORD, and says which when it cannot", async () => {
    const path = here("../../fixtures/pdf/special/encrypted-userpw.pdf");
    expect(await inspect([path])).toEqual({ code: 1, stdout: "", stderr: `apsheet: ${path}: encrypted PDF: give its password with --password\n` });
    const r = await inspect([path, "--password", "apsheet", "-p", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("page 2: 単年度 51001, 595×842 pt");
    expect((await inspect([path, "-p", "2"], { APSHEET_PASSWORD: "apsheet" })).stdout).toBe(r.stdout);
    expect(await inspect([LIBREOFFICE, "-p", "11"])).toEqual({ code: 1, stdout: "", stderr: `apsheet: ${LIBREOFFICE}: no page 11 (the PDF has 10 pages)\n` });
    const scanned = here("../../fixtures/pdf/special/scanned.pdf");
    expect(await inspect([scanned])).toEqual({ code: 1, stdout: "", stderr: `apsheet: ${scanned}: no text layer — needs OCR\n` });
  });

  it("a PDF with no plan sheet: the grid tokenizer's view on stdout, the reason on stderr, exit 1", async () => {
    const path = write("novel.pdf", rulesAndText(
      [[50, 700, 200, 730], [200, 700, 400, 730]],
      [
        { text: "名前はまだ無い", x: 60, y: 780, size: 12 },
        { text: "吾輩は猫である", x: 60, y: 710, size: 10 },
        { text: "指標名", x: 210, y: 710, size: 10 },
      ],
    ));
    const r = await inspect([path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`apsheet: ${path}: no plan sheet found (no page carries a 番号 and a page title)\n`);
    expect(r.stdout).toContain("page 1: no page title, 595×842 pt: 1 label, 0 value, 2 claimed, 0 unplaced, 0 unmapped");
    expect(r.stdout).toContain("      y=790  名前はまだ無い → not read  (outside the grid)");
    expect(r.stdout).toContain("      y=730  吾輩は猫である → not read  [指標名]");
    const svg = await inspect([path, "--svg", "-"]);
    expect(svg.code).toBe(1);
    expect(wellFormed(svg.stdout)).toEqual([]);
    expect(svg.stdout.match(/<rect class="cell" /g)).toHaveLength(2);
  });

  it("loose text on a 全体計画 page (a form number) is reported as unmapped, not read as その他効果", async () => {
    // The その他効果 row was read by its columns, so stray text elsewhere on the page is no part of it.
    const path = write("form-no.pdf", withText(bytesOf(LIBREOFFICE), [{ text: "様式第１号", x: 480, y: 815, size: 8 }]));
    const r = await inspect([path, "-p", "1"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toContain("note:");
    expect(r.stdout).toMatch(/\n!\s+y=822  !様式第１号 → unmapped \(unmapped-text\)  \(outside the grid\)\n/);
    const { parseFile } = await import("../../src/api.js");
    const [record] = (await parseFile(path, { provenance: true })).records;
    expect(record!.overall!.years.map((y) => y.otherEffect)).toEqual(
      Array(4).fill("窓口の混雑緩和と待ち時間の短縮が図られる。休日夜間の証明書交付が可能となる。").concat([null]),
    );
  });
});

describe("inspect a PDF: the picture (--svg)", () => {
  let p1: string;
  let p2: string;
  let grid1: ReturnType<typeof buildCells>;
  beforeAll(async () => {
    const out = join(tmp, "p1.svg");
    const r = await inspect([LIBREOFFICE, "--page", "1", "--svg", out]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    p1 = readFileSync(out, "utf8");
    p2 = (await inspect([LIBREOFFICE, "--page", "2", "--svg", "-"])).stdout;
    for await (const page of loadPdfPages(bytesOf(LIBREOFFICE), { file: "x.pdf" })) {
      if (page.page === 1) grid1 = buildCells(page);
    }
  });

  it("is a well-formed standalone SVG the size of the page, in points", () => {
    expect(wellFormed(p1)).toEqual([]);
    expect(p1).not.toMatch(/<script|href=/);
    const root = attrs(/<svg [^>]*>/.exec(p1)![0]);
    const [, , w, h] = root.viewBox!.split(" ").map(Number);
    expect(root.width).toBe(`${w}pt`);
    expect(root.height).toBe(`${h}pt`);
    const paper = attrs(/<rect class="paper" [^>]*>/.exec(p1)![0]);
    expect([Number(paper.width), Number(paper.height)]).toEqual([595.3, 841.9]);
    expect(w).toBeGreaterThan(595.3);
    expect(w).toBeLessThan(640);
  });

  it("outlines every ruled cell and draws every token as a box with its title", async () => {
    expect(p1.match(/<rect class="cell" /g)).toHaveLength(grid1.cells.length);
    const ins = await inspectBytes(bytesOf(LIBREOFFICE), { file: "x.pdf" });
    const tokens = ins.pages[0]!.lines.flatMap((l) => l.tokens);
    expect(p1.match(/<g class="tok /g)).toHaveLength(tokens.length);
    expect(p1.match(/<g class="tok [^"]*"[^>]*><title>[^<]+<\/title>(<clipPath [^>]*><rect [^>]*\/><\/clipPath>)?<rect class="box/g)).toHaveLength(tokens.length);
    expect(p1).toContain('<g class="tok s-overall-indicator" data-kind="value" data-field="overall.indicator.name" data-bbox="140.3 420.1 449 439.7">');
    expect(p1).toMatch(/<title>overall\.indicator\.name&#10;bbox \[140\.3, 420\.1, 449, 439\.7\]<\/title>/);
    expect(p1).toMatch(/<title>overall\.years\[0\]\.category&#10;placed by assembly \(the record's provenance names this cell\)&#10;bbox /);
    // The page title, outside the grid, is drawn where it stands.
    expect(p1).toMatch(/<g class="tok s-claimed" data-kind="claimed" data-bbox="[^"]+" data-loose="true"><title>[^<]*<\/title><rect [^>]*\/><text [^>]*>アクションプラン全体計画/);
    // Each row's y at the left of the grid, as the listing has it.
    expect(p1).toContain(">y=440</text>");
    for (const name of ["overall.indicator (成果指標)", "unmapped text (warning)", "label of the form"]) expect(p1).toContain(name);
  });

  it("puts page 2's annual.evaluation.grade where it stands, upright and inside the page", () => {
    expect(wellFormed(p2)).toEqual([]);
    const g = pageGroup(p2, 2);
    const paper = attrs(/<rect class="paper" [^>]*>/.exec(g)![0]);
    const [W, H] = [Number(paper.width), Number(paper.height)];
    const grade = boxTitled(g, "annual.evaluation.grade");
    expect(grade.x).toBeGreaterThan(0);
    expect(grade.y).toBeGreaterThan(0);
    expect(grade.x + grade.width).toBeLessThan(W);
    expect(grade.y + grade.height).toBeLessThan(H);
    // y flipped: the picture's top edge of the box is the page's height less the bbox's top.
    expect(grade.y).toBeCloseTo(H - grade.bbox[3]! + 0.9, 0);
    // Upright: the evaluation (near the foot of the form) is drawn below the plan number (near its head).
    expect(grade.y).toBeGreaterThan(boxTitled(g, "planNo").y + 500);
    expect(g).toContain('class="tok s-annual-evaluation" data-kind="value" data-field="annual.evaluation.grade"');
  });

  it("draws text that maps to no field as a red box", async () => {
    const path = write("stray-svg.pdf", withText(bytesOf(LIBREOFFICE), [{ text: "迷子", x: 150, y: 670, size: 9 }]));
    const r = await inspect([path, "--page", "1", "--svg", "-"]);
    expect(r.code).toBe(0);
    expect(wellFormed(r.stdout)).toEqual([]);
    const red = r.stdout.match(/<g class="tok s-unmapped" data-kind="unmapped" data-bbox="[^"]+"><title>unmapped&#10;unmapped-text: Text that maps to no field: &quot;迷子&quot;\.&#10;bbox \[[^\]]+\]<\/title>/g);
    expect(red).toHaveLength(1);
    expect(r.stdout).toMatch(/\.s-unmapped rect\.box\{fill:#fa5252;/);
    expect(r.stdout).toMatch(/<tspan [^>]*>迷子<\/tspan>/);
  });

  it("the whole book is one well-formed SVG, its pages one under another", async () => {
    const r = await inspect([LIBREOFFICE, "--svg", "-"]);
    expect(wellFormed(r.stdout)).toEqual([]);
    const tops = [...r.stdout.matchAll(/<g class="page sheet" data-page="(\d+)" transform="translate\(([\d.]+),([\d.]+)\)">/g)].map((m) => [Number(m[1]), Number(m[3])]);
    expect(tops.map((t) => t[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 1; i < tops.length; i++) expect(tops[i]![1]! - tops[i - 1]![1]!).toBeGreaterThan(841.9);
  });

  it("escapes what a cell holds", async () => {
    const ins: Inspection = await inspectBytes(bytesOf(LIBREOFFICE), { file: 'a&b<"c">.pdf' });
    const t = ins.pages[0]!.lines[2]!.tokens[2]!;
    t.text = `<b>&amp;"x'\u0001`;
    const svg = renderSvg(ins, ins.pages.slice(0, 1));
    expect(wellFormed(svg)).toEqual([]);
    expect(svg).toContain("&lt;b&gt;&amp;amp;&quot;x'\ufffd");
  });
});

describe("inspect a PDF: the parts", () => {
  it("fits a cell's text: shrunk to fit, then cut with … at the smallest size; tall narrow labels one character a line", () => {
    expect(fitText("完了", 40, 20, false)).toEqual({ size: 8, lines: ["完了"], vertical: false });
    const long = fitText("あ".repeat(200), 30, 10, false);
    expect(long.size).toBe(3.5);
    expect(long.lines).toHaveLength(2);
    expect(long.lines[1]!.endsWith("…")).toBe(true);
    expect(fitText("効果額", 20, 150, true)).toEqual({ size: 8, lines: ["効", "果", "額"], vertical: true });
  });

  it("names several fields placed from one cell as one path with a set", () => {
    expect(joinPaths(["overall.years[3].otherEffect"])).toBe("overall.years[3].otherEffect");
    expect(joinPaths(["overall.years[3].otherEffect", "overall.years[4].otherEffect"])).toBe("overall.years[{3,4}].otherEffect");
    expect(joinPaths(["a.b.byYear.2016", "a.b.byYear.2017"])).toBe("a.b.byYear.{2016,2017}");
  });
});
