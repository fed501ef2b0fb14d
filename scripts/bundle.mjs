// The command line as one bundle (dist/bundle/apsheet.js, lazily loaded commands as chunks beside
// it), run by bin/apsheet, and its parse worker (dist/bundle/worker.js, sharing those chunks).
// Loading ~130 ES modules one by one (zod alone is 95, 60 of them locales) was most of a run's
// fixed cost; the bundle loads zod in ~40 ms instead of ~85, and a worker answered its first
// one-plan PDF ~80 ms sooner (372 against 450 ms, medians of 15). The library (dist/index.js, with
// dist/run/worker.js) stays as tsc wrote it. Packages read
// lazily or with their own files (pdfjs-dist, kuromoji's dictionary, iconv-lite) stay external.
// The bundle sits one folder below dist/, like the modules it replaces, so their import.meta.url
// paths (../../package.json) hold; the pool finds its worker as ./worker.js beside itself.
import { rmSync } from "node:fs";
import { build } from "esbuild";

// zod is imported as `import * as z from "zod"` (src/record/), not `import { z } from "zod"`: the
// z export is a namespace object holding all of zod, its ~60 message locales included, which no
// bundler can trim; member accesses on a namespace import can be, and the bundle keeps only what
// apsheet uses (zod's chunk 766 -> 216 kB, parsed at every start).

// Chunk names are content hashes: without this, every rebuild would leave the old ones behind.
rmSync("dist/bundle", { recursive: true, force: true });

await build({
  entryPoints: { apsheet: "dist/cli/main.js", worker: "dist/run/worker.js" },
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["pdfjs-dist", "kuromoji", "iconv-lite"],
  // commander is CommonJS and requires Node's own modules: give each output file a real require.
  banner: { js: 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);' },
  logLevel: "warning",
});
