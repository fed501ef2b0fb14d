/** pdf.js imported without @napi-rs/canvas (the CLI's parse worker) still reads every fixture PDF alike. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Runs a module in a fresh process (the import is once per process), from the build. */
function run(code: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
  return JSON.parse(out) as Record<string, unknown>;
}

const READ_FIXTURE = `
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const { parse } = await import("./dist/index.js");
  const records = [];
  for (const f of ["sample.libreoffice.pdf", "invented.chromium.pdf", "special/nonembedded-font.pdf"]) {
    records.push(...(await parse(new Uint8Array(readFileSync("fixtures/pdf/" + f)), { file: f })).records);
  }
  const canvasLoaded = Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes("@napi-rs"));
`;

describe("importPdfjsWithoutCanvas", () => {
  it("keeps @napi-rs/canvas unloaded, gives the same records, and a stand-in refuses to draw", () => {
    const without = run(`
      const { importPdfjsWithoutCanvas } = await import("./dist/load/pdfjs-import.js");
      importPdfjsWithoutCanvas();
      ${READ_FIXTURE}
      let drew = "no error";
      try { new globalThis.DOMMatrix().multiplySelf(); } catch (e) { drew = e.message; }
      process.stdout.write(JSON.stringify({ records, canvasLoaded, drew }));
    `);
    const withCanvas = run(`${READ_FIXTURE} process.stdout.write(JSON.stringify({ records, canvasLoaded }));`);
    expect(without.canvasLoaded).toBe(false);
    expect(withCanvas.canvasLoaded).toBe(true);
    // sample 5 plans, invented 5, the non-embedded-font page pair 1.
    expect((without.records as unknown[]).length).toBe(11);
    expect(without.records).toEqual(withCanvas.records);
    expect(without.drew).toMatch(/cannot draw/);
  }, 60_000);
});
