#!/usr/bin/env node
// apsheet's benchmark: `npm run bench` (builds first). See bench/README.md.
//
//   node bench/run.mjs [--reps N] [--big-reps N] [--batch-reps N] [--no-write] [--strict] [--skip-big]
//
// Every measurement is a whole process (wall clock from spawn to exit, peak RSS from GNU time),
// run interleaved with the others round by round so that load from elsewhere falls on all of them
// alike; figures are medians. Outputs are checked before anything is timed: a benchmark of wrong
// answers exits 1.
import { spawn, spawnSync } from "node:child_process";
import { cpus, loadavg, totalmem, tmpdir, release } from "node:os";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { CACHE, ROOT, ensureBatch, ensurePdf, ensureText } from "./books.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const REPS = opt("--reps", 5);
const BIG_REPS = opt("--big-reps", 5);
const BATCH_REPS = opt("--batch-reps", 5);
const WRITE = !args.includes("--no-write");
const STRICT = args.includes("--strict");
const SKIP_BIG = args.includes("--skip-big");

const PLANS = 68; // 136 pages
const BIG_PLANS = 272; // 544 pages
const BATCH = 20;

const APSHEET = join(ROOT, "bin", "apsheet");
const NODE = process.execPath;
const TIME = "/usr/bin/time";

// ---------------------------------------------------------------------------------------------
// Tools

function have(cmd, probe = ["--version"]) {
  const r = spawnSync(cmd, probe, { stdio: "ignore" });
  return !r.error;
}

function need(cmd, why, probe) {
  if (!have(cmd, probe)) {
    console.error(`bench: ${cmd} is needed (${why}) but was not found. Install it, or run on a machine that has it.`);
    process.exit(2);
  }
}

need(TIME, "peak RSS of every measured process: GNU time, Debian package `time`", ["-f", "%M", "true"]);
const gnuTime = spawnSync(TIME, ["-f", "%M", "true"], { encoding: "utf8" });
if (!/^\d+\s*$/.test(gnuTime.stderr)) {
  console.error(`bench: ${TIME} is not GNU time (it does not understand -f %M); install the Debian package \`time\`.`);
  process.exit(2);
}
try {
  readFileSync(join(ROOT, "dist", "index.js"));
} catch {
  console.error("bench: dist/ is missing: run `npm run build` first (npm run bench does).");
  process.exit(2);
}
const hasPdftotext = have("pdftotext", ["-v"]);

// ---------------------------------------------------------------------------------------------
// Inputs

function cachedPdf(prefix) {
  return readdirSync(CACHE).find((n) => n.startsWith(`${prefix}.`) && n.endsWith(".pdf") && !n.includes(".tmp."));
}

async function inputs() {
  // LibreOffice is needed only to render books that are not in the cache yet.
  const { existsSync } = await import("node:fs");
  const fresh = !existsSync(CACHE) || !cachedPdf("book-136") || (!SKIP_BIG && !cachedPdf("book-544")) || !existsSync(join(CACHE, "batch", ".key"));
  if (fresh) need("soffice", "rendering the PDF books with the fixture generator (LibreOffice Calc); they are cached in bench/.cache/ afterwards");
  const t0 = performance.now();
  const pdf = await ensurePdf("book-136", PLANS);
  const bigPdf = SKIP_BIG ? null : await ensurePdf("book-544", BIG_PLANS);
  const batch = await ensureBatch(BATCH);
  const text = await ensureText("text-136", PLANS);
  const bigText = SKIP_BIG ? null : await ensureText("text-544", BIG_PLANS);
  const empty = join(CACHE, "empty.txt");
  writeFileSync(empty, "");
  // A PDF pdfjs rejects: the process loads pdfjs (and its worker module) and parses nothing.
  const badPdf = join(CACHE, "unreadable.pdf");
  writeFileSync(badPdf, "%PDF-1.4\n%%EOF\n");
  const took = performance.now() - t0;
  if (took > 2000) console.error(`bench: inputs ready in ${(took / 1000).toFixed(1)} s`);
  return { pdf, bigPdf, batch, text, bigText, empty, badPdf };
}

// ---------------------------------------------------------------------------------------------
// One process, measured

