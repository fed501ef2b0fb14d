import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFiscalYearLabel, parseEraDate, parseFiscalYear, parseYearRange } from "../../src/normalize/era.js";

describe("parseEraDate", () => {
  it.each<[string, string | null]>([
    ["H31.4.1", "2019-04-01"],
    ["R2.3.31", "2020-03-31"],
    ["R2.3.1", "2020-03-01"],
    ["Ｒ２．３．３１", "2020-03-31"],
    ["Ｈ３１．４．１", "2019-04-01"],
    ["平成31年4月1日", "2019-04-01"],
    ["平成３１年４月１日", "2019-04-01"],
    ["令和元年5月1日", "2019-05-01"],
    ["令和2年3月31日", "2020-03-31"],
    ["R元.5.1", "2019-05-01"],
    ["Ｒ元．５．１", "2019-05-01"],
    ["H28.11.1", "2016-11-01"],
    ["S64.1.7", "1989-01-07"],
    ["昭和64年1月7日", "1989-01-07"],
    ["H1.1.8", "1989-01-08"],
    ["h31.4.1", "2019-04-01"],
    ["R2/3/31", "2020-03-31"],
    ["R2-3-31", "2020-03-31"],
    [" H31.4.1 ", "2019-04-01"],
    ["\u3000R2.3.31\u3000", "2020-03-31"],
    ["平成 31 年 4 月 1 日", "2019-04-01"],
    ["㍻31年4月1日", "2019-04-01"], // the square era sign folds under NFKC
    ["㋿2年3月31日", "2020-03-31"],
    ["2019/4/1", "2019-04-01"],
    ["2019年4月1日", "2019-04-01"],
    // Calendar checks.
    ["H31.2.30", null],
    ["H31.2.29", null], // 2019 is not a leap year
    ["R2.2.29", "2020-02-29"], // 2020 is
    ["H12.2.29", "2000-02-29"], // 2000 is (divisible by 400)
    ["R2.4.31", null],
    ["R2.13.1", null],
    ["R2.0.1", null],
    ["R2.1.0", null],
    ["R2.1.32", null],
    ["2019/2/29", null],
    // Not era dates.
    ["R0.1.1", null],
    ["X2.3.31", null],
    ["令和元年度", null],
    ["R2.3", null],
    ["R2.3.31.1", null],
    ["R2年3.31", null], // mixed separators
    ["更新日 R2.3.31", null],
    ["R2.3.31 R2.3.31", null],
    ["", null],
    ["元.5.1", null],
    ["R１２３.1.1", null],
  ])("%j → %j", (input, expected) => {
    expect(parseEraDate(input)).toBe(expected);
  });

  it("era boundaries are converted arithmetically (documents written around the change use them)", () => {
    expect(parseEraDate("H31.5.1")).toBe("2019-05-01");
    expect(parseEraDate("R1.4.30")).toBe("2019-04-30");
  });

  it("property: every real date written as R<y>.<m>.<d> comes back as its ISO form", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(2019, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }), (d) => {
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth() + 1;
        const day = d.getUTCDate();
        const iso = d.toISOString().slice(0, 10);
        const reiwa = y - 2018;
        expect(parseEraDate(`R${reiwa === 1 ? "元" : reiwa}.${m}.${day}`)).toBe(iso);
        expect(parseEraDate(`令和${reiwa}年${m}月${day}日`)).toBe(iso);
        expect(parseEraDate(`H${y - 1988}.${m}.${day}`)).toBe(y - 1988 <= 99 ? iso : null);
      }),
    );
  });
});

describe("parseFiscalYear", () => {
  it.each<[string, number | null]>([
    ["平成28年度", 2016],
    ["平成２８年度", 2016],
    ["H28", 2016],
    ["Ｈ２８", 2016],
    ["H28年度", 2016],
    ["令和元年度", 2019],
    ["平成31年度", 2019],
    ["R1", 2019],
    ["Ｒ１", 2019],
    ["R元", 2019],
    ["令和２年度", 2020],
    ["令和2年度", 2020],
    ["平成27年度", 2015],
    ["2019年度", 2019],
    ["２０１９年度", 2019],
    ["昭和63年度", 1988],
    [" Ｒ１ ", 2019],
    ["平成 28 年度", 2016],
    // Not fiscal years.
    ["平成28年", null],
    ["2019", null],
    ["28", null],
    ["R", null],
    ["R0", null],
    ["平成", null],
    ["年度", null],
    ["平成28年度 当初予算（基準）", null],
    ["H28 ～ Ｒ１", null],
    ["R2.3.31", null],
    ["Ｒ１２３", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(parseFiscalYear(input)).toBe(expected);
  });
});

describe("isFiscalYearLabel", () => {
  it.each<[string, boolean]>([
    ["平成28年度", true],
    ["令和元年度", true],
    ["令和２年度", true],
    ["2019年度", true],
    ["R1年度", true],
    ["H28", false],
    ["Ｒ１", false],
    ["年度", false],
    ["取組年度", false],
    ["平成28年", false],
    ["", false],
  ])("%j → %j", (input, expected) => {
    expect(isFiscalYearLabel(input)).toBe(expected);
  });

  it("every …年度 label in the sample's year header is a label and parses", () => {
    const header = "平成27年度 平成28年度 平成29年度 平成30年度 令和元年度 令和２年度".split(" ");
    expect(header.map(isFiscalYearLabel)).toEqual([true, true, true, true, true, true]);
    expect(header.map(parseFiscalYear)).toEqual([2015, 2016, 2017, 2018, 2019, 2020]);
  });
});

describe("parseYearRange", () => {
  it.each<[string, { from: number; to: number } | null]>([
    ["H28 ～ Ｒ１", { from: 2016, to: 2019 }], // ～ U+FF5E, as in the sample
    ["Ｒ１ ～ Ｒ２", { from: 2019, to: 2020 }],
    ["H30 ～ Ｒ１", { from: 2018, to: 2019 }],
    ["H28 〜 R2", { from: 2016, to: 2020 }], // 〜 U+301C
    ["H28~R2", { from: 2016, to: 2020 }],
    ["H28～H28", { from: 2016, to: 2016 }],
    ["（平成２８～令和２年度）", { from: 2016, to: 2020 }],
    ["（平成２８～令和元年度）", { from: 2016, to: 2019 }],
    ["(平成28〜令和2年度)", { from: 2016, to: 2020 }],
    ["平成28年度～令和2年度", { from: 2016, to: 2020 }],
    ["平成28～30年度", { from: 2016, to: 2018 }], // the second end borrows the era
    ["2016～2020年度", { from: 2016, to: 2020 }],
    ["2016年度～2020年度", { from: 2016, to: 2020 }],
    // Not ranges.
    ["R2 ～ H28", null],
    ["H28", null],
    ["H28 ～", null],
    ["～ R1", null],
    ["H28 ～ R1 ～ R2", null],
    ["H28 - R1", null],
    ["アクションプラン全体計画　（平成２８～令和２年度）", null],
    ["（平成２８～令和２年度", null],
    ["28～30年度", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(parseYearRange(input)).toEqual(expected);
  });
});
