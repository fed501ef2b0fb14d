/**
 * kuromoji as a word oracle, loaded only when a line-join decision needs it (≈0.5 s and
 * ≈370 MiB per process). The dictionary is resolved from the installed package, never from
 * the working directory.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { WordOracle } from "./prose.js";

interface KuromojiToken {
  surface_form: string;
}
interface KuromojiTokenizer {
  tokenize(text: string): KuromojiToken[];
}

let loading: Promise<KuromojiTokenizer> | null = null;
let tokenizer: KuromojiTokenizer | null = null;
/** How many times the dictionary was loaded in this process (reported by the benchmark). */
export const oracleStats = { loads: 0, questions: 0 };

function loadTokenizer(): Promise<KuromojiTokenizer> {
  if (!loading) {
    loading = (async () => {
      const require = createRequire(import.meta.url);
      const kuromoji = require("kuromoji") as {
        builder(o: { dicPath: string }): { build(cb: (err: Error | null, t: KuromojiTokenizer) => void): void };
      };
      const dicPath = join(dirname(require.resolve("kuromoji/package.json")), "dict") + "/";
      oracleStats.loads++;
      return new Promise<KuromojiTokenizer>((resolve, reject) =>
        kuromoji.builder({ dicPath }).build((err, t) => (err ? reject(err) : resolve(t))),
      );
    })();
    loading.then((t) => (tokenizer = t)).catch(() => undefined);
  }
  return loading;
}

/** Joining splits a word when some token of the joined text spans the seam. */
export function splitsWordWith(t: KuromojiTokenizer, left: string, right: string): boolean {
  const l = [...left].slice(-8).join("");
  const r = [...right].slice(0, 8).join("");
  const seam = l.length;
  let at = 0;
  for (const tok of t.tokenize(l + r)) {
    const end = at + tok.surface_form.length;
    if (at < seam && end > seam) return true;
    at = end;
  }
  return false;
}

/**
 * An oracle that answers from kuromoji once loaded. Before that it answers null and remembers
 * that it was asked, so the caller can load it (ensureLoaded) and run the decision again.
 */
export class LazyWordOracle implements WordOracle {
  asked = false;

  splitsWord(left: string, right: string): boolean | null {
    oracleStats.questions++;
    if (tokenizer) return splitsWordWith(tokenizer, left, right);
    this.asked = true;
    return null;
  }

  async ensureLoaded(): Promise<void> {
    await loadTokenizer();
  }
}
