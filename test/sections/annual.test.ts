import { describe, expect, it } from "vitest";
import { parseAnnual, type AnnualDraft } from "../../src/sections/annual.js";
import { PageContext } from "../../src/sections/context.js";
import { parseHeader } from "../../src/sections/header.js";
import { TextSheet } from "../../src/tokenize/text-sheet.js";

/** Parse a 単年度 page of these lines (numbered from 1, "" = a blank line) as the pipeline does: header first. */
function annual(lines: string[], overallIndicatorName: string | null = null): { d: AnnualDraft; ctx: PageContext } {
  const ctx = new PageContext(new TextSheet({ page: 2, lines: lines.map((text, i) => ({ no: i + 1, text })) }));
  parseHeader(ctx);
  return { d: parseAnnual(ctx, overallIndicatorName), ctx };
}
const warnings = (ctx: PageContext) => ctx.warnings.map((w) => ({ code: w.code, message: w.message, path: w.path }));

const NOTE = "※重要度Ａ事業は副市長，重要度Ｂ事業は部局長を評価者とする";
const NAME_51001 = "証明書交付全体に対する，コンビニエンスストア等における自動交付利用率";

describe("parseAnnual: 区分 and 取組内容・目標", () => {
  it("区分 with its value on the next line (51001 160–162)", () => {
    expect(annual(["区分", "", "完了"]).d.category).toBe("完了");
  });

  it("区分 with its value right of it", () => {
    expect(annual(["区分 実施"]).d.category).toBe("実施");
  });

  it("the year alone with the goal below it, wraps joined (51001 299–301)", () => {
    const { d } = annual([
      "取組内容・目標",
      "",
      "令和元年度",
      "コンビニ交付の円滑な運用及び利用率向上のため市民への啓発を図る。９月末日の自動交",
      "付機の廃止に向け，自動交付機利用者に対しマイナンバーカードの取得促進を図る。",
    ]);
    expect(d.goalYear).toBe(2019);
    expect(d.goal).toBe(
      "コンビニ交付の円滑な運用及び利用率向上のため市民への啓発を図る。９月末日の自動交付機の廃止に向け，自動交付機利用者に対しマイナンバーカードの取得促進を図る。",
    );
  });

  it("year and goal on one line (51003 856); 平成31年度 is 2019 (51005 1448)", () => {
    const { d } = annual(["令和元年度 郷土資料のデジタル化"]);
    expect([d.goalYear, d.goal]).toEqual([2019, "郷土資料のデジタル化"]);
    expect(annual(["平成31年度", "８項目の手続きのうち５項目を導入する。"]).d.goalYear).toBe(2019);
  });
});

describe("parseAnnual: 上半期 progress and comment", () => {
  it("glued コメント計画どおり with the comment block after it (51001 251–259)", () => {
    const { d } = annual([
      "コメント計画どおり",
      "",
      "　自動交付機廃止については，利用者（過去３年間に複数回利用",
      "しているかた，過去１年間に１度でも利用したかた）を対象に個別",
      "通知の送付により，広く周知し，９月３０日に完了した。",
      "　今後，マイナンバーカード及びコンビニ交付の普及をより一層推",
      "進していく予定。",
    ]);
    expect(d.firstHalf.progress).toBe("計画どおり");
    expect(d.firstHalf.comment).toBe(
      "自動交付機廃止については，利用者（過去３年間に複数回利用しているかた，過去１年間に１度でも利用したかた）を対象に個別通知の送付により，広く周知し，９月３０日に完了した。\n今後，マイナンバーカード及びコンビニ交付の普及をより一層推進していく予定。",
    );
  });

  it("'計画どおり コメント' with the comment in the same block (51004 1122–1124)", () => {
    const { d } = annual(["計画どおり コメント", "保健所情報システムについて，開発・更新が完了し，運用開始して", "いる。"]);
    expect(d.firstHalf).toEqual({ progress: "計画どおり", comment: "保健所情報システムについて，開発・更新が完了し，運用開始している。" });
  });

  it("no progress word beside any コメント: 上半期 is empty, and a lone status word is the 年度末 activity (51005)", () => {
    const { d } = annual(["コメント", "", "コメント", "", "計画どおり", "", "取組内容 無"]);
    expect(d.firstHalf).toEqual({ progress: null, comment: null });
    expect(d.activity).toBe("計画どおり");
  });
});

