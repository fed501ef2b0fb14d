/**
 * Free text: put a wrapped cell's lines back together. A line that only wraps its cell joins
 * the next with no space (Japanese has none); a break the author made stays "\n":
 *  - before a bullet or a paragraph indent,
 *  - after a sentence that ends clearly short of the cell's width,
 *  - after a clearly short line that does not split a word (asked of the word oracle,
 *    i.e. kuromoji, only in wide cells where cheaper evidence leaves it open).
 * Narrow cells (a handful of characters a line) wrap raggedly, so there only the first two apply.
 */
import { displayWidth, isWhitespace } from "./text.js";

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
  if (isCollapsed(s)) return s;
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
 * Whether collapseInline has nothing to do: one non-empty line, no whitespace at either end, and
 * inside only lone spaces or lone full-width spaces (what most cells hold). One charCode pass
 * instead of a split and three regex passes.
 */
function isCollapsed(s: string): boolean {
  const n = s.length;
  if (n === 0 || isWhitespace(s.charCodeAt(0)) || isWhitespace(s.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n - 1; i++) {
    const c = s.charCodeAt(i);
    if (!isWhitespace(c)) continue;
    if ((c !== 0x20 && c !== 0x3000) || isWhitespace(s.charCodeAt(i + 1))) return false;
  }
  return true;
}

/**
 * `endsShort(i)` may say from geometry whether line i stopped clearly short of its cell's right
 * edge (PDF); without it, shortness is judged against the block's widest line.
 */
export function joinProse(lines: string[], oracle?: WordOracle, endsShort?: (i: number) => boolean): string | null {
  // The lines kept (trailing whitespace dropped, blank ones left out) and their input index.
  const kept: string[] = [];
  const index: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line.trimStart() === "") continue;
    kept.push(line);
    index.push(i);
  }
  if (kept.length === 0) return null;
  // Widths matter only between lines (a single line, the usual cell, needs none).
  const widths = kept.length > 1 ? kept.map(displayWidth) : [];
  let maxWidth = 0;
  for (const width of widths) if (width > maxWidth) maxWidth = width;
  let out = collapseInline(kept[0]!);
  for (let i = 1; i < kept.length; i++) {
    const text = collapseInline(kept[i]!);
    const short = endsShort ? endsShort(index[i - 1]!) : undefined;
    out += isAuthorBreak(kept[i - 1]!, widths[i - 1]!, kept[i]!, maxWidth, oracle, short) ? "\n" + text : text;
  }
  return out;
}

function isAuthorBreak(prev: string, width: number, next: string, maxWidth: number, oracle?: WordOracle, shortByGeometry?: boolean): boolean {
  const nextText = next.trim();
  if (BULLET.test(nextText) || INDENT.test(next)) return true;
  const short = shortByGeometry ?? width <= maxWidth - 1.5;
  const prevText = prev.trim();
  if (SENTENCE_END.test(prevText)) return short;
  if (shortByGeometry !== undefined) {
    // Geometry: a line that reached the edge wraps; a short one without a sentence end is a
    // wrap held back by line-breaking rules (「…」 kept whole, no line starting with ，), not a break.
    if (!short) return false;
  } else if (maxWidth < WIDE_CELL || width > maxWidth * 0.8) return false;
  if (/[、，,・（(「『【]$/.test(prevText)) return false;
  const split = oracle?.splitsWord(prevText, nextText) ?? null;
  return split === false;
}
