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