describe("parseAnnual: 年度末 and 評価 words", () => {
  it("the status word beside コメント is 上半期; a status word alone is the activity; 区分 keeps its own", () => {
    const { d, ctx } = annual([
      "区分",
      "",
      "実施",
      "",
      "計画どおり コメント",
      "予定どおり進んでいる。",
      "",
      "遅れている",
      "",
      "達　成",
    ]);
    expect(d.category).toBe("実施");
    expect(d.firstHalf.progress).toBe("計画どおり");
    expect(d.activity).toBe("遅れている");
    expect(d.achievement).toBe("達成"); // printed 達　成
    expect(warnings(ctx)).toEqual([]);
  });

  it("完了（事業終了） is the activity, 完了（目的達成） the direction, 完了 the 区分 (51004)", () => {
    const { d } = annual(["区分", "", "完了", "", "完了", "（目的達成）", "", "達　成", "", "完了", "（事業終了）"]);
    expect(d.category).toBe("完了");
    expect(d.activity).toBe("完了（事業終了）");
    expect(d.evaluation.direction).toBe("完了（目的達成）");
    expect(d.achievement).toBe("達成");
  });

  it.each<[string, string[], string]>([
    ["一部達成", ["一部達成"], "一部達成"],
    ["その他", ["その他"], "その他"],
    ["達　成", ["達　成"], "達成"],
  ])("achievement %s", (_name, lines, expected) => {
    expect(annual(lines).d.achievement).toBe(expected);
  });

  it.each<[string[], string]>([
    [["継続実施"], "継続実施"],
    [["取組み強化"], "取組み強化"],
    [["完了", "（目的未達成）"], "完了（目的未達成）"],
  ])("direction %j", (lines, expected) => {
    const { d } = annual(lines);
    expect(d.evaluation.direction).toBe(expected);
    expect(d.activity).toBeNull();
  });

  it("a status word no field takes is reported, not dropped", () => {
    const { d, ctx } = annual(["計画どおり", "", "遅れている"]);
    expect(d.activity).toBe("計画どおり");
    expect(warnings(ctx)).toEqual([{ code: "unmapped-text", message: 'Status word "遅れている" could not be tied to a field.', path: undefined }]);
  });
});

describe("parseAnnual: 評価者 and 総合評価", () => {
  it("the evaluator is what stands before the ※ footnote (51001 226: a title)", () => {
    const { d } = annual([`部長 ${NOTE}`, "", "Ｂ"]);
    expect(d.evaluation.evaluator).toBe("部長");
    expect(d.evaluation.grade).toBe("B");
  });

  it("a name with a full-width space becomes one ASCII space (51002 615); no space stays none (51004 1174)", () => {
    expect(annual([`関野　昌幸 ${NOTE}`]).d.evaluation.evaluator).toBe("関野 昌幸");
    expect(annual([`山崎彰美 ${NOTE}`]).d.evaluation.evaluator).toBe("山崎彰美");
  });

  it("without the footnote, the value right of 評価者", () => {
    expect(annual(["評価者 小貫　省三"]).d.evaluation.evaluator).toBe("小貫 省三");
  });

  it("the footnote itself is never the evaluator or a comment", () => {
    const { d } = annual([NOTE, "", "評価者"]);
    expect(d.evaluation.evaluator).toBeNull();
    expect(d.evaluation.comment).toBeNull();
    expect(d.yearEndComment).toBeNull();
  });

  it("a grade is a lone Ａ/Ｂ/Ｃ on its line", () => {
    expect(annual(["Ａ"]).d.evaluation.grade).toBe("A");
    expect(annual(["C"]).d.evaluation.grade).toBe("C");
    expect(annual(["Ｄ"]).d.evaluation.grade).toBeNull();
  });
});

describe("parseAnnual: 計画変更（次年度以後）", () => {
  it("取組内容 有 / 計画値 無 → content true, target false", () => {
    expect(annual(["取組内容 有", "", "計画値 無"]).d.planChange).toEqual({ content: true, target: false });
  });

  it("取組内容 無 / 計画値 有 → content false, target true", () => {
    expect(annual(["計画値 有", "", "取組内容 無"]).d.planChange).toEqual({ content: false, target: true });
  });

  it("a lone 無 fills the field its label lost (51001 269, 271)", () => {
    expect(annual(["計画値 無", "", "無", "", "取組内容"]).d.planChange).toEqual({ content: false, target: false });
  });

  it("計画値 beside 実績値 is the figures' header, not a 計画変更 value", () => {
    expect(annual(["計画値 実績値"]).d.planChange).toEqual({ content: null, target: null });
  });
});

