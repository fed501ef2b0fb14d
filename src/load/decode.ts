/**
 * Bytes → text for text input, with encoding detection.
 *
 * Detection order (first that applies wins):
 *   1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE): the file must then be valid in that encoding;
 *   2. UTF-16 without a BOM, only when it is clearly UTF-16 (see guessUtf16);
 *   3. strict UTF-8, 4. strict CP932, 5. strict EUC-JP.
 * "Strict" means no invalid byte sequence anywhere. TextDecoder checks that itself with
 * `fatal: true`; iconv-lite instead writes U+FFFD for every unassigned or truncated sequence, and its
 * CP932 and EUC-JP tables map no byte sequence to U+FFFD, so "no U+FFFD in the output" is exactly
 * "no invalid sequence". (A re-encode comparison would wrongly refuse valid CP932: the NEC-selected
 * IBM extensions at 0xED40–0xEEFC decode fine but re-encode to their 0xFA40–0xFC4B duplicates.)
 *
 * CP932 and EUC-JP overlap: short EUC-JP text is often also valid CP932 (read as half-width
 * katakana, private-use and odd kanji; 459 of the 805 non-ASCII lines of the sample are). When both
 * decode, the reading that looks more like full-width Japanese wins (see japaneseScore); a tie keeps
 * CP932, the encoding real files use. Bytes valid in both can be ambiguous by nature: CP932 made
 * only of half-width katakana pairs also reads as EUC-JP kanji, and is read as EUC-JP. Likewise a
 * few EUC-JP or CP932 characters can happen to be valid UTF-8 (EUC-JP 年 = C7 AF = UTF-8 ǯ);
 * UTF-8 comes first, as the order says. Whole sheets are long enough that neither happens.
 *
 * ～ U+FF5E survives every encoding here: CP932 0x8160; in EUC-JP iconv-lite (like glibc iconv)
 * writes it as the JIS X 0212 sequence 8F A2 B7 and reads that, and also A1 C1 (what eucJP-ms and
 * nkf write), as U+FF5E.
 *
 * Decoded text that is not text (random bytes, binaries) is refused: see MAX_SUSPICIOUS_SHARE.
 * The result has no BOM, and CRLF and CR are turned into LF; form feeds (page breaks) are kept.
 */
import { createRequire } from "node:module";
import type IconvLite from "iconv-lite";
import { ApsheetError } from "../diagnostics.js";

/** iconv-lite, loaded the first time a CP932 or EUC-JP decoding is tried (UTF-8 input never needs it). */
let iconvLib: typeof IconvLite | undefined;
const iconv = (): typeof IconvLite => (iconvLib ??= createRequire(import.meta.url)("iconv-lite") as typeof IconvLite);

export interface Decoded {
  text: string;
  encoding: "utf-8" | "utf-16le" | "utf-16be" | "cp932" | "euc-jp" | string;
  bom: boolean;
}

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "cp932" | "euc-jp";

export interface DecodeOptions {
  /** Name used in errors. */
  file: string;
  /** Skip detection and decode with this encoding (aliases as in ENCODING_ALIASES). */
  encoding?: string;
}

/**
 * Names accepted for `opts.encoding`, compared case-insensitively and ignoring `-`, `_`, `.` and
 * spaces (so `Shift_JIS`, `shift-jis` and `SJIS` are all CP932; iconv-lite's Shift_JIS is CP932).
 */
export const ENCODING_ALIASES: Readonly<Record<string, TextEncodingName>> = {
  utf8: "utf-8",
  utf16le: "utf-16le",
  utf16be: "utf-16be",
  cp932: "cp932",
  ms932: "cp932",
  windows31j: "cp932",
  windows932: "cp932",
  shiftjis: "cp932",
  sjis: "cp932",
  mskanji: "cp932",
  xsjis: "cp932",
  csshiftjis: "cp932",
  eucjp: "euc-jp",
  xeucjp: "euc-jp",
  ujis: "euc-jp",
};

/**
 * The largest share of suspicious code points a decoded text may have. Suspicious: C0/C1 control
 * characters other than tab, LF, CR and form feed; private-use, unassigned and surrogate code
 * points; U+FFFD. Real text has next to none (a sheet may carry a few private-use 外字 for names);
 * bytes that merely happen to decode have far more: random 7-bit bytes read as UTF-8 or CP932 are
 * 29/128 ≈ 23 % control characters, random UTF-16 code units ≈ 10 % private use alone. One in
 * twenty sits between the two with a wide margin on both sides.
 */
export const MAX_SUSPICIOUS_SHARE = 0.05;

const LABEL: Readonly<Record<TextEncodingName, string>> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16LE",
  "utf-16be": "UTF-16BE",
  cp932: "CP932",
  "euc-jp": "EUC-JP",
};

const BOMS: ReadonlyArray<readonly [TextEncodingName, readonly number[]]> = [
  ["utf-8", [0xef, 0xbb, 0xbf]],
  ["utf-16le", [0xff, 0xfe]],
  ["utf-16be", [0xfe, 0xff]],
];

