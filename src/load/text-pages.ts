/**
 * Text → pages. Form feeds are page boundaries; where the extractor lost them (the sample has
 * none) the form's own once-a-page anchors decide: a page holds one 重要度, one 推進項目, one
 * 番号・取組事業名, one 担当部署 and one page title, so the second sighting of any of them
 * starts the next page. Page furniture (sheet-tab names such as `Ｒ１`, `<<`) at a page's
 * edges is set aside, not parsed.
 */
import { isWhitespace, matchKey } from "../normalize/text.js";
import { FURNITURE, LABELS, PAGE_TITLES } from "../tokenize/lexicon.js";
import type { PageLines } from "../tokenize/text-sheet.js";

export interface SplitPages {
  pages: PageLines[];
  /** Lines recognised as page furniture, by input line number. */
  furniture: { no: number; text: string }[];
  /** How many of the form's once-a-page anchors were seen: none means no plan sheet at all. */
  anchors: number;
}

const ANCHOR_KEYS = new Map<string, string>(
  LABELS.filter((l) => ["importance", "promotionItem", "planNoTitle", "department"].includes(l.id)).flatMap((l) =>
    l.forms.map((f) => [matchKey(f), l.id] as [string, string]),
  ),
);

/**
 * What opens a line that may hold an anchor: ア (both page titles begin アクションプラン) and the
 * first characters of the anchor labels' keys (ideographs).
 */
const ANCHOR_OPENERS: ReadonlySet<number> = new Set(["ア", ...ANCHOR_KEYS.keys()].map((k) => k.charCodeAt(0)));

function anchorOf(text: string): string | null {
  if (!mayOpenAnchor(text)) return null;
  // Only a line's start can hold an anchor; a 20 MB line is not split to find out.
  const trimmed = (text.length > 200 ? text.slice(0, 200) : text).trim();
  // Both page titles begin アクションプラン.
  if (trimmed.startsWith("アクションプラン") && PAGE_TITLES.some((t) => t.pattern.test(trimmed))) return "title";
  // The first space-separated word (the line has no leading space once trimmed).
  const space = trimmed.indexOf(" ");
  const first = space < 0 ? trimmed : trimmed.slice(0, space);
  return ANCHOR_KEYS.get(matchKey(first)) ?? null;
}

/**
 * False when the line's first visible character rules an anchor out: a printable ASCII, full-width
 * ASCII, kana or ideograph character opens the word's key as itself (or its ASCII twin), whatever
 * follows, so it must be an ANCHOR_OPENERS character. Most lines stop here, with no key computed.
 */
function mayOpenAnchor(text: string): boolean {
  let i = 0;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  const known = (c >= 0x21 && c <= 0x7e) || (c >= 0xff01 && c <= 0xff5e) || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) || (c >= 0x4e00 && c <= 0x9fff);
  return !known || ANCHOR_OPENERS.has(c);
}

export function isFurniture(text: string): boolean {
  const t = text.trim();
  return FURNITURE.some((re) => re.test(t));
}

export function splitPages(text: string): SplitPages {
  const furniture: { no: number; text: string }[] = [];
  const pages: PageLines[] = [];
  let anchors = 0;
  let current: { no: number; text: string }[] = [];
  let seen = new Set<string>();
  const flush = () => {
    const kept = trimFurniture(current, furniture);
    if (kept.some((l) => l.text.trim() !== "")) pages.push({ page: pages.length + 1, lines: kept });
    current = [];
    seen = new Set();
  };
  const add = (no: number, piece: string) => {
    const anchor = anchorOf(piece);
    if (anchor && seen.has(anchor)) flush();
    if (anchor) {
      seen.add(anchor);
      anchors++;
    }
    current.push({ no, text: piece });
  };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.includes("\f")) {
      add(i + 1, raw);
      continue;
    }
    // A form feed ends the page inside its line; both pieces keep the line's number.
    const pieces = raw.split("\f");
    for (let k = 0; k < pieces.length; k++) {
      if (k > 0) flush();
      add(i + 1, pieces[k]!);
    }
  }
  flush();
  return { pages, furniture, anchors };
}

function trimFurniture(lines: { no: number; text: string }[], out: { no: number; text: string }[]) {
  let start = 0;
  let end = lines.length;
  const blankOrFurniture = (l: { no: number; text: string }) => l.text.trim() === "" || isFurniture(l.text);
  while (start < end && blankOrFurniture(lines[start]!)) start++;
  while (end > start && blankOrFurniture(lines[end - 1]!)) end--;
  for (let i = 0; i < lines.length; i++) {
    if ((i < start || i >= end) && lines[i]!.text.trim() !== "") out.push(lines[i]!);
  }
  return start === 0 && end === lines.length ? lines : lines.slice(start, end);
}
