// buildCells on the committed fixture PDFs against the records they were drawn from
// (fixtures/books/), and on hand-made pages.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closePdf, openPdf, readPages } from "../../src/load/pdf.js";
import { buildCells } from "../../src/tokenize/pdf-cells.js";
import { gridToText } from "../../src/tokenize/pdf-debug.js";
import type { Box, Cell, CellGrid, PdfItem, PdfPage, Rule } from "../../src/tokenize/pdf-model.js";

const root = join(import.meta.dirname, "..", "..");
const pdfDir = join(root, "fixtures", "pdf");

type Values = { byYear: Record<string, number | null>; final: number | null };
interface Rec {
  planNo: string;
  title: string;
  overall: {
    finalGoal: string;
    years: { label: string; content: string | null; category: string | null }[];
    indicator: { base: number | null; initialPlan: Values };
  };
}

function records(book: string): Rec[] {
  const dir = join(root, "fixtures", "books", book);
  return readdirSync(dir)
    .filter((f) => /^\d+\.json$/u.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Rec);
}

/** Pages read from each fixture: two plans (全体計画 and 単年度 each twice) keep the file fast. */
const PAGES_READ = 4;

/** The page count and the grids of the first PAGES_READ pages of a fixture, read once per file. */
const cache = new Map<string, Promise<{ numPages: number; grids: CellGrid[] }>>();
function read(name: string): Promise<{ numPages: number; grids: CellGrid[] }> {
  let p = cache.get(name);
  if (!p) {
    p = (async () => {
      const out: CellGrid[] = [];
      const h = await openPdf(new Uint8Array(readFileSync(join(pdfDir, name))), { file: name });
      try {
        for await (const page of readPages(h)) {
          out.push(buildCells(page));
          if (out.length === PAGES_READ) break;
        }
      } finally {
        await closePdf(h);
      }
      return { numPages: h.numPages, grids: out };
    })();
    cache.set(name, p);
  }
  return p;
}
const grids = async (name: string) => (await read(name)).grids;

const squash = (s: string) => s.replace(/\s+/gu, "");
/** A cell's text: its lines joined, whitespace removed (producers wrap and space differently). */
const textOf = (c: { lines: { text: string }[] }) => squash(c.lines.map((l) => l.text).join(""));
const cellsWith = (g: CellGrid, text: string) => g.cells.filter((c) => textOf(c) === squash(text));
function cellWith(g: CellGrid, text: string): Cell {
  const found = cellsWith(g, text);
  expect(found.length, `a cell reading ${JSON.stringify(text)}\n${gridToText(g)}`).toBeGreaterThan(0);
  return found[0]!;
}
/** The cells of a grid row from a column on, left to right. */
const rowFrom = (g: CellGrid, row: number, col: number) =>
  g.cells.filter((c) => c.row === row && c.col >= col).sort((a, b) => a.col - b.col);

/** Numbers as the form prints them: grouping commas, △ for negatives, empty for null. */
function num(v: number | null): string {
  if (v === null) return "";
  const [int, frac] = Math.abs(v).toString().split(".");
  return (v < 0 ? "△" : "") + int!.replace(/\B(?=(\d{3})+(?!\d))/gu, ",") + (frac ? "." + frac : "");
}

const FIXTURES = [
  { name: "sample.libreoffice.pdf", book: "sample", pages: 10 },
  { name: "sample.chromium.pdf", book: "sample", pages: 10 },
  { name: "invented.libreoffice.pdf", book: "invented", pages: 10 },
  { name: "invented.chromium.pdf", book: "invented", pages: 10 },
  { name: "special/nonembedded-font.pdf", book: "sample", pages: 2 },
];

