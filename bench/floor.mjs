// The floor: pdfjs-dist's getTextContent + getOperatorList over every page, nothing else
// (the same getDocument options as apsheet's loader, and pdf.js imported as apsheet's parse worker
// imports it, without @napi-rs/canvas: see src/load/pdfjs-import.ts). Usage: node bench/floor.mjs book.pdf
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const { importPdfjs, importPdfjsWithoutCanvas } = await import(new URL("../dist/load/pdfjs-import.js", import.meta.url).href);
importPdfjsWithoutCanvas();
const pdfjs = await importPdfjs();
const pkg = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
const bytes = readFileSync(process.argv[2]);
const doc = await pdfjs.getDocument({
  data: new Uint8Array(bytes),
  cMapUrl: join(pkg, "cmaps") + "/",
  standardFontDataUrl: join(pkg, "standard_fonts") + "/",
  cMapPacked: true,
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  verbosity: 0,
}).promise;
let items = 0;
let ops = 0;
try {
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    items += (await page.getTextContent()).items.length;
    ops += (await page.getOperatorList()).fnArray.length;
    page.cleanup();
  }
} finally {
  await doc.destroy();
}
process.stdout.write(JSON.stringify({ pages: doc.numPages, items, ops }) + "\n");
