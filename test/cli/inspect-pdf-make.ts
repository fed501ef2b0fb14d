/**
 * Small PDFs for the inspect tests, written by hand (no dependency): text added to a fixture
 * page by an incremental update, and a tiny ruled page from scratch. The Japanese font is
 * HeiseiKakuGo-W5 on the predefined CMap UniJIS-UCS2-H, not embedded (as in
 * fixtures/pdf/special/nonembedded-font.pdf): text strings are UCS-2 code units.
 */

const FONT = "HeiseiKakuGo-W5";
const CMAP = "UniJIS-UCS2-H";

export interface Added {
  text: string;
  /** Baseline start, PDF user space. */
  x: number;
  y: number;
  size: number;
}

/** The three objects of the non-embedded font, numbered from `first`; the Type0 font is `first + 2`. */
function fontObjects(first: number): string[] {
  return [
    `<< /Type /FontDescriptor /FontName /${FONT} /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 709 /StemV 80 >>`,
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /${FONT} /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor ${first} 0 R /DW 1000 /W [1 95 500] >>`,
    `<< /Type /Font /Subtype /Type0 /BaseFont /${FONT}-${CMAP} /Encoding /${CMAP} /DescendantFonts [${first + 1} 0 R] >>`,
  ];
}

function ucs2(s: string): string {
  return `<${[...s].map((ch) => ch.codePointAt(0)!.toString(16).padStart(4, "0")).join("")}>`;
}

function textOps(font: string, added: readonly Added[]): string {
  return added.map((a) => `BT /${font} ${a.size} Tf 1 0 0 1 ${a.x} ${a.y} Tm ${ucs2(a.text)} Tj ET`).join("\n");
}

function stream(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`;
}

/** Objects `n 0 obj … endobj` from `first` on, an xref section for them and a trailer. */
function appendObjects(head: Buffer, objects: ReadonlyMap<number, string>, trailer: string, prev?: number): Buffer {
  const chunks: Buffer[] = [head];
  let offset = head.length;
  const offsets = new Map<number, number>();
  for (const [n, body] of [...objects].sort((a, b) => a[0] - b[0])) {
    const b = Buffer.from(`${n} 0 obj\n${body}\nendobj\n`, "latin1");
    offsets.set(n, offset);
    chunks.push(b);
    offset += b.length;
  }
  // One subsection per object keeps the table simple and valid for any numbering.
  let xref = prev === undefined ? "xref\n0 1\n0000000000 65535 f \n" : "xref\n";
  for (const [n, at] of offsets) xref += `${n} 1\n${String(at).padStart(10, "0")} 00000 n \n`;
  chunks.push(Buffer.from(`${xref}trailer\n${trailer}\nstartxref\n${offset}\n%%EOF\n`, "latin1"));
  return Buffer.concat(chunks);
}

/**
 * The fixture PDF with text added to its first page, as an incremental update: the page gets a
 * second content stream and a font beside its own. Works for a classic xref table whose page
 * tree's first kid is a page with indirect /Resources holding an indirect /Font dictionary
 * (the LibreOffice fixtures).
 */
export function withText(pdf: Uint8Array, added: readonly Added[]): Uint8Array {
  const src = Buffer.from(pdf);
  const s = src.toString("latin1");
  const obj = (n: number) => {
    const m = new RegExp(`(?:^|\\s)${n} 0 obj\\s*([^]*?)\\s*endobj`).exec(s);
    if (!m) throw new Error(`no object ${n}`);
    return m[1]!;
  };
  const tail = s.slice(s.lastIndexOf("trailer"));
  const size = Number(/\/Size (\d+)/.exec(tail)![1]);
  const root = /\/Root (\d+) 0 R/.exec(tail)![1];
  const prev = Number(/startxref\s+(\d+)/.exec(tail)![1]);
  const pagesNo = Number(/\/Pages (\d+) 0 R/.exec(obj(Number(root)))![1]);
  const pageNo = Number(/\/Kids\s*\[\s*(\d+) 0 R/.exec(obj(pagesNo))![1]);
  const page = obj(pageNo);
  if (!/\/Type\s*\/Page\b/.test(page)) throw new Error("the first kid is no page");
  const contents = /\/Contents (\d+) 0 R/.exec(page)![1];
  const resources = Number(/\/Resources (\d+) 0 R/.exec(page)![1]);
  const fonts = obj(Number(/\/Font (\d+) 0 R/.exec(obj(resources))![1])).trim().replace(/^<<|>>$/g, "");

  const n = size; // new objects: the content, the font's three, the resources
  const objects = new Map<number, string>();
  objects.set(n, stream(textOps("FAdded", added)));
  fontObjects(n + 1).forEach((o, i) => objects.set(n + 1 + i, o));
  objects.set(n + 4, `<< /Font << ${fonts} /FAdded ${n + 3} 0 R >> /ProcSet [/PDF /Text] >>`);
  objects.set(pageNo, page.replace(/\/Contents \d+ 0 R/, `/Contents [${contents} 0 R ${n} 0 R]`).replace(/\/Resources \d+ 0 R/, `/Resources ${n + 4} 0 R`));
  const head = s.endsWith("\n") ? src : Buffer.concat([src, Buffer.from("\n")]);
  return new Uint8Array(appendObjects(head, objects, `<< /Size ${n + 5} /Root ${root} 0 R /Prev ${prev} >>`, prev));
}

/** A one-page PDF from scratch: ruled rectangles [x0, y0, x1, y1] and text. */
export function rulesAndText(rules: readonly [number, number, number, number][], added: readonly Added[]): Uint8Array {
  const draw = rules.map(([x0, y0, x1, y1]) => `${x0} ${y0} ${x1 - x0} ${y1 - y0} re S`).join("\n");
  const objects = new Map<number, string>([
    [1, "<< /Type /Catalog /Pages 2 0 R >>"],
    [2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"],
    [3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 7 0 R >> >> /Contents 4 0 R >>"],
    [4, stream(`0.5 w\n${draw}\n${textOps("F1", added)}`)],
  ]);
  fontObjects(5).forEach((o, i) => objects.set(5 + i, o));
  return new Uint8Array(appendObjects(Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"), objects, "<< /Size 8 /Root 1 0 R >>"));
}
