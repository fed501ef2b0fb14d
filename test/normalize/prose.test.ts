import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { collapseInline, joinProse, type WordOracle } from "../../src/normalize/prose.js";
import { displayWidth } from "../../src/normalize/text.js";
import { LazyWordOracle } from "../../src/normalize/word-oracle.js";

const SAMPLE_LINES = readFileSync(new URL("../../fixtures/kashiwa-ap-r1-item51.txt", import.meta.url), "utf8").split("\n");
/** Lines from..to of the sample, as `cat -n` numbers them. */
const sample = (from: number, to: number) => SAMPLE_LINES.slice(from - 1, to);

const EXAMPLE = JSON.parse(readFileSync(new URL("../cli/data/example-51001.json", import.meta.url), "utf8"));
const expected = (planNo: string) => JSON.parse(readFileSync(new URL(`../../fixtures/expected/${planNo}.json`, import.meta.url), "utf8"));

/** A fake oracle that records every question and gives a fixed answer. */
function fakeOracle(answer: boolean | null): WordOracle & { calls: [string, string][] } {
  const calls: [string, string][] = [];
  return {
    calls,
    splitsWord(left, right) {
      calls.push([left, right]);
      return answer;
    },
  };
}

describe("joinProse: wrapped lines", () => {
  it("joins a cell's wrapped lines with no space (sample 126–127 → example years[3].content)", () => {
    const lines = sample(126, 127);
    expect(lines[0]!.endsWith("廃")).toBe(true); // a word cut by the wrap
    expect(joinProse(lines)).toBe(EXAMPLE.overall.years[3].content);
    expect(joinProse(lines)).not.toMatch(/[\s\n]/);
  });

  it("drops the first line's indent and joins a full line that ends mid-word (131–133 → example finalGoal)", () => {
    expect(joinProse(sample(131, 133))).toBe(EXAMPLE.overall.finalGoal);
  });

  it("joins a line that ends a sentence when it reaches the block's width (51003 924–929 → evaluation.comment)", () => {
    // 927 ends in 重要で / 928 starts ある。…: no sentence end at a line end except the last
    expect(joinProse(sample(924, 929))).toBe(expected("51003").annual.evaluation.comment);
  });

  it("returns null for no lines or only blank lines, and ignores blank lines between", () => {
    expect(joinProse([])).toBeNull();
    expect(joinProse(["", "  ", "\u3000"])).toBeNull();
    expect(joinProse(["窓口の混雑緩", "", "和と待ち時間"])).toBe("窓口の混雑緩和と待ち時間");
  });
});

describe("joinProse: breaks the author made stay as \\n", () => {
  it("before each ・ bullet (51003 870–876 → firstHalf.comment)", () => {
    const out = joinProse(sample(870, 876))!;
    expect(out).toBe(expected("51003").annual.firstHalf.comment);
    expect(out.split("\n")).toHaveLength(3);
    expect(out.split("\n").every((l) => l.startsWith("・"))).toBe(true);
  });

  it("before a full-width indent, which is dropped (sample 253–259 → example firstHalf.comment)", () => {
    expect(SAMPLE_LINES[258 - 1]!.startsWith("\u3000")).toBe(true);
    expect(joinProse(sample(253, 259))).toBe(EXAMPLE.annual.firstHalf.comment);
  });

  it("after a short line that ends a sentence (sample 217–222 and 233–237)", () => {
    expect(joinProse(sample(217, 222))).toBe(EXAMPLE.annual.yearEnd.comment);
    expect(joinProse(sample(233, 237))).toBe(EXAMPLE.annual.evaluation.comment);
  });

  it("after a line ending 。）。 (51002 368–374 → finalGoal), not after full lines", () => {
    expect(joinProse(sample(368, 374))).toBe(expected("51002").overall.finalGoal);
  });

  it("after a sentence line a few characters short, by width not by a fixed length (51003 912–915)", () => {
    expect(displayWidth(SAMPLE_LINES[912 - 1]!)).toBe(26);
    expect(displayWidth(SAMPLE_LINES[913 - 1]!)).toBe(29);
    expect(joinProse(sample(912, 915))).toBe(expected("51003").annual.yearEnd.comment);
  });

  it("a leading （ is not a bullet: 603–608 breaks only after the short line 606", () => {
    expect(joinProse(sample(603, 608))).toBe(expected("51002").annual.yearEnd.comment);
  });

  it("a numbered item （１） or ① starts a line", () => {
    const full = "柏市明るい選挙推進協議会の全面的な協力もあり，紙面を作成";
    expect(joinProse([full, "（１）新聞折り込みを行った。"])).toBe(`${full}\n（１）新聞折り込みを行った。`);
    expect(joinProse([full, "①新聞折り込みを行った。"])).toBe(`${full}\n①新聞折り込みを行った。`);
  });

  // BUG (src/normalize/prose.ts BULLET): the numbered-item pattern [0-9]+[.．、)）]\s*\S also
  // matches a decimal number, so a wrapped line that happens to start with "12.5%" is read as a
  // new item "12." and gets a "\n". A decimal is not a list number; the lines should be joined.
  it("a wrapped line that starts with a decimal number is not a numbered item", () => {
    const full = "コンビニ交付の利用率は，前年度の実績を上回り，証明書交付全体の";
    expect(joinProse([full, "12.5%に達した。"])).toBe(`${full}12.5%に達した。`);
  });
});

