/**
 * Character-level normalisers for text taken from the sheets. Pure functions, no I/O.
 *
 * Stored text keeps what was printed; these helpers fix what the PDF producer changed
 * (radical code points, the wave dash) and give comparison keys for labels.
 */

/**
 * CJK Radicals Supplement (U+2E80–U+2EF3) → the equivalent unified ideograph, as pairs of code
 * points. Taken from the Unicode Character Database file EquivalentUnifiedIdeograph.txt (14.0.0),
 * every line in U+2E81–U+2EF3 (114 code points; U+2E80 and the unassigned U+2E9A have no entry).
 * NFKC leaves this block alone except U+2E9F and U+2EF3, so it needs a table.
 */
const RADICAL_SUPPLEMENT: readonly number[] = [
  0x2e81, 0x5382, 0x2e82, 0x4e5b, 0x2e83, 0x4e5a, 0x2e84, 0x4e59, 0x2e85, 0x4ebb, 0x2e86, 0x5182, 0x2e87, 0x20628, 0x2e88, 0x5200,
  0x2e89, 0x5202, 0x2e8a, 0x535c, 0x2e8b, 0x353e, 0x2e8c, 0x5c0f, 0x2e8d, 0x5c0f, 0x2e8e, 0x5140, 0x2e8f, 0x5c23, 0x2e90, 0x5c22,
  0x2e91, 0x21bc2, 0x2e92, 0x5df3, 0x2e93, 0x5e7a, 0x2e94, 0x5f51, 0x2e95, 0x5f50, 0x2e96, 0x5fc4, 0x2e97, 0x5fc3, 0x2e98, 0x624c,
  0x2e99, 0x6535, 0x2e9b, 0x65e1, 0x2e9c, 0x65e5, 0x2e9d, 0x6708, 0x2e9e, 0x6b7a, 0x2e9f, 0x6bcd, 0x2ea0, 0x6c11, 0x2ea1, 0x6c35,
  0x2ea2, 0x6c3a, 0x2ea3, 0x706c, 0x2ea4, 0x722b, 0x2ea5, 0x722b, 0x2ea6, 0x4e2c, 0x2ea7, 0x725b, 0x2ea8, 0x72ad, 0x2ea9, 0x738b,
  0x2eaa, 0x24d14, 0x2eab, 0x76ee, 0x2eac, 0x793a, 0x2ead, 0x793b, 0x2eae, 0x25ad7, 0x2eaf, 0x7cf9, 0x2eb0, 0x7e9f, 0x2eb1, 0x7f53,
  0x2eb2, 0x7f52, 0x2eb3, 0x34c1, 0x2eb4, 0x5197, 0x2eb5, 0x2626b, 0x2eb6, 0x7f8a, 0x2eb7, 0x2634c, 0x2eb8, 0x2634b, 0x2eb9, 0x8002,
  0x2eba, 0x8080, 0x2ebb, 0x807f, 0x2ebc, 0x8089, 0x2ebd, 0x26951, 0x2ebe, 0x8279, 0x2ebf, 0x8279, 0x2ec0, 0x8279, 0x2ec1, 0x864e,
  0x2ec2, 0x8864, 0x2ec3, 0x8980, 0x2ec4, 0x897f, 0x2ec5, 0x89c1, 0x2ec6, 0x89d2, 0x2ec7, 0x278b2, 0x2ec8, 0x8ba0, 0x2ec9, 0x8d1d,
  0x2eca, 0x27fb7, 0x2ecb, 0x8f66, 0x2ecc, 0x8fb6, 0x2ecd, 0x8fb6, 0x2ece, 0x8fb6, 0x2ecf, 0x9091, 0x2ed0, 0x9485, 0x2ed1, 0x9577,
  0x2ed2, 0x9578, 0x2ed3, 0x957f, 0x2ed4, 0x95e8, 0x2ed5, 0x28e0f, 0x2ed6, 0x961d, 0x2ed7, 0x96e8, 0x2ed8, 0x9752, 0x2ed9, 0x97e6,
  0x2eda, 0x9875, 0x2edb, 0x98ce, 0x2edc, 0x98de, 0x2edd, 0x98df, 0x2ede, 0x2967f, 0x2edf, 0x98e0, 0x2ee0, 0x9963, 0x2ee1, 0x29810,
  0x2ee2, 0x9a6c, 0x2ee3, 0x9aa8, 0x2ee4, 0x9b3c, 0x2ee5, 0x9c7c, 0x2ee6, 0x9e1f, 0x2ee7, 0x5364, 0x2ee8, 0x9ea6, 0x2ee9, 0x9ec4,
  0x2eea, 0x9efe, 0x2eeb, 0x6589, 0x2eec, 0x9f50, 0x2eed, 0x6b6f, 0x2eee, 0x9f7f, 0x2eef, 0x7adc, 0x2ef0, 0x9f99, 0x2ef1, 0x9f9c,
  0x2ef2, 0x4e80, 0x2ef3, 0x9f9f,
];

