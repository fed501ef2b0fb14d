/**
 * The form's vocabulary as data: labels (printed by the form itself) and value words (the
 * closed sets a cell may hold). The tokenizer recognises these even when a narrow cell wrapped
 * them over lines or stacked them one glyph a line; everything else is a value or prose.
 * Matching is on matchKey (NFKC, radicals fixed, whitespace removed).
 */

export type LabelId =
  | "promotionItem" | "importance" | "planNoTitle" | "createdOn" | "updatedOn" | "department"
  | "manager" | "staff" | "period" | "effect" | "finalGoal" | "fiscalYear" | "contentGoal"
  | "category" | "indicatorTable" | "indicatorName" | "unit" | "final" | "initialPlanValue"
  | "revisedPlanValue" | "actualValue" | "effectAmountTable" | "revenueIncrease"
  | "expenditureReduction" | "totalRow" | "initialPlanAmount" | "revisedPlanAmount"
  | "actualAmount" | "otherEffect" | "baseColumn" | "tasks" | "q1" | "q2" | "q3" | "q4"
  | "firstHalf" | "progress" | "progressStatus" | "activity" | "achievement" | "yearEnd"
  | "resultIndicatorName" | "planValue" | "comment" | "evaluationComment" | "planChange"
  | "changeContent" | "evaluation" | "evaluator" | "grade" | "direction" | "progressResult"
  | "evaluatorNote";

export interface LabelEntry {
  id: LabelId;
  /** Printed forms; matched by matchKey. */
  forms: string[];
}

export const LABELS: LabelEntry[] = [
  { id: "promotionItem", forms: ["推進項目"] },
  { id: "importance", forms: ["重要度"] },
  { id: "planNoTitle", forms: ["番号・取組事業名", "番号取組事業名"] },
  { id: "createdOn", forms: ["作成日"] },
  { id: "updatedOn", forms: ["更新日"] },
  { id: "department", forms: ["担当部署"] },
  { id: "manager", forms: ["責任者"] },
  { id: "staff", forms: ["担当者"] },
  { id: "period", forms: ["取組年度"] },
  { id: "effect", forms: ["効果"] },
  { id: "finalGoal", forms: ["最終目標"] },
  { id: "fiscalYear", forms: ["年度"] },
  { id: "contentGoal", forms: ["取組内容・目標", "取組内容目標"] },
  { id: "category", forms: ["区分"] },
  { id: "indicatorTable", forms: ["成果指標"] },
  { id: "indicatorName", forms: ["指標名"] },
  { id: "unit", forms: ["単位"] },
  { id: "final", forms: ["最終値"] },
  { id: "initialPlanValue", forms: ["当初計画値"] },
  { id: "revisedPlanValue", forms: ["変更計画値"] },
  { id: "actualValue", forms: ["実績値"] },
  { id: "effectAmountTable", forms: ["効果額"] },
  { id: "revenueIncrease", forms: ["歳入増加"] },
  { id: "expenditureReduction", forms: ["歳出削減"] },
  { id: "totalRow", forms: ["計"] },
  { id: "initialPlanAmount", forms: ["当初計画額"] },
  { id: "revisedPlanAmount", forms: ["変更計画額"] },
  { id: "actualAmount", forms: ["実績額"] },
  { id: "otherEffect", forms: ["見込まれるその他効果（金額以外）", "見込まれるその他効果"] },
  { id: "baseColumn", forms: ["当初予算（基準）"] },
  { id: "tasks", forms: ["取組項目"] },
  { id: "q1", forms: ["4～6月"] },
  { id: "q2", forms: ["7～9月"] },
  { id: "q3", forms: ["10～12月"] },
  { id: "q4", forms: ["1～3月"] },
  { id: "firstHalf", forms: ["上半期"] },
  { id: "progress", forms: ["進捗"] },
  { id: "progressStatus", forms: ["進捗状況"] },
  { id: "activity", forms: ["進捗状況【活動】"] },
  { id: "achievement", forms: ["達成状況【成果】", "達成状況"] },
  { id: "yearEnd", forms: ["年度末"] },
  { id: "resultIndicatorName", forms: ["成果指標名"] },
  { id: "planValue", forms: ["計画値"] },
  { id: "comment", forms: ["コメント"] },
  { id: "evaluationComment", forms: ["コメント・指示事項", "コメント指示事項"] },
  { id: "planChange", forms: ["計画変更（次年度以後）", "計画変更"] },
  { id: "changeContent", forms: ["取組内容"] },
  { id: "evaluation", forms: ["評価"] },
  { id: "evaluator", forms: ["評価者"] },
  { id: "grade", forms: ["総合評価(A・B・C)", "総合評価"] },
  { id: "direction", forms: ["方向性"] },
  { id: "progressResult", forms: ["進捗・実績"] },
  { id: "evaluatorNote", forms: ["※重要度A事業は副市長，重要度B事業は部局長を評価者とする"] },
];

/** Value words: the closed sets the form's status cells hold, by the field they can feed. */
export type WordSet = "status" | "activityOnly" | "achievement" | "direction" | "presence" | "mark";

export const WORDS: Record<WordSet, string[]> = {
  // 区分 on both pages, 上半期 進捗 and 進捗状況【活動】
  status: ["計画どおり", "進んでいる", "遅れている", "実施", "完了", "未実施", "中止", "休止", "見直し", "検討中"],
  activityOnly: ["完了（事業終了）"],
  achievement: ["達成", "一部達成", "未達成", "その他"],
  direction: ["継続実施", "取組み強化", "取組強化", "完了（目的達成）", "完了（目的未達成）", "見直し", "廃止", "休止", "統合", "縮小", "拡充"],
  presence: ["有", "無"],
  mark: ["○", "〇", "◯", "●"],
};

/** Page titles identify the two page kinds; the rest of the title carries the years. */
export const PAGE_TITLES = [
  { kind: "overall" as const, pattern: /^アクションプラン全体計画[\s　]*[（(](.+?)[）)]$/ },
  { kind: "annual" as const, pattern: /^アクションプラン[\s　]*[（(](.+?年度)[）)]$/ },
];

/** Lines that belong to no page content: sheet-tab names and navigation marks left by the extractor. */
export const FURNITURE = [/^<<$/, /^>>$/, /^[RＲHＨ][0-9０-９元]{1,2}$/, /^-\s*\d+\s*-$/];