/** "%PDF-" within the first 1024 bytes → "pdf" (the header may follow a little junk); otherwise "text". */
export function sniffFormat(bytes: Uint8Array): "pdf" | "text" {
  const end = Math.min(bytes.length, 1024) - 5;
  for (let i = 0; i <= end; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) {
      return "pdf";
    }
  }
  return "text";
}

/** Decode a text file. Throws ApsheetError: empty-input, unknown-encoding, undecodable-text. */
export function decodeText(bytes: Uint8Array, opts: DecodeOptions): Decoded {
  const { file } = opts;
  if (bytes.length === 0) throw new ApsheetError("empty-input", "empty file", file);

  let encoding: TextEncodingName;
  let bom = false;
  let text: string;

  if (opts.encoding !== undefined) {
    encoding = canonicalEncoding(opts.encoding, file);
    const bomLength = bomLengthFor(bytes, encoding);
    bom = bomLength > 0;
    const body = bytes.subarray(bomLength);
    const decoded = decodeStrict(body, encoding);
    if (decoded === null) {
      throw new ApsheetError("undecodable-text", `not valid ${LABEL[encoding]} text (${firstBadLine(body, encoding)}; the encoding was given, so no other was tried)`, file);
    }
    text = decoded;
  } else {
    const detected = detect(bytes, file);
    ({ encoding, bom, text } = detected);
  }

  if (text.length === 0) throw new ApsheetError("empty-input", "empty file (only a byte-order mark)", file);
  const share = suspiciousShare(text);
  if (share > MAX_SUSPICIOUS_SHARE) {
    throw new ApsheetError(
      "undecodable-text",
      `not text: read as ${LABEL[encoding]}, ${formatPercent(share)} of the characters are control, private-use or unassigned characters`,
      file,
    );
  }
  return { text: text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text, encoding, bom };
}

function detect(bytes: Uint8Array, file: string): { encoding: TextEncodingName; bom: boolean; text: string } {
  for (const [encoding, mark] of BOMS) {
    if (startsWith(bytes, mark)) {
      const body = bytes.subarray(mark.length);
      const text = decodeStrict(body, encoding);
      if (text === null) {
        throw new ApsheetError("undecodable-text", `starts with a ${LABEL[encoding]} byte-order mark but is not valid ${LABEL[encoding]} (${firstBadLine(body, encoding)})`, file);
      }
      return { encoding, bom: true, text };
    }
  }

  const utf16 = guessUtf16(bytes);
  if (utf16 !== null) {
    const text = decodeStrict(bytes, utf16);
    if (text !== null) return { encoding: utf16, bom: false, text };
  }

  const utf8 = decodeStrict(bytes, "utf-8");
  if (utf8 !== null) return { encoding: "utf-8", bom: false, text: utf8 };

  const cp932 = decodeStrict(bytes, "cp932");
  const eucjp = decodeStrict(bytes, "euc-jp");
  if (cp932 !== null && (eucjp === null || japaneseScore(cp932) >= japaneseScore(eucjp))) {
    return { encoding: "cp932", bom: false, text: cp932 };
  }
  if (eucjp !== null) return { encoding: "euc-jp", bom: false, text: eucjp };

  throw new ApsheetError("undecodable-text", "not valid text in any supported encoding (tried UTF-8, CP932, EUC-JP)", file);
}

function canonicalEncoding(name: string, file: string): TextEncodingName {
  const key = name.toLowerCase().replace(/[-_. ]/g, "");
  const found = Object.hasOwn(ENCODING_ALIASES, key) ? ENCODING_ALIASES[key] : undefined;
  if (found === undefined) {
    throw new ApsheetError("unknown-encoding", `unknown encoding "${name}" (use utf-8, utf-16le, utf-16be, cp932 or euc-jp)`, file);
  }
  return found;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function bomLengthFor(bytes: Uint8Array, encoding: TextEncodingName): number {
  const entry = BOMS.find(([e]) => e === encoding);
  return entry !== undefined && startsWith(bytes, entry[1]) ? entry[1].length : 0;
}

/**
 * UTF-16 without a BOM, only when clearly so. UTF-8, CP932 and EUC-JP text never contains a NUL
 * byte, while UTF-16 puts one in the high byte of every ASCII character (newlines, digits, spaces).
 * So all of: an even length; NULs at one parity outnumbering those at the other at least 3 to 1
 * (the other parity gets a few from characters like U+3000 and 一 U+4E00); and at least 2 of them,
 * and at least one per 64 code units (a line break every 64 characters is enough), so that a stray
 * NUL or two in an 8-bit file does not turn it into UTF-16. Binary data has NULs at both parities
 * alike and is left to the other checks.
 */
function guessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  // No NUL byte at all (every 8-bit file): both counts are 0, so not UTF-16; indexOf finds that fast.
  if (bytes.length < 2 || bytes.length % 2 !== 0 || bytes.indexOf(0) < 0) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const enough = Math.max(2, bytes.length / 2 / 64);
  if (odd >= enough && odd >= 3 * even) return "utf-16le";
  if (even >= enough && even >= 3 * odd) return "utf-16be";
  return null;
}

