// The implementation before the perf-tok rewrite, kept as the reference the rewrite must agree with.
/**
 * Text → pages. Form feeds are page boundaries; where the extractor lost them (the sample has
 * none) the form's own once-a-page anchors decide: a page holds one 重要度, one 推進項目, one
 * 番号・取組事業名, one 担当部署 and one page title, so the second sighting of any of them
 * starts the next page. Page furniture (sheet-tab names such as `Ｒ１`, `<<`) at a page's
 * edges is set aside, not parsed.
 */
import { matchKey } from "./text.js";
import { FURNITURE, LABELS, PAGE_TITLES } from "../../../src/tokenize/lexicon.js";
import type { PageLines } from "./text-sheet.js";

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

function anchorOf(text: string): string | null {
  // Only a line's start can hold an anchor; a 20 MB line is not split to find out.
  const trimmed = text.slice(0, 200).trim();
  // Both page titles begin アクションプラン.
  if (trimmed.startsWith("アクションプラン") && PAGE_TITLES.some((t) => t.pattern.test(trimmed))) return "title";
  // The first space-separated word (the line has no leading space once trimmed).
  const space = trimmed.indexOf(" ");
  const first = space < 0 ? trimmed : trimmed.slice(0, space);
  return ANCHOR_KEYS.get(matchKey(first)) ?? null;
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
  text.split("\n").forEach((raw, i) => {
    // A form feed ends the page inside its line; both pieces keep the line's number.
    raw.split("\f").forEach((piece, k) => {
      if (k > 0) flush();
      const line = { no: i + 1, text: piece };
      const anchor = anchorOf(piece);
      if (anchor && seen.has(anchor)) flush();
      if (anchor) {
        seen.add(anchor);
        anchors++;
      }
      current.push(line);
    });
  });
  flush();
  return { pages, furniture, anchors };
}

function trimFurniture(lines: { no: number; text: string }[], out: { no: number; text: string }[]) {
  let start = 0;
  let end = lines.length;
  const blankOrFurniture = (l: { no: number; text: string }) => l.text.trim() === "" || isFurniture(l.text);
  while (start < end && blankOrFurniture(lines[start]!)) start++;
  while (end > start && blankOrFurniture(lines[end - 1]!)) end--;
  for (const l of [...lines.slice(0, start), ...lines.slice(end)]) if (l.text.trim() !== "") out.push(l);
  return lines.slice(start, end);
}
