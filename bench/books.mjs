// Benchmark inputs, built from the fixtures and cached under bench/.cache/ (gitignored).
//
//  - text books: the sample text book's five plans repeated, each copy's plan number changed on
//    both of its pages (51001 → 60001, 60002, …; every occurrence of the number on the copy);
//  - PDF books: renumbered copies of fixtures/books/sample and invented records, rendered through
//    the fixture generator (LibreOffice), two pages a plan;
//  - batch files: one plan each (20 PDFs, 20 texts).
//
// A book is rebuilt only when its inputs (fixtures, generator) change: the cache key is a hash of them.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
export const CACHE = join(ROOT, "bench", ".cache");
const SAMPLE_TXT = join(ROOT, "fixtures", "kashiwa-ap-r1-item51.txt");
const BOOKS = ["sample", "invented"].map((b) => join(ROOT, "fixtures", "books", b));
const GENERATOR = join(ROOT, "fixtures", "pdf", "generate");

function hashOf(paths, extra = "") {
  const h = createHash("sha256").update(extra);
  for (const p of paths) {
    if (statSync(p).isDirectory()) for (const n of readdirSync(p).sort()) h.update(n).update(readFileSync(join(p, n)));
    else h.update(readFileSync(p));
  }
  return h.digest("hex").slice(0, 12);
}

/** New plan numbers: 60001, 60002, … (five digits, never one of the fixtures'). */
const planNo = (i) => String(60001 + i);

// ---------------------------------------------------------------------------------------------
// Text

/**
 * The sample's plans as text: [{ planNo, text }] in book order, each holding its two pages (and
 * the page furniture after them), cut where apsheet's own page splitter starts every other page,
 * so that the five pieces put together are the sample again, byte for byte.
 */
async function samplePlans() {
  const { splitPages } = await import(join(ROOT, "dist", "load", "text-pages.js"));
  const text = readFileSync(SAMPLE_TXT, "utf8");
  const lines = text.split("\n");
  const { pages } = splitPages(text);
  if (pages.length % 2 !== 0) throw new Error(`the sample splits into ${pages.length} pages, not two a plan`);
  const cuts = [];
  for (let k = 0; k < pages.length; k += 2) cuts.push(k === 0 ? 0 : pages[k].lines[0].no - 1);
  cuts.push(lines.length);
  const plans = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const body = lines.slice(cuts[k], cuts[k + 1]).join("\n");
    const no = /^(\d{5}) 作成日/m.exec(body)?.[1];
    if (!no) throw new Error(`sample plan ${k + 1}: no plan number`);
    plans.push({ planNo: no, text: body });
  }
  if (plans.map((p) => p.text).join("\n") !== text) throw new Error("the sample's plans do not put back together into the sample");
  return plans;
}

/** `count` plans: the sample's five repeated, plan numbers changed consistently on both pages. */
export async function textBook(count) {
  const plans = await samplePlans();
  const out = [];
  for (let i = 0; i < count; i++) {
    const p = plans[i % plans.length];
    const re = new RegExp(`(?<![0-9])${p.planNo}(?![0-9])`, "g");
    const text = p.text.replace(re, planNo(i));
    if (text === p.text) throw new Error(`plan ${p.planNo}: number not found`);
    out.push(text);
  }
  return out;
}

export async function ensureText(name, count) {
  const file = join(CACHE, `${name}.txt`);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, (await textBook(count)).join("\n"));
  return file;
}

// ---------------------------------------------------------------------------------------------
// PDF

async function generator() {
  const { loadBook } = await import(join(GENERATOR, "book.mjs"));
  const { renderLibreOffice } = await import(join(GENERATOR, "generate.mjs"));
  const { bookPages } = await import(join(GENERATOR, "book.mjs"));
  return { loadBook, renderLibreOffice, bookPages };
}

/** `count` plans: the sample's and invented records in turn, renumbered, with their rendering hints. */
async function pdfBookObject(count) {
  const g = await generator();
  const sources = BOOKS.map((dir) => g.loadBook(dir));
  const pool = sources.flatMap((b) => b.records.map((r) => ({ record: r, hints: b.hints[r.planNo] ?? {} })));
  const records = [];
  const hints = {};
  for (let i = 0; i < count; i++) {
    const { record, hints: h } = pool[i % pool.length];
    const r = structuredClone(record);
    r.planNo = planNo(i);
    records.push(r);
    hints[r.planNo] = h;
  }
  return { g, book: { name: `bench-${count}`, hints, records } };
}

/** Render (or reuse) a PDF book of `count` plans; returns its path. */
export async function ensurePdf(name, count) {
  mkdirSync(CACHE, { recursive: true });
  const key = hashOf([...BOOKS, GENERATOR], `${count}`);
  const file = join(CACHE, `${name}.${key}.pdf`);
  if (existsSync(file)) return file;
  for (const n of readdirSync(CACHE)) if (n.startsWith(`${name}.`) && n.endsWith(".pdf")) rmSync(join(CACHE, n));
  const { g, book } = await pdfBookObject(count);
  const tmp = join(CACHE, `${name}.tmp.pdf`);
  g.renderLibreOffice(g.bookPages(book), tmp);
  renameSync(tmp, file);
  return file;
}

/** A batch of one-plan files (PDF and text), numbered 60001 … ; returns the paths. */
export async function ensureBatch(count) {
  const dir = join(CACHE, "batch");
  mkdirSync(dir, { recursive: true });
  const key = hashOf([...BOOKS, GENERATOR, SAMPLE_TXT], `batch${count}`);
  const stamp = join(dir, `.key`);
  const pdfs = Array.from({ length: count }, (_, i) => join(dir, `plan-${String(i + 1).padStart(2, "0")}.pdf`));
  const texts = Array.from({ length: count }, (_, i) => join(dir, `plan-${String(i + 1).padStart(2, "0")}.txt`));
  if (!(existsSync(stamp) && readFileSync(stamp, "utf8") === key && pdfs.every(existsSync))) {
    const { g, book } = await pdfBookObject(count);
    // One LibreOffice run per file (about 3 s each, once: the files are cached).
    for (let i = 0; i < count; i++) {
      const one = { ...book, records: [book.records[i]] };
      g.renderLibreOffice(g.bookPages(one), pdfs[i]);
    }
    writeFileSync(stamp, key);
  }
  const plans = await textBook(count);
  texts.forEach((t, i) => writeFileSync(t, plans[i]));
  return { pdfs, texts };
}
