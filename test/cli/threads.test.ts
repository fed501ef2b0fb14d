/**
 * bin/apsheet lowers the priority of the process's helper threads (src/cli/threads.ts): the
 * logic against a fake thread table, and on Linux the real thing, watched from inside the
 * command's own process.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lowerHelperThreads, NICE_STEP, type ThreadControl } from "../../src/cli/threads.js";
import { runBin } from "./helpers.js";

function fake(ids: string[], mainNice = 0, failing: number[] = []) {
  const set: [number, number][] = [];
  const control: ThreadControl = {
    pid: 100,
    threadIds: () => ids,
    getPriority: (tid) => (tid === 100 ? mainNice : Number.NaN),
    setPriority: (tid, nice) => {
      if (failing.includes(tid)) throw Object.assign(new Error("no such process"), { code: "ESRCH" });
      set.push([tid, nice]);
    },
  };
  return { control, set };
}

describe("lowerHelperThreads", () => {
  it("sets every thread but the main one to the main thread's nice value + NICE_STEP", () => {
    const { control, set } = fake(["100", "101", "102", "107"], 2);
    expect(lowerHelperThreads(control)).toBe(3);
    expect(set).toEqual([[101, 2 + NICE_STEP], [102, 2 + NICE_STEP], [107, 2 + NICE_STEP]]);
  });

  it("goes no lower than 19 when the process already runs at a low priority", () => {
    const { control, set } = fake(["100", "101"], 15);
    lowerHelperThreads(control);
    expect(set).toEqual([[101, 19]]);
  });

  it("skips a thread that ended meanwhile and lowers the others", () => {
    const { control, set } = fake(["100", "101", "102", "103"], 0, [102]);
    expect(lowerHelperThreads(control)).toBe(2);
    expect(set.map(([tid]) => tid)).toEqual([101, 103]);
  });

  it("skips names that are not thread ids", () => {
    const { control, set } = fake(["100", "101", "stat", "", "0", "-3"], 0);
    expect(lowerHelperThreads(control)).toBe(1);
    expect(set).toEqual([[101, NICE_STEP]]);
  });

  it("does nothing, and does not throw, where the threads cannot be listed", () => {
    const { control, set } = fake([], 0);
    control.threadIds = () => {
      throw Object.assign(new Error("ENOENT: no such file or directory, scandir '/proc/self/task'"), { code: "ENOENT" });
    };
    expect(lowerHelperThreads(control)).toBe(0);
    expect(set).toEqual([]);
  });
});

const linux = process.platform === "linux" && existsSync("/proc/self/task");

describe.runIf(linux)("bin/apsheet on Linux", () => {
  const tmp = mkdtempSync(join(tmpdir(), "apsheet-threads-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("runs with its main thread at the priority it was started with and every other thread NICE_STEP lower", async () => {
    // Loaded before bin/apsheet (--import); reports each thread's nice value (field 19 of
    // /proc/self/task/<tid>/stat) once the command is done.
    const hook = join(tmp, "report-nice.mjs");
    writeFileSync(
      hook,
      `import { readdirSync, readFileSync } from "node:fs";
process.on("exit", () => {
  const nice = {};
  for (const tid of readdirSync("/proc/self/task")) {
    const stat = readFileSync("/proc/self/task/" + tid + "/stat", "utf8");
    nice[tid] = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  }
  process.stderr.write(JSON.stringify({ pid: process.pid, nice }));
});
`,
    );
    const r = await runBin(["--version"], { nodeArgs: ["--import", hook] });
    expect(r.code).toBe(0);
    const { pid, nice } = JSON.parse(r.stderr) as { pid: number; nice: Record<string, number> };
    const main = nice[String(pid)];
    expect(main).toBeDefined();
    const helpers = Object.entries(nice).filter(([tid]) => Number(tid) !== pid);
    // Node starts V8's four helper threads (and a few of its own) before any script runs.
    expect(helpers.length).toBeGreaterThanOrEqual(4);
    for (const [tid, n] of helpers) expect(n, `thread ${tid}`).toBe(Math.min(19, main! + NICE_STEP));
  });
});
