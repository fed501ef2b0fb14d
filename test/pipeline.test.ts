/**
 * Records are made page by page (a plan as soon as both its pages are read), yet they are what
 * reading every page first and grouping after gives — whatever the page order: 単年度 pages
 * before their 全体計画 pages, plan numbers printed twice, pages missing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitPages } from "../src/load/text-pages.js";
import { readText } from "../src/pipeline.js";
import { assemble, type ParsedPage } from "../src/record/assemble.js";
import { parseAnnual } from "../src/sections/annual.js";
import { PageContext } from "../src/sections/context.js";
import { parseHeader } from "../src/sections/header.js";
import { parseOverall } from "../src/sections/overall.js";
import { TextSheet } from "../src/tokenize/text-sheet.js";

const sample = readFileSync(join(import.meta.dirname, "..", "fixtures", "kashiwa-ap-r1-item51.txt"), "utf8");

/** Every page read first, then the 単年度 pages, then grouped: the pipeline as it was first written. */
function allAtOnce(text: string, file: string) {
  const parsed: ParsedPage[] = splitPages(text).pages.map((p) => {
    const ctx = new PageContext(new TextSheet(p));
    const header = parseHeader(ctx);
    return { ctx, header, overall: header.kind === "overall" ? parseOverall(ctx) : null, annual: null };
  });
  for (const p of parsed) {
    if (p.header.kind !== "annual") continue;
    const partner = parsed.find((o) => o.header.kind === "overall" && o.header.planNo === p.header.planNo);
    p.annual = parseAnnual(p.ctx, partner?.overall?.indicatorName ?? null);
  }
  const plans: { planNo: string; overall: ParsedPage | null; annual: ParsedPage | null }[] = [];
  for (const p of parsed) {
    if (!p.header.kind || !p.header.planNo) continue;
    const kind = p.header.kind;
    let plan = plans.find((x) => x.planNo === p.header.planNo && x[kind] === null);
    if (!plan) plans.push((plan = { planNo: p.header.planNo, overall: null, annual: null }));
    plan[kind] = p;
  }
  return plans.map(({ overall, annual }) => assemble(overall, annual, { file, format: "text", provenance: true }));
}

/** The sample's pages (as text, in book order). */
function pagesOf(text: string): string[] {
  const lines = text.split("\n");
  const { pages } = splitPages(text);
  return pages.map((p, i) => {
    const from = p.lines[0]!.no - 1;
    const to = i + 1 < pages.length ? pages[i + 1]!.lines[0]!.no - 1 : lines.length;
    return lines.slice(from, to).join("\n");
  });
}

describe("records page by page = records after reading every page", () => {
  const pages = pagesOf(sample);
  const orders: [string, number[]][] = [
    ["book order", pages.map((_, i) => i)],
    ["each 単年度 page before its 全体計画 page", pages.map((_, i) => (i % 2 === 0 ? i + 1 : i - 1))],
    ["backwards", pages.map((_, i) => pages.length - 1 - i)],
    ["all 単年度 pages first", [...pages.keys()].sort((a, b) => (b % 2) - (a % 2) || a - b)],
    ["a plan printed twice", [0, 1, 2, 3, 0, 1, 4, 5]],
    ["a 単年度 page twice, one 全体計画 page late", [1, 3, 1, 2, 0, 5, 4]],
    ["pages missing", [0, 3, 4, 7, 9]],
  ];
  for (const [what, order] of orders) {
    it(what, async () => {
      const text = order.map((i) => pages[i]!).join("\n");
      const { records } = await readText(text, { file: "t.txt", provenance: true });
      expect(records).toEqual(allAtOnce(text, "t.txt"));
    });
  }
});