for (const fx of FIXTURES) {
  describe(fx.name, () => {
    const recs = records(fx.book);

    it(`${fx.pages} pages; page 1 (全体計画) holds the first plan's values`, async () => {
      const { numPages, grids: all } = await read(fx.name);
      expect(numPages).toBe(fx.pages);
      const g = all[0]!;
      const rec = recs[0]!;
      cellWith(g, rec.title);
      cellWith(g, rec.overall.finalGoal);
      cellWith(g, rec.overall.years[0]!.content!);
      cellWith(g, "計画どおり");
      cellWith(g, "見込まれるその他効果（金額以外）");

      // 番号・取組事業名 | planNo: one grid row, adjacent columns.
      const head = cellWith(g, "番号・取組事業名");
      const value = cellWith(g, rec.planNo);
      expect(value.row).toBe(head.row);
      expect(value.col).toBe(head.col + head.colSpan);
      // … and the title right after the number.
      const title = cellWith(g, rec.title);
      expect([title.row, title.col]).toEqual([value.row, value.col + value.colSpan]);

      // Stacked 効/果/額 is one line of a cell spanning the nine amount rows; rotated 成果指標 is one line.
      const effect = g.cells.find((c) => c.lines.some((l) => l.text === "効果額"))!;
      expect(effect.lines.map((l) => l.text)).toEqual(["効果額"]);
      expect(effect.rowSpan).toBe(9);
      const indicator = g.cells.find((c) => c.lines.some((l) => l.text === "成果指標"))!;
      expect(indicator.lines.map((l) => l.text)).toEqual(["成果指標"]);
      expect(indicator.rowSpan).toBe(5);

      // The base column (平成27年度 当初予算（基準）) merges 当初計画値, 変更計画値 and 実績値.
      const baseHead = cellWith(g, "平成27年度当初予算（基準）");
      const base = g.cells.find((c) => c.row === baseHead.row + baseHead.rowSpan && c.col === baseHead.col)!;
      expect(base.rowSpan).toBe(3);
      expect(base.colSpan).toBe(baseHead.colSpan);
      expect(textOf(base)).toBe(num(rec.overall.indicator.base));

      // The page title lies outside the table.
      expect(g.loose.map((l) => squash(l.text))).toContain("アクションプラン全体計画（平成２８～令和２年度）");
    });

    it("page 1's 当初計画値 row reads base, the five years and the final value, left to right", async () => {
      const g = (await grids(fx.name))[0]!;
      const ind = recs[0]!.overall.indicator;
      const label = cellWith(g, "当初計画値");
      const want = [ind.base, ...Object.values(ind.initialPlan.byYear), ind.initialPlan.final].map(num);
      expect(rowFrom(g, label.row, label.col + label.colSpan).map(textOf)).toEqual(want);
    });

    it("page 2 (単年度) has the stacked labels as single lines", async () => {
      const g = (await grids(fx.name))[1]!;
      for (const label of ["上半期", "年度末", "評価"]) {
        const c = g.cells.find((x) => x.lines.some((l) => l.text === label));
        expect(c, `${label}\n${gridToText(g)}`).toBeDefined();
        expect(c!.lines).toHaveLength(1);
      }
      expect(g.cells.find((c) => c.lines[0]?.text === "年度末")!.rowSpan).toBe(5);
      cellWith(g, recs[0]!.title);
    });

    if (fx.pages >= 4) {
      it("page 3 (second plan) prints its indicator's planned values", async () => {
        const g = (await grids(fx.name))[2]!;
        const rec = recs[1]!;
        cellWith(g, rec.planNo);
        const ind = rec.overall.indicator;
        const label = cellWith(g, "当初計画値");
        const want = [ind.base, ...Object.values(ind.initialPlan.byYear), ind.initialPlan.final].map(num);
        expect(rowFrom(g, label.row, label.col + label.colSpan).map(textOf)).toEqual(want);
        if (rec.planNo === "51002") expect(cellsWith(g, "138,000")).toHaveLength(2);
      });
    }
  });
}