/**
 * Kangxi radicals whose NFKC target is a traditional form that Japanese text almost never uses,
 * while the Japanese font prints (and shares its glyph with) the everyday form: in IPAexGothic and
 * IPAexMincho the glyph of U+2F3E is the glyph of 戸 U+6238 (NFKC gives 戶 U+6236) and the glyph
 * of U+2FCA is the glyph of 黒 U+9ED2 (NFKC gives 黑 U+9ED1). All other 212 Kangxi radicals share
 * their glyph with exactly their NFKC target in those fonts.
 */
const KANGXI_JAPANESE: ReadonlyMap<number, number> = new Map([
  [0x2f3e, 0x6238],
  [0x2fca, 0x9ed2],
]);

const SUPPLEMENT_MAP: ReadonlyMap<number, number> = (() => {
  const m = new Map<number, number>();
  for (let i = 0; i + 1 < RADICAL_SUPPLEMENT.length; i += 2) m.set(RADICAL_SUPPLEMENT[i]!, RADICAL_SUPPLEMENT[i + 1]!);
  return m;
})();

const RADICAL_RE = /[\u2e80-\u2ef3\u2f00-\u2fd5]/gu;

/** Whether s holds a radical code point; a charCode scan, far cheaper than running RADICAL_RE's replace on every string. */
function hasRadical(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x2e80 && c <= 0x2fd5) return true;
  }
  return false;
}

/**
 * Replace radical code points by the ideographs they stand for. Kangxi radicals (U+2F00–U+2FD5)
 * go through NFKC (character by character, so nothing else in the string is folded), except the two
 * in KANGXI_JAPANESE; CJK Radicals Supplement code points go through the UCD equivalence table.
 * Code points without an equivalent (U+2E80) are left as they are.
 */
export function fixRadicals(s: string): string {
  if (!hasRadical(s)) return s;
  return s.replace(RADICAL_RE, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x2f00) {
      const ja = KANGXI_JAPANESE.get(cp);
      return ja !== undefined ? String.fromCodePoint(ja) : ch.normalize("NFKC");
    }
    const to = SUPPLEMENT_MAP.get(cp);
    return to !== undefined ? String.fromCodePoint(to) : ch;
  });
}

/**
 * Full-width ASCII (U+FF01–U+FF5D: letters, digits, punctuation) → ASCII. Everything else is left
 * alone: Japanese text, the ideographic space U+3000, and ～ U+FF5E, which in Japanese documents is
 * the wave dash of a range (CP932 0x8160), not a tilde.
 */
