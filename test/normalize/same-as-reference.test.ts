/**
 * The charCode fast paths of the text path give exactly what the regex / NFKC code they replaced
 * gave (kept in test/helpers/reference): on strings drawn from an alphabet that mixes the
 * characters the fast paths handle with the ones they must hand over (combining marks, radicals,
 * half-width kana, surrogates, every kind of whitespace), and on every line of the sample.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suspiciousShare } from "../../src/load/decode.js";
import { splitPages } from "../../src/load/text-pages.js";
import * as era from "../../src/normalize/era.js";
import * as num from "../../src/normalize/number.js";
import * as prose from "../../src/normalize/prose.js";
import * as text from "../../src/normalize/text.js";
import { TextSheet } from "../../src/tokenize/text-sheet.js";
import * as refDecode from "../helpers/reference/decode.js";
import * as refEra from "../helpers/reference/era.js";
import * as refNum from "../helpers/reference/number.js";
import * as refProse from "../helpers/reference/prose.js";
import * as refPages from "../helpers/reference/text-pages.js";
import { TextSheet as RefTextSheet } from "../helpers/reference/text-sheet.js";
import * as refText from "../helpers/reference/text.js";

const SAMPLE = readFileSync(new URL("../../fixtures/kashiwa-ap-r1-item51.txt", import.meta.url), "utf8");

/** Characters the fast paths keep, map or must hand over to the general code. */
const ALPHABET = [
  ..."aZ09~-+.,%()/:", " ", "\t", "\n", "\r", "\f", "\v", "\u00a0", "\u1680", "\u2000", "\u200a", "\u200b", "\u2028", "\u202f", "\u205f", "\u3000", "\ufeff",
  ..."計画どおり年度令和平成昭和元実施完了効果額担当部署推進項目重要度番号・取組事業名最終値", ..."ＡＢＨＲＳｈ０１２９，．（）－＋～！＿｛｝", "\uff00", "\uff5d", "\uff5f", "\uff60", "\uff61",
  "〜", "ー", "、", "。", "「", "」", "【", "】", "〃", "〄", "〓", "〜", "○", "△", "▲", "※", "◎", "①", "㍻", "㋿", "−",
  "か", "\u3099", "\u309a", "\u309b", "\u302a", "\u302e", "ｶ", "ﾞ", "ﾟ", "A", "\u0301", "\u0308", "é",
  "\u2e80", "\u2ea0", "\u2f00", "\u2f3e", "\u2fca", "\u2fd5", "\u2fd6", "\uf98e", "\u4dbf", "\u3400",
  "\uff71", "\uff8c", "\u30a2", "\u3009", "\u2f08", "𠀋", "\ud842", "\udf9f", "\ue000", "\ufffd", "\u0000", "\u0007", "\u007f", "\u0085", "\u0378", "\u3040", "\u3097",
];

const str = (maxLength = 14) => fc.array(fc.constantFrom(...ALPHABET), { maxLength }).map((a) => a.join(""));
const RUNS = { numRuns: 20_000 };

function same<T>(f: (s: string) => T, g: (s: string) => T) {
  fc.assert(fc.property(str(), (s) => Object.is(f(s), g(s)) || expect(f(s)).toEqual(g(s))), RUNS);
}

describe("normalize: the fast paths agree with the code they replaced", () => {
  it("isWhitespace is exactly what \\s and trim treat as whitespace", () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      expect(text.isWhitespace(c), c.toString(16)).toBe(/\s/.test(ch));
      expect(text.isWhitespace(c), c.toString(16)).toBe(ch.trim() === "");
    }
  });

  it("matchKey", () => same(text.matchKey, refText.matchKey));
  it("fixRadicals", () => same(text.fixRadicals, refText.fixRadicals));
  it("normalizeWaveDash", () => same(text.normalizeWaveDash, refText.normalizeWaveDash));
  it("displayWidth", () => same(text.displayWidth, refText.displayWidth));
  it("displayWidth of every BMP code unit", () => {
    for (let c = 0; c <= 0xffff; c++) expect(text.displayWidth(String.fromCharCode(c)), c.toString(16)).toBe(refText.displayWidth(String.fromCharCode(c)));
  });
  it("collapseSpaces", () => same(text.collapseSpaces, refText.collapseSpaces));
  it("parseEraDate on every date of 1899–2101 and some impossible ones", () => {
    for (let y = 1899; y <= 2101; y++) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) expect(era.parseEraDate(`${y}/${m}/${d}`)).toBe(refEra.parseEraDate(`${y}/${m}/${d}`));
      }
    }
    for (const y of ["0000", "0050", "0099", "0100", "0400", "1900", "2000", "9999"]) {
      for (const md of ["2/29", "2/28", "12/31", "4/31"]) expect(era.parseEraDate(`${y}/${md}`)).toBe(refEra.parseEraDate(`${y}/${md}`));
    }
    for (const e of ["H", "R", "S", "令和", "平成", "昭和"]) {
      for (let y = 1; y <= 99; y++) expect(era.parseEraDate(`${e}${y}.2.29`)).toBe(refEra.parseEraDate(`${e}${y}.2.29`));
    }
  });
  it("gradeOf", () => same(text.gradeOf, refText.gradeOf));
  it("gradeOf of every code point", () => {
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      const ch = String.fromCodePoint(c);
      expect(text.gradeOf(ch), c.toString(16)).toBe(refText.gradeOf(ch));
    }
  });
  it("parseNumber", () => same(num.parseNumber, refNum.parseNumber));
  it("parseFiscalYear", () => same(era.parseFiscalYear, refEra.parseFiscalYear));
  it("isFiscalYearLabel", () => same(era.isFiscalYearLabel, refEra.isFiscalYearLabel));
  it("parseEraDate", () => same(era.parseEraDate, refEra.parseEraDate));
  it("parseYearRange", () => same(era.parseYearRange, refEra.parseYearRange));
  it("collapseInline", () => same(prose.collapseInline, refProse.collapseInline));
  it("joinProse", () => {
    const oracle = { splitsWord: (l: string, r: string) => (l.length + r.length) % 3 === 0 ? null : l.length % 2 === 0 };
    fc.assert(
      fc.property(fc.array(str(10), { maxLength: 6 }), fc.boolean(), (lines, geometry) => {
        const endsShort = geometry ? (i: number) => i % 2 === 0 : undefined;
        expect(prose.joinProse(lines, oracle, endsShort)).toEqual(refProse.joinProse(lines, oracle, endsShort));
      }),
      { numRuns: 5_000 },
    );
  });

  it.each(SAMPLE.split("\n").map((l, i) => [i + 1, l] as const))("sample line %i", (_no, line) => {
    expect(text.matchKey(line)).toBe(refText.matchKey(line));
    expect(text.displayWidth(line)).toBe(refText.displayWidth(line));
    expect(prose.collapseInline(line)).toBe(refProse.collapseInline(line));
    for (const word of line.split(" ")) {
      expect(era.isFiscalYearLabel(word)).toBe(refEra.isFiscalYearLabel(word));
      expect(era.parseFiscalYear(word)).toBe(refEra.parseFiscalYear(word));
      expect(era.parseEraDate(word)).toBe(refEra.parseEraDate(word));
      expect(num.parseNumber(word)).toBe(refNum.parseNumber(word));
    }
  });
});

