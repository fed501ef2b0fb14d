import { describe, expect, it } from "vitest";
import type { WordOracle } from "../../src/normalize/prose.js";
import { PageContext } from "../../src/sections/context.js";
import { parseHeader } from "../../src/sections/header.js";
import { parseOverall, type OverallDraft } from "../../src/sections/overall.js";
import { TextSheet } from "../../src/tokenize/text-sheet.js";

/** Parse a 全体計画 page of these lines (numbered from 1, "" = a blank line) as the pipeline does: header first. */
function overall(lines: string[], oracle?: WordOracle): { d: OverallDraft; ctx: PageContext } {
  const ctx = new PageContext(new TextSheet({ page: 1, lines: lines.map((text, i) => ({ no: i + 1, text })) }), oracle);
  parseHeader(ctx);
  return { d: parseOverall(ctx), ctx };
}

const TITLE = "アクションプラン全体計画　（平成２８～令和２年度）";

describe("parseOverall: 取組年度", () => {
  it("a range on a line of its own (51001 line 8), not the title's years", () => {
    const { d } = overall([TITLE, "", "H28 ～ Ｒ１", "", "取組年度"]);
    expect(d.period).toEqual({ from: 2016, to: 2019 });
  });

  it("Ｒ１ ～ Ｒ２ (51005 line 1190)", () => {
    expect(overall(["Ｒ１ ～ Ｒ２", "", "取組年度"]).d.period).toEqual({ from: 2019, to: 2020 });
  });

  it("a range right of its label", () => {
    expect(overall(["取組年度 H30 ～ Ｒ１"]).d.period).toEqual({ from: 2018, to: 2019 });
  });

  it("no range printed → null", () => {
    expect(overall([TITLE, "", "取組年度"]).d.period).toBeNull();
  });
});

describe("parseOverall: 効果", () => {
  it.each<[string, string[]]>([
    ["効果 その他改善", ["その他改善"]],
    ["効果 歳出削減 その他改善", ["歳出削減", "その他改善"]],
    ["効果 その他改善 歳出削減", ["歳出削減", "その他改善"]], // contract order, not printed order
    ["効果 その他改善 歳出削減 歳入増加", ["歳入増加", "歳出削減", "その他改善"]],
    ["効果", []],
  ])("%s → %j", (line, types) => {
    const { d } = overall([line]);
    expect(d.effectTypes).toEqual(types);
  });
});

describe("parseOverall: 最終目標", () => {
  it("the block after the label, wraps joined (51001 lines 129–133)", () => {
    const { d } = overall([
      "最終目標",
      "",
      "　個人番号カードの普及に伴い，コンビニエンスストア等での証明書等の自動交付事業の推進は市民サービス",
      "の向上につながり，将来的には本庁と駅前行政サービスセンターに設置してある自動交付機の廃止を検討す",
      "る。",
      "",
      "年度 取組内容・目標",
    ]);
    expect(d.finalGoal).toBe(
      "個人番号カードの普及に伴い，コンビニエンスストア等での証明書等の自動交付事業の推進は市民サービスの向上につながり，将来的には本庁と駅前行政サービスセンターに設置してある自動交付機の廃止を検討する。",
    );
  });
});

