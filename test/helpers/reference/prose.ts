// The implementation before the perf-tok rewrite, kept as the reference the rewrite must agree with.
/**
 * Free text: put a wrapped cell's lines back together. A line that only wraps its cell joins
 * the next with no space (Japanese has none); a break the author made stays "\n":
 *  - before a bullet or a paragraph indent,
 *  - after a sentence that ends clearly short of the cell's width,
 *  - after a clearly short line that does not split a word (asked of the word oracle,
 *    i.e. kuromoji, only in wide cells where cheaper evidence leaves it open).
 * Narrow cells (a handful of characters a line) wrap raggedly, so there only the first two apply.
 */
import { displayWidth } from "./text.js";

/** Answers "does joining these two lines put one word back together?"; null when it cannot tell (yet). */
export interface WordOracle {
  splitsWord(left: string, right: string): boolean | null;
}

const BULLET = /^([・※●○◆◇■□▪＊*★☆]|[①-⑳]|[（(][0-9０-９一二三四五六七八九十]+[）)]|[0-9０-９]+(?:[.．](?![0-9０-９])|[、)）])\s*\S)/;
const SENTENCE_END = /[。！？!?][）)」』】〕]*$/;
const INDENT = /^[\u3000 ]/;
const WIDE_CELL = 16;

/** Whitespace runs inside a line collapse to one; a lone full-width space, as printed, stays. */
export function collapseInline(s: string): string {
  // Breaks already decided upstream (a PDF cell's geometry) arrive as "\n" and stay.
  return s
    .split("\n")
    .map((line) =>
      line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "").replace(/[\s\u3000]+/g, (run) => (run === "\u3000" ? run : " ")),
    )
    .filter((line) => line !== "")
    .join("\n");
}

/**
 * `endsShort(i)` may say from geometry whether line i stopped clearly short of its cell's right
 * edge (PDF); without it, shortness is judged against the block's widest line.
 */
export function joinProse(lines: string[], oracle?: WordOracle, endsShort?: (i: number) => boolean): string | null {
  const keptIdx = lines.map((l, i) => ({ l: l.replace(/\s+$/, ""), i })).filter(({ l }) => l.trim() !== "");
  if (keptIdx.length === 0) return null;
  const kept = keptIdx.map(({ l }) => l);
  const maxWidth = Math.max(...kept.map(displayWidth));
  let out = collapseInline(kept[0]!);
  for (let i = 1; i < kept.length; i++) {
    const prev = kept[i - 1]!;
    const cur = kept[i]!;
    const text = collapseInline(cur);
    const short = endsShort ? endsShort(keptIdx[i - 1]!.i) : undefined;
    out += isAuthorBreak(prev, cur, maxWidth, oracle, short) ? "\n" + text : text;
  }
  return out;
}

function isAuthorBreak(prev: string, next: string, maxWidth: number, oracle?: WordOracle, shortByGeometry?: boolean): boolean {
  const nextText = next.trim();
  if (BULLET.test(nextText) || INDENT.test(next)) return true;
  const width = displayWidth(prev);
  const short = shortByGeometry ?? width <= maxWidth - 1.5;
  if (SENTENCE_END.test(prev.trim())) return short;
  if (shortByGeometry !== undefined) {
    // Geometry: a line that reached the edge wraps; a short one without a sentence end is a
    // wrap held back by line-breaking rules (「…」 kept whole, no line starting with ，), not a break.
    if (!short) return false;
  } else if (maxWidth < WIDE_CELL || width > maxWidth * 0.8) return false;
  if (/[、，,・（(「『【]$/.test(prev.trim())) return false;
  const split = oracle?.splitsWord(prev.trim(), nextText) ?? null;
  return split === false;
}
