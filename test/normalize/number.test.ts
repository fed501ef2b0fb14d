import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNumberToken, parseNumber } from "../../src/normalize/number.js";

describe("parseNumber", () => {
  it.each<[string, number | null]>([
    ["138,000", 138000],
    ["101,500", 101500],
    ["1,245", 1245],
    ["1,000,000", 1000000],
    ["0", 0],
    ["7", 7],
    ["2400", 2400],
    ["12.5", 12.5],
    ["0.25", 0.25],
    ["1,234.5", 1234.5],
    ["△1,234", -1234],
    ["▲1,234", -1234],
    ["△ 1,234", -1234],
    ["－5", -5],
    ["-5", -5],
    ["−5", -5], // U+2212 MINUS SIGN
    ["-12.5", -12.5],
    ["+5", 5],
    ["＋５", 5],
    ["１３８，０００", 138000],
    ["１２．５", 12.5],
    ["△１，２３４", -1234],
    [" 138,000 ", 138000],
    ["\u3000１０\u3000", 10],
    ["007", 7],
    // Empty and dashes: null, never 0.
    ["", null],
    [" ", null],
    ["\u3000", null],
    ["－", null],
    ["-", null],
    ["△", null],
    ["▲", null],
    // Not numbers.
    ["1,23", null],
    ["12,34,567", null],
    ["1,2345", null],
    [",123", null],
    ["123,", null],
    ["1.2.3", null],
    ["12.", null],
    [".5", null],
    ["12%", null],
    ["%", null],
    ["1e5", null],
    ["Infinity", null],
    ["NaN", null],
    ["0x10", null],
    ["1 000", null],
    ["1,245 1,245", null],
    ["--5", null],
    ["△-5", null],
    ["5-", null],
    ["五", null],
    ["無", null],
    ["部", null],
    ["R1", null],
    ["H31.4.1", null],
    ["1".repeat(400), null], // would be Infinity
  ])("%j → %j", (input, expected) => {
    expect(parseNumber(input)).toBe(expected);
  });

  it("a negative zero comes back as 0, not -0", () => {
    expect(Object.is(parseNumber("△0"), 0)).toBe(true);
    expect(Object.is(parseNumber("-0"), 0)).toBe(true);
  });

  it("property: any integer written with thousands commas (optionally △ for negatives) parses back", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        const grouped = Math.abs(n).toLocaleString("en-US");
        expect(parseNumber((n < 0 ? "△" : "") + grouped)).toBe(n);
        expect(parseNumber((n < 0 ? "-" : "") + String(Math.abs(n)))).toBe(n);
      }),
    );
  });

  it("property: never NaN, never throws, for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const v = parseNumber(s);
        expect(v === null || Number.isFinite(v)).toBe(true);
      }),
    );
  });
});

describe("isNumberToken", () => {
  it.each<[string, boolean]>([
    ["138,000", true],
    ["△1,234", true],
    ["１０", true],
    ["0", true],
    ["", false],
    ["－", false],
    ["%", false],
    ["12%", false],
    ["実績値", false],
  ])("%j → %j", (input, expected) => {
    expect(isNumberToken(input)).toBe(expected);
  });
});
