/**
 * Mutation fuzzing of the fixture PDFs: bytes flipped, runs overwritten, the file cut short.
 * Every run must end, in records or in one clear error with a stable code; none may crash the
 * process or hang (each file runs on a worker with a time limit, as the CLI runs them).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ParsePool } from "../../dist/run/pool.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const SEEDS = 14;
const KNOWN = new Set(["pdf-invalid", "pdf-encrypted", "pdf-wrong-password", "no-text-layer", "no-plan-sheet", "too-many-pages", "undecodable-text", "empty-input"]);

/** A small seeded PRNG (mulberry32), so a failing case can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(src: Uint8Array, seed: number): Uint8Array {
  const r = rng(seed);
  const out = new Uint8Array(src);
  switch (seed % 3) {
    case 0: // flip scattered bytes
      for (let i = 0; i < 20 + Math.floor(r() * 200); i++) out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
      return out;
    case 1: {
      // overwrite a run with noise
      const at = Math.floor(r() * out.length);
      for (let i = at; i < Math.min(out.length, at + 64 + Math.floor(r() * 4096)); i++) out[i] = Math.floor(r() * 256);
      return out;
    }
    default: // cut short
      return out.slice(0, Math.floor(r() * out.length));
  }
}

const pool = new ParsePool({ size: 2, timeoutMs: 15_000 });
afterAll(() => pool.close());

describe.each(["special/nonembedded-font.pdf", "sample.chromium.pdf", "sample.libreoffice.pdf"])("mutations of %s", (name) => {
  const src = new Uint8Array(readFileSync(here(`../../fixtures/pdf/${name}`)));
  it(`${SEEDS} seeds each end in records or one known error`, async () => {
    const outcomes = await Promise.all(
      Array.from({ length: SEEDS }, (_, seed) =>
        pool.parse(mutate(src, seed), { file: `${name}#${seed}` }).then(
          (r) => ({ seed, ok: true as const, records: r.records.length }),
          (e: { code?: string; message?: string }) => ({ seed, ok: false as const, code: e.code, message: e.message }),
        ),
      ),
    );
    for (const o of outcomes) {
      if (o.ok) continue;
      expect(KNOWN.has(o.code ?? ""), `seed ${o.seed}: ${o.code}: ${o.message}`).toBe(true);
      expect(o.message, `seed ${o.seed}`).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/);
    }
  }, 120_000);
});
