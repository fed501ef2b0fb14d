/**
 * Regenerates schemas/record.schema.json from the zod schema (`npm run schema`).
 * The test in test/record/schema-file.test.ts fails when the committed file falls behind.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { recordSchemaText } from "./json-schema.js";

// dist/record/ (and src/record/) sit two levels below the package root.
const target = fileURLToPath(new URL("../../schemas/record.schema.json", import.meta.url));
await writeFile(target, recordSchemaText(), "utf8");
process.stdout.write(`wrote ${target}\n`);
