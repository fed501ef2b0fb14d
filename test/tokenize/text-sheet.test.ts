import { describe, expect, it } from "vitest";
import { TextSheet, type Token } from "../../src/tokenize/text-sheet.js";

/** A sheet from lines numbered from `first` (the sample's `cat -n` numbers where a test copies them). */
function sheet(lines: string[], first = 1): TextSheet {
  return new TextSheet({ page: 1, lines: lines.map((text, i) => ({ no: first + i, text })) });
}

const texts = (s: TextSheet) => s.lines.map((l) => l.tokens.map((t) => t.text));
const only = (s: TextSheet): Token => {
  const toks = s.tokens();
  expect(toks).toHaveLength(1);
  return toks[0]!;
};

describe("TextSheet: labels and value words broken over lines are put back together", () => {
  it.each<[string, string[], string, { label?: string | null; words?: string[] }]>([
    // value words of narrow 区分 cells (sample lines 12–13, 18–19)
    ["計画ど / おり", ["計画ど", "おり"], "計画どおり", { label: null, words: ["status"] }],
    ["進んで / いる", ["進んで", "いる"], "進んでいる", { label: null, words: ["status"] }],
    // labels stacked one glyph a line (54–56, 190–192, 291–293, 211–212)
    ["効 / 果 / 額", ["効", "果", "額"], "効果額", { label: "effectAmountTable" }],
    ["上 / 半 / 期", ["上", "半", "期"], "上半期", { label: "firstHalf" }],
    ["年 / 度 / 末", ["年", "度", "末"], "年度末", { label: "yearEnd" }],
    ["評 / 価", ["評", "価"], "評価", { label: "evaluation" }],
    // labels wrapped in a narrow cell (58–59, 61–62, 66–68, 198–199, 201–202, 206–207, 265–267, 239–240)
    ["歳入 / 増加", ["歳入", "増加"], "歳入増加", { label: "revenueIncrease" }],
    ["歳出 / 削減", ["歳出", "削減"], "歳出削減", { label: "expenditureReduction" }],
    ["見込まれる / その他効果 / （金額以外）", ["見込まれる", "その他効果", "（金額以外）"], "見込まれるその他効果（金額以外）", { label: "otherEffect" }],
    ["達成状況 / 【成果】", ["達成状況", "【成果】"], "達成状況【成果】", { label: "achievement" }],
    ["進捗状況 / 【活動】", ["進捗状況", "【活動】"], "進捗状況【活動】", { label: "activity" }],
    ["総合評価 / (A・B・C)", ["総合評価", "(A・B・C)"], "総合評価(A・B・C)", { label: "grade" }],
    ["計画変更 / （次年度 / 以後）", ["計画変更", "（次年度", "以後）"], "計画変更（次年度以後）", { label: "planChange" }],
    ["コメント / 指示事項", ["コメント", "指示事項"], "コメント指示事項", { label: "evaluationComment" }],
    // value words with a bracketed tail (246–247, 230–231)
    ["完了 / （事業終了）", ["完了", "（事業終了）"], "完了（事業終了）", { label: null, words: ["activityOnly"] }],
    ["完了 / （目的未達成）", ["完了", "（目的未達成）"], "完了（目的未達成）", { label: null, words: ["direction"] }],
  ])("%s → one token %s", (_name, lines, text, expected) => {
    const s = sheet(lines, 40);
    const tok = only(s);
    expect(tok.text).toBe(text);
    if (expected.label !== undefined) expect(tok.label).toBe(expected.label);
    if (expected.words !== undefined) expect(tok.words).toEqual(expected.words);
    expect(tok.line).toBe(40);
    expect(tok.lineEnd).toBe(40 + lines.length - 1);
    expect(s.lines).toHaveLength(1);
    expect(s.lines[0]!.no).toBe(40);
  });

  it("10～12 / (blank) / 月 is the 10～12月 label across the extractor's blank line, and stays in its block", () => {
    // sample lines 164–168
    const s = sheet(["4～6月 7～9月", "10～12", "", "月", "1～3月"], 164);
    expect(texts(s)).toEqual([["4～6月", "7～9月"], ["10～12月"], ["1～3月"]]);
    expect(s.tokens().map((t) => t.label)).toEqual(["q1", "q2", "q3", "q4"]);
    const q3 = s.first("q3")!;
    expect([q3.line, q3.lineEnd]).toEqual([165, 167]);
    // the blank line inside the label does not open a new block
    expect(new Set(s.lines.map((l) => l.block)).size).toBe(1);
    expect(s.first("q4")!.line).toBe(168);
  });

  it("two stacked words in a row are two tokens, each with its own lines", () => {
    const s = sheet(["計画ど", "おり", "進んで", "いる"], 12);
    expect(texts(s)).toEqual([["計画どおり"], ["進んでいる"]]);
    expect(s.tokens().map((t) => [t.line, t.lineEnd])).toEqual([
      [12, 13],
      [14, 15],
    ]);
  });

  it("the longest label wins: 達成状況 alone is the short label, with 【成果】 the long one", () => {
    expect(only(sheet(["達成状況"])).label).toBe("achievement");
    expect(only(sheet(["達成状況", "【成果】"])).text).toBe("達成状況【成果】");
    expect(only(sheet(["進捗状況"])).label).toBe("progressStatus");
  });

  it("a label split over two blank lines is not merged (one blank line at most)", () => {
    const s = sheet(["10～12", "", "", "月"]);
    expect(texts(s)).toEqual([["10～12"], ["月"]]);
    expect(s.tokens().every((t) => t.label === null)).toBe(true);
  });
});