export function toHalfWidthAscii(s: string): string {
  return s.replace(/[\uff01-\uff5d]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** 〜 WAVE DASH U+301C (what Chromium-made PDFs print) → ～ FULLWIDTH TILDE U+FF5E (what CP932 files hold). */
export function normalizeWaveDash(s: string): string {
  if (s.indexOf("\u301c") < 0) return s;
  return s.replace(/\u301c/gu, "\uff5e");
}

/**
 * Runs of horizontal whitespace (ASCII space, tab, ideographic space U+3000, no-break space) become
 * one ASCII space; horizontal whitespace at the start and end of the string and next to a line
 * break is removed. Line breaks themselves are kept (each line is collapsed on its own).
 */
export function collapseSpaces(s: string): string {
  if (isSpaceCollapsed(s)) return s;
  return s
    .replace(/[ \t\u3000\u00a0]+/gu, " ")
    .replace(/ ?\n ?/gu, "\n")
    .replace(/^ | $/gu, "");
}

/**
 * Whether collapseSpaces has nothing to do (most cells): no tab, U+3000 or NBSP, and every space
 * alone, away from the ends and from line breaks. One charCode pass instead of three replaces.
 */
function isSpaceCollapsed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x09 || c === 0x3000 || c === 0xa0) return false;
    if (c !== 0x20) continue;
    if (i === 0 || i === s.length - 1) return false;
    const before = s.charCodeAt(i - 1);
    const after = s.charCodeAt(i + 1);
    if (before === 0x0a || after === 0x0a || after === 0x20) return false;
  }
  return true;
}

/**
 * A key for comparing labels, never for stored text: radicals fixed, the wave dash unified,
 * NFKC (folds full-width ASCII, half-width katakana, ㍻ and similar), and all whitespace removed.
 */
export function matchKey(s: string): string {
  if (PLAIN_KEY.test(s)) return s;
  return keyByTable(s) ?? normalizeWaveDash(fixRadicals(s)).normalize("NFKC").replace(/\s+/gu, "");
}

/**
 * Strings matchKey leaves as they are: printable ASCII but space, and the common Japanese
 * characters NFKC never changes (CJK punctuation and brackets 、。〃々〆〇〈〉《》「」『』【】,
 * hiragana, katakana, ・, ー, the CJK unified ideographs, ○ △ ※). Each is its own NFKC form,
 * none is a radical, 〜 or whitespace, and none combines with a neighbour under NFKC.
 * (A regex, not a charCode loop: it runs natively from the first call, which counts in a short run.)
 */
const PLAIN_KEY = /^[\x21-\x7e\u3001-\u3003\u3005-\u3011\u3041-\u3096\u30a1-\u30fc\u4e00-\u9fff\u25cb\u25b3\u203b]*$/;

/**
 * matchKey without NFKC for the other strings made only of characters whose key is known (every
 * line and token of the sample): one charCode pass; null when some character needs the full
 * treatment. PLAIN_KEY characters stay; whitespace (what `\s` matches) goes, whatever NFKC makes
 * of it; full-width ASCII U+FF01–U+FF5E becomes its NFKC form, the ASCII twin (～ U+FF5E "~"), and
 * 〜 U+301C, which normalizeWaveDash turns into ～, "~". None of these combines with a neighbour.
 */
function keyByTable(s: string): string | null {
  return foldByTable(s, isPlainKeyChar, keyOfChar);
}

/** keyByTable's change to a character outside PLAIN_KEY, or null when it needs the full treatment. */
function keyOfChar(c: number): string | null {
  if (isWhitespace(c)) return "";
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
  if (c === 0x301c) return "~";
  return null;
}

/** A PLAIN_KEY character. */
function isPlainKeyChar(c: number): boolean {
  return c < 0x3001 ? (c >= 0x21 && c <= 0x7e) || c === 0x25cb || c === 0x25b3 || c === 0x203b : isPlainJapanese(c);
}

/** The Japanese characters from U+3001 up that NFKC never changes and that combine with no neighbour: CJK punctuation and brackets, hiragana, katakana, ・, ー, the CJK unified ideographs. */
export function isPlainJapanese(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x30a1 && c <= 0x30fc) ||
    (c >= 0x3001 && c <= 0x3003) ||
    (c >= 0x3005 && c <= 0x3011)
  );
}