const work = mkdtempSync(join(tmpdir(), "apsheet-bench-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

/** Run cmd under GNU time; wall from spawn to exit, first stdout byte, peak RSS, stdout kept if asked. */
function measure(cmd, argv, { keep = false, okCodes = [0] } = {}) {
  return new Promise((resolve, reject) => {
    const rssFile = join(work, "rss");
    const t0 = performance.now();
    let first = null;
    const chunks = [];
    let bytes = 0;
    const child = spawn(TIME, ["-f", "%M", "-o", rssFile, cmd, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.on("data", (c) => {
      first ??= performance.now() - t0;
      bytes += c.length;
      if (keep) chunks.push(c);
    });
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => {
      const wall = performance.now() - t0;
      if (!okCodes.includes(code)) {
        reject(new Error(`${basename(cmd)} ${argv.map((a) => basename(a)).join(" ")} exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`));
        return;
      }
      const rssKiB = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
      resolve({ wall, first: first ?? wall, rss: rssKiB / 1024, bytes, out: keep ? Buffer.concat(chunks).toString("utf8") : null });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Correctness first

/** A record without its plan number, source and warning places: what must repeat from copy to copy. */
function plainRecord(r, { messages = true } = {}) {
  const c = structuredClone(r);
  delete c.planNo;
  delete c.source;
  // The fixture books' records word a few warnings differently from the parser: compare codes and paths there.
  c.warnings = c.warnings.map((w) => (messages ? { code: w.code, message: w.message, path: w.path } : { code: w.code, path: w.path }));
  return JSON.stringify(c);
}

async function check(inp) {
  const problems = [];
  const pool = [];
  for (const b of ["sample", "invented"]) {
    const dir = join(ROOT, "fixtures", "books", b);
    for (const n of readdirSync(dir).filter((n) => n !== "book.json" && n.endsWith(".json")).sort()) pool.push(JSON.parse(readFileSync(join(dir, n), "utf8")));
  }
  const pdf = JSON.parse((await measure(APSHEET, ["parse", "--quiet", inp.pdf], { keep: true })).out);
  if (pdf.length !== PLANS) problems.push(`PDF book: ${pdf.length} records, expected ${PLANS}`);
  pdf.forEach((r, i) => {
    const want = pool[i % pool.length];
    if (r.planNo !== String(60001 + i) || plainRecord(r, { messages: false }) !== plainRecord(want, { messages: false })) {
      problems.push(`PDF book: record ${i + 1} (${r.planNo}) differs from fixture record ${want.planNo}`);
    }
  });
  const sample = JSON.parse((await measure(APSHEET, ["parse", "--quiet", join(ROOT, "fixtures", "kashiwa-ap-r1-item51.txt")], { keep: true })).out);
  const text = JSON.parse((await measure(APSHEET, ["parse", "--quiet", inp.text], { keep: true })).out);
  if (text.length !== PLANS) problems.push(`text book: ${text.length} records, expected ${PLANS}`);
  text.forEach((r, i) => {
    if (plainRecord(r) !== plainRecord(sample[i % sample.length])) problems.push(`text book: record ${i + 1} (${r.planNo}) differs from the sample's ${sample[i % sample.length].planNo}`);
  });
  const batchOut = (await measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", ...inp.batch.pdfs], { keep: true })).out.trim().split("\n");
  if (batchOut.length !== BATCH) problems.push(`PDF batch: ${batchOut.length} records, expected ${BATCH}`);
  const batchJobs = (await measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", "--jobs", "2", ...inp.batch.pdfs], { keep: true })).out.trim().split("\n");
  if (batchJobs.join("\n") !== batchOut.join("\n")) problems.push("PDF batch: --jobs 2 printed other bytes than --jobs 1");
  if (problems.length) {
    console.error("bench: the outputs are wrong, nothing was timed:\n  " + problems.slice(0, 10).join("\n  "));
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------
// Rounds

async function main() {
  const inp = await inputs();
  await check(inp);
  const loadBefore = loadavg();
  const started = new Date();

  const cases = {
    floor: { reps: REPS, run: () => measure(NODE, [join(ROOT, "bench", "floor.mjs"), inp.pdf]) },
    pdf: { reps: REPS, run: () => measure(APSHEET, ["parse", "--quiet", inp.pdf]) },
    text: { reps: REPS, run: () => measure(APSHEET, ["parse", "--quiet", inp.text]) },
    textDefaultV8: { reps: REPS, run: () => measure(NODE, [join(ROOT, "bench", "bin-variant.mjs"), "inlining", "parse", "--quiet", inp.text]) },
    textNormalPriority: { reps: REPS, run: () => measure(NODE, [join(ROOT, "bench", "bin-variant.mjs"), "priority", "parse", "--quiet", inp.text]) },
    // V8's optimising compilers off (Ignition and Sparkplug only): how much of the book they are worth.
    textBaseline: { reps: REPS, run: () => measure(NODE, ["--max-opt=1", APSHEET, "parse", "--quiet", inp.text]) },
    startText: { reps: REPS, run: () => measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", inp.batch.texts[0]]) },
    startPdf: { reps: REPS, run: () => measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", inp.batch.pdfs[0]]) },
    empty: { reps: REPS, run: () => measure(APSHEET, ["parse", "--quiet", inp.empty], { okCodes: [1] }) },
    badPdf: { reps: REPS, run: () => measure(APSHEET, ["parse", "--quiet", inp.badPdf], { okCodes: [1] }) },
    nodeBare: { reps: REPS, run: () => measure(NODE, ["-e", "0"]) },
  };
  if (hasPdftotext) cases.pdftotext = { reps: REPS, run: () => measure("pdftotext", ["-q", inp.pdf, "-"]) };
  if (!SKIP_BIG) {
    cases.floorBig = { reps: BIG_REPS, run: () => measure(NODE, [join(ROOT, "bench", "floor.mjs"), inp.bigPdf]) };
    cases.pdfBig = { reps: BIG_REPS, run: () => measure(APSHEET, ["parse", "--quiet", inp.bigPdf]) };
    cases.textBig = { reps: BIG_REPS, run: () => measure(APSHEET, ["parse", "--quiet", inp.bigText]) };
  }
  // --jobs: PDFs read side by side on worker threads; the 136-page book given twice, and the one-plan PDFs.
  cases.bookTwiceJobs1 = { reps: BATCH_REPS, run: () => measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", inp.pdf, inp.pdf]) };
  cases.bookTwiceJobs2 = { reps: BATCH_REPS, run: () => measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", "--jobs", "2", inp.pdf, inp.pdf]) };
  cases.pdfsJobs2 = { reps: BATCH_REPS, run: () => measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", "--jobs", "2", ...inp.batch.pdfs]) };
  for (const kind of ["pdfs", "texts"]) {
    const files = inp.batch[kind];
    cases[`${kind}One`] = { reps: BATCH_REPS, run: () => measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", ...files]) };
    // The same files 5 times over in one process: the 80 inputs after the first 20 cost per-file work, first use being paid early, once.
    cases[`${kind}Five`] = { reps: BATCH_REPS, run: () => measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", ...Array(5).fill(files).flat()]) };
    // Each file in a process of its own, and right after it a process of the same kind that parses
    // nothing (its fixed cost): a file's work alone is the difference of the two, taken pair by pair.
    // A fixed cost measured once a round and subtracted 20 times would carry that run's noise 20-fold.
    const nothing = kind === "pdfs" ? inp.badPdf : inp.empty;
    cases[`${kind}Each`] = {
      reps: BATCH_REPS,
      run: async () => {
        const per = [];
        let work = 0;
        for (const f of files) {
          const p = await measure(APSHEET, ["parse", "--quiet", "--format", "ndjson", f]);
          const fixed = await measure(APSHEET, ["parse", "--quiet", nothing], { okCodes: [1] });
          per.push(p);
          work += p.wall - fixed.wall;
        }
        return { wall: per.reduce((s, p) => s + p.wall, 0), rss: Math.max(...per.map((p) => p.rss)), per: per.map((p) => p.wall), work };
      },
    };
  }

  // Every round runs the cases in another order (the same orders every bench run): where a run
  // stands matters (the 136-page text book read 527 ms right after the PDF book, 488 ms right after
  // a one-plan text file; medians of 9), and a fixed order put the text book after the PDF book in
  // every round.
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const rounds = Math.max(...Object.values(cases).map((c) => c.reps));
  for (let r = 0; r < rounds; r++) {
    process.stderr.write(`bench: round ${r + 1}/${rounds} (load ${loadavg()[0].toFixed(2)}) `);
    for (const [k, c] of shuffled(Object.entries(cases), r + 1)) {
      if (r >= c.reps) continue;
      samples[k].push(await c.run());
      process.stderr.write(".");
    }
    process.stderr.write("\n");
  }

  // The bench's in-process scripts each print one JSON line.
  const jsonFrom = (script, args, nodeArgs = []) => {
    const r = spawnSync(NODE, [...nodeArgs, join(ROOT, "bench", script), ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  process.stderr.write("bench: live memory of the PDF path (heap after a full collection every 68 pages)\n");
  const live = SKIP_BIG ? null : jsonFrom("live.mjs", [inp.bigPdf], ["--expose-gc"]);
  process.stderr.write("bench: per-file overhead of the CLI in one process (bench/perfile.mjs)\n");
  const perFile = (files) => jsonFrom("perfile.mjs", [String(REPS), ...files]);
  const cliPerFile = { pdfs: perFile(inp.batch.pdfs), texts: perFile(inp.batch.texts) };
  process.stderr.write("bench: in-process figures (warm parse times, oracle)\n");
  const inproc = (files) => jsonFrom("inproc.mjs", [String(REPS), ...files]);
  const warm = {
    pdfs: inproc(inp.batch.pdfs),
    texts: inproc(inp.batch.texts),
    books: inproc([inp.text, join(ROOT, "fixtures", "kashiwa-ap-r1-item51.txt"), ...readdirSync(join(ROOT, "fixtures", "encodings")).filter((n) => n.endsWith(".txt")).map((n) => join(ROOT, "fixtures", "encodings", n))]),
  };

  const m = Object.fromEntries(
    Object.entries(samples).map(([k, xs]) => [k, { wall: median(xs.map((x) => x.wall)), first: median(xs.map((x) => x.first ?? x.wall)), rss: median(xs.map((x) => x.rss)), n: xs.length, per: xs[0]?.per }]),
  );
  // Readings that are differences of two walls are taken round by round, the two runs of a round
  // a minute apart at most, so that a change of load between rounds falls on both (median over rounds).
  const paired = (a, b, combine) => median(samples[a].slice(0, samples[b].length).map((x, r) => combine(x.wall, samples[b][r].wall)));
  const pairedDiff = (a, b) => paired(a, b, (x, y) => x - y);
  for (const kind of ["pdfs", "texts"]) {
    // Per-file overhead: the 100-input run less the 20-input run, per 20 inputs.
    m[`${kind}Five`].pairedMarginal = pairedDiff(`${kind}Five`, `${kind}One`) / 4;
    m[`${kind}Each`].pairedWork = median(samples[`${kind}Each`].map((x) => x.work));
  }
  // The 136-page text book (and each variant of it) less the one-plan file, the 544-page book less the 136-page one.
  for (const k of ["text", "textDefaultV8", "textNormalPriority", "textBaseline"]) m[k].overStart = pairedDiff(k, "startText");
  if (m.textBig) m.textBig.overText = pairedDiff("textBig", "text");
  // --jobs 2 against --jobs 1, the two runs of a round together.
  const pairedRatio = (a, b) => paired(a, b, (x, y) => x / y);
  m.bookTwiceJobs2.ratio = pairedRatio("bookTwiceJobs2", "bookTwiceJobs1");
  m.pdfsJobs2.ratio = pairedRatio("pdfsJobs2", "pdfsOne");
  const report = summarise(m, warm, live, cliPerFile, { started, loadBefore, loadAfter: loadavg() });
  console.log(report.text);
  if (WRITE) writeReadme(report.markdown);
  writeFileSync(join(CACHE, "last-run.json"), JSON.stringify({ started, medians: m, samples, warm, live, cliPerFile }, null, 1));
  if (STRICT && report.missed > 0) process.exitCode = 1;
}

/** xs in an order drawn from seed (mulberry32, Fisher–Yates): the same seed, the same order. */
function shuffled(xs, seed) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures

function summarise(m, warm, live, cliPerFile, when) {
  const pages = PLANS * 2;
  const bigPages = BIG_PLANS * 2;
  const s = (ms) => (ms / 1000).toFixed(2) + " s";
  const ms = (x) => x.toFixed(0) + " ms";
  const mb = (x) => x.toFixed(0) + " MiB";
  const pps = (p, wall) => Math.round(p / (wall / 1000)).toLocaleString("en-US");
  const per = (wall, plans) => (wall / plans).toFixed(1);
  const x = (a, b) => (a / b).toFixed(2) + "×";

  // Per-process fixed cost: `apsheet parse` of an input that fails at once loads what a run of that
  // kind loads (node, the CLI, the pipeline; for PDF also pdfjs) and parses nothing.
  const fixed = { pdfs: m.badPdf.wall, texts: m.empty.wall };
  const afterStart = (r) => (pages - 2) / (r.overStart / 1000);
  const textAfterStart = afterStart(m.text);
  // A second reading, once the process is warm: the 544-page book's pages beyond the 136-page book's, over the time they added.
  const textMarginal = m.textBig ? (bigPages - pages) / (m.textBig.overText / 1000) : null;
  const batch = (kind) => {
    const one = m[`${kind}One`].wall;
    const each = m[`${kind}Each`].wall;
    const warmSum = warm[kind].warmMs.reduce((a, b) => a + b, 0);
    const oneCost = one - fixed[kind];
    // Per 20 files, from 80 more inputs: a difference of whole-process walls, so the more inputs it
    // spans the less noise it carries; taken round by round (see pairedMarginal).
    const marginal = m[`${kind}Five`].pairedMarginal;
    // Each file's process less the no-parse process run right after it, summed (see the Each cases).
    const perProcessWork = m[`${kind}Each`].pairedWork;
    return { one, each, oneCost, warmSum, ratio: oneCost / warmSum, perProcessWork, alone: oneCost / perProcessWork, marginal, marginalRatio: marginal / warmSum, firstUse: oneCost - warmSum };
  };
  const marginalText = (b) => (b.marginal > 0 ? `${b.marginalRatio.toFixed(2)}× (${s(b.marginal)} vs ${s(b.warmSum)})` : `not measurable: the walls differ by less than their noise (${s(b.marginal)})`);
  const bp = batch("pdfs");
  const bt = batch("texts");

  const rows = [
    ["(1) floor: pdfjs getTextContent + getOperatorList, 136 pages", s(m.floor.wall), pps(pages, m.floor.wall), per(m.floor.wall, PLANS), mb(m.floor.rss), "1.00×"],
    ["(2) `apsheet parse` PDF book, 136 pages", s(m.pdf.wall), pps(pages, m.pdf.wall), per(m.pdf.wall, PLANS), mb(m.pdf.rss), x(m.pdf.wall, m.floor.wall)],
    ["(3) `apsheet parse` text book, 136 pages", s(m.text.wall), `${pps(pages, m.text.wall)} (${Math.round(textAfterStart).toLocaleString("en-US")} after start-up)`, per(m.text.wall, PLANS), mb(m.text.rss), x(m.text.wall, m.floor.wall)],
  ];
  // The 136-page text book under other V8 settings, beside the CLI as it runs.
  const textVariant = (label, r) => [
    label,
    s(r.wall),
    `${pps(pages, r.wall)} (${Math.round(afterStart(r)).toLocaleString("en-US")} after start-up)`,
    per(r.wall, PLANS),
    mb(r.rss),
    x(r.wall, m.floor.wall),
  ];
  rows.push(
    textVariant("(3) the same, V8's default inlining budget (bin/apsheet's `--max-inlined-bytecode-size-cumulative=300` left out)", m.textDefaultV8),
    textVariant("(3) the same, Node's helper threads at the main thread's priority (bin/apsheet's `lowerHelperThreads()` left out)", m.textNormalPriority),
    textVariant("(3) the same, V8's optimising compilers off (`node --max-opt=1`: interpreter and Sparkplug only)", m.textBaseline),
  );
  if (m.pdftotext) rows.push(["(4) `pdftotext` PDF book, 136 pages (reference)", s(m.pdftotext.wall), pps(pages, m.pdftotext.wall), per(m.pdftotext.wall, PLANS), mb(m.pdftotext.rss), x(m.pdftotext.wall, m.floor.wall)]);
  else rows.push(["(4) `pdftotext`", "not installed", "", "", "", ""]);
  if (m.pdfBig) {
    rows.push(["(1) floor, 544 pages", s(m.floorBig.wall), pps(bigPages, m.floorBig.wall), per(m.floorBig.wall, BIG_PLANS), mb(m.floorBig.rss), "1.00×"]);
    rows.push(["(2) `apsheet parse` PDF book, 544 pages", s(m.pdfBig.wall), pps(bigPages, m.pdfBig.wall), per(m.pdfBig.wall, BIG_PLANS), mb(m.pdfBig.rss), x(m.pdfBig.wall, m.floorBig.wall)]);
    rows.push(["(3) `apsheet parse` text book, 544 pages", s(m.textBig.wall), pps(bigPages, m.textBig.wall), per(m.textBig.wall, BIG_PLANS), mb(m.textBig.rss), ""]);
  }
  rows.push(
    [`(5) ${BATCH} one-plan PDFs, one process each (sum)`, s(bp.each), pps(2 * BATCH, bp.each), per(bp.each, BATCH), mb(m.pdfsEach.rss) + " (max)", ""],
    [`(5) ${BATCH} one-plan PDFs, one process for all`, s(bp.one), pps(2 * BATCH, bp.one), per(bp.one, BATCH), mb(m.pdfsOne.rss), x(bp.one, bp.each) + " of one each"],
    [`(5) ${BATCH} one-plan PDFs, one process for all, \`--jobs 2\``, s(m.pdfsJobs2.wall), pps(2 * BATCH, m.pdfsJobs2.wall), per(m.pdfsJobs2.wall, BATCH), mb(m.pdfsJobs2.rss), `${m.pdfsJobs2.ratio.toFixed(2)}× of --jobs 1`],
    [`(5) the same ${BATCH} PDFs 5 times over, one process (${5 * BATCH} inputs)`, s(m.pdfsFive.wall), pps(10 * BATCH, m.pdfsFive.wall), per(m.pdfsFive.wall, 5 * BATCH), mb(m.pdfsFive.rss), ""],
    ["(5) the 136-page PDF book given twice, one process", s(m.bookTwiceJobs1.wall), pps(2 * pages, m.bookTwiceJobs1.wall), per(m.bookTwiceJobs1.wall, 2 * PLANS), mb(m.bookTwiceJobs1.rss), ""],
    ["(5) the same, `--jobs 2` (two worker threads)", s(m.bookTwiceJobs2.wall), pps(2 * pages, m.bookTwiceJobs2.wall), per(m.bookTwiceJobs2.wall, 2 * PLANS), mb(m.bookTwiceJobs2.rss), `${m.bookTwiceJobs2.ratio.toFixed(2)}× of --jobs 1`],
    [`(5) ${BATCH} one-plan texts, one process each (sum)`, s(bt.each), pps(2 * BATCH, bt.each), per(bt.each, BATCH), mb(m.textsEach.rss) + " (max)", ""],
    [`(5) ${BATCH} one-plan texts, one process for all`, s(bt.one), pps(2 * BATCH, bt.one), per(bt.one, BATCH), mb(m.textsOne.rss), x(bt.one, bt.each) + " of one each"],
    [`(5) the same ${BATCH} texts 5 times over, one process (${5 * BATCH} inputs)`, s(m.textsFive.wall), pps(10 * BATCH, m.textsFive.wall), per(m.textsFive.wall, 5 * BATCH), mb(m.textsFive.rss), ""],
    ["start-up: one-plan text file, time to first record", ms(m.startText.first), "", "", mb(m.startText.rss), `wall ${ms(m.startText.wall)}`],
    ["start-up: one-plan PDF file, time to first record", ms(m.startPdf.first), "", "", mb(m.startPdf.rss), `wall ${ms(m.startPdf.wall)}`],
    ["fixed cost, text: `apsheet parse` of an empty file (loads, parses nothing)", ms(fixed.texts), "", "", mb(m.empty.rss), ""],
    ["fixed cost, PDF: `apsheet parse` of an unreadable PDF (loads pdfjs too)", ms(fixed.pdfs), "", "", mb(m.badPdf.rss), ""],
    ["`node -e 0`", ms(m.nodeBare.wall), "", "", mb(m.nodeBare.rss), ""],
  );

  const o = warm.books.oracle;
  const ob = warm.pdfs.oracle;
  const ot = warm.texts.oracle;
  const oracleLine = `kuromoji dictionary loads (oracleStats): ${o.loads} over the 136-page text book, the sample and its ${warm.books.files - 2} re-encodings (${o.questions} line-join questions); ${ot.loads} over the ${BATCH} text files (${ot.questions} questions); ${ob.loads} over the ${BATCH} PDFs (${ob.questions} questions).`;

  const growth = m.pdfBig ? m.pdfBig.rss / m.pdf.rss - 1 : null;
  const targets = [
    ["PDF: `apsheet parse` ≤ 1.25× the floor, 136 pages", x(m.pdf.wall, m.floor.wall), m.pdf.wall <= 1.25 * m.floor.wall],
    ["PDF: peak RSS ≤ 250 MB, 136 pages", mb(m.pdf.rss) + ` (${(m.pdf.rss * 1.048576).toFixed(0)} MB)`, m.pdf.rss * 1.048576 <= 250],
    ["PDF: peak RSS grows < 10 % from 136 to 544 pages", growth === null ? "not run" : `${(growth * 100).toFixed(1)} % (${mb(m.pdf.rss)} → ${mb(m.pdfBig.rss)})`, growth !== null && growth < 0.1],
    ["PDF: live heap (after a full collection) grows < 10 % from page 136 to page 544 of one book", live === null ? "not run" : `${((live.liveMiB.at(-1) / live.liveMiB[1] - 1) * 100).toFixed(1)} % (${live.liveMiB[1]} MiB → ${live.liveMiB.at(-1)} MiB)`, live !== null && live.liveMiB.at(-1) / live.liveMiB[1] < 1.1],
    ["Text: ≥ 2,000 pages/s after start-up (136-page book − one-plan file)", `${Math.round(textAfterStart).toLocaleString("en-US")} pages/s`, textAfterStart >= 2000],
    ["Text: ≥ 2,000 pages/s once warm (544-page book − 136-page book)", textMarginal === null ? "not run" : `${Math.round(textMarginal).toLocaleString("en-US")} pages/s`, textMarginal !== null && textMarginal >= 2000],
    ["Start-up: one-plan text file ≤ 300 ms wall", ms(m.startText.wall), m.startText.wall <= 300],
    ["kuromoji loaded only when a decision needs it", `${o.loads + ot.loads + ob.loads} loads, ${o.questions + ot.questions + ob.questions} questions`, (o.loads > 0) === (o.questions > 0) && (ot.loads > 0) === (ot.questions > 0)],
    [`Batch: ${BATCH} PDFs in one process ≤ 1.1× the sum of their parse work, each file parsed alone (its process's fixed cost left out)`, `${bp.alone.toFixed(2)}× (${s(bp.oneCost)} vs ${s(bp.perProcessWork)})`, bp.alone <= 1.1],
    [`Batch: ${BATCH} texts in one process ≤ 1.1× the sum of their parse work, each file parsed alone (its process's fixed cost left out)`, `${bt.alone.toFixed(2)}× (${s(bt.oneCost)} vs ${s(bt.perProcessWork)})`, bt.alone <= 1.1],
    [`Batch: no per-file re-initialisation — ${BATCH} more PDFs in a warm process (80 after the first 20, per 20) ≤ 1.1× their warm parse work`, marginalText(bp), bp.marginal > 0 && bp.marginalRatio <= 1.1],
    [`Batch: no per-file re-initialisation — ${BATCH} more texts in a warm process (80 after the first 20, per 20) ≤ 1.1× their warm parse work`, marginalText(bt), bt.marginal > 0 && bt.marginalRatio <= 1.1],
    ...["pdfs", "texts"].map((kind) => {
      const c = cliPerFile[kind];
      const what = kind === "pdfs" ? "PDFs" : "texts";
      return [
        `Batch: no per-file re-initialisation, read in one process where the CLI and the library are equally warm — ${BATCH} more ${what} through \`main()\` (80 after the first 20, per 20) ≤ 1.1× the library's parse of them`,
        `${c.ratio.toFixed(2)}× (${s(c.marginalMs)} vs ${s(c.libMs)})`,
        c.ratio <= 1.1,
      ];
    }),
    [`Batch, strictest reading: ${BATCH} PDFs in one process ≤ 1.1× their warm parse work (first use of the code included)`, `${bp.ratio.toFixed(2)}× (${s(bp.oneCost)} vs ${s(bp.warmSum)})`, bp.ratio <= 1.1],
    [`Batch, strictest reading: ${BATCH} texts in one process ≤ 1.1× their warm parse work (first use of the code included)`, `${bt.ratio.toFixed(2)}× (${s(bt.oneCost)} vs ${s(bt.warmSum)})`, bt.ratio <= 1.1],
  ];
  const missed = targets.filter((t) => !t[2]).length;

  const machine = `${cpus()[0]?.model.trim() ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}`;
  const date = when.started.toISOString().replace(/\.\d+Z$/, "Z");
  const load = `load average ${when.loadBefore[0].toFixed(2)} before, ${when.loadAfter[0].toFixed(2)} after`;
  const table = (head, body) => [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...body.map((r) => `| ${r.join(" | ")} |`)].join("\n");
  const markdown = [
    `Run ${date} on ${machine}; ${load}. Medians of ${REPS} runs (544-page books ${BIG_REPS}, batches ${BATCH_REPS}).`,
    "",
    table(["measurement", "wall", "pages/s", "ms/plan", "peak RSS", "ratio to (1)"], rows),
    "",
    table(["target", "measured", "met"], targets.map(([a, b, ok]) => [a, b, ok ? "yes" : "**no**"])),
    "",
    oracleLine,
    "",
    live === null ? "" : `Live heap of the PDF path over the 544-page book, after a full collection every 68 pages (\`bench/live.mjs\`): ${live.liveMiB.join(", ")} MiB. Peak RSS also holds garbage not yet collected and freed pages V8 keeps for reuse, which grow with the run whatever apsheet holds.`,
    "",
    `Batch: the batch in one process costs its wall − the fixed cost of a process of its kind (${s(bp.oneCost)} PDF, ${s(bt.oneCost)} text). A file's parse work is read three ways: (a) the file parsed alone, its own process's wall − the wall of a no-parse process of its kind run right after it (Σ ${s(bp.perProcessWork)}, ${s(bt.perProcessWork)}); (b) its warm parse time in one process (library, median of ${REPS} after a first round and ${warm.texts.warmUpRounds} warm-up rounds; Σ ${s(bp.warmSum)}, ${s(bt.warmSum)}); (c) for per-file overhead, the same ${BATCH} files given 5 times over in one process cost ${s(bp.marginal)}, ${s(bt.marginal)} per 20 inputs after the first 20 (median over rounds of each round's difference), against (b) (the CLI's own per-file work — finding, reading and writing the file — is in (c), not in (b)). What the batch costs beyond (b) is mostly first use, paid once per process: ${s(bp.firstUse)} (PDF: pdf.js's code paths and the parsers running cold), ${s(bt.firstUse)} (text). Also (d), in one process (\`bench/perfile.mjs\`, ${cliPerFile.texts.warmUpRounds} warm-up rounds, median of ${REPS} rounds of the ratio), the CLI's \`main()\` given the ${BATCH} files 5 times over against once, per 20 inputs, beside the library's parse of the same files' bytes in the same process: PDFs ${s(cliPerFile.pdfs.marginalMs)} vs ${s(cliPerFile.pdfs.libMs)}, texts ${s(cliPerFile.texts.marginalMs)} vs ${s(cliPerFile.texts.libMs)}; each \`main()\` starts its own PDF worker, whose V8 starts cold, so the PDF reading still charges the CLI with that worker warming up.`,
  ].join("\n");
  const text = markdown.replace(/\*\*/g, "").replace(/`/g, "");
  return { markdown, text, missed };
}

function writeReadme(markdown) {
  const file = join(ROOT, "bench", "README.md");
  const src = readFileSync(file, "utf8");
  const start = "<!-- results:start -->";
  const end = "<!-- results:end -->";
  const a = src.indexOf(start);
  const b = src.indexOf(end);
  if (a < 0 || b < a) throw new Error("bench/README.md has no results markers");
  writeFileSync(file, `${src.slice(0, a + start.length)}\n${markdown}\n${src.slice(b)}`);
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
