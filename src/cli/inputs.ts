import { statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Turns the command line's input arguments into the list of inputs to read, in order:
 * `-` is standard input, a directory stands for every matching file under it (recursively,
 * hidden entries skipped, sorted by path so runs are reproducible), and a pattern with
 * `*` or `?` in its last part that the shell left unexpanded is matched here. Anything
 * else is passed on as a file, so the reader reports a missing one in its own words.
 */
export type Input = { kind: "stdin"; display: "-" } | { kind: "file"; path: string; display: string };

export interface Expanded {
  inputs: Input[];
  /** Arguments that stand for no file at all (an empty directory, a pattern matching nothing). */
  problems: Array<{ display: string; message: string }>;
}

export const STDIN = "-";

export async function expandInputs(args: readonly string[], extensions: readonly string[]): Promise<Expanded> {
  const out: Expanded = { inputs: [], problems: [] };
  const wanted = extensions.map((e) => e.toLowerCase());
  const kinds = wanted.join(" or ");
  for (const arg of args) {
    if (arg === STDIN) {
      out.inputs.push({ kind: "stdin", display: STDIN });
      continue;
    }
    // Blocking: one call per argument, and a batch of small files otherwise waits on the thread pool for each.
    const info = statOrUndefined(arg);
    if (info?.isDirectory()) {
      const files = await walk(arg, wanted);
      if (files.length === 0) out.problems.push({ display: arg, message: `no ${kinds} files in this directory` });
      for (const f of files) out.inputs.push({ kind: "file", path: f, display: f });
      continue;
    }
    if (!info && isPattern(basename(arg)) && !isPattern(dirname(arg))) {
      const matches = await glob(arg);
      if (matches.length === 0) {
        out.problems.push({ display: arg, message: "no file matches this pattern" });
        continue;
      }
      const sub = await expandInputs(matches, extensions);
      out.inputs.push(...sub.inputs);
      out.problems.push(...sub.problems);
      continue;
    }
    out.inputs.push({ kind: "file", path: arg, display: arg });
  }
  return out;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Files under dir whose name ends in one of the extensions (any case), sorted by path. */
export async function walk(dir: string, extensions: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const visit = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      // A symbolic link counts when it leads to a file; links to directories are not followed (no loops).
      const isFile = e.isFile() || (e.isSymbolicLink() && (await stat(p).then((s) => s.isFile(), () => false)));
      if (e.isDirectory()) await visit(p);
      else if (isFile && extensions.some((x) => e.name.toLowerCase().endsWith(x))) found.push(p);
    }
  };
  await visit(dir);
  return found.sort(byCodePoint);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isPattern(s: string): boolean {
  return /[*?]/.test(s);
}

/** `dir/na*me?.pdf`: `*` and `?` in the last part only, hidden names only when the pattern starts with a dot. */
async function glob(pattern: string): Promise<string[]> {
  const dir = dirname(pattern);
  const base = basename(pattern);
  const re = new RegExp(
    `^${[...base].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`,
    "s",
  );
  const names = await readdir(dir).catch(() => [] as string[]);
  const matches = names.filter((n) => re.test(n) && (base.startsWith(".") || !n.startsWith(".")));
  // Keep the pattern's own spelling of the directory ("./x*.pdf" gives "./x1.pdf").
  const prefix = pattern.slice(0, pattern.length - base.length);
  return matches.map((n) => prefix + n).sort(byCodePoint);
}