describe("parseAnnual: 成果指標 on the 単年度 page", () => {
  it("unit right of 単位, plan and actual from the two-number line, name matched to the 全体計画 page's", () => {
    const { d } = annual(
      ["単位 % 単位 %", "", "証明書交付全体に対する，コンビニエンスストア", "等における自動交付利用率", "", "5 4"],
      NAME_51001,
    );
    expect(d.indicator).toEqual({ name: NAME_51001, unit: "%", plan: 5, actual: 4 });
  });

  it("without the 全体計画 name, the text just below the figures in their block (51002 569–570)", () => {
    const { d } = annual(["101,500 101,500", "印刷部数"]);
    expect(d.indicator).toEqual({ name: "印刷部数", unit: null, plan: 101500, actual: 101500 });
  });

  it("two different units are reported", () => {
    const { d, ctx } = annual(["単位 部 単位 冊"]);
    expect(d.indicator.unit).toBe("部");
    expect(warnings(ctx).map((w) => w.code)).toEqual(["inconsistent-unit"]);
  });
});

describe("parseAnnual: 取組項目", () => {
  const rows = (marks: string[]) => marks.flatMap((m, i) => [`${i + 1}${m ? " " + m : ""}`, ""]);
  const TASK_NAMES = [
    "個人番号カード取得者への利用案内",
    "窓口での証明書発行者への利用案内",
    "郵送請求での証明書発行者への利用案内",
    "証明書自動交付機利用者への周知",
    "証明書自動交付機の廃止",
  ];
  // 51001 164–188 and 275–283
  const PAGE = [
    "取組項目",
    "",
    "4～6月 7～9月",
    "10～12",
    "",
    "月",
    "1～3月",
    "",
    ...rows(["○ ○ ○ ○", "○ ○ ○ ○", "○ ○ ○ ○", "○ ○", "○ ○", "", "", "", "", ""]),
    ...TASK_NAMES.flatMap((n) => [n, ""]),
  ];
  const { d, ctx } = annual(PAGE);

  it("one task a name, numbered 1…, names in text order", () => {
    expect(d.tasks.map((t) => [t.no, t.name])).toEqual(TASK_NAMES.map((n, i) => [i + 1, n]));
  });

  it("four ○ fill every quarter; fewer are read from 4～6月", () => {
    expect(d.tasks.map((t) => t.quarters)).toEqual([
      [true, true, true, true],
      [true, true, true, true],
      [true, true, true, true],
      [true, true, false, false],
      [true, true, false, false],
    ]);
  });

  it("each row with fewer than four ○ has a warning in the contract's words", () => {
    expect(warnings(ctx)).toEqual([
      {
        code: "ambiguous-columns",
        message: "取組項目 4: two ○ marks for four quarters; the text input does not show which quarters, read as 4～6月 and 7～9月.",
        path: "annual.tasks[3].quarters",
      },
      {
        code: "ambiguous-columns",
        message: "取組項目 5: two ○ marks for four quarters; the text input does not show which quarters, read as 4～6月 and 7～9月.",
        path: "annual.tasks[4].quarters",
      },
    ]);
  });

  it("the empty rows 6–10 are not read as figures", () => {
    expect(d.indicator.plan).toBeNull();
    expect(d.indicator.actual).toBeNull();
  });

  it("one and three marks have their own wording", () => {
    const { d: e, ctx: c } = annual([...rows(["○", "○ ○ ○"]), "公開準備", "", "公開"]);
    expect(e.tasks.map((t) => t.quarters)).toEqual([
      [true, false, false, false],
      [true, true, true, false],
    ]);
    expect(warnings(c).map((w) => w.message)).toEqual([
      "取組項目 1: one ○ mark for four quarters; the text input does not show which quarter, read as 4～6月.",
      "取組項目 2: three ○ marks for four quarters; the text input does not show which quarters, read as 4～6月, 7～9月 and 10～12月.",
    ]);
  });

  it("more marked rows than names is reported", () => {
    const { d: e, ctx: c } = annual([...rows(["○ ○ ○ ○", "○ ○ ○ ○"]), "公開準備"]);
    expect(e.tasks).toHaveLength(1);
    expect(warnings(c).map((w) => [w.code, w.path])).toEqual([["missing-value", "annual.tasks"]]);
  });
});

