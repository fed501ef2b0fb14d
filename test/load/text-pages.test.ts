import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isFurniture, splitPages } from "../../src/load/text-pages.js";

const SAMPLE = readFileSync(new URL("../../fixtures/kashiwa-ap-r1-item51.txt", import.meta.url), "utf8");
/** The sample's lines as `cat -n` numbers them: SAMPLE_LINES[n - 1] is line n. */
const SAMPLE_LINES = SAMPLE.split("\n");

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("splitPages on the sample (no form feeds: the form's anchors decide)", () => {
  const { pages, furniture } = splitPages(SAMPLE);

  // First and last line of each page, read off the sample with cat -n (READING.md gives the same
  // numbers: 51001 全体計画 2–148, 単年度 154–308, 51002 header 311 … bases 472–476, and so on).
  const expected: [plan: string, first: number, last: number][] = [
    ["51001 全体計画", 2, 148],
    ["51001 単年度", 154, 308],
    ["51002 全体計画", 311, 476],
    ["51002 単年度", 482, 617],
    ["51003 全体計画", 625, 784],
    ["51003 単年度", 790, 929],
    ["51004 全体計画", 937, 1038],
    ["51004 単年度", 1044, 1176],
    ["51005 全体計画", 1184, 1314],
    ["51005 単年度", 1320, 1455],
  ];

  it("has ten pages, numbered 1–10", () => {
    expect(pages.map((p) => p.page)).toEqual(range(1, 10));
  });

  it.each(expected.map((e, i) => [i + 1, ...e] as const))("page %i (%s) runs from line %i to line %i", (page, _plan, first, last) => {
    const p = pages[page - 1]!;
    expect(p.lines[0]!.no).toBe(first);
    expect(p.lines.at(-1)!.no).toBe(last);
    // every line in between is there, in order, with its text as printed
    expect(p.lines.map((l) => l.no)).toEqual(range(first, last));
    for (const l of p.lines) expect(l.text).toBe(SAMPLE_LINES[l.no - 1]);
  });

  it("each page starts at its 重要度 line and holds exactly one 番号・取組事業名", () => {
    for (const p of pages) {
      expect(p.lines[0]!.text.trim().startsWith("重要度")).toBe(true);
      expect(p.lines.filter((l) => l.text.startsWith("番号・取組事業名"))).toHaveLength(1);
    }
  });

  it("reports the sheet-tab names and navigation marks between pages as furniture, with their line numbers", () => {
    expect(furniture).toEqual([
      { no: 150, text: "Ｒ１" },
      { no: 310, text: "<<" },
      { no: 478, text: "Ｒ１" },
      { no: 619, text: "<<" },
      { no: 621, text: "Ｒ１" },
      { no: 786, text: "Ｒ１" },
      { no: 931, text: "<<" },
      { no: 933, text: "Ｒ１" },
      { no: 1040, text: "Ｒ１" },
      { no: 1178, text: "<<" },
      { no: 1180, text: "Ｒ１" },
      { no: 1316, text: "Ｒ１" },
      { no: 1457, text: "<<" },
      { no: 1459, text: "Ｒ１" },
    ]);
    for (const f of furniture) expect(SAMPLE_LINES[f.no - 1]).toBe(f.text);
  });

  it("loses no printed line: every non-blank line is on a page or reported as furniture", () => {
    const onPage = new Set(pages.flatMap((p) => p.lines.map((l) => l.no)));
    const asFurniture = new Set(furniture.map((f) => f.no));
    SAMPLE_LINES.forEach((text, i) => {
      if (text.trim() === "") return;
      const no = i + 1;
      expect(onPage.has(no) !== asFurniture.has(no), `line ${no} ${text}`).toBe(true);
    });
  });
});

