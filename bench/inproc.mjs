// In-process figures the command line cannot show, from the built library (dist/):
//  - warm parse time per file: each file parsed `reps` times in one process after a first round
//    and 10 warm-up rounds, median per file (the files' own parse work, without start-up or first-use costs);
//  - how often kuromoji's dictionary was loaded and how many line-join questions were asked
//    (oracleStats), over every file given.
// Usage: node bench/inproc.mjs <reps> <files...>   → one JSON line on stdout.
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const root = new URL("..", import.meta.url);
const { parse } = await import(new URL("dist/index.js", root).href);
const { oracleStats } = await import(new URL("dist/normalize/word-oracle.js", root).href);

const [repsArg, ...files] = process.argv.slice(2);
const reps = Number(repsArg);
const bytes = files.map((f) => new Uint8Array(readFileSync(f)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// First round: cold, and the round the oracle figures are taken from (every file once).
const records = [];
for (let i = 0; i < files.length; i++) records.push((await parse(bytes[i], { file: basename(files[i]) })).records.length);
const oracle = { ...oracleStats };
// Then rounds that only warm up: after one round the timed rounds were still speeding up, and the
// 20 text files' sum read 44–60 ms from run to run; after 10 it read 27–31 ms.
const WARM_UP_ROUNDS = 10;
for (let w = 0; w < WARM_UP_ROUNDS; w++) for (let i = 0; i < files.length; i++) await parse(bytes[i], { file: basename(files[i]) });
const times = files.map(() => []);
for (let r = 0; r < reps; r++) {
  for (let i = 0; i < files.length; i++) {
    const t0 = performance.now();
    await parse(bytes[i], { file: basename(files[i]) });
    times[i].push(performance.now() - t0);
  }
}
process.stdout.write(
  JSON.stringify({ files: files.length, records, oracle, warmUpRounds: WARM_UP_ROUNDS, warmMs: times.map(median) }) + "\n",
);
