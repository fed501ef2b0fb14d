// The PDF loader on the committed fixture PDFs (fixtures/pdf/) and on hand-made pdf.js outputs.
// No external tools: everything goes through pdfjs-dist.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApsheetError } from "../../src/diagnostics.js";
import {
  closePdf,
  decodePath,
  itemsFromTextContent,
  loadPdfPages,
  openPdf,
  readPages,
  rulesFromOperatorList,
  type PdfOpenOptions,
} from "../../src/load/pdf.js";
import type { PdfPage } from "../../src/tokenize/pdf-model.js";

// pdf.js's own operator numbers, for the hand-made operator lists below.
const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");

const pdfDir = join(import.meta.dirname, "..", "..", "fixtures", "pdf");
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(pdfDir, name)));

async function allPages(bytes: Uint8Array, opts: Partial<PdfOpenOptions> = {}): Promise<PdfPage[]> {
  const out: PdfPage[] = [];
  for await (const p of loadPdfPages(bytes, { file: "t.pdf", ...opts })) out.push(p);
  return out;
}

/** The ApsheetError a promise rejects with (fails the test when it resolves). */
async function errorOf(p: Promise<unknown>): Promise<ApsheetError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApsheetError);
    return err as ApsheetError;
  }
  throw new Error("expected an ApsheetError, nothing was thrown");
}

const FIXTURES: [string, number][] = [
  ["sample.libreoffice.pdf", 10],
  ["sample.chromium.pdf", 10],
  ["invented.libreoffice.pdf", 10],
  ["invented.chromium.pdf", 10],
  ["special/nonembedded-font.pdf", 2],
];

