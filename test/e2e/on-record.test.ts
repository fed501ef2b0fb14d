/** `onRecord`: records given one by one, in plan order, as they are made, and not also returned. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/api.js";
import type { PlanRecord } from "../../src/record/schema.js";
import { readPdf } from "../../src/pipeline.js";

const fixture = (p: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url))));

describe("onRecord", () => {
  it("gives a PDF's records in plan order while its pages are still being read, and returns none", async () => {
    const bytes = fixture("pdf/invented.libreoffice.pdf");
    const whole = (await parse(bytes, { file: "b.pdf" })).records;
    const given: PlanRecord[] = [];
    let pagesReadAtFirstRecord = -1;
    let pagesRead = 0;
    const result = await readPdf(bytes, {
      file: "b.pdf",
      onRecord: (r) => {
        if (given.length === 0) pagesReadAtFirstRecord = pagesRead;
        given.push(r);
      },
    }, { onGrid: () => pagesRead++ });
    expect(result.records).toEqual([]);
    expect(given).toEqual(whole);
    expect(given.length).toBeGreaterThan(1);
    // The first plan's record came out after its own two pages, long before the book's last page.
    expect(pagesReadAtFirstRecord).toBe(2);
    expect(pagesRead).toBe(whole.length * 2);
  });

  it("gives a text's records in order at the end, and returns none", async () => {
    const bytes = fixture("kashiwa-ap-r1-item51.txt");
    const whole = (await parse(bytes, { file: "a.txt" })).records;
    const given: PlanRecord[] = [];
    const result = await parse(bytes, { file: "a.txt", onRecord: (r) => given.push(r) });
    expect(result.records).toEqual([]);
    expect(given.map((r) => r.planNo)).toEqual(["51001", "51002", "51003", "51004", "51005"]);
    expect(given).toEqual(whole);
  });
});

describe("PlanAssembler giving records away", () => {
  it("gives every plan once, in order, when the last ones are made only at the end (a plan missing a page)", async () => {
    const { splitPages } = await import("../../src/load/text-pages.js");
    const { TextSheet } = await import("../../src/tokenize/text-sheet.js");
    const { PlanAssembler } = await import("../../src/pipeline.js");
    const text = readFileSync(fileURLToPath(new URL("../../fixtures/kashiwa-ap-r1-item51.txt", import.meta.url)), "utf8");
    // Without page 2 (51001's 単年度 page), 51001 is made only at the end, and 51002… wait for it.
    const pages = splitPages(text).pages.filter((_, i) => i !== 1);
    const read = (emit?: (r: PlanRecord) => void) => {
      const plans = new PlanAssembler({ file: "a.txt" }, "text", undefined, false, emit);
      for (const p of pages) plans.add(new TextSheet(p));
      return plans.finish().records;
    };
    const whole = read();
    const given: PlanRecord[] = [];
    expect(read((r) => given.push(r))).toEqual([]);
    expect(given.map((r) => r.planNo)).toEqual(["51001", "51002", "51003", "51004", "51005"]);
    expect(given).toEqual(whole);
    expect(given[0]!.annual).toBeNull();
    expect(given[0]!.warnings.map((w) => w.code)).toContain("missing-page");
  });
});
