/** The package as a library: `import { parse, parseFile } from "apsheet"` (ESM, typed, from the build). */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("import from \"apsheet\"", () => {
  it("resolves through package.json exports to the build, with types beside it", () => {
    const script = `
      import { parse, parseFile, RecordSchema, ApsheetError, recordJsonSchema } from "apsheet";
      const { records } = await parseFile("fixtures/kashiwa-ap-r1-item51.txt");
      const again = await parse(new TextEncoder().encode("重要度 Ｂ\\n"), { file: "x.txt" }).catch((e) => e);
      console.log(JSON.stringify({
        n: records.length,
        valid: records.every((r) => RecordSchema.safeParse(r).success),
        err: again instanceof ApsheetError ? again.code : String(again),
        schema: typeof recordJsonSchema().properties,
      }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ n: 5, valid: true, err: "no-plan-sheet", schema: "object" });
    expect(existsSync(`${root}dist/index.d.ts`)).toBe(true);
  });
});
