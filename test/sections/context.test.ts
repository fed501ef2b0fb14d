import { describe, expect, it } from "vitest";
import { PageContext } from "../../src/sections/context.js";
import { TextSheet } from "../../src/tokenize/text-sheet.js";

function ctxOf(lines: string[]): PageContext {
  return new PageContext(new TextSheet({ page: 1, lines: lines.map((text, i) => ({ no: i + 1, text })) }));
}

describe("PageContext: the page's index", () => {
  it("finds labels and value words in reading order", () => {
    const ctx = ctxOf(["単位 %", "", "計画どおり 単位 件", "進んでいる"]);
    expect(ctx.labelled("unit").map((t) => t.line)).toEqual([1, 3]);
    expect(ctx.first("unit")?.line).toBe(1);
    expect(ctx.withWord("status").map((t) => t.text)).toEqual(["計画どおり", "進んでいる"]);
    expect(ctx.labelled("grade")).toEqual([]);
    expect(ctx.hasGeometry).toBe(false);
  });

  it("reads a line as numbers only when every token is one, full-width digits included", () => {
    const ctx = ctxOf(["1 2,000 △3", "１２．５", "1 2 x", "H28"]);
    const [a, b, c, d] = ctx.sheet.lines;
    expect(ctx.numbersOf(a!)).toEqual([1, 2000, -3]);
    expect(ctx.numbersOf(b!)).toEqual([12.5]);
    expect(ctx.numbersOf(c!)).toBeNull();
    expect(ctx.numbersOf(d!)).toBeNull();
  });

  it("tells 年度 labels, whatever form of 度 the text prints", () => {
    const ctx = ctxOf(["平成28年度 令和元年度 H28 平成28年 2019年度 平成28年\ufa01 制度"]);
    expect(ctx.sheet.lines[0]!.tokens.map((t) => ctx.fiscalYearLabel(t))).toEqual([2016, 2019, null, null, 2019, 2016, null]);
  });
});