describe("splitPages on small inputs", () => {
  it("a text with no anchors is one page, numbered from line 1", () => {
    const { pages, furniture } = splitPages("窓口の混雑緩\n和と待ち時間\n\n0 0 0 0 0\n");
    expect(pages).toHaveLength(1);
    expect(pages[0]!.lines.map((l) => [l.no, l.text])).toEqual([
      [1, "窓口の混雑緩"],
      [2, "和と待ち時間"],
      [3, ""],
      [4, "0 0 0 0 0"],
    ]);
    expect(furniture).toEqual([]);
  });

  it("an empty or blank text has no pages", () => {
    expect(splitPages("").pages).toEqual([]);
    expect(splitPages("\n\n  \n").pages).toEqual([]);
  });

  it("the second sighting of any anchor starts the next page, whatever order the anchors come in", () => {
    const text = [
      "推進項目 51 行政サービスの電子化の推進", // 1
      "重要度 Ｂ", // 2
      "番号・取組事業名 白バラ便りの見直し H31.4.1", // 3
      "担当部署 選挙管理委員会事務局 有賀　浩一", // 4
      "アクションプラン全体計画　（平成２８～令和２年度）", // 5
      "最終目標", // 6
      // the next page prints its anchors in another order
      "担当部署 選挙管理委員会事務局 有賀　浩一 庶務担当", // 7
      "アクションプラン（令和元年度）", // 8
      "番号・取組事業名 白バラ便りの見直し H31.4.1 R2.3.31", // 9
      "重要度", // 10
      "推進項目 51 行政サービスの電子化の推進 Ｂ", // 11
      "取組項目", // 12
    ].join("\n");
    const { pages } = splitPages(text);
    expect(pages.map((p) => p.lines.map((l) => l.no))).toEqual([range(1, 6), range(7, 12)]);
  });

  it("a page title counts as an anchor: two titles with no other anchor still make two pages", () => {
    const text = "アクションプラン全体計画　（平成２８～令和２年度）\n最終目標\nアクションプラン（令和元年度）\n取組項目";
    expect(splitPages(text).pages.map((p) => p.lines.map((l) => l.no))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("an anchor word inside running text is not an anchor (only a line's first cell counts)", () => {
    const text = "重要度 Ｂ\n事業の重要度 を見直した\n担当部署の 重要度\n番号・取組事業名 X H31.4.1";
    expect(splitPages(text).pages).toHaveLength(1);
  });

  it("form feeds split pages even where no anchor repeats", () => {
    const { pages } = splitPages("重要度 Ｂ\n最終目標\n\f取組項目\n上半期\n");
    expect(pages.map((p) => p.lines.map((l) => l.text).filter((t) => t !== ""))).toEqual([
      ["重要度 Ｂ", "最終目標"],
      ["取組項目", "上半期"],
    ]);
  });

  it("repeated anchors still split inside one form-feed chunk", () => {
    const { pages } = splitPages("重要度 Ｂ\nA\n重要度 Ｂ\nB\f重要度 Ｂ\nC");
    expect(pages.map((p) => p.lines.map((l) => l.text))).toEqual([
      ["重要度 Ｂ", "A"],
      ["重要度 Ｂ", "B"],
      ["重要度 Ｂ", "C"],
    ]);
  });

  // BUG (src/load/text-pages.ts splitPages): the `no--` after splitting a chunk is undone by the
  // `no++` at the end of the loop, so every form feed shifts all later line numbers by one. A form
  // feed sits inside a line (`cat -n`, editors and pdftotext's own numbering count "\n" only), so
  // "foo\fbar" is one line 2 and the text after the form feed keeps that number.
  it("line numbers after a form feed are the input's line numbers (the form feed is inside a line)", () => {
    // cat -n: 1 "重要度 Ｂ", 2 "foo\fbar", 3 "baz", 4 "\f重要度 Ｂ", 5 "qux"
    const { pages } = splitPages("重要度 Ｂ\nfoo\fbar\nbaz\n\f重要度 Ｂ\nqux");
    expect(pages.map((p) => p.lines.map((l) => [l.no, l.text]))).toEqual([
      [
        [1, "重要度 Ｂ"],
        [2, "foo"],
      ],
      [
        [2, "bar"],
        [3, "baz"],
      ],
      [
        [4, "重要度 Ｂ"],
        [5, "qux"],
      ],
    ]);
  });

  it("furniture is set aside at a page's edges only; inside a page it is content", () => {
    const text = ["<<", "Ｒ１", "", "重要度 Ｂ", "Ｒ１", "最終目標", "- 3 -", "", ">>"].join("\n");
    const { pages, furniture } = splitPages(text);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.lines.map((l) => l.no)).toEqual([4, 5, 6]);
    expect(pages[0]!.lines[1]!.text).toBe("Ｒ１");
    expect(furniture).toEqual([
      { no: 1, text: "<<" },
      { no: 2, text: "Ｒ１" },
      { no: 7, text: "- 3 -" },
      { no: 9, text: ">>" },
    ]);
  });

  it("a page of nothing but furniture is no page, and its furniture is still reported", () => {
    const { pages, furniture } = splitPages("重要度 Ｂ\nA\n\f<<\nＲ１\n");
    expect(pages).toHaveLength(1);
    expect(furniture.map((f) => f.text)).toEqual(["<<", "Ｒ１"]);
  });
});

describe("isFurniture", () => {
  it.each<[string, boolean]>([
    ["Ｒ１", true],
    ["R1", true],
    ["Ｈ３０", true],
    ["<<", true],
    [">>", true],
    ["  <<  ", true],
    ["- 12 -", true],
    ["Ｒ１ ～ Ｒ２", false],
    ["H31.4.1", false],
    ["重要度 Ｂ", false],
    ["<< 戻る", false],
  ])("%j → %s", (text, expected) => {
    expect(isFurniture(text)).toBe(expected);
  });
});
