import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { insideDir, safeStem, writeAtomic } from "../../src/cli/out.js";
import { recordJson } from "../../src/cli/format/json.js";
import { harness, plan } from "./helpers.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "apsheet-out-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every path under dir, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).sort();
}

describe("safeStem", () => {
  it.each([
    ["51001", "51001"],
    ["../evil", "___evil"],
    ["..", "__"],
    [".hidden", "_hidden"],
    ["/etc/passwd", "_etc_passwd"],
    ["a\\b:c*d", "a_b_c_d"],
    ["５１００１", "51001"],
    ["計画 1", "___1"],
    ["", "_"],
    ["x".repeat(300), "x".repeat(120)],
  ])("%j → %j", (planNo, stem) => {
    const s = safeStem(planNo);
    expect(s).toBe(stem);
    expect(s).toMatch(/^[0-9A-Za-z_-][0-9A-Za-z._-]*$/);
  });

  it("insideDir refuses names that would leave the directory", () => {
    expect(() => insideDir(root, "../x.json")).toThrow(/outside/);
    expect(() => insideDir(root, "a/b.json")).toThrow(/outside/);
    expect(insideDir(root, "a.json")).toBe(join(root, "a.json"));
  });
});

describe("writeAtomic", () => {
  it("writes the file and leaves no temp file behind", async () => {
    await writeAtomic(root, "a.json", "one\n");
    await writeAtomic(root, "a.json", "two\n"); // replaces
    expect(await readFile(join(root, "a.json"), "utf8")).toBe("two\n");
    expect(await tree(root)).toEqual(["a.json"]);
  });

  it("removes its temp file when the rename fails, and leaves the target as it was", async () => {
    await mkdir(join(root, "taken.json")); // a directory where the file should go: rename fails
    await expect(writeAtomic(root, "taken.json", "data")).rejects.toThrow();
    expect(await tree(root)).toEqual(["taken.json"]);
  });
});

describe("apsheet parse --out DIR", () => {
  it("writes one <planNo>.json per record, creating DIR, and prints nothing on stdout", async () => {
    const out = join(root, "nested", "out");
    const records = [plan("51001", "a.txt", []), plan("51002", "a.txt", [])];
    const h = harness({ "a.txt": records });
    expect(await main(["parse", "--out", out, "a.txt"], h.deps)).toBe(0);
    expect(await tree(out)).toEqual(["51001.json", "51002.json"]);
    expect(await readFile(join(out, "51001.json"), "utf8")).toBe(recordJson(records[0]!));
    expect(JSON.parse(await readFile(join(out, "51002.json"), "utf8"))).toEqual(records[1]);
    expect(h.stdout.text()).toBe("");
  });

  it("keeps a planNo of ../evil (and other path tricks) inside DIR", async () => {
    const out = join(root, "out");
    const h = harness({ "a.txt": [plan("../evil", "a.txt", []), plan("/tmp/abs", "a.txt", []), plan("..", "a.txt", []), plan("sub/../../x", "a.txt", [])] });
    expect(await main(["parse", "-o", out, "a.txt"], h.deps)).toBe(0);
    expect(await tree(root)).toEqual(["out", "out/__.json", "out/___evil.json", "out/_tmp_abs.json", "out/sub_.._.._x.json"]);
    expect((JSON.parse(await readFile(join(out, "___evil.json"), "utf8")) as { planNo: string }).planNo).toBe("../evil");
  });

  it("a planNo met twice gets -2, -3 and a warning line naming both files; the warning counts for --strict", async () => {
    const out = join(root, "out");
    const answers = () => ({
      "a.txt": [plan("51001", "a.txt", [])],
      "b.txt": [plan("51001", "b.txt", []), plan("51001", "b.txt", [])],
    });
    const h = harness(answers());
    expect(await main(["parse", "--out", out, "a.txt", "b.txt"], h.deps)).toBe(0);
    expect(await tree(out)).toEqual(["51001-2.json", "51001-3.json", "51001.json"]);
    expect((JSON.parse(await readFile(join(out, "51001.json"), "utf8")) as { source: { file: string } }).source.file).toBe("a.txt");
    expect((JSON.parse(await readFile(join(out, "51001-2.json"), "utf8")) as { source: { file: string } }).source.file).toBe("b.txt");
    expect(h.stderr.lines()).toEqual([
      "b.txt: duplicate-plan-no: plan 51001 is also in a.txt (51001.json); this one is written as 51001-2.json",
      "b.txt: duplicate-plan-no: plan 51001 is also in a.txt (51001.json); this one is written as 51001-3.json",
    ]);

    await rm(out, { recursive: true });
    const s = harness(answers());
    expect(await main(["parse", "--strict", "--quiet", "--out", out, "a.txt", "b.txt"], s.deps)).toBe(1);
  });

  it("with --format csv also writes plans.csv and values.csv; no temp files are left", async () => {
    const out = join(root, "out");
    const h = harness({ "a.txt": [plan("51001", "a.txt", [])], "bad.txt": new Error("nope"), "b.txt": [plan("51002", "b.txt", [])] });
    expect(await main(["parse", "--format", "csv", "--out", out, "a.txt", "bad.txt", "b.txt"], h.deps)).toBe(1);
    expect(await tree(out)).toEqual(["51001.json", "51002.json", "plans.csv", "values.csv"]);
    const plans = parseCsv(await readFile(join(out, "plans.csv"), "utf8"), { bom: true }) as string[][];
    expect(plans.map((r) => r[0])).toEqual(["planNo", "51001", "51002"]);
    const values = parseCsv(await readFile(join(out, "values.csv"), "utf8"), { bom: true }) as string[][];
    expect(values).toHaveLength(1 + 2 * 76);
    expect(h.stdout.text()).toBe("");
  });

  it("an output directory that cannot be made is one error line and exit 1", async () => {
    const file = join(root, "file");
    await writeFile(file, "x");
    const h = harness({ "a.txt": [plan("1", "a.txt", [])] });
    expect(await main(["parse", "--out", join(file, "sub"), "a.txt"], h.deps)).toBe(1);
    expect(h.stderr.lines()).toHaveLength(1);
    expect(h.stderr.lines()[0]).toMatch(new RegExp(`^apsheet: ${join(file, "sub")}: cannot create the output directory: `));
  });
});
