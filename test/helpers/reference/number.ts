// The implementation before the perf-tok rewrite, kept as the reference the rewrite must agree with.
/**
 * Numbers as printed in the sheets' tables. Pure functions, no I/O.
 *
 * Accepted, after trimming (ASCII and ideographic spaces): an optional sign, then digits with
 * optional thousands commas in groups of three, then an optional decimal part. Full-width digits,
 * comma and period are accepted too. Signs: `-` U+002D, `－` U+FF0D, `−` U+2212, and the accounting
 * signs `△` U+25B3 / `▲` U+25B2 mean negative; `+` / `＋` mean positive. A space may follow the sign.
 * Anything else, including an empty cell or a dash alone, is null: never NaN, never 0 for empty.
 */

const SIGN_NEGATIVE = new Set(["-", "\uff0d", "\u2212", "\u25b3", "\u25b2"]);
const SIGN_POSITIVE = new Set(["+", "\uff0b"]);

const NUMBER_RE = /^([-+\uff0d\uff0b\u2212\u25b3\u25b2]?)[ \u3000]*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$/u;

function halfWidthDigits(s: string): string {
  return s.replace(/[\uff10-\uff19\uff0c\uff0e]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** `"138,000"` → 138000, `"△1,234"` → -1234, `"１２．５"` → 12.5; `""`, `"－"`, `"1,23"`, `"12%"` → null. */
export function parseNumber(s: string): number | null {
  const m = NUMBER_RE.exec(halfWidthDigits(s.trim()));
  if (!m) return null;
  const sign = m[1] ?? "";
  const value = Number(m[2]!.replace(/,/g, ""));
  if (!Number.isFinite(value)) return null;
  if (SIGN_NEGATIVE.has(sign)) return value === 0 ? 0 : -value;
  if (sign === "" || SIGN_POSITIVE.has(sign)) return value;
  return null;
}

/** True when the whole string is one number that parseNumber accepts. */
export function isNumberToken(s: string): boolean {
  return parseNumber(s) !== null;
}
