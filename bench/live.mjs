// Live memory of the PDF path as a book is read: after every 68 pages (one 136-page book's worth
// is two samples), a full garbage collection, then the heap in use. Peak RSS also counts garbage
// V8 has not collected yet and freed pages it keeps; this shows what apsheet still holds.
// Usage: node --expose-gc bench/live.mjs book.pdf   → one JSON line: {pages, records, liveMiB: [...]}
import { readFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const { importPdfjsWithoutCanvas } = await import(new URL("dist/load/pdfjs-import.js", root).href);
importPdfjsWithoutCanvas();
const { readPdf } = await import(new URL("dist/pipeline.js", root).href);

const bytes = new Uint8Array(readFileSync(process.argv[2]));
const liveMiB = [];
let pages = 0;
let records = 0;
await readPdf(bytes, { file: "book.pdf", onRecord: () => records++ }, {
  onGrid: () => {
    if (++pages % 68 !== 0) return;
    globalThis.gc();
    liveMiB.push(Number((process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)));
  },
});
process.stdout.write(JSON.stringify({ pages, records, liveMiB }) + "\n");
