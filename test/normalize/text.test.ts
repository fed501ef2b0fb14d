import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  collapseSpaces,
  displayWidth,
  fixRadicals,
  gradeOf,
  matchKey,
  normalizeWaveDash,
  toHalfWidthAscii,
} from "../../src/normalize/text.js";

const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")).join(" ");

describe("toHalfWidthAscii", () => {
  it.each<[string, string]>([
    ["Ｒ１", "R1"],
    ["Ｈ２８", "H28"],
    ["Ｂ", "B"],
    ["ａｂｃＸＹＺ０１２９", "abcXYZ0129"],
    ["（Ａ・Ｂ・Ｃ）", "(A・B・C)"], // ・ is Japanese and stays
    ["！＂＃＄％＆＇＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝", "!\"#$%&'*+,-./:;<=>?@[\\]^_`{|}"],
    ["ＳＮＳの活用", "SNSの活用"],
    ["市民課", "市民課"],
    ["H28 ～ Ｒ１", "H28 ～ R1"], // ～ U+FF5E is the wave dash of a range, not a tilde
    ["宮　本", "宮　本"], // U+3000 is left to collapseSpaces
    ["ｺﾝﾋﾞﾆ", "ｺﾝﾋﾞﾆ"],
    ["￥１００", "￥100"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(toHalfWidthAscii(input)).toBe(expected);
  });
});

describe("fixRadicals", () => {
  // Each pair checked against the Unicode character names and EquivalentUnifiedIdeograph.txt.
  it.each<[string, number, string, number]>([
    ["⺠", 0x2ea0, "民", 0x6c11], // CJK RADICAL CIVILIAN
    ["⻑", 0x2ed1, "長", 0x9577], // CJK RADICAL LONG ONE
    ["⻄", 0x2ec4, "西", 0x897f], // CJK RADICAL WEST TWO
    ["⻤", 0x2ee4, "鬼", 0x9b3c], // CJK RADICAL GHOST
    ["⺟", 0x2e9f, "母", 0x6bcd], // CJK RADICAL MOTHER
    ["⻘", 0x2ed8, "青", 0x9752], // CJK RADICAL BLUE
    ["⻝", 0x2edd, "食", 0x98df], // CJK RADICAL EAT ONE
    ["⻩", 0x2ee9, "黄", 0x9ec4], // CJK RADICAL SIMPLIFIED YELLOW
    ["⻫", 0x2eeb, "斉", 0x6589], // CJK RADICAL J-SIMPLIFIED EVEN
    ["⻭", 0x2eed, "歯", 0x6b6f], // CJK RADICAL J-SIMPLIFIED TOOTH
    ["⻲", 0x2ef2, "亀", 0x4e80], // CJK RADICAL J-SIMPLIFIED TURTLE
    ["⻯", 0x2eef, "竜", 0x7adc], // CJK RADICAL J-SIMPLIFIED DRAGON
    // Kangxi radicals, via NFKC.
    ["⽬", 0x2f6c, "目", 0x76ee],
    ["⾏", 0x2f8f, "行", 0x884c],
    ["⼀", 0x2f00, "一", 0x4e00],
    ["⾨", 0x2fa8, "門", 0x9580],
    ["⾭", 0x2fad, "靑", 0x9751], // NFKC gives the traditional form; the Japanese 青 comes as ⻘ U+2ED8
    // The two Kangxi radicals whose Japanese glyph twin is not their NFKC target.
    ["⼾", 0x2f3e, "戸", 0x6238],
    ["⿊", 0x2fca, "黒", 0x9ed2],
  ])("%s U+%s → %s", (radical, from, ideograph, to) => {
    expect(radical.codePointAt(0)).toBe(from);
    expect(ideograph.codePointAt(0)).toBe(to);
    expect(fixRadicals(radical)).toBe(ideograph);
  });

  it("fixes radicals inside text and folds nothing else", () => {
    expect(fixRadicals("市⺠⽣活部　市⺠課 ⾏政サービス 部⻑ Ｒ１ ～ 〜 ｺﾝﾋﾞﾆ")).toBe("市民生活部　市民課 行政サービス 部長 Ｒ１ ～ 〜 ｺﾝﾋﾞﾆ");
  });

  it("every CJK Radicals Supplement code point becomes a unified ideograph, except U+2E80 and the unassigned U+2E9A", () => {
    const unchanged: string[] = [];
    for (let c = 0x2e80; c <= 0x2ef3; c++) {
      const out = fixRadicals(String.fromCodePoint(c));
      if (out === String.fromCodePoint(c)) unchanged.push(c.toString(16));
      else expect(out, c.toString(16)).toMatch(/^\p{Unified_Ideograph}$/u);
    }
    expect(unchanged).toEqual(["2e80", "2e9a"]);
  });

  it("every Kangxi radical becomes a unified ideograph", () => {
    for (let c = 0x2f00; c <= 0x2fd5; c++) {
      expect(fixRadicals(String.fromCodePoint(c)), c.toString(16)).toMatch(/^\p{Unified_Ideograph}$/u);
    }
  });

  it("astral equivalents come out as one code point (U+2E87 → U+20628)", () => {
    expect(cp(fixRadicals("\u2e87"))).toBe("20628");
  });

  it("property: idempotent, and the identity on text without radicals", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const once = fixRadicals(s);
        expect(fixRadicals(once)).toBe(once);
        if (!/[\u2e80-\u2fdf]/u.test(s)) expect(once).toBe(s);
      }),
    );
  });
});

