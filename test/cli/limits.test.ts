/** Bounds from the command line: per-file time, pages per PDF, bytes per input. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ["bin/apsheet", ...args], { cwd: root, encoding: "utf8" });

describe("limits", () => {
  it("--timeout: a PDF over its time fails alone with one line, the text beside it still comes out", () => {
    const r = run("parse", "--quiet", "--timeout", "0.05", "fixtures/pdf/sample.chromium.pdf", "fixtures/kashiwa-ap-r1-item51.txt");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("apsheet: fixtures/pdf/sample.chromium.pdf: took longer than 0.05 s (raise it with --timeout)\n");
    expect((JSON.parse(r.stdout) as { source: { format: string } }[]).map((x) => x.source.format)).toEqual(Array(5).fill("text"));
  }, 30_000);

  it("--max-pages: a longer PDF is refused with the count and the limit", () => {
    const r = run("parse", "--max-pages", "3", "fixtures/pdf/sample.libreoffice.pdf");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("apsheet: fixtures/pdf/sample.libreoffice.pdf: the PDF has 10 pages, more than the limit of 3\n");
    expect(r.stdout).toBe("[]\n");
  }, 30_000);

  it("--max-bytes: a larger input is refused before it is read", () => {
    const r = run("parse", "--max-bytes", "1k", "fixtures/kashiwa-ap-r1-item51.txt");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^apsheet: fixtures\/kashiwa-ap-r1-item51\.txt: \d+ bytes is over the 1024-byte limit \(raise it with --max-bytes\)\n$/);
  });

  it("a limit that is not a number is a usage error", () => {
    expect(run("parse", "--timeout", "soon", "x.pdf").status).toBe(2);
    expect(run("parse", "--max-pages", "0", "x.pdf").status).toBe(2);
  });
});
