// The PDF loader imports pdfjs-dist on first use only, so text-only runs never pay for it.
// (A file of its own: the other PDF tests load pdfjs-dist on purpose.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { closePdf, openPdf } from "../../src/load/pdf.js";
import "../../src/tokenize/pdf-cells.js";

it("pdfjs-dist is not loaded until a PDF is opened", async () => {
  // The legacy build publishes itself as globalThis.pdfjsLib when it is evaluated.
  const g = globalThis as { pdfjsLib?: unknown };
  expect(g.pdfjsLib).toBeUndefined();
  const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "pdf", "special", "nonembedded-font.pdf")));
  const h = await openPdf(bytes, { file: "n.pdf" });
  await closePdf(h);
  expect(g.pdfjsLib).toBeDefined();
});
