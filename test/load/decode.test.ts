import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { ApsheetError } from "../../src/diagnostics.js";
import { decodeText, MAX_SUSPICIOUS_SHARE, sniffFormat, suspiciousShare } from "../../src/load/decode.js";

const fixture = (p: string) => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));
const SAMPLE_BYTES = new Uint8Array(readFileSync(fixture("kashiwa-ap-r1-item51.txt")));
const SAMPLE = new TextDecoder("utf-8", { fatal: true }).decode(SAMPLE_BYTES);
const file = "sample.txt";

const bytesOf = (...parts: Array<Uint8Array | number[]>) => {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return new Uint8Array(out);
};
const enc = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));

/** The ApsheetError thrown by fn (fails the test when fn does not throw one). */
function errorOf(fn: () => unknown): ApsheetError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApsheetError);
    return err as ApsheetError;
  }
  throw new Error("expected an ApsheetError, nothing was thrown");
}

/** mulberry32: a small seeded PRNG, so random-byte tests are reproducible. */
function randomBytes(seed: number, length: number, mask = 0xff): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & mask;
  }
  return out;
}

describe("the sample sheet in every encoding decodes back to exactly the UTF-8 text", () => {
  it("the sample has what makes the encodings differ (～, full-width forms, U+3000)", () => {
    expect(SAMPLE).toContain("～");
    expect(SAMPLE).toContain("Ｒ１");
    expect(SAMPLE).toContain("\u3000");
    expect(SAMPLE).not.toContain("\r");
  });

  const cases: Array<[string, Uint8Array, string, boolean]> = [
    ["UTF-8", SAMPLE_BYTES, "utf-8", false],
    ["UTF-8 with BOM", bytesOf([0xef, 0xbb, 0xbf], SAMPLE_BYTES), "utf-8", true],
    ["UTF-16LE with BOM", bytesOf([0xff, 0xfe], enc(SAMPLE, "utf-16le")), "utf-16le", true],
    ["UTF-16BE with BOM", bytesOf([0xfe, 0xff], enc(SAMPLE, "utf-16be")), "utf-16be", true],
    ["UTF-16LE without BOM", enc(SAMPLE, "utf-16le"), "utf-16le", false],
    ["UTF-16BE without BOM", enc(SAMPLE, "utf-16be"), "utf-16be", false],
    ["CP932", enc(SAMPLE, "cp932"), "cp932", false],
    ["EUC-JP", enc(SAMPLE, "euc-jp"), "euc-jp", false],
  ];
  it.each(cases)("%s", (_name, bytes, encoding, bom) => {
    const d = decodeText(bytes, { file });
    expect(d.encoding).toBe(encoding);
    expect(d.bom).toBe(bom);
    expect(d.text === SAMPLE).toBe(true);
  });

  it("EUC-JP keeps ～ U+FF5E: iconv-lite writes it as 8F A2 B7 and reads it back, and also reads A1 C1 as U+FF5E", () => {
    expect([...enc("～", "euc-jp")]).toEqual([0x8f, 0xa2, 0xb7]);
    expect(decodeText(bytesOf(enc("平成２８年度", "euc-jp"), [0xa1, 0xc1], enc("令和２年度", "euc-jp")), { file }).text).toBe("平成２８年度～令和２年度");
  });

  const committed: Array<[string, string]> = [
    ["kashiwa-ap-r1-item51.cp932.txt", "cp932"],
    ["kashiwa-ap-r1-item51.utf16le-bom.txt", "utf-16le"],
    ["kashiwa-ap-r1-item51.eucjp.txt", "euc-jp"],
  ];
  it.each(committed)("committed fixture %s", (name, encoding) => {
    const d = decodeText(new Uint8Array(readFileSync(fixture(`encodings/${name}`))), { file: name });
    expect(d.encoding).toBe(encoding);
    expect(d.text === SAMPLE).toBe(true);
  });

  it("forced encodings read the same bytes the same way", () => {
    expect(decodeText(enc(SAMPLE, "cp932"), { file, encoding: "Shift_JIS" }).text === SAMPLE).toBe(true);
    expect(decodeText(enc(SAMPLE, "euc-jp"), { file, encoding: "EUC-JP" }).text === SAMPLE).toBe(true);
    expect(decodeText(enc(SAMPLE, "utf-16le"), { file, encoding: "utf16le" }).text === SAMPLE).toBe(true);
    const be = decodeText(bytesOf([0xfe, 0xff], enc(SAMPLE, "utf-16be")), { file, encoding: "utf-16be" });
    expect(be.bom).toBe(true);
    expect(be.text === SAMPLE).toBe(true);
  });
});