describe("parseOverall: the 年度 rows (取組内容・目標)", () => {
  const { d } = overall([
    "年度 取組内容・目標",
    "",
    "平成28年度 平成２８年１１月から証明書のコンビニ交付を開始した。", // 3: year and content on one line
    "",
    "平成29年度 柏市内高校三年生向けに発行　印刷部数10,000部", // 5: a lone full-width space in the content
    "",
    "令和元年度", // 7: the year alone, its content below
    "コンビニ交付の円滑な運用及び利用率向上のため市民への啓発を図る。９月末日の自動交付機の廃",
    "止に向け，自動交付機利用者に対しマイナンバーカードの取得促進を図る。",
    "",
    "令和2年度", // 11: the year alone and empty, half-width 2 as 51005 prints it
    "",
    "証明書交付全体に対する，コンビニエンスストア等における自動交付利用率 単位",
  ]);

  it("one row a year label, in text order, labels as printed", () => {
    expect(d.yearRows.map((r) => [r.fiscalYear, r.label, r.line])).toEqual([
      [2016, "平成28年度", 3],
      [2017, "平成29年度", 5],
      [2019, "令和元年度", 7],
      [2020, "令和2年度", 11],
    ]);
  });

  it("content on the year's line", () => {
    expect(d.yearRows[0]!.content).toBe("平成２８年１１月から証明書のコンビニ交付を開始した。");
    expect(d.yearRows[1]!.content).toBe("柏市内高校三年生向けに発行　印刷部数10,000部");
  });

  it("content below a year printed alone, wraps joined", () => {
    expect(d.yearRows[2]!.content).toBe(
      "コンビニ交付の円滑な運用及び利用率向上のため市民への啓発を図る。９月末日の自動交付機の廃止に向け，自動交付機利用者に対しマイナンバーカードの取得促進を図る。",
    );
  });

  it("a year alone before a blank line is empty: the next block is not its content", () => {
    expect(d.yearRows[3]!.content).toBeNull();
    expect(d.indicatorName).toBe("証明書交付全体に対する，コンビニエンスストア等における自動交付利用率");
  });
});

describe("parseOverall: the column header", () => {
  it("平成27年度 / 当初予算（基準） is the base column; the five years after it are the columns (51001 118–119)", () => {
    const { d } = overall([
      "平成27年度",
      "当初予算（基準） 平成28年度 平成29年度 平成30年度 令和元年度 令和２年度",
      "",
      "平成29年度 コンビニ交付の円滑な運用及び利用率向上のための市民への啓発を図った。",
    ]);
    expect(d.columnYears).toEqual([2016, 2017, 2018, 2019, 2020]);
    // the header's years are not year rows; the real row after it is
    expect(d.yearRows.map((r) => r.fiscalYear)).toEqual([2017]);
  });

  it("令和2年度 printed half-width (51005 1284–1285)", () => {
    const { d } = overall(["平成27年度", "当初予算（基準） 平成28年度 平成29年度 平成30年度 令和元年度 令和2年度"]);
    expect(d.columnYears).toEqual([2016, 2017, 2018, 2019, 2020]);
  });

  it("no header → null", () => {
    expect(overall(["平成29年度 啓発を図った。"]).d.columnYears).toBeNull();
  });
});

describe("parseOverall: 指標名 and 単位", () => {
  it("51001: 指標名 % and '<name> 単位' → unit %, the long text is the name", () => {
    const { d } = overall(["指標名 %", "", "証明書交付全体に対する，コンビニエンスストア等における自動交付利用率 単位"]);
    expect(d.unit).toBe("%");
    expect(d.indicatorName).toBe("証明書交付全体に対する，コンビニエンスストア等における自動交付利用率");
  });

  it("51002: a four-character name (印刷部数) and a one-character unit (部)", () => {
    const { d } = overall(["指標名 部", "", "印刷部数 単位"]);
    expect(d.unit).toBe("部");
    expect(d.indicatorName).toBe("印刷部数");
  });

  it("the name may come first in the text (51003 648 / 707)", () => {
    const { d } = overall(["郷土資料のデジタル化 単位", "", "指標名 冊"]);
    expect(d.unit).toBe("冊");
    expect(d.indicatorName).toBe("郷土資料のデジタル化");
  });

  // BUG (src/sections/overall.ts parseIndicatorHead): name and unit are told apart by length only
  // (the shortest candidate of ≤ 4 characters is the unit). The form's row is 指標名 | name | 単位 |
  // unit, and in all five plans of the sample the text left of 単位 is the name (116, 396, 707,
  // 1001, 1282); so a name shorter than its unit (満足度 in ポイント) is read the wrong way round.
  it("the text left of 単位 is the name even when it is shorter than the unit", () => {
    const { d } = overall(["指標名 ポイント", "", "満足度 単位"]);
    expect(d.indicatorName).toBe("満足度");
    expect(d.unit).toBe("ポイント");
  });
});