describe("load and tokenize: the rewrites agree with the code they replaced", () => {
  it("suspiciousShare", () => same(suspiciousShare, refDecode.suspiciousShare));
  it("suspiciousShare of every BMP code unit", () => {
    for (let c = 0; c <= 0xffff; c++) expect(suspiciousShare(String.fromCharCode(c)), c.toString(16)).toBe(refDecode.suspiciousShare(String.fromCharCode(c)));
  });

  const sheetOf = (lines: string[]) => ({ page: 1, lines: lines.map((t, i) => ({ no: i + 1, text: t })) });
  const plain = (s: TextSheet | RefTextSheet) => s.lines.map((l) => ({ ...l, tokens: l.tokens.map((t) => ({ ...t })) }));

  it("TextSheet on random lines", () => {
    const word = fc.oneof(str(8), fc.constantFrom("計画ど", "おり", "効", "果", "額", "10～12", "月", "コメント計画どおり", "完了", "（事業終了）", "\t\u3000計画", "歳入\t"));
    const line = fc.array(word, { maxLength: 4 }).map((ws) => ws.join(" "));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const mine = new TextSheet(sheetOf(lines));
        const ref = new RefTextSheet(sheetOf(lines));
        expect(plain(mine)).toEqual(plain(ref));
        for (let row = 0; row < mine.lines.length; row++) expect(mine.block(row)).toEqual(ref.block(row));
        for (const label of ["effectAmountTable", "q3", "comment", "revenueIncrease"] as const) {
          expect(mine.labelled(label)).toEqual(ref.labelled(label));
          expect(mine.first(label)).toEqual(ref.first(label));
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it("splitPages and TextSheet on the sample", () => {
    const mine = splitPages(SAMPLE);
    const ref = refPages.splitPages(SAMPLE);
    expect(mine).toEqual(ref);
    for (const page of mine.pages) expect(plain(new TextSheet(page))).toEqual(plain(new RefTextSheet(page)));
  });

  it("block() on sheets whose block numbers go up, repeat or come back", () => {
    const tok = () => new TextSheet(sheetOf(["x"])).tokens()[0]!;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 10 }), (blocks) => {
        const sheetLines = blocks.map((block, i) => ({ no: i + 1, tokens: [tok()], block }));
        const mine = new TextSheet({ page: 1, sheetLines });
        const ref = new RefTextSheet({ page: 1, sheetLines });
        for (let row = 0; row < blocks.length; row++) expect(mine.block(row)).toEqual(ref.block(row));
      }),
      { numRuns: 2_000 },
    );
  });

  it("splitPages with form feeds and furniture", () => {
    const line = fc.oneof(str(8), fc.constantFrom("重要度 Ｂ", "推進項目 51 x", "<<", "Ｒ１", "- 3 -", "", "アクションプラン（令和元年度）", "担当部署 市民課", "a\fb", "\f", "　アクションプラン全体計画（平成２８～令和２年度）", " 推進項目 1", "ｱｸｼｮﾝﾌﾟﾗﾝ（令和元年度）", "番号・取組事業名 x", "　番号取組事業名", "\t重要度\tA"));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const input = lines.join("\n");
        expect(splitPages(input)).toEqual(refPages.splitPages(input));
      }),
      { numRuns: 3_000 },
    );
  });
});