describe("parseAnnual: which comment is the 年度末 report and which the evaluator's", () => {
  const REPORT = [
    "利用率は，やや計画値に到達しなかったものの昨年度より着実に",
    "利用件数が伸びており，マイナンバーカードの普及が進むにつれ",
    "て，更に利用率が上昇していくことが見込まれる。",
  ];
  const REPORT_TEXT = "利用率は，やや計画値に到達しなかったものの昨年度より着実に利用件数が伸びており，マイナンバーカードの普及が進むにつれて，更に利用率が上昇していくことが見込まれる。";
  // past tense (…できた。), so tense alone would call it the report
  const EVAL = ["計画値にはやや到達しなかったが，昨年度に比べ利用率を向上さ", "せることができた。"];
  const EVAL_TEXT = "計画値にはやや到達しなかったが，昨年度に比べ利用率を向上させることができた。";
  const INDICATOR = ["証明書交付全体に対する，コンビニエンスストア", "等における自動交付利用率"];

  it("51001's layout: the block after the indicator name is the report, the block before コメント / 指示事項 the evaluator's", () => {
    const { d, ctx } = annual([...INDICATOR, "", ...REPORT, "", "コメント", "", ...EVAL, "", "コメント", "指示事項"], NAME_51001);
    expect(d.indicator.name).toBe(NAME_51001);
    expect(d.yearEndComment).toBe(REPORT_TEXT);
    expect(d.evaluation.comment).toBe(EVAL_TEXT);
    expect(warnings(ctx)).toEqual([]);
  });

  it("the order in the text does not matter: evaluator's block first", () => {
    const { d, ctx } = annual([...EVAL, "", "コメント", "指示事項", "", "進捗", "", ...INDICATOR, "", ...REPORT], NAME_51001);
    expect(d.yearEndComment).toBe(REPORT_TEXT);
    expect(d.evaluation.comment).toBe(EVAL_TEXT);
    expect(warnings(ctx)).toEqual([]);
  });

  it("the block right after the コメント / 指示事項 label is the evaluator's (51003 921–929); the other is the report", () => {
    const { d, ctx } = annual([...REPORT, "", "進捗", "", "コメント", "指示事項", "", ...EVAL]);
    expect(d.evaluation.comment).toBe(EVAL_TEXT);
    expect(d.yearEndComment).toBe(REPORT_TEXT);
    expect(warnings(ctx)).toEqual([]);
  });

  it("only the indicator name decides: the block after it is the report, the other the evaluator's", () => {
    const { d, ctx } = annual([...EVAL, "", "進捗", "", ...INDICATOR, "", ...REPORT], NAME_51001);
    expect(d.yearEndComment).toBe(REPORT_TEXT);
    expect(d.evaluation.comment).toBe(EVAL_TEXT);
    expect(warnings(ctx)).toEqual([]);
  });

  it("the block right after an 評価 value (the evaluator line) is the evaluator's", () => {
    const { d } = annual([...REPORT, "", "進捗", "", `部長 ${NOTE}`, ...EVAL]);
    expect(d.evaluation.evaluator).toBe("部長");
    expect(d.evaluation.comment).toBe(EVAL_TEXT);
    expect(d.yearEndComment).toBe(REPORT_TEXT);
  });

  it("with no evidence around either block, tense decides and a warning says it is a guess", () => {
    const told = ["新聞折り込みによる配布を行い，市ホームページにも掲載した。"];
    const judged = ["今後も費用対効果を念頭に置き，周知の方法を模索していきたい。"];
    const { d, ctx } = annual([...judged, "", "進捗", "", ...told]);
    expect(d.yearEndComment).toBe(told[0]);
    expect(d.evaluation.comment).toBe(judged[0]);
    expect(warnings(ctx)).toEqual([
      {
        code: "ambiguous-comment",
        message: "The text input does not show which comment is the 年度末 report and which the evaluator's; read by tense (the report tells what was done).",
        path: "annual.evaluation.comment",
      },
    ]);
  });

  it("a one-line text without 。 is a task name, not a comment", () => {
    const { d } = annual(["1 ○ ○ ○ ○", "", "郷土資料のデジタル化作業", "", ...REPORT]);
    expect(d.tasks.map((t) => t.name)).toEqual(["郷土資料のデジタル化作業"]);
    expect([d.yearEndComment, d.evaluation.comment]).toContain(REPORT_TEXT);
  });
});
