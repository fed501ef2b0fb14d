/**
 * The built command as a user runs it: `node bin/apsheet …` (npm test builds dist/ first).
 * Only what needs no real parse lives here; parsing is tested through main()'s seam.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin", "apsheet");
const example = fileURLToPath(new URL("./data/example-51001.json", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "apsheet-process-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function apsheet(args: string[], input = "") {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, input, encoding: "utf8", timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("apsheet (process)", () => {
  it("--version prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    const r = apsheet(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("--help on every command prints usage with an example, on stdout, exit 0", () => {
    for (const args of [["--help"], ["parse", "--help"], ["schema", "--help"], ["validate", "--help"], ["inspect", "--help"], ["help", "parse"]]) {
      const r = apsheet(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/^Usage: apsheet/);
      expect(r.stdout).toContain("Examples:");
      expect(r.stdout).toContain("$ apsheet ");
      expect(r.stderr).toBe("");
    }
  });

  it("usage errors exit 2 with a message on stderr and nothing on stdout", () => {
    for (const args of [[], ["parse"], ["parse", "--format", "xml", "a.txt"], ["parse", "--bogus", "a.txt"], ["nonsense"], ["validate"], ["inspect"], ["inspect", "a.txt", "--page", "x"]]) {
      const r = apsheet(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr.length).toBeGreaterThan(0);
    }
    expect(apsheet(["parse", "--format", "xml", "a.txt"]).stderr).toContain("xml");
  });

  it("a missing file: one stderr line naming it, no stack trace, exit 1", () => {
    const r = apsheet(["parse", "no-such-book.pdf"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("apsheet: no-such-book.pdf: no such file\n");
    expect(r.stdout).toBe("[]\n");
  });

  it("inputs that cannot be parsed: one line each, the batch goes on, no progress line when piped", () => {
    writeFileSync(join(tmp, "empty.txt"), "");
    writeFileSync(join(tmp, "junk.pdf"), "%PDF-1.7 but not really");
    const r = apsheet(["parse", "--format", "ndjson", "empty.txt", "gone.txt", "junk.pdf", "-"], "");
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter(Boolean);
    expect(lines.map((l) => l.split(": ")[1])).toEqual(["empty.txt", "gone.txt", "junk.pdf", "-"]);
    for (const l of lines) expect(l).toMatch(/^apsheet: \S+: \S/);
    expect(r.stderr).not.toMatch(/\r|\u001b|\n\s+at /);
    expect(r.stdout).toBe("");
  });

  it("schema prints exactly the committed schemas/record.schema.json", () => {
    const r = apsheet(["schema"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(root, "schemas", "record.schema.json"), "utf8"));
  });

  it("validate: the contract's example is valid (exit 0); a copy with importance \"Z\" is not (exit 1, the path named)", () => {
    const ok = apsheet(["validate", example]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("");

    const brokenPath = join(tmp, "broken.json");
    const record = JSON.parse(readFileSync(example, "utf8")) as Record<string, unknown>;
    writeFileSync(brokenPath, JSON.stringify({ ...record, importance: "Z" }, null, 2));
    const bad = apsheet(["validate", "broken.json"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^broken\.json: record 1 \(51001\): importance: .+\n$/);
  });

  it("validate reads a directory of --out files and standard input", () => {
    mkdirSync(join(tmp, "out"), { recursive: true });
    copyFileSync(example, join(tmp, "out", "51001.json"));
    expect(apsheet(["validate", "out"]).code).toBe(0);
    const ndjson = `${JSON.stringify(JSON.parse(readFileSync(example, "utf8")))}\n`;
    expect(apsheet(["validate", "-"], ndjson + ndjson).code).toBe(0);
    expect(apsheet(["validate", "-"], ndjson.replace('"planNo":"51001"', '"planNo":51001')).stdout).toMatch(/^-: record 1 \(\?\): planNo: /);
  });
});