describe("normalizeWaveDash", () => {
  it("〜 U+301C → ～ U+FF5E and nothing else", () => {
    expect(cp(normalizeWaveDash("〜"))).toBe("FF5E");
    expect(normalizeWaveDash("H28 〜 R1 ～ R2 ~ R3")).toBe("H28 ～ R1 ～ R2 ~ R3");
    expect(normalizeWaveDash("")).toBe("");
  });
});

describe("collapseSpaces", () => {
  it.each<[string, string]>([
    ["宮　本　　等", "宮 本 等"],
    ["市民生活部　市民課", "市民生活部 市民課"],
    ["  a \t\t b  ", "a b"],
    ["\u3000伊藤　朝子\u3000", "伊藤 朝子"],
    ["a\u00a0b", "a b"],
    ["一行目  \n  二行目", "一行目\n二行目"],
    ["a\n\nb", "a\n\nb"],
    ["   ", ""],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(collapseSpaces(input)).toBe(expected);
  });
});

describe("matchKey", () => {
  it.each<[string, string]>([
    ["計画ど\nおり", "計画どおり"],
    ["総合評価\n(A・B・C)", "総合評価（Ａ・Ｂ・Ｃ）"],
    ["Ｈ２８ 〜 Ｒ１", "H28～R1"],
    ["⾏政サービス", "行政サービス"],
    ["市⺠課", "市民課"],
    ["達　成", "達成"],
    ["ｺﾝﾋﾞﾆ", "コンビニ"],
    ["効\n果\n額", "効果額"],
  ])("%j matches %j", (a, b) => {
    expect(matchKey(a)).toBe(matchKey(b));
  });

  it.each<[string, string]>([
    ["実績値", "計画値"],
    ["H28", "H29"],
    ["達成", "未達成"],
  ])("%j does not match %j", (a, b) => {
    expect(matchKey(a)).not.toBe(matchKey(b));
  });

  it("has no whitespace left and is idempotent", () => {
    expect(matchKey(" 計画 \t値\u3000\n")).toBe("計画値");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const k = matchKey(s);
        expect(k).not.toMatch(/\s/u);
        expect(matchKey(k)).toBe(k);
      }),
    );
  });
});

describe("gradeOf", () => {
  it.each<[string, "A" | "B" | "C" | null]>([
    ["Ｂ", "B"],
    ["B", "B"],
    ["ｂ", "B"],
    ["b", "B"],
    ["Ａ", "A"],
    ["ｃ", "C"],
    [" Ｂ\u3000", "B"],
    ["D", null],
    ["Ｄ", null],
    ["AB", null],
    ["(A・B・C)", null],
    ["Ａ事業", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(gradeOf(input)).toBe(expected);
  });
});

describe("displayWidth", () => {
  it.each<[string, number]>([
    ["", 0],
    ["行政", 2],
    ["窓口の混雑緩", 6],
    ["abc", 1.5],
    ["R1", 1],
    ["Ｒ１", 2],
    ["ｺﾝﾋﾞﾆ", 2.5],
    ["（金額以外）", 6],
    ["○", 1],
    ["①", 1],
    ["※", 1],
    ["～", 1],
    ["\u3000", 1],
    ["が", 1],
    ["か\u3099", 1], // combining voiced mark adds nothing
    ["\n\t", 0],
    ["白ばらかし", 5],
    ["7月（参議選を特集）", 9.5],
  ])("%j → %j", (input, expected) => {
    expect(displayWidth(input)).toBe(expected);
  });
});