describe("parseOverall: 最終値 beside the row labels", () => {
  // 51002 lines 336–353
  const { d } = overall([
    "年度 最終値",
    "",
    "当初計画値 73,000",
    "変更計画値 101,500",
    "",
    "実績値 0",
    "当初計画額 0",
    "変更計画額 0",
    "",
    "実績額 0",
    "当初計画額 2,110",
    "変更計画額 3,120",
    "",
    "実績額 2,157",
    "当初計画額 2,110",
    "変更計画額 3,120",
    "",
    "実績額 2,157",
  ]);

  it("成果指標 finals", () => {
    expect(d.indicatorFinals).toEqual({ initialPlan: 73000, revisedPlan: 101500, actual: 0 });
  });

  it("効果額 finals: the label's occurrences are 歳入増加, 歳出削減, 計 in that order", () => {
    expect(d.amountFinals).toEqual({
      revenueIncrease: { initialPlan: 0, revisedPlan: 0, actual: 0 },
      expenditureReduction: { initialPlan: 2110, revisedPlan: 3120, actual: 2157 },
      total: { initialPlan: 2110, revisedPlan: 3120, actual: 2157 },
    });
  });

  it("the finals are not numeric rows", () => {
    expect(d.numericLines).toEqual([]);
  });

  it("a label with no number beside it has a null final (not 0)", () => {
    const { d: e } = overall(["当初計画値", "", "変更計画値 7"]);
    expect(e.indicatorFinals).toEqual({ initialPlan: null, revisedPlan: 7, actual: null });
  });
});

describe("parseOverall: 区分, numeric rows and その他効果", () => {
  // after 51001 lines 10–22, 51–56, 64–84, 102–112
  const { d, ctx } = overall([
    "区分", // 1
    "",
    "計画ど", // 3
    "おり",
    "",
    "進んで", // 6
    "いる",
    "",
    "完了", // 9
    "",
    "成果指標", // 11
    "",
    "0", // 13
    "効", // 14
    "果",
    "額",
    "",
    "計", // 18
    "",
    "窓口の混雑緩", // 20
    "和と待ち時間",
    "の短縮が図ら",
    "れる。",
    "",
    "窓口の混雑緩", // 25
    "和と待ち時間",
    "の短縮が図ら",
    "れる。",
    "",
    "0 0 0 0 0", // 30
    "",
    "1 1 3 4", // 32
    "",
    "1,000 10,000 101,500 101,500", // 34
  ]);

  it("status words in text order, broken ones put together", () => {
    expect(d.categories).toEqual([
      { value: "計画どおり", line: 3, place: { page: 1, line: 3 } },
      { value: "進んでいる", line: 6, place: { page: 1, line: 6 } },
      { value: "完了", line: 9, place: { page: 1, line: 9 } },
    ]);
  });

  it("numeric rows, numbers parsed, with their lines; the lone 0 too", () => {
    expect(d.numericLines).toEqual([
      { values: [0], line: 13 },
      { values: [0, 0, 0, 0, 0], line: 30 },
      { values: [1, 1, 3, 4], line: 32 },
      { values: [1000, 10000, 101500, 101500], line: 34 },
    ]);
  });

  it("each narrow prose block is one その他効果 cell, joined", () => {
    expect(d.otherEffects).toEqual([
      { value: "窓口の混雑緩和と待ち時間の短縮が図られる。", line: 20, place: { page: 1, line: 20 } },
      { value: "窓口の混雑緩和と待ち時間の短縮が図られる。", line: 25, place: { page: 1, line: 25 } },
    ]);
  });

  it("labels are labels, not values: nothing left unread", () => {
    expect(ctx.sheet.tokens().filter((t) => !t.used && t.label === null)).toEqual([]);
  });
});
