/**
 * Property tests on the text path: changes a text extractor makes without changing the sheet
 * (line ends, page furniture, full-width/half-width forms, labels broken at another place)
 * leave the records as they were.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseText } from "../../src/pipeline.js";
import type { PlanRecord } from "../../src/record/schema.js";

const text = readFileSync(fileURLToPath(new URL("../../fixtures/kashiwa-ap-r1-item51.txt", import.meta.url)), "utf8");
const lines = text.split("\n");
let baseline: PlanRecord[];
beforeAll(async () => {
  baseline = await parseText(text, { file: "p.txt" });
});

/** Records without line numbers: a change that moves lines may move where a warning points. */
const comparable = (rs: PlanRecord[]) => rs.map((r) => ({ ...r, warnings: r.warnings.map(({ line: _l, ...w }) => w) }));
const parse = async (t: string) => comparable(await parseText(t, { file: "p.txt" }));

const RUNS = { numRuns: 12 };

describe("the sample's records do not change when", () => {
  it("lines carry trailing spaces", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: lines.length, maxLength: lines.length }), async (pad) => {
        const t = lines.map((l, i) => (pad[i] && l.trim() ? l + "  " : l)).join("\n");
        expect(await parse(t)).toEqual(comparable(baseline));
      }),
      RUNS,
    );
  });

  it("lines end in CRLF (read as bytes, any mix of LF and CRLF)", async () => {
    const { parse: parseBytes } = await import("../../src/api.js");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: lines.length, maxLength: lines.length }), async (crlf) => {
        const t = lines.map((l, i) => l + (i < lines.length - 1 ? (crlf[i] ? "\r\n" : "\n") : "")).join("");
        const { records } = await parseBytes(new TextEncoder().encode(t), { file: "p.txt" });
        expect(comparable(records)).toEqual(comparable(baseline));
      }),
      { numRuns: 6 },
    );
  });

  it("page furniture is inserted between pages", async () => {
    const starts = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\s*重要度/.test(l)).map(({ i }) => i);
    await fc.assert(
      fc.asyncProperty(fc.subarray(starts, { minLength: 1 }), fc.constantFrom("<<", "Ｒ１", "R2", "H31"), async (at, mark) => {
        const copy = [...lines];
        for (const i of [...at].sort((a, b) => b - a)) copy.splice(i, 0, mark, "");
        expect(await parse(copy.join("\n"))).toEqual(comparable(baseline));
      }),
      RUNS,
    );
  });

  it("grades and era codes switch between full-width and half-width", async () => {
    const swaps: [RegExp, (m: string) => string][] = [
      [/^(\s*重要度 )Ｂ$/gm, (m) => m.replace("Ｂ", "B")],
      [/^Ｂ$/gm, () => "B"],
      [/～ Ｒ(\d|[０-９])/g, (m) => m.replace("Ｒ", "R").replace(/[０-９]/, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))],
    ];
    await fc.assert(
      fc.asyncProperty(fc.subarray(swaps, { minLength: 1 }), async (chosen) => {
        let t = text;
        for (const [re, f] of chosen) t = t.replace(re, f);
        expect(await parse(t)).toEqual(comparable(baseline));
      }),
      RUNS,
    );
  });

  it("a stacked or wrapped label is broken at another place", async () => {
    // Each of these stands on lines of its own in the sample; re-break it at a random point.
    const labels = ["効\n果\n額", "上\n半\n期", "年\n度\n末", "評\n価", "歳入\n増加", "歳出\n削減", "進捗状況\n【活動】", "達成状況\n【成果】", "計画変更\n（次年度\n以後）"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...labels), fc.integer({ min: 1, max: 8 }), async (label, cut) => {
        const whole = label.replace(/\n/g, "");
        const at = Math.min(cut, whole.length - 1);
        const rebroken = `${whole.slice(0, at)}\n${whole.slice(at)}`;
        const t = text.split(label).join(rebroken);
        expect(await parse(t)).toEqual(comparable(baseline));
      }),
      RUNS,
    );
  });
});