describe("fixture PDFs", () => {
  for (const [name, count] of FIXTURES) {
    it(`${name}: ${count} pages of items and axis-parallel rules`, async () => {
      const pages = await allPages(bytesOf(name));
      expect(pages.map((p) => p.page)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      for (const p of pages) {
        expect(p.width).toBeCloseTo(595, 0);
        expect(p.height).toBeCloseTo(842, 0);
        expect(p.items.length).toBeGreaterThan(50);
        expect(p.rules.length).toBeGreaterThan(40);
        // No whitespace-only items; Kangxi radicals, CJK radical supplements and 〜 (Chromium's) are gone.
        expect(p.items.filter((it) => it.str.trim() === "" || /[\u2e80-\u2fdf\u301c]/u.test(it.str))).toEqual([]);
        const badBox = ({ box: [x0, y0, x1, y1] }: { box: number[] }) => !(x0! < x1! && y0! < y1! && x0! >= 0 && y1! <= p.height);
        expect(p.items.filter(badBox)).toEqual([]);
        expect(p.rules.filter((r) => r.x0 !== r.x1 && r.y0 !== r.y1)).toEqual([]);
      }
      const first = pages[0]!;
      // The 90° label is one item, running upwards.
      const sideways = first.items.filter((it) => it.rotation === 90);
      expect(sideways.map((it) => it.str)).toEqual(["成果指標"]);
      const [sx0, sy0, sx1, sy1] = sideways[0]!.box;
      expect(sy1 - sy0).toBeGreaterThan(3 * (sx1 - sx0));
      // The stacked label is one upright item per glyph.
      for (const ch of ["効", "果", "額"]) expect(first.items.some((it) => it.str === ch && it.rotation === 0)).toBe(true);
      // Chromium's ⽬ / ⾏ come back as 目 / 行.
      expect(first.items.some((it) => it.str.includes("目"))).toBe(true);
      // The form's 27 rows need 28 row boundaries (rules drawn at a few distinct heights each).
      const heights = new Set(first.rules.filter((r) => r.y0 === r.y1).map((r) => Math.round(r.y0)));
      expect(heights.size).toBeGreaterThanOrEqual(28);
    });
  }

  it("the item box of 51001 on page 1 sits where pdf.js puts its baseline", async () => {
    const [p1] = await allPages(bytesOf("special/nonembedded-font.pdf"));
    const it = p1!.items.find((i) => i.str === "51001")!;
    expect(it.fontSize).toBeCloseTo(9, 1);
    expect(it.box[2] - it.box[0]).toBeGreaterThan(20);
    expect(it.box[3] - it.box[1]).toBeCloseTo(9, 0);
  });
});

describe("errors", () => {
  it("an image-only page → no-text-layer, and no page is yielded first", async () => {
    const seen: number[] = [];
    const err = await errorOf(
      (async () => {
        for await (const p of loadPdfPages(bytesOf("special/scanned.pdf"), { file: "scanned.pdf" })) seen.push(p.page);
      })(),
    );
    expect(err.code).toBe("no-text-layer");
    expect(err.message).toBe("no text layer — needs OCR");
    expect(err.file).toBe("scanned.pdf");
    expect(seen).toEqual([]);
  });

  it("encrypted: no password, wrong password, the right one", async () => {
    const bytes = bytesOf("special/encrypted-userpw.pdf");
    const none = await errorOf(openPdf(bytes, { file: "e.pdf" }));
    expect(none.code).toBe("pdf-encrypted");
    expect(none.message).toBe("encrypted PDF: give its password with --password");
    const wrong = await errorOf(openPdf(bytes, { file: "e.pdf", password: "nope" }));
    expect(wrong.code).toBe("pdf-wrong-password");
    const pages = await allPages(bytes, { password: "apsheet" });
    expect(pages).toHaveLength(2);
    expect(pages[0]!.items.some((it) => it.str === "51001")).toBe(true);
    // The caller's array is not detached (pdf.js gets a copy).
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it("random bytes, a truncated PDF, an empty file → pdf-invalid", async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    const lo = bytesOf("sample.libreoffice.pdf");
    const chromium = bytesOf("sample.chromium.pdf");
    for (const bytes of [random, lo.subarray(0, lo.length >> 1), chromium.subarray(0, 2000), new Uint8Array(0)]) {
      const err = await errorOf(allPages(bytes));
      expect(err.code).toBe("pdf-invalid");
      expect(err.message).toMatch(/^not a readable PDF: /u);
    }
  });

  it("more pages than maxPages → too-many-pages", async () => {
    const err = await errorOf(openPdf(bytesOf("sample.libreoffice.pdf"), { file: "s.pdf", maxPages: 3 }));
    expect(err.code).toBe("too-many-pages");
    expect(err.message).toContain("10 pages");
  });

  it("openPdf / readPages / closePdf by hand; closing twice is harmless", async () => {
    const h = await openPdf(bytesOf("special/nonembedded-font.pdf"), { file: "n.pdf" });
    expect(h.numPages).toBe(2);
    const pages: number[] = [];
    for await (const p of readPages(h)) pages.push(p.page);
    expect(pages).toEqual([1, 2]);
    await closePdf(h);
    await closePdf(h);
  });
});

describe("itemsFromTextContent", () => {
  const styles = { f: { ascent: 0.88, descent: -0.12, vertical: false } };
  const item = (str: string, transform: number[], width: number, extra: Record<string, unknown> = {}) => ({
    str,
    dir: "ltr",
    transform,
    width,
    height: 9,
    fontName: "f",
    hasEOL: false,
    ...extra,
  });

  it("drops whitespace items, fixes radicals and the wave dash, boxes upright and sideways text", () => {
    const items = itemsFromTextContent({
      items: [
        item(" ", [9, 0, 0, 9, 10, 100], 4),
        item("", [9, 0, 0, 9, 10, 100], 0),
        item("\u3000", [9, 0, 0, 9, 10, 100], 9),
        item("推進項⽬", [9, 0, 0, 9, 10, 100], 36),
        item("4〜6⽉", [9, 0, 0, 9, 60, 100], 30),
        item("成果指標", [0, 9, -9, 0, 54, 300], 36),
        item("下向き", [0, -9, 9, 0, 80, 300], 27),
        { type: "beginMarkedContent" },
      ],
      styles,
    });
    expect(items.map((i) => i.str)).toEqual(["推進項目", "4～6月", "成果指標", "下向き"]);
    const [upright, , rotated, down] = items;
    expect(upright!.rotation).toBe(0);
    expect(upright!.fontSize).toBe(9);
    expect(upright!.box).toEqual([10, 98.92, 46, 107.92]);
    expect(rotated!.rotation).toBe(90);
    // Baseline at x = 54, glyphs extending to the left (their tops face left), text running up.
    expect(rotated!.box).toEqual([46.08, 300, 55.08, 336]);
    expect(down!.rotation).toBe(270);
    expect(down!.box).toEqual([78.92, 273, 87.92, 300]);
  });

  it("a vertical (ttb) item spans its advance downwards from its origin", () => {
    const [v] = itemsFromTextContent({
      items: [item("縦書き", [9, 0, 0, 9, 100, 500], 9, { dir: "ttb", height: 27 })],
      styles: { f: { ascent: 0.88, descent: -0.12, vertical: true } },
    });
    expect(v!.dir).toBe("ttb");
    expect(v!.box).toEqual([95.5, 473, 104.5, 500]);
  });
});

describe("rulesFromOperatorList", () => {
  const M = 0;
  const L = 1;
  const Z = 4;
  const rect = (x: number, y: number, w: number, h: number) => [M, x, y, L, x + w, y, L, x + w, y + h, L, x, y + h, Z];
  const path = (paint: number, data: number[]) => [OPS.constructPath, [paint, [new Float32Array(data)], null]] as const;

  function run(ops: (readonly [number, unknown])[]) {
    return rulesFromOperatorList(
      ops.map((o) => o[0]),
      ops.map((o) => o[1]),
      OPS,
    );
  }

  it("strokes lines and rectangles, reduces thin fills, skips backgrounds, white fills and clips", () => {
    const rules = run([
      path(OPS.stroke, [M, 10, 100, L, 200, 100]),
      path(OPS.stroke, [M, 10, 100, L, 50, 150]), // diagonal: not a rule
      path(OPS.closeStroke, [M, 300, 300, L, 400, 300, L, 400, 350]), // closed triangle: two sides
      path(OPS.stroke, rect(20, 20, 30, 10)),
      path(OPS.fill, rect(0, 500, 100, 0.5)),
      path(OPS.eoFill, rect(0, 600, 100, 40)), // a background
      path(OPS.endPath, rect(0, 0, 595, 842)), // a clip path
      [OPS.setFillRGBColor, ["#ffffff"]],
      path(OPS.fill, rect(0, 700, 100, 0.5)),
      [OPS.setFillRGBColor, ["#e7e6e6"]],
      path(OPS.fill, rect(50, 0, 0.75, 80)),
    ]);
    expect(rules).toEqual([
      { x0: 10, y0: 100, x1: 200, y1: 100 },
      { x0: 300, y0: 300, x1: 400, y1: 300 },
      { x0: 400, y0: 300, x1: 400, y1: 350 },
      { x0: 20, y0: 20, x1: 50, y1: 20 },
      { x0: 50, y0: 20, x1: 50, y1: 30 },
      { x0: 20, y0: 30, x1: 50, y1: 30 },
      { x0: 20, y0: 20, x1: 20, y1: 30 },
      { x0: 0, y0: 500.25, x1: 100, y1: 500.25 },
      { x0: 50.38, y0: 0, x1: 50.38, y1: 80 },
    ]);
  });

  it("tracks the CTM through transform, save / restore and form XObjects", () => {
    const rules = run([
      // Chromium's page matrix: 0.24 scale, y flipped.
      [OPS.transform, [0.24, 0, 0, -0.24, 0, 841.92]],
      [OPS.save, null],
      [OPS.transform, [3.125, 0, 0, 3.125, 140.625, 118.75]],
      path(OPS.fill, rect(4, 49, 129, 1)),
      [OPS.restore, null],
      path(OPS.stroke, [M, 0, 0, L, 1000, 0]),
      [OPS.paintFormXObjectBegin, [[1, 0, 0, 1, 100, 0], null]],
      path(OPS.stroke, [M, 0, 1000, L, 0, 2000]),
      [OPS.paintFormXObjectEnd, null],
      path(OPS.stroke, [M, 0, 1000, L, 0, 2000]),
    ]);
    expect(rules).toEqual([
      // x: 0.24 × (3.125 × 4 + 140.625) = 36.75; y: 841.92 − 0.24 × (3.125 × 49.5 + 118.75) = 776.295
      { x0: 36.75, y0: 776.3, x1: 133.5, y1: 776.3 },
      { x0: 0, y0: 841.92, x1: 240, y1: 841.92 },
      { x0: 24, y0: 361.92, x1: 24, y1: 601.92 },
      { x0: 0, y0: 361.92, x1: 0, y1: 601.92 },
    ]);
  });

  it("path data with an unknown code is skipped, curves break straight runs", () => {
    expect(decodePath([M, 0, 0, 9, 1, 1], [1, 0, 0, 1, 0, 0])).toBeNull();
    const rules = run([path(OPS.stroke, [M, 0, 0, L, 100, 0, 2, 120, 0, 140, 20, 140, 40, L, 140, 200])]);
    expect(rules).toEqual([
      { x0: 0, y0: 0, x1: 100, y1: 0 },
      { x0: 140, y0: 40, x1: 140, y1: 200 },
    ]);
  });
});
