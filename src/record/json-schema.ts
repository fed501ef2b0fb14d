import { recordJsonSchema } from "./schema.js";

/** The JSON Schema of a record exactly as committed in schemas/record.schema.json: 2-space indent, trailing newline. */
export function recordSchemaText(): string {
  return `${JSON.stringify(recordJsonSchema(), null, 2)}\n`;
}
