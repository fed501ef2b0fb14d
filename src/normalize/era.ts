/**
 * Japanese era dates and fiscal years. Pure functions, no I/O.
 *
 * Inputs are NFKC-folded first, so full-width letters, digits and punctuation (`Ｒ２．３．３１`)
 * and the square era signs (㍻ 平成, ㋿ 令和, ㍼ 昭和) are accepted like their plain forms.
 * Eras: 昭和/S = year + 1925, 平成/H = year + 1988, 令和/R = year + 2018; 元 = year 1.
 * Dates outside an era's real span (H31.5.1, R1.4.1) are converted arithmetically, as documents
 * prepared around the change of era do write them; only impossible calendar dates are refused.
 */

import { foldByTable, isPlainJapanese, isWhitespace } from "./text.js";

const ERA_OFFSET: Readonly<Record<string, number>> = {
  昭和: 1925,
  S: 1925,
  s: 1925,
  平成: 1988,
  H: 1988,
  h: 1988,
  令和: 2018,
  R: 2018,
  r: 2018,
};

const ERA = "(昭和|平成|令和|[SHRshr])";
const ERA_YEAR = "(\\d{1,2}|元)";

function fold(s: string): string {
  if (OWN_NFKC.test(s)) return s.trim();
  // NFKC folds ～ U+FF5E to "~" but leaves 〜 U+301C; ranges treat both as "~".
  return (nfkcByTable(s) ?? s.normalize("NFKC").replace(/\u301c/gu, "~")).trim();
}

/**
 * Strings that are their own NFKC form and hold no 〜: printable ASCII, tab, LF, CR and the other
 * ASCII whitespace, the CJK ideographs, and the kana and CJK punctuation NFKC never changes;
 * none of these combines with a neighbour. (A regex runs natively from its first call.)
 */
const OWN_NFKC = /^[\x09-\x0d\x20-\x7e\u4e00-\u9fff\u3041-\u3096\u30a1-\u30fc\u3001-\u3003\u3005-\u3011\u25cb\u25b3\u203b]*$/;

/**
 * fold's NFKC without calling it, for the other strings made only of characters whose NFKC form
 * is known (every token of the sample): one charCode pass; null otherwise. OWN_NFKC characters
 * stay; full-width ASCII U+FF01–U+FF5E becomes its ASCII twin, U+3000 and NBSP a space, 〜 "~".
 */
function nfkcByTable(s: string): string | null {
  return foldByTable(s, isOwnNfkc, nfkcOfChar);
}

/** nfkcByTable's change to a character outside OWN_NFKC, or null when its NFKC form is not in the table. */
function nfkcOfChar(c: number): string | null {
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
  if (c === 0x3000 || c === 0xa0) return " ";
  if (c === 0x301c) return "~";
  return null;
}

/** An OWN_NFKC character. */
function isOwnNfkc(c: number): boolean {
  return c < 0x3001 ? (c >= 0x20 && c <= 0x7e) || (c >= 0x09 && c <= 0x0d) || c === 0x25cb || c === 0x25b3 || c === 0x203b : isPlainJapanese(c);
}

/** S, H, R, s, h, r and the first kanji of 昭和, 平成, 令和. */
const ERA_OPENERS: ReadonlySet<number> = new Set([..."SHRshr昭平令"].map((ch) => ch.charCodeAt(0)));

/**
 * Whether fold(s) may open with an era or a digit, as every era date and fiscal year does: the
 * section parsers ask this of every token, and most are words that stop here, unfolded. Decided
 * by s's first visible character when NFKC maps it to one known character (OWN_NFKC characters
 * map to themselves, full-width ASCII to ASCII, 〜 to "~"); composing it with combining marks that
 * may follow never makes an ASCII letter or digit or an ideograph. Other characters (㍻, ㋿…) may.
 */
function mayOpenEraOrYear(s: string): boolean {
  let i = 0;
  while (i < s.length && isWhitespace(s.charCodeAt(i))) i++;
  if (i === s.length) return true;
  let c = s.charCodeAt(i);
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if ((c >= 0x30 && c <= 0x39) || ERA_OPENERS.has(c)) return true;
  // Ideographs first: most tokens open with one.
  return !((c >= 0x4e00 && c <= 0x9fff) || isOwnNfkc(c) || c === 0x301c);
}

