// Per-file overhead of the command line, read in one process where the library and the CLI's own
// code are equally warm (the bench's reading (b) compares a fresh process with a fully warm one):
//  - lib: the library's parse() over the files' bytes (read beforehand), one after another, on this
//    thread: their parse work, as bench/inproc.mjs reads it;
//  - the CLI's main() over the same files given once and given 5 times over; (5× − 1×) / 4 is what
//    20 more inputs cost it: finding, reading, parsing and writing them (stdout is thrown away).
// A PDF run of main() starts its own parse worker, whose V8 starts cold at every call, so for PDFs
// the reading still charges the CLI with that worker warming up over the 80 inputs.
// Usage: node bench/perfile.mjs <reps> <files...>   → one JSON line on stdout.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Writable } from "node:stream";

const root = new URL("..", import.meta.url);
const { parse } = await import(new URL("dist/index.js", root).href);
const { main } = await import(new URL("dist/bundle/apsheet.js", root).href);

const [repsArg, ...files] = process.argv.slice(2);
const reps = Number(repsArg);
const bytes = files.map((f) => new Uint8Array(readFileSync(f)));
const WARM_UP_ROUNDS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const discard = () => new Writable({ write: (_chunk, _enc, cb) => cb() });
const cli = async (inputs) => {
  const code = await main(["parse", "--quiet", "--format", "ndjson", ...inputs], { stdout: discard(), stderr: discard() });
  if (code !== 0) throw new Error(`main() exited ${code}`);
};
const timed = async (f) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

const rounds = { lib: [], cliOnce: [], cliFive: [], marginal: [], ratio: [] };
for (let r = 0; r < WARM_UP_ROUNDS + reps; r++) {
  const lib = await timed(async () => {
    for (let i = 0; i < files.length; i++) await parse(bytes[i], { file: basename(files[i]) });
  });
  const once = await timed(() => cli(files));
  const five = await timed(() => cli(Array(5).fill(files).flat()));
  if (r < WARM_UP_ROUNDS) continue;
  const marginal = (five - once) / 4;
  rounds.lib.push(lib);
  rounds.cliOnce.push(once);
  rounds.cliFive.push(five);
  rounds.marginal.push(marginal);
  rounds.ratio.push(marginal / lib);
}
process.stdout.write(
  JSON.stringify({
    files: files.length,
    warmUpRounds: WARM_UP_ROUNDS,
    libMs: median(rounds.lib),
    marginalMs: median(rounds.marginal),
    ratio: median(rounds.ratio),
    rounds,
  }) + "\n",
);
process.exit(0); // a PDF run's pools are closed by main(); nothing else should hold the process, but never wait on it
