// The implementation before the perf-tok rewrite, kept as the reference the rewrite must agree with.
/**
 * Japanese era dates and fiscal years. Pure functions, no I/O.
 *
 * Inputs are NFKC-folded first, so full-width letters, digits and punctuation (`Ｒ２．３．３１`)
 * and the square era signs (㍻ 平成, ㋿ 令和, ㍼ 昭和) are accepted like their plain forms.
 * Eras: 昭和/S = year + 1925, 平成/H = year + 1988, 令和/R = year + 2018; 元 = year 1.
 * Dates outside an era's real span (H31.5.1, R1.4.1) are converted arithmetically, as documents
 * prepared around the change of era do write them; only impossible calendar dates are refused.
 */

const ERA_OFFSET: Readonly<Record<string, number>> = {
  昭和: 1925,
  S: 1925,
  平成: 1988,
  H: 1988,
  令和: 2018,
  R: 2018,
};

const ERA = "(昭和|平成|令和|[SHRshr])";
const ERA_YEAR = "(\\d{1,2}|元)";

function fold(s: string): string {
  // Printable ASCII, spaces and the kanji of era names are their own NFKC form (and not 〜).
  if (PLAIN.test(s)) return s.trim();
  // NFKC folds ～ U+FF5E to "~" but leaves 〜 U+301C; ranges treat both as "~".
  return s.normalize("NFKC").replace(/\u301c/gu, "~").trim();
}

const PLAIN = /^[\x20-\x7e\u4e00-\u9fff]*$/;

function eraYear(era: string, year: string): number | null {
  const offset = ERA_OFFSET[era.length === 1 ? era.toUpperCase() : era];
  if (offset === undefined) return null;
  const n = year === "元" ? 1 : Number(year);
  if (!Number.isInteger(n) || n < 1) return null;
  return offset + n;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
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
  return fiscalYearOf(fold(s))?.year ?? null;
}

/** True for a `…年度` label naming one fiscal year (`平成28年度`, `令和２年度`, `2019年度`), false for `H28` or anything else. */
export function isFiscalYearLabel(s: string): boolean {
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