describe("TextSheet: prose and unrelated lines are never merged into labels", () => {
  it("a prose line starting like a broken word stays prose", () => {
    const s = sheet(["計画ど", "おりに事業を進めた。"]);
    expect(texts(s)).toEqual([["計画ど"], ["おりに事業を進めた。"]]);
    expect(s.tokens().every((t) => t.label === null && t.words.length === 0)).toBe(true);
  });

  it("a prose line that contains a label is one prose token, not the label", () => {
    const s = sheet(["効果額の算定方法を見直した。", "コメントを参考にして計画どおりに進める。"]);
    expect(s.tokens().map((t) => [t.text, t.label, t.words])).toEqual([
      ["効果額の算定方法を見直した。", null, []],
      ["コメントを参考にして計画どおりに進める。", null, []],
    ]);
  });

  it("a narrow prose cell whose lines look like label pieces is not turned into a label", () => {
    // 効果 is a label and 効果額 too, but 効果 / が期待される is prose wrapped in a narrow cell
    const s = sheet(["効果", "が期待される。"]);
    expect(texts(s)).toEqual([["効果"], ["が期待される。"]]);
    expect(s.lines[1]!.tokens[0]!.label).toBeNull();
  });

  it("a value word followed by an unrelated line stays alone (sample 21–23, 162–164)", () => {
    const s = sheet(["完了", "窓口の混雑緩", "和と待ち時間"], 21);
    expect(texts(s)).toEqual([["完了"], ["窓口の混雑緩"], ["和と待ち時間"]]);
    const done = s.tokens()[0]!;
    expect(done.words).toEqual(["status"]);
    expect([done.line, done.lineEnd]).toEqual([21, 21]);

    const s2 = sheet(["完了", "", "4～6月 7～9月"], 162);
    expect(texts(s2)).toEqual([["完了"], ["4～6月", "7～9月"]]);
    expect(s2.tokens()[0]!.lineEnd).toBe(162);
  });

  it("達　成 followed by a blank line and 完了 stays 達成 then 完了 (sample 1148–1150)", () => {
    const s = sheet(["達　成", "", "完了", "（事業終了）"], 1148);
    expect(texts(s)).toEqual([["達　成"], ["完了（事業終了）"]]);
    expect(s.tokens().map((t) => t.words)).toEqual([["achievement"], ["activityOnly"]]);
  });

  it("コメント followed by another コメント stays two labels (sample 1397–1399)", () => {
    const s = sheet(["コメント", "", "コメント"], 1397);
    expect(s.tokens().map((t) => [t.label, t.line])).toEqual([
      ["comment", 1397],
      ["comment", 1399],
    ]);
  });
});

