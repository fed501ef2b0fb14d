import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { recordSchemaText } from "../../src/record/json-schema.js";
import { recordJsonSchema } from "../../src/record/schema.js";

const committed = readFileSync(new URL("../../schemas/record.schema.json", import.meta.url), "utf8");

describe("schemas/record.schema.json", () => {
  it("is exactly what recordJsonSchema() generates (run `npm run schema` and commit when this fails)", () => {
    expect(committed).toBe(recordSchemaText());
  });

  it("is the 2-space-indented JSON of recordJsonSchema() with a trailing newline", () => {
    expect(committed.endsWith("}\n")).toBe(true);
    expect(JSON.parse(committed)).toEqual(recordJsonSchema());
    expect(committed.split("\n")[1]).toMatch(/^  "/);
  });
});