describe("detection details", () => {
  it("CP932: ～ (0x8160) and NEC/IBM extension characters, which a re-encode check would refuse", () => {
    // ED 40 is the NEC-selected IBM extension 纊; iconv-lite re-encodes it as FA 5C.
    const bytes = bytesOf(enc("期間 H28 ～ R1 ", "cp932"), [0xed, 0x40], [0x87, 0x40], [0x0a]);
    const d = decodeText(bytes, { file });
    expect(d).toEqual({ text: "期間 H28 ～ R1 纊①\n", encoding: "cp932", bom: false });
    expect([...iconv.encode(d.text, "cp932")]).not.toEqual([...bytes]);
  });

  it("short EUC-JP that is also valid CP932 is still read as EUC-JP", () => {
    const line = "証明書自動交付機の廃止";
    const bytes = enc(line, "euc-jp");
    const asCp932 = iconv.decode(Buffer.from(bytes), "cp932");
    expect(asCp932).not.toContain("\ufffd"); // the trap: valid CP932 too (half-width katakana and private use)
    expect(asCp932).toMatch(/^ｾﾚﾌﾀｽ\ue137ｫﾆｰｸ\ue200ﾕｵ/u);
    expect(decodeText(bytes, { file })).toEqual({ text: line, encoding: "euc-jp", bom: false });
  });

  it("kanji-only EUC-JP that is also valid CP932 is read as EUC-JP", () => {
    const label = "平成２８年度～令和２年度";
    const bytes = enc(label, "euc-jp");
    expect(iconv.decode(Buffer.from(bytes), "cp932")).not.toContain("\ufffd");
    expect(decodeText(bytes, { file })).toEqual({ text: label, encoding: "euc-jp", bom: false });
  });

  it("CP932 with full-width characters is never valid EUC-JP, so it is not in competition", () => {
    const bytes = enc("ｺﾝﾋﾞﾆ交付", "cp932");
    expect(iconv.decode(Buffer.from(bytes), "euc-jp")).toContain("\ufffd");
    expect(decodeText(bytes, { file })).toEqual({ text: "ｺﾝﾋﾞﾆ交付", encoding: "cp932", bom: false });
  });

  it("ambiguous by nature: CP932 half-width katakana pairs alone read as EUC-JP kanji; EUC-JP 年 alone is UTF-8 ǯ", () => {
    expect(decodeText(enc("ｺﾝﾋﾞﾆｰ", "cp932"), { file })).toEqual({ text: "際凡動", encoding: "euc-jp", bom: false });
    expect(decodeText(enc("ｺﾝﾋﾞﾆｰ", "cp932"), { file, encoding: "cp932" }).text).toBe("ｺﾝﾋﾞﾆｰ"); // --encoding settles it
    expect(decodeText(enc("年", "euc-jp"), { file })).toEqual({ text: "ǯ", encoding: "utf-8", bom: false });
  });

  it("pure ASCII is UTF-8", () => {
    expect(decodeText(new TextEncoder().encode("R2.3.31\n"), { file })).toEqual({ text: "R2.3.31\n", encoding: "utf-8", bom: false });
  });

  it("UTF-16 without BOM is only taken when NULs sit on one side: ASCII with a stray NUL is not UTF-16", () => {
    const bytes = new TextEncoder().encode("abcd\0efg"); // even length, one NUL at an odd offset
    const err = errorOf(() => decodeText(bytes, { file }));
    expect(err.code).toBe("undecodable-text"); // 1 in 8 characters is a NUL: read as UTF-8, refused
    expect(err.message).toMatch(/UTF-8/);
  });

  it("UTF-16LE without BOM whose other parity has a few NULs (U+3000, 一) is still detected", () => {
    const text = "\u3000一番の計画 12 ～ 34\n".repeat(5); // per line: 2 NULs at even offsets, 8 at odd
    const d = decodeText(enc(text, "utf-16le"), { file });
    expect(d.encoding).toBe("utf-16le");
    expect(d.text).toBe(text);
  });

  it("UTF-16 without BOM that is not clearly UTF-16 (NULs nearly even on both sides) is refused, not misread", () => {
    const text = "\u3000一番\u3000最初\n計画 12\n".repeat(5); // per repetition: 4 NULs at even offsets, 5 at odd
    const err = errorOf(() => decodeText(enc(text, "utf-16le"), { file }));
    expect(err.code).toBe("undecodable-text");
    expect(decodeText(bytesOf([0xff, 0xfe], enc(text, "utf-16le")), { file }).text).toBe(text); // a BOM settles it
  });

  it("a few stray NULs do not make an ASCII file UTF-16 (which it would decode as, without surrogates)", () => {
    const text = "51001 R2.3.31 H31.4.1 138,000\n".repeat(40);
    const bytes = new TextEncoder().encode(text);
    for (const at of [0, 400, 800]) bytes[at] = 0;
    expect(() => new TextDecoder("utf-16be", { fatal: true }).decode(bytes)).not.toThrow();
    const d = decodeText(bytes, { file });
    expect(d.encoding).toBe("utf-8");
    expect(d.text).toBe("\0" + text.slice(1, 400) + "\0" + text.slice(401, 800) + "\0" + text.slice(801));
  });

  it("a few stray NULs do not make a CP932 file UTF-16", () => {
    const bytes = enc(SAMPLE, "cp932");
    const firstEven = (from: number) => bytes.findIndex((b, i) => i >= from && i % 2 === 0 && b === 0x0a);
    for (const at of [firstEven(0), firstEven(5000), firstEven(10000)]) bytes[at] = 0;
    const d = decodeText(bytes, { file });
    expect(d.encoding).toBe("cp932");
    expect(d.text.split("\0").length).toBe(4);
  });

  it("strips the BOM, turns CRLF and CR into LF, keeps form feeds", () => {
    const d = decodeText(new TextEncoder().encode("\ufeffpage 1\r\nline\rnext\n\fpage 2\r\n"), { file });
    expect(d).toEqual({ text: "page 1\nline\nnext\n\fpage 2\n", encoding: "utf-8", bom: true });
    const u16 = decodeText(bytesOf([0xff, 0xfe], enc("一\r\n二\f三", "utf-16le")), { file });
    expect(u16.text).toBe("一\n二\f三");
  });

  it("a BOM that does not match the content is an error, not a fallback", () => {
    const err = errorOf(() => decodeText(bytesOf([0xef, 0xbb, 0xbf], enc("行政サービス", "cp932")), { file }));
    expect(err.code).toBe("undecodable-text");
    expect(err.message).toMatch(/UTF-8 byte-order mark/);
  });
});

