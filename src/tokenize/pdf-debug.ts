/**
 * A plain-text view of a cell grid, for looking at what buildCells made of a page:
 *
 *   -- row 3
 *   [3,0 1×2] 番号・取組事業名
 *   [3,2 1×1] 51001
 *   [3,3 1×5] コンビニエンスストア等における証明 / 書等の自動交付
 *
 * One line per cell, `[row,col rowSpan×colSpan]`, the cell's lines joined with ` / `; cells are
 * listed by the row they start in, then by column. Loose text comes last.
 */
import type { CellGrid } from "./pdf-model.js";

export function gridToText(grid: CellGrid): string {
  const out: string[] = [`page ${grid.page} (${round(grid.width)}×${round(grid.height)} pt): ${grid.cells.length} cells`];
  const cells = [...grid.cells].sort((a, b) => a.row - b.row || a.col - b.col);
  let row = -1;
  for (const c of cells) {
    if (c.row !== row) {
      row = c.row;
      out.push(`-- row ${row}`);
    }
    out.push(`[${c.row},${c.col} ${c.rowSpan}×${c.colSpan}] ${c.lines.map((l) => l.text).join(" / ")}`);
  }
  if (grid.loose.length > 0) {
    out.push("-- loose");
    for (const l of grid.loose) out.push(`(${round(l.box[0])},${round(l.box[3])}) ${l.text}`);
  }
  return out.join("\n") + "\n";
}

const round = (v: number) => Math.round(v * 10) / 10;