/** Days in a month of the proleptic Gregorian calendar (as Date counts them). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

function eraYear(era: string, year: string): number | null {
  const offset = ERA_OFFSET[era];
  if (offset === undefined) return null;
  const n = year === "元" ? 1 : Number(year);
  if (!Number.isInteger(n) || n < 1) return null;
  return offset + n;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // Years 0–99 were always refused: the Date.UTC check this replaces reads them as 1900–1999.
  if (year < 100) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const ERA_DATE_DOTS = new RegExp(`^${ERA}\\s*${ERA_YEAR}\\s*[./-]\\s*(\\d{1,2})\\s*[./-]\\s*(\\d{1,2})$`, "u");
const ERA_DATE_KANJI = new RegExp(`^${ERA}\\s*${ERA_YEAR}\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日$`, "u");
const WESTERN_DATE_DOTS = /^(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})$/u;
const WESTERN_DATE_KANJI = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/u;

/**
 * An era date → ISO `YYYY-MM-DD`: `H31.4.1` → "2019-04-01", `Ｒ２．３．３１`, `平成31年4月1日`,
 * `令和元年5月1日`, `R元.5.1`; `.`, `/` and `-` separate the parts. Western dates written the same
 * ways (`2019/4/1`, `2019年4月1日`) are accepted too. Impossible dates (H31.2.30) and anything
 * else → null.
 */
export function parseEraDate(s: string): string | null {
  if (!mayOpenEraOrYear(s)) return null;
  const t = fold(s);
  let m = ERA_DATE_DOTS.exec(t) ?? ERA_DATE_KANJI.exec(t);
  if (m) {
    const year = eraYear(m[1]!, m[2]!);
    return year === null ? null : isoDate(year, Number(m[3]), Number(m[4]));
  }
  m = WESTERN_DATE_DOTS.exec(t) ?? WESTERN_DATE_KANJI.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

const FISCAL_ERA = new RegExp(`^${ERA}\\s*${ERA_YEAR}\\s*(年度)?$`, "u");
const FISCAL_WESTERN = /^(\d{4})\s*年度$/u;

function fiscalYearOf(t: string): { year: number; label: boolean } | null {
  let m = FISCAL_ERA.exec(t);
  if (m) {
    const year = eraYear(m[1]!, m[2]!);
    return year === null ? null : { year, label: m[3] !== undefined };
  }
  m = FISCAL_WESTERN.exec(t);
  if (m) return { year: Number(m[1]), label: true };
  return null;
}

/**
 * A fiscal year (the Western year in which it starts): `平成28年度`, `H28`, `Ｈ２８` → 2016;
 * `令和元年度`, `平成31年度`, `R1`, `Ｒ１` → 2019; `令和２年度` → 2020; `2019年度` → 2019.
 * A bare number (`2019`, `28`) or a calendar year (`平成28年`) → null.
 */
export function parseFiscalYear(s: string): number | null {
  if (!mayOpenEraOrYear(s)) return null;
  return fiscalYearOf(fold(s))?.year ?? null;
}

/** True for a `…年度` label naming one fiscal year (`平成28年度`, `令和２年度`, `2019年度`), false for `H28` or anything else. */
export function isFiscalYearLabel(s: string): boolean {
  if (!mayOpenEraOrYear(s)) return false;
  return fiscalYearOf(fold(s))?.label === true;
}

export interface YearRange {
  from: number;
  to: number;
}

const RANGE_PARTS = /^([^~]+)~([^~]+)$/u;
const YEAR_ONLY = /^(\d{1,2}|元)\s*(年度)?$/u;

function western(t: string): number | null {
  return /^\d{4}$/u.test(t) ? Number(t) : null;
}

/**
 * A period of fiscal years: `H28 ～ Ｒ１` → {2016, 2019}, `Ｒ１ ～ Ｒ２` → {2019, 2020}, a page-title
 * fragment `（平成２８～令和２年度）` → {2016, 2020}; `～` U+FF5E, `〜` U+301C and `~` all separate
 * the ends, and one pair of round brackets around the whole is allowed. The second end may leave
 * out the era (`平成28～30年度`). A range that runs backwards, or anything else → null.
 */
export function parseYearRange(s: string): YearRange | null {
  let t = fold(s);
  const bracketed = /^\((.*)\)$/u.exec(t);
  if (bracketed) t = bracketed[1]!.trim();
  const m = RANGE_PARTS.exec(t);
  if (!m) return null;
  const left = m[1]!.trim();
  const right = m[2]!.trim();
  // The first end may drop 年度 when the second carries it (平成28～令和2年度, 2016～2020年度).
  const from = fiscalYearOf(left)?.year ?? western(left);
  if (from === null) return null;
  let to = fiscalYearOf(right)?.year ?? null;
  if (to === null) {
    const era = /^(昭和|平成|令和|[SHRshr])/u.exec(left)?.[1];
    const bare = YEAR_ONLY.exec(right);
    if (era !== undefined) to = bare ? eraYear(era, bare[1]!) : null;
    else to = western(right.replace(/\s*年度$/u, ""));
  }
  if (to === null || to < from) return null;
  return { from, to };
}
