/**
 * Nothing lost: on every text fixture, every character of every page is accounted for, in a
 * field, as a label of the form, as page furniture, or inside an unmapped-text warning.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readPdf, readText } from "../../src/pipeline.js";
import type { ParsedPage } from "../../src/record/assemble.js";
import type { PlanRecord } from "../../src/record/schema.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const FIXTURES = ["kashiwa-ap-r1-item51.txt"];

/** Every token has a fate, and an unmapped one is quoted by a warning; returns how many were checked. */
function countAccounted(pages: ParsedPage[], records: PlanRecord[]): number {
  const warningText = records.flatMap((r) => r.warnings.map((w) => w.message)).join("\n");
  let tokens = 0;
  for (const p of pages) {
    for (const line of p.ctx.sheet.lines) {
      for (const t of line.tokens) {
        tokens++;
        expect(t.fate, `page ${p.ctx.page} line ${t.line} "${t.text}"`).toBeDefined();
        if (t.fate === "unmapped") expect(warningText).toContain(t.text);
      }
    }
  }
  return tokens;
}

describe.each(FIXTURES)("%s", (name) => {
  const text = readFileSync(here(`../../fixtures/${name}`), "utf8");

  it("gives every token a fate, and every unmapped token's text to a warning", async () => {
    const { pages, records } = await readText(text, { file: name });
    expect(countAccounted(pages, records)).toBeGreaterThan(500);
  });

  it("accounts for every non-blank input line", async () => {
    const { pages, furniture } = await readText(text, { file: name });
    const seen = new Set<number>(furniture.map((f) => f.no));
    for (const p of pages) for (const l of p.ctx.sheet.lines) for (const t of l.tokens) for (let n = t.line; n <= t.lineEnd; n++) seen.add(n);
    const lines = text.split("\n");
    const missing = lines.map((l, i) => ({ l, n: i + 1 })).filter(({ l, n }) => l.trim() !== "" && !seen.has(n));
    expect(missing).toEqual([]);
  });

  it("maps the sample's text to fields, leaving unmapped only what the text cannot place", async () => {
    const { records } = await readText(text, { file: name });
    const unmapped = records.flatMap((r) => r.warnings.filter((w) => w.code === "unmapped-text").map((w) => `${r.planNo}:${w.line}`));
    // Every line of the sample finds a field (51005's zero-only rows too, with ambiguity warnings).
    expect(unmapped).toEqual([]);
  });
});

describe.each(["sample.libreoffice.pdf", "sample.chromium.pdf", "invented.libreoffice.pdf", "invented.chromium.pdf"])("%s", (name) => {
  it("gives every cell's text a fate: a field, a label of the form, or an unmapped-text warning", async () => {
    const bytes = new Uint8Array(readFileSync(here(`../../fixtures/pdf/${name}`)));
    const { pages, records } = await readPdf(bytes, { file: name }, { keepPages: true });
    expect(countAccounted(pages, records)).toBeGreaterThan(500);
    // On these pages every cell maps to a field or is a label: nothing is left over.
    expect(records.flatMap((r) => r.warnings.filter((w) => w.code === "unmapped-text"))).toEqual([]);
  }, 30_000);
});