describe("producers agree", () => {
  /** Every cell as position, span and text (whitespace removed), sorted. */
  const signature = (g: CellGrid) => g.cells.map((c) => `${c.row},${c.col} ${c.rowSpan}x${c.colSpan} ${textOf(c)}`).sort();
  const pairs: [string, string][] = [
    ["sample.libreoffice.pdf", "sample.chromium.pdf"],
    ["invented.libreoffice.pdf", "invented.chromium.pdf"],
    ["sample.libreoffice.pdf", "special/nonembedded-font.pdf"],
  ];
  for (const [a, b] of pairs) {
    it(`${a} and ${b}: the same cells with the same texts on the same page`, async () => {
      const [ga, gb] = await Promise.all([grids(a), grids(b)]);
      const n = Math.min(ga.length, gb.length);
      expect(n).toBeGreaterThanOrEqual(2);
      for (let p = 0; p < n; p++) {
        expect(signature(gb[p]!), `page ${p + 1}`).toEqual(signature(ga[p]!));
        expect(gb[p]!.loose.map((l) => squash(l.text)), `page ${p + 1}`).toEqual(ga[p]!.loose.map((l) => squash(l.text)));
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Hand-made pages

const H = (y: number, x0: number, x1: number): Rule => ({ x0, y0: y, x1, y1: y });
const V = (x: number, y0: number, y1: number): Rule => ({ x0: x, y0, x1: x, y1 });
/** Full lattice rules: every boundary drawn across the whole table. */
function lattice(xs: number[], ys: number[]): Rule[] {
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  return [...ys.map((y) => H(y, x0, x1)), ...xs.map((x) => V(x, y0, y1))];
}
/** An upright item with its left end at x and baseline at y; width from display widths at 9 pt unless given. */
function item(str: string, x: number, y: number, width?: number, extra: Partial<PdfItem> = {}): PdfItem {
  const fs = extra.fontSize ?? 9;
  const w = width ?? [...str].reduce((s, ch) => s + (/[\x20-\x7e]/u.test(ch) ? 0.5 : 1), 0) * fs;
  return { str, box: [x, y - 0.12 * fs, x + w, y + 0.88 * fs] as Box, dir: "ltr", rotation: 0, fontSize: fs, ...extra };
}
const page = (items: PdfItem[], rules: Rule[]): PdfPage => ({ page: 1, width: 595, height: 842, items, rules });
const cellAt = (g: CellGrid, row: number, col: number) => g.cells.find((c) => c.row === row && c.col === col);

describe("buildCells on hand-made pages", () => {
  it("an item running over a cell border is cut there (a run of spaces takes the gap)", () => {
    // | 51001 | コンビニエンス … |: pdf.js joined both cells' texts into one item.
    const rules = lattice([100, 190, 400], [700, 720]);
    const it0 = item("51001 コンビニエンス", 148.8, 705, 192.5 + 63 - 148.8);
    const g = buildCells(page([it0], rules));
    expect(cellAt(g, 0, 0)!.lines.map((l) => l.text)).toEqual(["51001"]);
    expect(cellAt(g, 0, 1)!.lines.map((l) => l.text)).toEqual(["コンビニエンス"]);
    expect(cellAt(g, 0, 1)!.lines[0]!.box[0]).toBeCloseTo(192.5, 0);
  });

  it("without spaces the cut goes by display width (half-width 0.5, full-width 1)", () => {
    const rules = lattice([0, 36, 200], [0, 20]);
    // "AB" (9 pt) + "あいう" (27 pt) from x = 27: the border at 36 falls after "AB".
    const g = buildCells(page([item("ABあいう", 27, 5)], rules));
    expect(cellAt(g, 0, 0)!.lines[0]!.text).toBe("AB");
    expect(cellAt(g, 0, 1)!.lines[0]!.text).toBe("あいう");
  });

  it("lines by baseline, top to bottom; a space only for a gap wider than half the font size (an em between full-width characters is 　)", () => {
    const rules = lattice([0, 300], [0, 100]);
    const items = [
      item("二行目", 10, 50),
      item("一行目", 10, 80),
      item("続き", 37, 80.8), // touching: no space
      item("離れて", 65, 79.5), // 10 pt (over 0.8 em) after 続き, between full-width characters: a printed 　
      item("次", 97, 80), // 5 pt (0.5–0.8 em) after 離れて: an ASCII space
      item("12", 10, 20),
      item("34", 21, 20), // 2 pt gap: no space
    ];
    const g = buildCells(page(items, rules));
    expect(g.cells).toHaveLength(1);
    expect(g.cells[0]!.lines.map((l) => l.text)).toEqual(["一行目続き　離れて 次", "二行目", "1234"]);
  });

  it("a stacked label (one glyph a line) is one line; a rotated and a ttb item are one line each", () => {
    const rules = lattice([0, 20, 60, 100], [0, 100]);
    const stacked = ["効", "果", "額"].map((ch, k) => item(ch, 5.5, 70 - 9 * k));
    const rotated: PdfItem = { str: "成果指標", box: [30.9, 30, 39.9, 66], dir: "ltr", rotation: 90, fontSize: 9 };
    const ttb: PdfItem = { str: "縦書き", box: [75.5, 40, 84.5, 67], dir: "ttb", rotation: 0, fontSize: 9 };
    const g = buildCells(page([...stacked.reverse(), rotated, ttb], rules));
    expect(g.cells.map((c) => c.lines.map((l) => l.text))).toEqual([["効果額"], ["成果指標"], ["縦書き"]]);
    expect(g.cells[0]!.lines[0]!.box[3]).toBeCloseTo(70 + 0.88 * 9, 1);
  });

  it("stacked digits or wrapped words are not glued into a label", () => {
    const rules = lattice([0, 40], [0, 60]);
    const g = buildCells(page([item("5", 10, 40), item("4", 10, 31), item("計画ど", 5, 20), item("おり", 5, 11)], rules));
    expect(g.cells[0]!.lines.map((l) => l.text)).toEqual(["5", "4", "計画ど", "おり"]);
  });

  it("a missing border merges neighbours; a notch beside a short row is no cell; text outside is loose", () => {
    // Rows (top to bottom): [A | B | C], [D (merged over 2 columns) | E], [F] (only the first column).
    const rules = [
      H(300, 0, 300),
      H(280, 0, 300),
      H(260, 0, 300),
      H(240, 0, 100),
      V(0, 240, 300),
      V(100, 280, 300), // no border between D's two columns
      V(100, 240, 260),
      V(200, 260, 300),
      V(300, 260, 300),
    ];
    const items = [item("A", 10, 285), item("D", 10, 265), item("E", 210, 265), item("F", 10, 245), item("外", 150, 245), item("題名", 10, 320)];
    const g = buildCells(page(items, rules));
    expect(gridToText(g)).toBe(
      [
        "page 1 (595×842 pt): 6 cells",
        "-- row 0",
        "[0,0 1×1] A",
        "[0,1 1×1] ",
        "[0,2 1×1] ",
        "-- row 1",
        "[1,0 1×2] D",
        "[1,2 1×1] E",
        "-- row 2",
        "[2,0 1×1] F",
        "-- loose",
        "(10,327.9) 題名",
        "(150,252.9) 外",
        "",
      ].join("\n"),
    );
    const d = cellAt(g, 1, 0)!;
    expect(d.box).toEqual([0, 260, 200, 280]);
  });

  it("rule pieces within 1.5 pt are one boundary; broken pieces of one border join", () => {
    const rules = [
      H(100, 0, 50),
      H(100.8, 50, 100), // the same top border, drawn in two pieces at slightly different heights
      H(80, 0, 100),
      V(0, 80, 100),
      V(49.5, 80, 90),
      V(50.5, 90, 100.5), // the middle border in two pieces
      V(100, 80, 100),
    ];
    const g = buildCells(page([item("左", 10, 85), item("右", 60, 85)], rules));
    expect(g.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan, textOf(c)])).toEqual([
      [0, 0, 1, 1, "左"],
      [0, 1, 1, 1, "右"],
    ]);
  });

  it("no rules: a simple grid from the text's rows and left edges", () => {
    const items = [item("項目", 50, 700), item("値", 200, 700), item("項目二", 50, 680), item("値二", 200, 680), item("注", 50, 600)];
    const g = buildCells(page(items, []));
    expect(g.loose).toEqual([]);
    expect(g.cells.map((c) => [c.row, c.col, textOf(c)])).toEqual([
      [0, 0, "項目"],
      [0, 1, "値"],
      [1, 0, "項目二"],
      [1, 1, "値二"],
      [2, 0, "注"],
    ]);
  });
});