describe("joinProse: width decides whether a sentence end is a break", () => {
  const a31 = "柏市明るい選挙推進協議会の全面的な協力もあり，紙面を作成した。";
  const a30 = "柏市明るい選挙推進協議会の全面的な協力もあり，紙面作成した。";
  const a29 = "柏市明るい選挙推進協議会の全面的な協力もあり，紙作成した。";
  const b30 = "また，新聞社を絞った新聞折り込みや，市ホームページへの掲載な";
  const b31 = "また，新聞社を絞った新聞折り込みや，市ホームページへの掲載など";

  it("premise: the widths", () => {
    expect([a31, a30, a29, b30, b31].map(displayWidth)).toEqual([31, 30, 29, 30, 31]);
  });

  it("a full-width line ending in 。 that reaches the block's width is a wrap, not a break", () => {
    expect(joinProse([a31, b30, "どを行った。"])).toBe(`${a31}${b30}どを行った。`);
  });

  it("one character short of the width is still a wrap (kinsoku slack)", () => {
    expect(joinProse([a30, b31, "を行った。"])).toBe(`${a30}${b31}を行った。`);
  });

  it("two characters short is a break", () => {
    expect(joinProse([a29, b31, "を行った。"])).toBe(`${a29}\n${b31}を行った。`);
  });

  it("trailing spaces do not count toward a line's width", () => {
    expect(joinProse([`${a29}   `, b31])).toBe(`${a29}\n${b31}`);
    expect(joinProse([a31, `${b30}\u3000\u3000`, "どを行った。"])).toBe(`${a31}${b30}どを行った。`);
  });
});

describe("joinProse: narrow cells", () => {
  it("joins a 6–7 character cell whose sentences end mid-line (sample 70–76)", () => {
    const oracle = fakeOracle(false);
    expect(joinProse(sample(70, 76), oracle)).toBe(EXAMPLE.overall.years[0].otherEffect);
    expect(oracle.calls).toEqual([]);
  });

  it("joins ragged short lines of an 8 character cell without asking the oracle (51005 1240–1246)", () => {
    const lines = sample(1240, 1246);
    expect(Math.max(...lines.map(displayWidth))).toBe(8);
    expect(displayWidth(lines[2]!)).toBe(5); // 市のホーム: clearly short, no punctuation
    const oracle = fakeOracle(false);
    expect(joinProse(lines, oracle)).toBe(expected("51005").overall.years[3].otherEffect);
    expect(oracle.calls).toEqual([]);
  });
});

