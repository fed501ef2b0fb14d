/**
 * Numbers as printed in the sheets' tables. Pure functions, no I/O.
 *
 * Accepted, after trimming (ASCII and ideographic spaces): an optional sign, then digits with
 * optional thousands commas in groups of three, then an optional decimal part. Full-width digits,
 * comma and period are accepted too. Signs: `-` U+002D, `－` U+FF0D, `−` U+2212, and the accounting
 * signs `△` U+25B3 / `▲` U+25B2 mean negative; `+` / `＋` mean positive. A space may follow the sign.
 * Anything else, including an empty cell or a dash alone, is null: never NaN, never 0 for empty.
 */

import { foldByTable, isWhitespace } from "./text.js";

const SIGN_NEGATIVE = new Set(["-", "\uff0d", "\u2212", "\u25b3", "\u25b2"]);
const SIGN_POSITIVE = new Set(["+", "\uff0b"]);

const NUMBER_RE = /^([-+\uff0d\uff0b\u2212\u25b3\u25b2]?)[ \u3000]*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$/u;

/** Full-width digits, comma and period → ASCII; s itself when it has none. */
function halfWidthDigits(s: string): string {
  // foldByTable answers null only when its change does, and this one always has an answer.
  return foldByTable(s, isNotFullWidthDigitOrMark, toAsciiTwin)!;
}

const isNotFullWidthDigitOrMark = (c: number) => !isFullWidthDigitOrMark(c);
const toAsciiTwin = (c: number) => String.fromCharCode(c - 0xfee0);

function isFullWidthDigitOrMark(c: number): boolean {
  return (c >= 0xff10 && c <= 0xff19) || c === 0xff0c || c === 0xff0e;
}

/**
 * Whether c can open a string parseNumber accepts: a sign, a digit (ASCII or full-width), or
 * whitespace that trimming removes. Most tokens are words, and this one test turns them away.
 */
function mayOpenNumber(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || isWhitespace(c);
  return (c >= 0xff10 && c <= 0xff19) || SIGN_CODES.has(c) || isWhitespace(c);
}

const SIGN_CODES: ReadonlySet<number> = new Set([...SIGN_NEGATIVE, ...SIGN_POSITIVE].map((sign) => sign.charCodeAt(0)));

/** `"138,000"` → 138000, `"△1,234"` → -1234, `"１２．５"` → 12.5; `""`, `"－"`, `"1,23"`, `"12%"` → null. */
export function parseNumber(s: string): number | null {
  if (!mayOpenNumber(s.charCodeAt(0))) return null;
  const t = s.trim();
  // NUMBER_RE takes no full-width digit, comma or period: map them only when the plain reading fails.
  let m = NUMBER_RE.exec(t);
  if (!m) {
    const half = halfWidthDigits(t);
    if (half !== t) m = NUMBER_RE.exec(half);
  }
  if (!m) return null;
  const sign = m[1] ?? "";
  const digits = m[2]!;
  const value = Number(digits.includes(",") ? digits.replace(/,/g, "") : digits);
  if (!Number.isFinite(value)) return null;
  if (SIGN_NEGATIVE.has(sign)) return value === 0 ? 0 : -value;
  if (sign === "" || SIGN_POSITIVE.has(sign)) return value;
  return null;
}

/** True when the whole string is one number that parseNumber accepts. */
export function isNumberToken(s: string): boolean {
  return parseNumber(s) !== null;
}