describe("forced encodings", () => {
  const cp932Sample = enc(SAMPLE, "cp932");
  it.each(["cp932", "CP932", "shift_jis", "Shift-JIS", "sjis", "SJIS", "windows-31j", "ms932"])("%s means CP932", (name) => {
    const d = decodeText(cp932Sample, { file, encoding: name });
    expect(d.encoding).toBe("cp932");
    expect(d.text === SAMPLE).toBe(true);
  });

  it.each(["latin1", "utf-32", "shift_jis_2004", "", "constructor", "__proto__"])("unknown name %j → unknown-encoding", (name) => {
    const err = errorOf(() => decodeText(cp932Sample, { file, encoding: name }));
    expect(err.code).toBe("unknown-encoding");
    expect(err.file).toBe(file);
    expect(err.message).toContain(`"${name}"`);
  });

  const wrong: Array<[string, Uint8Array, string]> = [
    ["CP932 bytes as UTF-8", cp932Sample, "utf-8"],
    ["CP932 bytes as EUC-JP", cp932Sample, "euc-jp"],
    ["UTF-8 bytes as EUC-JP", SAMPLE_BYTES, "euc-jp"],
    ["UTF-8 bytes as CP932", SAMPLE_BYTES, "cp932"],
    ["odd-length bytes as UTF-16LE", bytesOf(enc("行政", "utf-16le"), [0x41]), "utf-16le"],
  ];
  it.each(wrong)("%s → undecodable-text", (_name, bytes, encoding) => {
    const err = errorOf(() => decodeText(bytes, { file, encoding }));
    expect(err.code).toBe("undecodable-text");
    expect(err.file).toBe(file);
  });

  it("the message names the encoding and the line of the first bad byte", () => {
    const bytes = bytesOf(new TextEncoder().encode("ok\nok\n"), enc("計画", "cp932"));
    const err = errorOf(() => decodeText(bytes, { file, encoding: "utf-8" }));
    expect(err.message).toBe("not valid UTF-8 text (first bad byte on line 3; the encoding was given, so no other was tried)");
  });

  it("a forced encoding skips detection: EUC-JP bytes forced as CP932 give CP932's reading", () => {
    const bytes = enc("その他効果", "euc-jp");
    expect(decodeText(bytes, { file }).encoding).toBe("euc-jp");
    expect(decodeText(bytes, { file, encoding: "cp932" })).toEqual({ text: "､ｽ､ﾎﾂｾｸ嵂ﾌ", encoding: "cp932", bom: false });
  });

  it("a forced reading that is mostly private-use characters is still refused", () => {
    const bytes = enc("証明書自動交付機の廃止", "euc-jp"); // as CP932: 2 private-use characters in 20
    const err = errorOf(() => decodeText(bytes, { file, encoding: "cp932" }));
    expect(err.code).toBe("undecodable-text");
    expect(err.message).toBe("not text: read as CP932, 10% of the characters are control, private-use or unassigned characters");
  });
});

