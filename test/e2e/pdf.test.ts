/**
 * The PDF path on the generated fixtures: every record equals the record it was rendered from,
 * from both producers and from a PDF whose Japanese font is not embedded; the PDF and text
 * paths agree on every field the text settles.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parseFile } from "../../src/api.js";
import type { PlanRecord } from "../../src/record/schema.js";
import { diffPaths } from "../helpers/diff.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const book = (name: string): PlanRecord[] =>
  readdirSync(here(`../../fixtures/books/${name}`))
    .filter((f) => /^\d+\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(here(`../../fixtures/books/${name}/${f}`), "utf8")));
const strip = (r: PlanRecord) => {
  const { warnings: _w, source, ...rest } = r;
  return { ...rest, pages: source.pages };
};
const warningKeys = (r: PlanRecord) => r.warnings.map((w) => `${w.code} ${w.path ?? "-"}`).sort();

const CASES: [string, string, string][] = [
  ["sample", "sample.libreoffice.pdf", "LibreOffice"],
  ["sample", "sample.chromium.pdf", "Chromium"],
  ["invented", "invented.libreoffice.pdf", "LibreOffice"],
  ["invented", "invented.chromium.pdf", "Chromium"],
];

describe.each(CASES)("%s book through %s", (name, pdf) => {
  let records: PlanRecord[];
  beforeAll(async () => {
    records = (await parseFile(here(`../../fixtures/pdf/${pdf}`))).records;
  }, 60_000);

  it("gives every record of the book, field for field", () => {
    const want = book(name);
    expect(records.map((r) => r.planNo)).toEqual(want.map((r) => r.planNo));
    records.forEach((r, i) => {
      expect(strip(r)).toEqual(strip(want[i]!));
      expect(warningKeys(r)).toEqual(warningKeys(want[i]!));
      expect(r.source).toEqual({ file: pdf, format: "pdf", pages: want[i]!.source.pages });
    });
  });

  it("leaves no doubt the page can settle: no ambiguous-columns, no unmapped text", () => {
    const codes = records.flatMap((r) => r.warnings.map((w) => w.code));
    expect(codes).not.toContain("ambiguous-columns");
    expect(codes).not.toContain("unmapped-text");
    expect(codes).not.toContain("unplaced-value");
  });
});

describe("a PDF whose Japanese font is not embedded (UniJIS-UCS2-H)", () => {
  it("reads as well as an embedded one", async () => {
    const { records } = await parseFile(here("../../fixtures/pdf/special/nonembedded-font.pdf"));
    const want = book("sample")[0]!;
    expect(records).toHaveLength(1);
    expect(strip(records[0]!)).toEqual(strip(want));
  }, 30_000);
});

describe("the PDF and text paths", () => {
  it("agree on every field the text settles", async () => {
    const text = (await parseFile(here("../../fixtures/kashiwa-ap-r1-item51.txt"))).records;
    const pdf = (await parseFile(here("../../fixtures/pdf/sample.libreoffice.pdf"))).records;
    for (const [i, t] of text.entries()) {
      const p = pdf[i]!;
      const doubtful = (path: string) =>
        t.warnings.some(
          (w) => ["ambiguous-columns", "unplaced-value", "ambiguous-comment"].includes(w.code) && w.path && (path === w.path || path.startsWith(`${w.path}.`) || path.startsWith(`${w.path}[`)),
        );
      const differing = diffPaths(strip(t), strip(p)).filter((path) => !doubtful(path));
      expect(differing, t.planNo).toEqual([]);
    }
  }, 60_000);
});

describe("errors", () => {
  it("a scan fails clearly: no text layer — needs OCR", async () => {
    await expect(parseFile(here("../../fixtures/pdf/special/scanned.pdf"))).rejects.toMatchObject({
      code: "no-text-layer",
      message: expect.stringContaining("no text layer — needs OCR"),
    });
  });

  it("an encrypted PDF says so, and opens with its password", async () => {
    const f = here("../../fixtures/pdf/special/encrypted-userpw.pdf");
    await expect(parseFile(f)).rejects.toMatchObject({ code: "pdf-encrypted" });
    await expect(parseFile(f, { password: "wrong" })).rejects.toMatchObject({ code: "pdf-wrong-password" });
    expect((await parseFile(f, { password: "apsheet" })).records.map((r) => r.planNo)).toEqual(["51001"]);
  });
});

describe("provenance", () => {
  it("maps field paths to {page, bbox} for PDF and {page, line} for text, only when asked", async () => {
    const pdf = (await parseFile(here("../../fixtures/pdf/sample.libreoffice.pdf"), { provenance: true })).records[1]!;
    const where = pdf.provenance!["overall.indicator.actual.byYear.2019"]!;
    expect(where.page).toBe(3);
    expect(where.bbox).toHaveLength(4);
    const [x0, y0, x1, y1] = where.bbox!;
    expect(x1).toBeGreaterThan(x0);
    expect(y1).toBeGreaterThan(y0);
    // The 2019 cell stands right of the 2018 cell, on the same row.
    const left = pdf.provenance!["overall.indicator.actual.byYear.2018"]!.bbox!;
    expect(left[2]).toBeLessThanOrEqual(x0 + 0.01);
    expect(left[1]).toBeCloseTo(y0, 1);

    const text = (await parseFile(here("../../fixtures/kashiwa-ap-r1-item51.txt"), { provenance: true })).records[1]!;
    // 51002's 実績値 row `136,000 10,000 101,500 101,500` is line 405 of the sample.
    expect(text.provenance!["overall.indicator.actual.byYear.2019"]).toEqual({ page: 3, line: 405 });
    expect(text.provenance!["annual.evaluation.grade"]).toEqual({ page: 4, line: 617 });

    const plain = (await parseFile(here("../../fixtures/kashiwa-ap-r1-item51.txt"))).records[1]!;
    expect(plain).not.toHaveProperty("provenance");
  }, 30_000);
});

describe("the command line", () => {
  it("mixes PDF and text inputs in one run", async () => {
    const { spawnSync } = await import("node:child_process");
    const root = here("../../");
    const run = spawnSync(process.execPath, ["bin/apsheet", "parse", "--quiet", "fixtures/pdf/sample.chromium.pdf", "fixtures/kashiwa-ap-r1-item51.txt"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const records = JSON.parse(run.stdout) as PlanRecord[];
    expect(records.map((r) => `${r.source.format}:${r.planNo}`)).toEqual([
      ...["51001", "51002", "51003", "51004", "51005"].map((n) => `pdf:${n}`),
      ...["51001", "51002", "51003", "51004", "51005"].map((n) => `text:${n}`),
    ]);
  }, 30_000);
});
