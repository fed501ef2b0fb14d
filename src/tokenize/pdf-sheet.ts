/**
 * PDF path tokenizer: a page's cell grid → the Sheet the section parsers read. Each grid row
 * becomes a sheet line (cells left to right, a merged cell on the line of its top row); each
 * cell becomes one token carrying its box, its wrapped lines already joined by geometry: a line
 * that reaches the cell's right edge wraps, a shorter one is the author's break. Text outside
 * the grid (page title, footnotes) comes as lines of its own, in reading order.
 */
import { joinProse } from "../normalize/prose.js";
import { matchKey } from "../normalize/text.js";
import type { Box, Cell, CellGrid, CellLine } from "./pdf-model.js";
import { lookup, makeToken, TextSheet, type SheetLine, type Token } from "./text-sheet.js";

/** How close to the right edge (in glyph heights) a line must end to count as wrapped. */
const WRAP_SLACK = 1.6;

export function gridToSheet(grid: CellGrid): TextSheet {
  type Placed = { top: number; left: number; tokens: Token[] };
  const rows = new Map<number, Placed>();
  for (const cell of grid.cells) {
    const tokens = cellTokens(cell);
    if (!tokens.length) continue;
    const row = rows.get(cell.row) ?? { top: cell.box[3], left: cell.box[0], tokens: [] };
    row.top = Math.max(row.top, cell.box[3]);
    row.tokens.push(...tokens);
    rows.set(cell.row, row);
  }
  const placed: Placed[] = [...rows.values()];
  for (const l of grid.loose) placed.push({ top: l.box[3], left: l.box[0], tokens: splitLine(l) });
  placed.sort((a, b) => b.top - a.top || a.left - b.left);
  const sheetLines: SheetLine[] = placed.map((p, i) => ({
    no: 0,
    tokens: p.tokens.sort((a, b) => a.box![0] - b.box![0]),
    // Every grid row is a block of its own: the geometry, not blank lines, separates cells.
    block: i + 1,
  }));
  return new TextSheet({ page: grid.page, sheetLines });
}

function cellTokens(cell: Cell): Token[] {
  const lines = cell.lines.filter((l) => l.text.trim() !== "");
  if (!lines.length) return [];
  const whole = lines.map((l) => l.text.trim()).join("");
  if (lines.length > 1 && lookup(matchKey(whole))) return [boxed(whole, cell.box)];
  if (lines.length === 1) return splitLine(lines[0]!, cell.box);
  return [boxed(joinByGeometry(lines, cell.box), cell.box)];
}

/** A one-line cell holding several form words ("歳出削減 その他改善") gives one token each. */
function splitLine(line: CellLine, box: Box = line.box): Token[] {
  const text = line.text.trim();
  const parts = text.split(/ +/);
  if (parts.length > 1 && parts.every((p) => lookup(matchKey(p)))) {
    const width = (box[2] - box[0]) / parts.length;
    return parts.map((p, i) => boxed(p, [box[0] + i * width, box[1], box[0] + (i + 1) * width, box[3]]));
  }
  return [boxed(text, box)];
}

function joinByGeometry(lines: CellLine[], cellBox: Box): string {
  // A number wrapped in a narrow cell ("1,400,00" / "0") is one number again.
  if (lines.every((l) => /^[△▲\-−]?[0-9０-９,，.．]+$/.test(l.text.trim()))) return lines.map((l) => l.text.trim()).join("");
  const endsShort = (i: number) => {
    const line = lines[i]!;
    const glyph = Math.max(1, line.box[3] - line.box[1]);
    return line.box[2] < cellBox[2] - WRAP_SLACK * glyph - 2;
  };
  return joinProse(
    lines.map((l) => l.text),
    undefined,
    endsShort,
  )!;
}

function boxed(text: string, box: Box): Token {
  const t = makeToken(text, 0);
  t.box = [...box];
  return t;
}