describe("garbage is an error, not text", () => {
  it("empty input", () => {
    const err = errorOf(() => decodeText(new Uint8Array(0), { file }));
    expect(err.code).toBe("empty-input");
    expect(err.message).toBe("empty file");
    expect(err.file).toBe(file);
  });

  it("a BOM and nothing else", () => {
    expect(errorOf(() => decodeText(new Uint8Array([0xef, 0xbb, 0xbf]), { file })).code).toBe("empty-input");
    expect(errorOf(() => decodeText(new Uint8Array([0xff, 0xfe]), { file })).code).toBe("empty-input");
  });

  it("4 KiB of random bytes, 200 seeds", () => {
    const messages = new Set<string>();
    for (let seed = 1; seed <= 200; seed++) {
      const err = errorOf(() => decodeText(randomBytes(seed, 4096), { file: "random.txt" }));
      expect(err.code).toBe("undecodable-text");
      expect(err.file).toBe("random.txt");
      messages.add(err.message);
    }
    expect(messages).toContain("not valid text in any supported encoding (tried UTF-8, CP932, EUC-JP)");
  });

  it("4 KiB of random 7-bit bytes decode in every encoding but are refused as control characters, 200 seeds", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const bytes = randomBytes(seed, 4096, 0x7f);
      expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes).length).toBe(4096); // it is valid UTF-8
      const err = errorOf(() => decodeText(bytes, { file }));
      expect(err.code).toBe("undecodable-text");
      expect(err.message).toMatch(/^not text: read as UTF-8, \d+% of the characters are control, private-use or unassigned characters$/);
    }
  });

  it("random bytes forced as UTF-16 (which rarely fail to decode) are refused, 200 seeds", () => {
    for (let seed = 1; seed <= 200; seed++) {
      let bytes = randomBytes(seed, 4096);
      // Keep surrogates out so that the decode itself succeeds and the share rule is what refuses.
      bytes = bytes.map((b, i) => (i % 2 === 1 && b >= 0xd8 && b <= 0xdf ? 0x41 : b));
      const err = errorOf(() => decodeText(bytes, { file, encoding: "utf-16le" }));
      expect(err.code).toBe("undecodable-text");
      expect(err.message).toMatch(/^not text: read as UTF-16LE/);
    }
  });

  it("a file of NULs", () => {
    expect(errorOf(() => decodeText(new Uint8Array(100), { file })).code).toBe("undecodable-text");
  });

  it("the threshold both ways: real CP932 text with a few private-use 外字 passes; just over the limit fails", () => {
    // CP932 F0 40 is the first user-defined character (U+E000).
    const gaiji = [0xf0, 0x40];
    const withGaiji = bytesOf(enc("担当者 伊藤", "cp932"), gaiji, enc("子\n", "cp932"), enc(SAMPLE, "cp932"));
    const d = decodeText(withGaiji, { file });
    expect(d.encoding).toBe("cp932");
    expect(d.text.startsWith("担当者 伊藤\ue000子\n")).toBe(true);

    const body = "あ".repeat(100);
    const under = body + "\x01".repeat(Math.floor(100 * MAX_SUSPICIOUS_SHARE / (1 - MAX_SUSPICIOUS_SHARE)));
    const over = under + "\x01";
    expect(suspiciousShare(under)).toBeLessThanOrEqual(MAX_SUSPICIOUS_SHARE);
    expect(suspiciousShare(over)).toBeGreaterThan(MAX_SUSPICIOUS_SHARE);
    expect(decodeText(enc(under, "cp932"), { file }).text).toBe(under);
    expect(errorOf(() => decodeText(enc(over, "cp932"), { file })).code).toBe("undecodable-text");
  });

  it("suspiciousShare counts what it says and nothing else", () => {
    expect(suspiciousShare("")).toBe(0);
    expect(suspiciousShare(SAMPLE)).toBe(0);
    expect(suspiciousShare("a\tb\nc\rd\fe")).toBe(0);
    expect(suspiciousShare("\u0000\u0007\u001b\u007f\u0085\ue000\ufffd\u0378")).toBe(1); // C0, DEL, C1, PUA, U+FFFD, unassigned
    expect(suspiciousShare("𠮷𠮷\u0000\u0000")).toBe(0.5); // astral characters count once
  });

  it("messages are one short sentence without a stack", () => {
    const errs = [
      errorOf(() => decodeText(new Uint8Array(0), { file })),
      errorOf(() => decodeText(randomBytes(7, 4096), { file })),
      errorOf(() => decodeText(randomBytes(7, 4096, 0x7f), { file })),
      errorOf(() => decodeText(SAMPLE_BYTES, { file, encoding: "klingon" })),
      errorOf(() => decodeText(enc(SAMPLE, "cp932"), { file, encoding: "utf-8" })),
    ];
    for (const e of errs) {
      expect(e.message).not.toMatch(/\n|\s{2}|at .*:\d+/);
      expect(e.message.length).toBeLessThan(140);
    }
  });
});