describe("joinProse: the word oracle", () => {
  const short = "地域資料のアーカイブと活用についての情報収集"; // 22
  const full = "協議会や地域との話し合い，専門家による地域資料の重要性につ"; // 29
  const last = "いての講演会を開催した。";

  it("premise: the first line is clearly short (≤ 80 % of the block's width) and the block is wide", () => {
    expect(displayWidth(short)).toBe(22);
    expect(displayWidth(full)).toBe(29);
    expect(22 / 29).toBeLessThan(0.8);
  });

  it("is asked about a clearly short line without sentence punctuation in a wide block, once, with both lines", () => {
    const oracle = fakeOracle(true);
    joinProse([short, full, last], oracle);
    expect(oracle.calls).toEqual([[short, full]]);
  });

  it("its answer decides: splits a word → join; does not → break; cannot tell → join", () => {
    expect(joinProse([short, full, last], fakeOracle(true))).toBe(`${short}${full}${last}`);
    expect(joinProse([short, full, last], fakeOracle(false))).toBe(`${short}\n${full}${last}`);
    expect(joinProse([short, full, last], fakeOracle(null))).toBe(`${short}${full}${last}`);
    expect(joinProse([short, full, last])).toBe(`${short}${full}${last}`);
  });

  it("is given the lines trimmed", () => {
    const oracle = fakeOracle(true);
    joinProse([`\u3000${short}  `, full], oracle);
    expect(oracle.calls).toEqual([[`\u3000${short}`.trim(), full]]);
  });

  it.each<[string, string[]]>([
    ["the short line ends a sentence", ["地域資料のアーカイブと活用について調べた。", full, last]],
    ["the line is within 80 % of the width", ["地域資料のアーカイブと活用についての情報収集を行", full, last]],
    ["the line ends in a comma", [`${short}，`, full, last]],
    ["the line ends in an ideographic comma", [`${short}、`, full, last]],
    ["the next line is a bullet", [short, `・${full}`]],
    ["the next line is indented", [short, `\u3000${full}`]],
    ["the block is narrow", ["窓口の", "混雑緩和と待ち時間", "の短縮が図られる"]],
  ])("is not asked when %s", (_why, lines) => {
    const oracle = fakeOracle(false);
    joinProse(lines, oracle);
    expect(oracle.calls).toEqual([]);
  });

  it("kuromoji (LazyWordOracle) answers null until loaded, then: ホーム|ページ splits a word, 図書館|の does not", async () => {
    const oracle = new LazyWordOracle();
    // nothing in this file loaded the dictionary yet
    expect(oracle.splitsWord("市のホーム", "ページの利便")).toBeNull();
    expect(oracle.asked).toBe(true);
    await oracle.ensureLoaded();
    expect(oracle.splitsWord("市のホーム", "ページの利便")).toBe(true);
    expect(oracle.splitsWord("とで，図書館", "の開館時間に")).toBe(false);
    // and in a wide block that decides the join
    const wide = "市民の利便性の向上のため，新たに市のホーム";
    const next = "ページにおいて手続きの案内を開始することとした。";
    const other = "これまでは窓口で案内していたが，来庁の必要がなくなった。";
    expect(joinProse([wide, next, other], oracle)).toBe(`${wide}${next}\n${other}`);
    expect(joinProse(["郷土資料のデジタル化を進める図書館", "の開館時間に制限されることなく，資料を参照できる。"], oracle)).toBe(
      "郷土資料のデジタル化を進める図書館\nの開館時間に制限されることなく，資料を参照できる。",
    );
  });
});

describe("collapseInline", () => {
  it.each<[string, string]>([
    ["発行した　印刷部数136,000部　新聞折り込み134,553部", "発行した　印刷部数136,000部　新聞折り込み134,553部"], // a lone U+3000 as printed
    ["宮　本　　等", "宮　本 等"], // a run of two collapses to one ASCII space
    ["利用  案内", "利用 案内"],
    ["利用\t案内", "利用 案内"],
    ["利用 \u3000案内", "利用 案内"],
    ["\u3000自動交付機廃止については，", "自動交付機廃止については，"],
    ["  前後の空白  \u3000", "前後の空白"],
    ["", ""],
  ])("%j → %j", (input, output) => {
    expect(collapseInline(input)).toBe(output);
  });

  it("joinProse keeps a lone full-width space inside a line (51002 379–380 → years[0].content)", () => {
    const out = joinProse(sample(379, 380))!;
    expect(out).toBe(expected("51002").overall.years[0].content);
    expect(out).toContain("発行した　印刷部数");
  });
});
