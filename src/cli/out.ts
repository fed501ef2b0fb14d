import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/**
 * `--out DIR`: file names made from record data, and writes that never leave a half-written
 * file behind (temp file in DIR, then rename over the target).
 */

const MAX_STEM = 120;

/**
 * A file-name stem from a plan number: NFKC first (full-width ５１００１ → 51001), then only
 * [0-9A-Za-z._-] survive (anything else becomes `_`), no leading dot, at most 120 characters,
 * never empty. Such a name has no separator and is not `.`/`..`, so it cannot leave DIR.
 */
export function safeStem(planNo: string): string {
  const stem = planNo
    .normalize("NFKC")
    .replace(/[^0-9A-Za-z._-]/g, "_")
    .replace(/^\.+/, (dots) => "_".repeat(dots.length))
    .slice(0, MAX_STEM);
  return stem === "" ? "_" : stem;
}

/** Path of `name` inside `dir`; throws rather than return a path that is not directly inside it. */
export function insideDir(dir: string, name: string): string {
  const path = join(dir, name);
  if (dirname(resolve(path)) !== resolve(dir) || name.includes("/") || name.includes("\\")) {
    throw new Error(`refusing to write ${JSON.stringify(name)} outside ${dir}`);
  }
  return path;
}

/** Writes data to dir/name atomically: a temp file in the same directory, flushed, then renamed over the target. */
export async function writeAtomic(dir: string, name: string, data: string | Uint8Array): Promise<string> {
  const target = insideDir(dir, name);
  // node:crypto loads here, with --out only: a run without it does not pay for its ~16 modules.
  const { randomBytes } = await import("node:crypto");
  const temp = insideDir(dir, `.${name}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const fh = await open(temp, "wx");
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return target;
}

export interface Claim {
  /** The file name to write (`51001.json`, or `51001-2.json` for a second record with that plan number). */
  name: string;
  /** Set when the plain name was taken: who took it. */
  clash?: { planNo: string; file: string; name: string };
}

/** Hands out one distinct `<planNo>.json` per record for one run, in the order records come. */
export class OutDir {
  readonly dir: string;
  // Keyed by lower case: on case-insensitive file systems A1.json and a1.json are one file.
  private readonly taken = new Map<string, { planNo: string; file: string; name: string }>();

  constructor(dir: string) {
    this.dir = dir;
  }

  async create(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  claim(planNo: string, file: string): Claim {
    const stem = safeStem(planNo);
    const first = this.taken.get(`${stem}.json`.toLowerCase());
    let name = `${stem}.json`;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${stem}-${n}.json`;
    this.taken.set(name.toLowerCase(), { planNo, file, name });
    return first ? { name, clash: first } : { name };
  }

  write(name: string, data: string): Promise<string> {
    return writeAtomic(this.dir, name, data);
  }
}