describe("property: text decodes back to itself", () => {
  // Characters every encoding here can hold (the sheets' alphabet): ASCII, kana, kanji, full-width forms.
  // Every string starts with a hiragana, which makes it invalid UTF-8 in CP932 and EUC-JP and tells
  // the two apart (see the ambiguity test above for strings without kana).
  const hiragana = fc.constantFrom(..."あいうえおかきくけこさしすせそどりんでる");
  const japanese = fc.constantFrom(..."あいうえおかきくけこさしすせそどおりんでいるアイウエオコンビニサービス計画年度令和平成元推進項目行政電子化～：，。（）【】・※○Ｂ１２３");
  const ascii = fc.constantFrom(..."abcXYZ0129 .,-%()/\n\t");
  const textArb = fc
    .tuple(hiragana, fc.array(fc.oneof(japanese, ascii), { maxLength: 80 }))
    .map(([kana, chars]) => kana + chars.join(""));

  it.each(["utf-8", "cp932", "euc-jp", "utf-16le", "utf-16be"])("%s", (encoding) => {
    fc.assert(
      fc.property(textArb, (text) => {
        const bytes = encoding.startsWith("utf-16") ? bytesOf(encoding === "utf-16le" ? [0xff, 0xfe] : [0xfe, 0xff], enc(text, encoding)) : enc(text, encoding);
        const d = decodeText(bytes, { file });
        expect(d.text).toBe(text);
        expect(d.encoding).toBe(encoding);
      }),
      { numRuns: 300 },
    );
  });
});

describe("sniffFormat", () => {
  const pdfAt = (offset: number) => bytesOf(new Uint8Array(offset).fill(0x20), new TextEncoder().encode("%PDF-1.7\n"));
  it.each<[string, Uint8Array, "pdf" | "text"]>([
    ["%PDF- at the start", pdfAt(0), "pdf"],
    ["%PDF- after junk, ending at byte 1024", pdfAt(1019), "pdf"],
    ["%PDF- crossing byte 1024", pdfAt(1020), "text"],
    ["%PDF- far in", pdfAt(5000), "text"],
    ["%PDF without the dash", new TextEncoder().encode("%PDF 1.7"), "text"],
    ["empty", new Uint8Array(0), "text"],
    ["the sample", SAMPLE_BYTES, "text"],
  ])("%s → %s", (_name, bytes, format) => {
    expect(sniffFormat(bytes)).toBe(format);
  });
});
