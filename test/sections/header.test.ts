import { describe, expect, it } from "vitest";
import { PageContext } from "../../src/sections/context.js";
import { parseHeader } from "../../src/sections/header.js";
import { PAGE_TITLES } from "../../src/tokenize/lexicon.js";
import { TextSheet } from "../../src/tokenize/text-sheet.js";

/** A page of the given lines, numbered from 1, blank lines between them as the extractor prints them. */
function page(lines: string[], pageNo = 1): PageContext {
  const withBlanks = lines.flatMap((l) => [l, ""]);
  return new PageContext(new TextSheet({ page: pageNo, lines: withBlanks.map((text, i) => ({ no: i + 1, text })) }));
}

// 51001's 全体計画 header as the sample prints it (lines 2, 4, 6, 139, 145–148): cells pulled apart.
const OVERALL_51001 = [
  "重要度 Ｂ",
  "51001 作成日 更新日 R2.3.31",
  "051000 責任者 担当者 伊藤　朝子",
  "担当部署 市民生活部　市民課 藤本　裕司",
  "アクションプラン全体計画　（平成２８～令和２年度）",
  "推進項目 51 行政サービスの電子化の推進",
  "番号・取組事業名 コンビニエンスストア等における証明書等の自動交付 H31.4.1",
];

// 51001's 単年度 header (lines 154, 156, 158, 295, 305–308): every value on the label-less lines.
const ANNUAL_51001 = [
  "重要度",
  "51001 作成日 更新日",
  "051000 責任者 担当者",
  "担当部署 市民生活部　市民課 藤本　裕司 伊藤　朝子",
  "アクションプラン（令和元年度）",
  "推進項目 51 行政サービスの電子化の推進 Ｂ",
  "番号・取組事業名 コンビニエンスストア等における証明書等の自動交付 H31.4.1 R2.3.31",
];

describe("parseHeader: 51001 全体計画 (values pulled away from their labels)", () => {
  const ctx = page(OVERALL_51001);
  const h = parseHeader(ctx);

  it("page kind and the title's years", () => {
    expect(h.kind).toBe("overall");
    expect(h.titleYears).toEqual({ from: 2016, to: 2020 });
  });

  it("番号 from the code left of 作成日, 取組事業名 from the 番号・取組事業名 row", () => {
    expect(h.planNo).toBe("51001");
    expect(h.title).toBe("コンビニエンスストア等における証明書等の自動交付");
  });

  it("推進項目 number and name; 重要度 Ｂ → B", () => {
    expect(h.promotionItem).toEqual({ no: 51, name: "行政サービスの電子化の推進" });
    expect(h.importance).toBe("B");
  });

  it("更新日 right of its label, 作成日 from the date left on the title row", () => {
    expect(h.updatedOn).toBe("2020-03-31");
    expect(h.createdOn).toBe("2019-04-01");
  });

  it("department code left of 責任者, staff right of 担当者, name and manager from the 担当部署 row", () => {
    expect(h.department).toEqual({ code: "051000", name: "市民生活部 市民課" });
    expect(h.manager).toBe("藤本 裕司");
    expect(h.staff).toBe("伊藤 朝子");
  });

  it("reads every value token and warns about nothing", () => {
    const left = ctx.sheet.tokens().filter((t) => !t.used);
    expect(left.map((t) => t.text)).toEqual([]);
    expect(ctx.warnings).toEqual([]);
  });

  it("records where each value stood", () => {
    expect(ctx.provenance.get("planNo")).toEqual({ page: 1, line: 3 });
    expect(ctx.provenance.get("title")).toEqual({ page: 1, line: 13 });
    // The dates belong to the page they stand on: overall.createdOn, not a top-level createdOn.
    expect(ctx.provenance.has("createdOn")).toBe(false);
    expect(ctx.provenance.get("overall.createdOn")).toEqual({ page: 1, line: 13 });
    expect(ctx.provenance.get("overall.updatedOn")).toEqual({ page: 1, line: 3 });
    expect(ctx.provenance.get("staff")).toEqual({ page: 1, line: 5 });
  });
});

describe("parseHeader: 51001 単年度", () => {
  const ctx = page(ANNUAL_51001, 2);
  const h = parseHeader(ctx);

  it("page kind and the one fiscal year", () => {
    expect(h.kind).toBe("annual");
    expect(h.titleYears).toEqual({ from: 2019, to: 2019 });
  });

  it("two dates beside the title fill 作成日 then 更新日, the form's order", () => {
    expect(h.createdOn).toBe("2019-04-01");
    expect(h.updatedOn).toBe("2020-03-31");
  });

  it("重要度 at the end of the 推進項目 row", () => {
    expect(h.importance).toBe("B");
    expect(h.promotionItem).toEqual({ no: 51, name: "行政サービスの電子化の推進" });
  });

  it("the 担当部署 row fills name, manager and staff in that order", () => {
    expect(h.planNo).toBe("51001");
    expect(h.department).toEqual({ code: "051000", name: "市民生活部 市民課" });
    expect(h.manager).toBe("藤本 裕司");
    expect(h.staff).toBe("伊藤 朝子");
  });
});

