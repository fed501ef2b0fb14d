/**
 * What the PDF loader and the geometry tokenizer hand each other (PDF user space: points,
 * origin bottom-left, as pdf.js reports it).
 */

/** [x0, y0, x1, y1] with x0 < x1 and y0 < y1. */
export type Box = [number, number, number, number];

/** One text run as pdf.js reports it, with its box in user space. */
export interface PdfItem {
  str: string;
  box: Box;
  /** Writing direction: "ttb" for a true vertical font. */
  dir: "ltr" | "rtl" | "ttb";
  /** Rotation of the text in degrees (0 upright, 90 / 270 for sideways labels). */
  rotation: number;
  fontSize: number;
}

/** A drawn segment (a stroked line, or a thin filled rectangle reduced to its centre line). */
export interface Rule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PdfPage {
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  items: PdfItem[];
  rules: Rule[];
}

/** One line of text inside a cell, in reading order. */
export interface CellLine {
  text: string;
  box: Box;
}

export interface Cell {
  box: Box;
  /** Grid indices of the cell's top-left corner and its span (merged cells span more than 1). */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** The cell's text lines, top to bottom; a stacked label (one glyph a line, or rotated) is one line. */
  lines: CellLine[];
}

export interface CellGrid {
  page: number;
  width: number;
  height: number;
  cells: Cell[];
  /** Text that fell in no cell (outside the ruled area): page titles, footnotes, furniture. */
  loose: CellLine[];
}