/**
 * One charCode pass over s: characters `keep` accepts stay, every other one becomes `change(c)`;
 * null as soon as `change` has no answer for one (the caller then takes the slow, general path).
 * Returns s itself when nothing changed.
 */
export function foldByTable(s: string, keep: (c: number) => boolean, change: (c: number) => string | null): string | null {
  let out = "";
  let kept = 0; // s[kept, i) is copied to out as it is, once a character needs changing
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (keep(c)) continue;
    const to = change(c);
    if (to === null) return null;
    out += s.slice(kept, i) + to;
    kept = i + 1;
  }
  return kept === 0 ? s : out + s.slice(kept);
}

/**
 * The code units `\s` and String.prototype.trim treat as whitespace: ECMAScript WhiteSpace
 * (tab, VT, FF, space, NBSP, U+FEFF, the Zs category) and LineTerminator (LF, CR, U+2028, U+2029).
 */
export function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0xfeff
  );
}

export type Grade = "A" | "B" | "C";

/** An evaluation grade written alone in a cell: `Ｂ`, `B`, `ｂ` (surrounding whitespace allowed) → "B"; anything else → null. */
export function gradeOf(s: string): Grade | null {
  // NFKC of the whitespace at the ends is whitespace, which the trim after it drops anyway.
  const trimmed = s.trim();
  // Two characters that NFKC maps one to one onto visible ones, and that combine with nothing
  // before them, stay two visible characters whatever follows: never one letter.
  if (trimmed.length > 1 && isOneToOneNfkc(trimmed.charCodeAt(0)) && isOneToOneNfkc(trimmed.charCodeAt(1))) return null;
  const t = trimmed.normalize("NFKC").trim().toUpperCase();
  return t === "A" || t === "B" || t === "C" ? t : null;
}

/** PLAIN_KEY characters and full-width ASCII: NFKC maps each to one visible character, and none combines with a neighbour. */
function isOneToOneNfkc(c: number): boolean {
  return isPlainKeyChar(c) || (c >= 0xff01 && c <= 0xff5e);
}

/**
 * Printed width in units of one full-width character: half-width ASCII (U+0020–U+007E), half-width
 * katakana and the other half-width forms (U+FF61–U+FFDC, U+FFE8–U+FFEE) count 0.5; control,
 * format and combining characters count 0; everything else (kanji, kana, full-width forms, and
 * symbols like ○ ※ ① that Japanese fonts set full-width) counts 1.
 */
export function displayWidth(s: string): number {
  let halves = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xff61 && c <= 0xffdc) || (c >= 0xffe8 && c <= 0xffee)) halves += 1;
    else if (isWideForSure(c)) halves += 2;
    else {
      // Rare characters ask the Unicode properties, one code point (a surrogate pair or a lone half) at a time.
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1));
      ZERO_WIDTH_AT.lastIndex = i;
      if (!ZERO_WIDTH_AT.test(s)) halves += 2;
      if (pair) i++;
    }
  }
  return halves / 2;
}

/** Matches one zero-width code point at lastIndex (sticky, so no per-character substring is made). */
const ZERO_WIDTH_AT = /[\p{Cc}\p{Cf}\p{Mn}\p{Me}]/uy;

/**
 * Fully assigned blocks that hold no control, format or combining character, so they count 1 without
 * asking the Unicode properties: CJK symbols (but the tone marks U+302A–U+302F), hiragana (but the
 * combining voiced marks U+3099–U+309A), katakana, CJK ideographs and extension A, full-width forms.
 */
function isWideForSure(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3000 && c <= 0x3029) ||
    (c >= 0x3030 && c <= 0x303f) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x309b && c <= 0x30ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xff01 && c <= 0xff60)
  );
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