/** Decode, or null when any byte sequence is invalid in that encoding. The result keeps any BOM. */
function decodeStrict(bytes: Uint8Array, encoding: TextEncodingName): string | null {
  if (encoding === "cp932" || encoding === "euc-jp") {
    const text = iconv().decode(toBuffer(bytes), encoding, { stripBOM: false });
    return text.includes("\ufffd") ? null : text;
  }
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Where the first invalid sequence is, for messages: "first bad byte on line N". */
function firstBadLine(bytes: Uint8Array, encoding: TextEncodingName): string {
  const lossy =
    encoding === "cp932" || encoding === "euc-jp"
      ? iconv().decode(toBuffer(bytes), encoding, { stripBOM: false })
      : new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  const at = lossy.indexOf("\ufffd");
  if (at < 0) return "truncated at the end";
  let line = 1;
  for (let i = lossy.indexOf("\n"); i >= 0 && i < at; i = lossy.indexOf("\n", i + 1)) line++;
  return `first bad byte on line ${line}`;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const SUSPICIOUS_RE = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\p{Co}\p{Cn}\p{Cs}\ufffd]/gu;
/** SUSPICIOUS_RE for the one code point at lastIndex. */
const SUSPICIOUS_AT = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\p{Co}\p{Cn}\p{Cs}\ufffd]/uy;

/**
 * Share of suspicious code points (see MAX_SUSPICIOUS_SHARE) in a decoded text; 0 for "".
 * A native scan finds where the text first leaves the blocks Japanese text is made of (none
 * of them holds a suspicious code point); from there one charCode pass settles those blocks by
 * range and asks SUSPICIOUS_AT only about the rest (a global match over megabytes built big arrays).
 */
export function suspiciousShare(text: string): number {
  if (text.length === 0) return 0;
  const first = text.search(OUTSIDE_PLAIN_BLOCKS);
  if (first < 0) return 0;
  let codePoints = first; // what comes before is BMP, one code unit a code point
  let suspicious = 0;
  for (let i = first; i < text.length; i++) {
    codePoints++;
    const c = text.charCodeAt(i);
    if (isPlainTextUnit(c)) continue;
    SUSPICIOUS_AT.lastIndex = i;
    if (SUSPICIOUS_AT.test(text)) suspicious++;
    // A surrogate pair is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) i++;
    }
  }
  return suspicious / codePoints;
}

/**
 * Tab, LF, FF, CR, printable ASCII, Latin-1, and fully assigned blocks of the symbols, kana,
 * ideographs and full-width forms of Japanese text (but the unassigned hiragana U+3040, U+3097–U+3098).
 */
const OUTSIDE_PLAIN_BLOCKS =
  /[^\t\n\f\r\x20-\x7e\u00a0-\u00ff\u2000-\u2064\u2190-\u23ff\u2460-\u27bf\u3000-\u303f\u3041-\u3096\u3099-\u30ff\u4e00-\u9fff\uff01-\uffbe]/;

/** A code unit in one of the OUTSIDE_PLAIN_BLOCKS blocks (the common ones first). */
function isPlainTextUnit(c: number): boolean {
  if (c < 0x100) return (c >= 0x20 && c <= 0x7e) || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c || c >= 0xa0;
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x3099 && c <= 0x30ff) ||
    (c >= 0xff01 && c <= 0xffbe) ||
    (c >= 0x2000 && c <= 0x2064) ||
    (c >= 0x2190 && c <= 0x23ff) ||
    (c >= 0x2460 && c <= 0x27bf)
  );
}

/**
 * How much a reading looks like the full-width Japanese these sheets are written in: kana, kanji,
 * CJK punctuation and full-width forms count for it; half-width katakana and suspicious code
 * points count against it. EUC-JP read as CP932 turns most of its bytes into half-width katakana
 * (0xA1–0xDF) and some into private-use characters (leads 0xF0–0xF9). CP932 with full-width
 * characters is never valid EUC-JP (its usual lead bytes 0x81–0x9F are not EUC-JP leads), so the
 * only CP932 that competes is half-width katakana alone, which this score reads as EUC-JP.
 */
function japaneseScore(text: string): number {
  const fullWidth = text.match(/[\u3000-\u303f\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff\uff01-\uff5e\u25a0-\u25ff]/gu)?.length ?? 0;
  // Hiragana carry Japanese prose, and EUC-JP misread as CP932 never yields them (its kana
  // leads fall in half-width katakana), so they count twice: "り○a" is EUC-JP, not "､遙珉".
  const hiragana = text.match(/[\u3041-\u3096]/gu)?.length ?? 0;
  const halfWidthKana = text.match(/[\uff61-\uff9f]/gu)?.length ?? 0;
  const suspicious = text.match(SUSPICIOUS_RE)?.length ?? 0;
  return fullWidth + hiragana - halfWidthKana - suspicious;
}

function formatPercent(share: number): string {
  const percent = share * 100;
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)}%`;
}
