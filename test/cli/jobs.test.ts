/** `apsheet parse --jobs N`: files read side by side, output still in input order. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jobCount, main } from "../../src/cli/main.js";
import type { PlanRecord } from "../../src/record/schema.js";
import { deferred, harness, plan, runBin, type Deferred } from "./helpers.js";

const quiet: PlanRecord["warnings"] = [];
const tick = () => new Promise((r) => setTimeout(r, 1));
/** Waits until `ready()` (the CLI loads its parse command on first use), then a little longer for anything that should not happen. */
async function settle(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !ready(); i++) await tick();
  for (let i = 0; i < 5; i++) await tick();
}
const started = (h: ReturnType<typeof harness>) => h.log.filter((e) => e.kind === "parse").map((e) => (e as { file: string }).file);

/** Six files whose parses finish only when the test says so. */
function sixSlowFiles() {
  const names = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"];
  const pending: Record<string, Deferred<PlanRecord[]>> = {};
  for (const n of names) pending[n] = deferred<PlanRecord[]>();
  const h = harness(Object.fromEntries(names.map((n) => [n, pending[n]!.promise])));
  return { names, pending, h, finish: (n: string, planNo: string) => pending[n]!.resolve([plan(planNo, n, quiet)]) };
}

describe("--jobs", () => {
  it("1 (the default): the next file starts only when the one before it is written", async () => {
    const { names, h, finish } = sixSlowFiles();
    const run = main(["parse", "--format", "ndjson", ...names], h.deps);
    await settle(() => started(h).length > 0);
    expect(started(h)).toEqual(["a.txt"]);
    finish("a.txt", "1");
    await settle(() => started(h).length > 1);
    expect(started(h)).toEqual(["a.txt", "b.txt"]);
    expect(h.stdout.lines()).toHaveLength(1);
    names.slice(1).forEach((n, i) => finish(n, String(i + 2)));
    expect(await run).toBe(0);
  });

  it("N: up to 2N files under way at once, none beyond that until the first is written", async () => {
    const { names, h, finish } = sixSlowFiles();
    const run = main(["parse", "--format", "ndjson", "--jobs", "2", ...names], h.deps);
    await settle(() => started(h).length > 0);
    expect(started(h)).toEqual(["a.txt", "b.txt", "c.txt", "d.txt"]);
    // Later files done first start nothing new: the window moves only when the first is written.
    finish("d.txt", "4");
    finish("c.txt", "3");
    await settle(() => false);
    expect(started(h)).toHaveLength(4);
    expect(h.stdout.text()).toBe("");
    finish("a.txt", "1");
    await settle(() => started(h).length > 4);
    expect(started(h)).toEqual(["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]);
    finish("b.txt", "2");
    finish("f.txt", "6");
    finish("e.txt", "5");
    expect(await run).toBe(0);
  });

  it("writes records in input order whatever order the files finish in", async () => {
    const { names, h, finish } = sixSlowFiles();
    const run = main(["parse", "--format", "ndjson", "--jobs", "3", ...names], h.deps);
    await settle(() => started(h).length > 0);
    for (let k = names.length - 1; k >= 0; k--) {
      await tick();
      if (started(h).includes(names[k]!)) finish(names[k]!, String(k + 1));
    }
    for (let i = 0; i < 50 && started(h).length < names.length; i++) await tick();
    for (const [k, n] of names.entries()) finish(n, String(k + 1)); // resolving twice is a no-op
    expect(await run).toBe(0);
    expect(h.stdout.lines().map((l) => (JSON.parse(l) as PlanRecord).planNo)).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("a file that fails before the ones ahead of it are done gets its error line in its own turn, and the rest still print", async () => {
    const slow = deferred<PlanRecord[]>();
    const h = harness({ "a.txt": slow.promise, "bad.txt": new Error("no plan sheet found"), "c.txt": [plan("3", "c.txt", quiet)] });
    const run = main(["parse", "--format", "ndjson", "--jobs", "4", "a.txt", "bad.txt", "c.txt"], h.deps);
    await settle(() => started(h).length === 3);
    expect(h.stderr.text()).toBe(""); // bad.txt has failed already, but a.txt is not written yet
    slow.resolve([plan("1", "a.txt", quiet)]);
    expect(await run).toBe(1);
    const order = h.log
      .filter((e) => e.kind !== "parse")
      .map((e) => ("text" in e ? (e.kind === "stdout" ? `record ${(JSON.parse(e.text) as PlanRecord).planNo}` : e.text.trim()) : ""));
    expect(order).toEqual(["record 1", "apsheet: bad.txt: internal error: no plan sheet found", "record 3"]);
  });

  it("takes auto (one per core) and refuses anything but a whole number of at least 1", async () => {
    expect(jobCount("auto")).toBeGreaterThanOrEqual(1);
    expect(jobCount(" 3 ")).toBe(3);
    for (const bad of ["0", "-1", "1.5", "two", ""]) {
      const h = harness({ "a.txt": [plan("1")] });
      expect(await main(["parse", "--jobs", bad, "a.txt"], h.deps)).toBe(2);
      expect(h.calls).toHaveLength(0);
      expect(h.stdout.text()).toBe("");
      expect(h.stderr.lines()[0]).toMatch(/^apsheet: option '-j, --jobs <n>' argument '.*' is invalid\. expected a whole number of at least 1, or auto\.$/);
    }
  });
});

describe("--jobs on the built command", () => {
  const tmp = mkdtempSync(join(tmpdir(), "apsheet-jobs-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // Loaded before bin/apsheet (--import): counts the worker threads the run starts, and says which module they run.
  const hook = join(tmp, "count-workers.mjs");
  writeFileSync(
    hook,
    `import { createRequire, syncBuiltinESMExports } from "node:module";
const threads = createRequire(import.meta.url)("node:worker_threads");
let made = 0;
const modules = new Set();
threads.Worker = class extends threads.Worker { constructor(...args) { super(...args); made++; modules.add(String(args[0])); } };
syncBuiltinESMExports();
process.on("exit", () => process.stderr.write("worker modules: " + [...modules].join(" ") + "\\nworkers started: " + made + "\\n"));
`,
  );
  const inputs = ["fixtures/pdf/sample.libreoffice.pdf", "fixtures/kashiwa-ap-r1-item51.txt", "fixtures/pdf/invented.chromium.pdf", "fixtures/pdf/sample.chromium.pdf"];
  const run = (args: string[]) => runBin(args, { nodeArgs: ["--import", hook] });

  it("reads the PDFs on that many workers and prints the same bytes, warnings and exit code as one at a time", async () => {
    const one = await run(["parse", "--format", "ndjson", ...inputs]);
    const two = await run(["parse", "--format", "ndjson", "--jobs", "2", ...inputs]);
    expect(one.stderr).toMatch(/workers started: 1\n$/);
    expect(two.stderr).toMatch(/workers started: 2\n$/);
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    const hookSaid = /worker modules: .*\nworkers started.*\n$/;
    expect(two.stderr.replace(hookSaid, "")).toBe(one.stderr.replace(hookSaid, ""));
    // The CLI's workers run the bundled worker (scripts/bundle.mjs): ~80 ms quicker to start than dist/run/worker.js.
    expect(two.stderr).toMatch(/worker modules: file:\/\/\S*\/dist\/bundle\/worker\.js\n/);
    // Five plans from each input, in the order the inputs were given.
    const files = one.stdout.trim().split("\n").map((l) => (JSON.parse(l) as PlanRecord).source.file);
    expect(files).toEqual([
      ...Array(5).fill("sample.libreoffice.pdf"),
      ...Array(5).fill("kashiwa-ap-r1-item51.txt"),
      ...Array(5).fill("invented.chromium.pdf"),
      ...Array(5).fill("sample.chromium.pdf"),
    ]);
  }, 60_000);
});
