// `apsheet` as bin/apsheet runs it, with one of bin/apsheet's two settings for its own process
// left out, so that the bench can show side by side what each is worth:
//   node bench/bin-variant.mjs inlining parse …   V8's default inlining budget (no setFlagsFromString)
//   node bench/bin-variant.mjs priority parse …   helper threads left at the main thread's priority
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

const [leaveOut, ...argv] = process.argv.slice(2);
if (leaveOut !== "inlining" && leaveOut !== "priority") throw new Error(`bin-variant.mjs: leave out "inlining" or "priority", not ${leaveOut}`);
// The flag as bin/apsheet sets it, read from there so that the two cannot drift apart.
const flag = /setFlagsFromString\("([^"]+)"\)/.exec(readFileSync(new URL("../bin/apsheet", import.meta.url), "utf8"))?.[1];
if (!flag) throw new Error("bin-variant.mjs: no setFlagsFromString(…) in bin/apsheet");

const { lowerHelperThreads, main } = await import("../dist/bundle/apsheet.js");
if (leaveOut !== "priority") lowerHelperThreads();
if (leaveOut !== "inlining") setFlagsFromString(flag);
process.exitCode = await main(argv);