describe("TextSheet: glued tokens", () => {
  it("コメント計画どおり (sample 251) is the コメント label and the word 計画どおり, both on line 251", () => {
    const s = sheet(["コメント計画どおり"], 251);
    expect(s.tokens().map((t) => [t.text, t.label, t.words, t.line, t.lineEnd])).toEqual([
      ["コメント", "comment", [], 251, 251],
      ["計画どおり", null, ["status"], 251, 251],
    ]);
    expect(s.lines).toHaveLength(1);
  });

  it("the other way round, 計画どおりコメント, splits too", () => {
    expect(sheet(["計画どおりコメント"]).tokens().map((t) => t.text)).toEqual(["計画どおり", "コメント"]);
  });

  it("a token only partly made of lexicon entries is prose and is not cut", () => {
    expect(sheet(["コメント計画どおりに実施"]).tokens().map((t) => t.text)).toEqual(["コメント計画どおりに実施"]);
    expect(sheet(["計画どおり実施した"]).tokens().map((t) => t.text)).toEqual(["計画どおり実施した"]);
  });
});

describe("TextSheet: lines, cells and blocks", () => {
  it("an ASCII space separates cells; a full-width space stays inside its cell", () => {
    const s = sheet(["担当部署 市民生活部　市民課 藤本　裕司"], 139);
    expect(texts(s)).toEqual([["担当部署", "市民生活部　市民課", "藤本　裕司"]]);
    expect(s.tokens()[0]!.label).toBe("department");
  });

  it("達　成 (a word spaced out with U+3000) is the achievement word 達成, printed text kept", () => {
    const tok = only(sheet(["達　成"]));
    expect(tok.text).toBe("達　成");
    expect(tok.key).toBe("達成");
    expect(tok.words).toEqual(["achievement"]);
  });

  it("a leading full-width indent is kept on the first token (prose needs it to see a paragraph)", () => {
    const s = sheet(["　今後，マイナンバーカード及びコンビニ交付の普及をより一層推"]);
    expect(s.tokens()[0]!.text.startsWith("\u3000")).toBe(true);
  });

  it("tokens keep their input line numbers, and row points at their sheet line", () => {
    const s = sheet(["1 ○ ○", "", "", "2 ○", "3"], 170);
    expect(s.lines.map((l) => l.no)).toEqual([170, 173, 174]);
    expect(s.tokens().map((t) => [t.text, t.line, t.lineEnd, t.row])).toEqual([
      ["1", 170, 170, 0],
      ["○", 170, 170, 0],
      ["○", 170, 170, 0],
      ["2", 173, 173, 1],
      ["○", 173, 173, 1],
      ["3", 174, 174, 2],
    ]);
    expect(s.tokens().filter((t) => t.words.includes("mark"))).toHaveLength(3);
  });

  it("blank lines split blocks; several blank lines make one gap; whitespace-only lines are blank", () => {
    const s = sheet(["a", "b", "", "c", "", "", "d", "   ", "\u3000", "e"]);
    expect(s.lines.map((l) => [l.tokens[0]!.text, l.block])).toEqual([
      ["a", 1],
      ["b", 1],
      ["c", 2],
      ["d", 3],
      ["e", 4],
    ]);
    expect(s.block(0).map((l) => l.no)).toEqual([1, 2]);
    expect(s.block(2).map((l) => l.no)).toEqual([4]);
    expect(s.block(3).map((l) => l.no)).toEqual([7]);
  });

  it("before/after/next/prev/first/labelled navigate the sheet", () => {
    const s = sheet(["051000 責任者 担当者 伊藤　朝子", "", "区分", "完了"]);
    const mgr = s.first("manager")!;
    expect(s.before(mgr).map((t) => t.text)).toEqual(["051000"]);
    expect(s.after(mgr).map((t) => t.text)).toEqual(["担当者", "伊藤　朝子"]);
    const cat = s.first("category")!;
    expect(s.next(cat.row)!.tokens[0]!.text).toBe("完了");
    expect(s.prev(cat.row)!.no).toBe(1);
    expect(s.prev(0)).toBeUndefined();
    expect(s.next(3)).toBeUndefined();
    expect(s.labelled("staff")).toHaveLength(1);
    expect(s.first("finalGoal")).toBeUndefined();
  });
});