describe("parseHeader: single fields", () => {
  it("dates printed right of their labels", () => {
    const h = parseHeader(page(["51005 作成日 R2.3.1 更新日 R2.3.31", "番号・取組事業名 市民サービスの最適化"]));
    expect([h.createdOn, h.updatedOn]).toEqual(["2020-03-01", "2020-03-31"]);
    expect(h.title).toBe("市民サービスの最適化");
  });

  it("51005: 更新日 right of its label, 作成日 R2.3.1 on the title row (lines 1186, 1314)", () => {
    const h = parseHeader(page(["51005 作成日 更新日 R2.3.31", "番号・取組事業名 市民サービスの最適化 R2.3.1"]));
    expect([h.createdOn, h.updatedOn]).toEqual(["2020-03-01", "2020-03-31"]);
  });

  it("dates out of the form's order are read in label order, with a warning", () => {
    const ctx = page(["51001 作成日 更新日", "番号・取組事業名 白バラ便りの見直し R2.3.31 H31.4.1"]);
    const h = parseHeader(ctx);
    expect([h.createdOn, h.updatedOn]).toEqual(["2020-03-31", "2019-04-01"]);
    expect(ctx.warnings.map((w) => [w.code, w.path])).toEqual([["date-order", "updatedOn"]]);
  });

  it("番号 right of the 番号・取組事業名 label when no code stands before 作成日", () => {
    const h = parseHeader(page(["作成日 H31.4.1", "番号・取組事業名 51002 白バラ便りの見直し"]));
    expect(h.planNo).toBe("51002");
    expect(h.title).toBe("白バラ便りの見直し");
    expect(h.createdOn).toBe("2019-04-01");
  });

  it("manager right of 責任者 and staff right of 担当者 when the extractor kept them there", () => {
    const h = parseHeader(page(["230000 責任者 有賀　浩一 担当者 庶務担当", "担当部署 選挙管理委員会事務局"]));
    expect(h.department).toEqual({ code: "230000", name: "選挙管理委員会事務局" });
    expect(h.manager).toBe("有賀 浩一");
    expect(h.staff).toBe("庶務担当");
  });

  it("a department code right of 担当部署", () => {
    const h = parseHeader(page(["担当部署 170100 保健所総務企画課 能崎　勉 後藤，米山"]));
    expect(h.department).toEqual({ code: "170100", name: "保健所総務企画課" });
    expect(h.manager).toBe("能崎 勉");
    expect(h.staff).toBe("後藤，米山"); // full-width comma kept as printed
  });

  it("cells split at ASCII spaces, full-width spaces inside a cell collapse to one ASCII space (51005 line 1444)", () => {
    const h = parseHeader(page(["担当部署 地域づくり推進部　広報広聴課 宮　本　　等 報道・web担当"]));
    expect(h.department.name).toBe("地域づくり推進部 広報広聴課");
    expect(h.manager).toBe("宮 本 等");
    expect(h.staff).toBe("報道・web担当");
  });

  it("the 担当部署 row only fills what is still empty", () => {
    // staff already read right of 担当者: the last cell of the 担当部署 row must not overwrite it
    const h = parseHeader(page(["051000 責任者 担当者 伊藤　朝子", "担当部署 市民生活部　市民課 藤本　裕司"]));
    expect(h.manager).toBe("藤本 裕司");
    expect(h.staff).toBe("伊藤 朝子");
  });

  it("重要度 right of its label, half-width or full-width (51004 line 937)", () => {
    expect(parseHeader(page(["重要度 B"])).importance).toBe("B");
    expect(parseHeader(page(["重要度 Ａ"])).importance).toBe("A");
    expect(parseHeader(page(["重要度 Ｃ"])).importance).toBe("C");
    expect(parseHeader(page(["重要度"])).importance).toBeNull();
    expect(parseHeader(page(["重要度 高"])).importance).toBeNull();
  });

  it("a one-word 推進項目 name is a name, not a grade", () => {
    const h = parseHeader(page(["推進項目 7 電子化"]));
    expect(h.promotionItem).toEqual({ no: 7, name: "電子化" });
    expect(h.importance).toBeNull();
  });

  it("the 単年度 title with 平成31年度 is fiscal year 2019", () => {
    const h = parseHeader(page(["アクションプラン（平成31年度）"]));
    expect(h.kind).toBe("annual");
    expect(h.titleYears).toEqual({ from: 2019, to: 2019 });
  });

  it("the 全体計画 title of 51005 says 平成２８～令和元年度 (line 1311)", () => {
    const h = parseHeader(page(["アクションプラン全体計画　（平成２８～令和元年度）"]));
    expect(h.kind).toBe("overall");
    expect(h.titleYears).toEqual({ from: 2016, to: 2019 });
  });

  it("a page with no title has no kind, and every field is null", () => {
    const h = parseHeader(page(["最終目標", "窓口の混雑緩和"]));
    expect(h).toEqual({
      kind: null,
      titleYears: null,
      planNo: null,
      title: null,
      promotionItem: { no: null, name: null },
      importance: null,
      department: { code: null, name: null },
      manager: null,
      staff: null,
      createdOn: null,
      updatedOn: null,
    });
  });
});

describe("parseHeader: page title", () => {
  it("looks only at text holding アクションプラン, which every page title begins with", () => {
    for (const { pattern } of PAGE_TITLES) expect(pattern.source.startsWith("^アクションプラン")).toBe(true);
  });
});
