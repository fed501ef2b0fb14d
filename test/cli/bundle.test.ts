/**
 * The CLI bundle (dist/bundle/, built by `npm test` before the tests) is parsed at every start,
 * so what it carries costs every run. zod's namespace export `z` holds all of zod, ~60 message
 * locales included, and no bundler can trim it; src/ imports zod as a namespace (`import * as z`)
 * so that the bundle keeps only what apsheet uses. A file importing `{ z }` again would bring the
 * locales back: this catches it.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("../../dist/bundle/", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
// esbuild marks where each bundled module starts: `// node_modules/zod/v4/locales/de.js`.
const modules = files.flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/^\/\/ (node_modules\/\S+\.js)$/gm)].map((m) => m[1]!));

describe("the CLI bundle", () => {
  it("holds zod, and of zod's message locales English only (zod registers it itself)", () => {
    expect(modules).toContain("node_modules/zod/v4/classic/schemas.js");
    const locales = modules.filter((m) => m.includes("/zod/v4/locales/"));
    expect(locales).toEqual(["node_modules/zod/v4/locales/en.js"]);
  });
});
