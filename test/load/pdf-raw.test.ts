// The content reader (src/load/pdf-raw.ts) gives the rules pdf.js's operator list gives, page for
// page, on every fixture PDF; and it steps aside where it should (encryption, inline images, odd
// operands, colour spaces it does not convert), leaving those pages to pdf.js.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rulesFromOperatorList } from "../../src/load/pdf.js";
import { pageOperators, RawPdf, Unsupported } from "../../src/load/pdf-raw.js";

const dir = join(import.meta.dirname, "..", "..", "fixtures", "pdf");
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

async function pdfjsRules(bytes: Uint8Array): Promise<unknown[][]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const out: unknown[][] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      out.push(rulesFromOperatorList(ops.fnArray, ops.argsArray, pdfjs.OPS));
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return out;
}

describe("rules from the content, without pdf.js's operator list", () => {
  for (const name of ["sample.libreoffice.pdf", "sample.chromium.pdf", "invented.libreoffice.pdf", "invented.chromium.pdf", "special/nonembedded-font.pdf", "special/scanned.pdf"]) {
    it(`${name}: the same rules as pdf.js, every page`, async () => {
      const bytes = bytesOf(name);
      const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
      const raw = RawPdf.open(bytes);
      expect(raw).not.toBeNull();
      const want = await pdfjsRules(bytes);
      expect(raw!.numPages).toBe(want.length);
      const got = want.map((_, i) => {
        const ops = pageOperators(raw!, i, OPS);
        return rulesFromOperatorList(ops.fnArray, ops.argsArray, OPS);
      });
      expect(got).toEqual(want);
      if (!name.includes("scanned")) expect(got.every((r) => r.length > 40)).toBe(true);
    });
  }

  it("an encrypted file is left to pdf.js", () => {
    expect(RawPdf.open(bytesOf("special/encrypted-userpw.pdf"))).toBeNull();
  });

  it("not a PDF, or a damaged cross reference: left to pdf.js", () => {
    expect(RawPdf.open(new TextEncoder().encode("%PDF-1.4\n%%EOF\n"))).toBeNull();
    const bytes = bytesOf("sample.libreoffice.pdf");
    const broken = bytes.slice();
    // Point startxref somewhere else.
    const tail = new TextDecoder("latin1").decode(broken.subarray(broken.length - 64));
    const at = broken.length - 64 + tail.lastIndexOf("startxref") + "startxref".length + 1;
    broken[at] = "9".charCodeAt(0);
    broken[at + 1] = "9".charCodeAt(0);
    expect(RawPdf.open(broken)).toBeNull();
  });

  /** A one-page PDF whose page content is `content` (uncompressed), made by hand; `extra` are objects 5, 6, … */
  function onePage(content: string, resources = "<< >>", extra: string[] = []): Uint8Array {
    const objs = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources ${resources} /Contents 4 0 R >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      ...extra,
    ];
    let out = "%PDF-1.4\n";
    const offsets: number[] = [];
    objs.forEach((o, i) => {
      offsets.push(out.length);
      out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = out.length;
    out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
    for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
    out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return new TextEncoder().encode(out);
  }

  it("hand-made pages: strokes, thin fills, white fills, transforms, forms; the same as pdf.js", async () => {
    const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const form = "<< /XObject << /F1 5 0 R >> >>";
    const cases = [
      "0.5 w 10 10 m 190 10 l S 10 10 m 10 190 l S",
      "1 0 0 1 5 5 cm 10 20 100 0.8 re f 0.2 g 10 40 0.8 100 re f* q 1 g 10 60 100 1 re f Q 10 80 100 1 re f",
      "q 2 0 0 2 0 0 cm 10 10 50 50 re S Q 0.9 0.9 0.9 rg 0 0 200 2 re f 1 1 1 rg 0 5 200 2 re f",
      "/DeviceRGB cs 1 1 1 sc 0 0 200 2 re f 0.5 0.5 0.5 sc 0 9 200 2 re f 1 1 1 scn 0 12 200 1 re f /DeviceGray cs 1 sc 0 20 200 1 re f 0 scn 0 30 200 1 re f",
      "10 10 m 20 20 30 30 40 40 c 50 50 l 60 60 70 70 v 80 80 90 90 y h S 5 5 0 10 re S 5 5 10 0 re s b n",
      "BT /F1 9 Tf 10 10 Td (a\\(b\\)) Tj [(x) -20 (y)] TJ ET /P <</MCID 0>> BDC 0 0 100 0.5 re f EMC [3 2] 0 d 0 50 m 100 50 l S",
    ];
    for (const content of cases) {
      const bytes = onePage(content);
      const want = (await pdfjsRules(bytes))[0];
      const raw = RawPdf.open(bytes)!;
      const ops = pageOperators(raw, 0, OPS);
      expect(rulesFromOperatorList(ops.fnArray, ops.argsArray, OPS), content).toEqual(want);
    }
    // A form XObject with its own matrix, drawn twice under different transforms.
    const body = "0 0 m 100 0 l S 0 0 100 1 re f 1 g 0 10 100 1 re f";
    const formObj = `<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [1 0 0 1 0 30] /Length ${body.length} >>\nstream\n${body}\nendstream`;
    const bytes = onePage("q 1 0 0 1 20 0 cm /F1 Do Q /F1 Do 0 0 200 1 re f", "<< /XObject << /F1 5 0 R >> >>", [formObj]);
    const want = (await pdfjsRules(bytes))[0]!;
    const raw = RawPdf.open(bytes)!;
    const ops = pageOperators(raw, 0, OPS);
    const got = rulesFromOperatorList(ops.fnArray, ops.argsArray, OPS);
    expect(got).toEqual(want);
    expect(got.length).toBeGreaterThan(4);
  });

  it("pages it does not read: inline images, odd operand counts, CMYK and other colour spaces", () => {
    const cases = ["BI /W 1 /H 1 /BPC 8 /CS /G ID x EI", "10 10 m 20 l S", "0 0 0 1 k 0 0 10 1 re f", "/CS0 cs 1 sc 0 0 10 1 re f", "1 2 3 xyz"];
    for (const content of cases) {
      const bytes = onePage(content);
      const raw = RawPdf.open(bytes)!;
      expect(() => pageOperators(raw, 0, { save: 1, restore: 2 } as never), content).toThrow(Unsupported);
    }
  });
});
