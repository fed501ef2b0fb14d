/**
 * Placement of sparse numeric rows (text input). The extractor drops empty cells, so a row
 * such as `1 2 5 7` under five year columns has lost its positions, and rows lose their labels
 * too. This module decides, for every numeric line, which series it is and where its values
 * stand, from the sheet's own evidence:
 *
 *  - 効果額: a row's 最終値 is the sum of its years; 計 rows are formula-filled (a value in
 *    every year) and 計[y] = 歳入増加[y] + 歳出削減[y];
 *  - 成果指標: a non-zero 最終値 of a plan row is its last value, and most likely stands in the
 *    last column; the 単年度 page's 計画値 / 実績値 are that year's values;
 *  - the calendar: no 実績 after the 単年度 year;
 *  - a row's values stand in consecutive columns.
 *
 * Every reading consistent with the hard evidence is scored by the soft evidence (integer
 * points); where more than one reading scores best and they differ on a field, that field gets
 * an `ambiguous-columns` warning. A small fractional prior only picks which of those to print.
 * Lone numbers left over are the base column (平成27年度当初予算（基準）), top to bottom.
 */

export const KINDS = ["initialPlan", "revisedPlan", "actual"] as const;
export const CATEGORIES = ["revenueIncrease", "expenditureReduction", "total"] as const;
export type Kind = (typeof KINDS)[number];
export type Category = (typeof CATEGORIES)[number];
export type BaseSlot = "indicator" | Category;
export const BASE_SLOTS: BaseSlot[] = ["indicator", "revenueIncrease", "expenditureReduction", "total"];

export interface NumLine {
  values: number[];
  /** Input line, for warnings and provenance. */
  line: number;
}

export interface PlacementInput {
  years: number[];
  /** The 単年度 page's year: no 実績 after it. */
  fiscalYear: number | null;
  indicatorFinals: Record<Kind, number | null>;
  amountFinals: Record<Category, Record<Kind, number | null>>;
  /** The 単年度 page's 計画値 / 実績値 for fiscalYear. */
  annual: { plan: number | null; actual: number | null } | null;
  lines: NumLine[];
}

export interface PlacedRow {
  line: NumLine;
  start: number;
}

export interface PlacementResult {
  indicator: Record<Kind, PlacedRow | null>;
  amounts: Record<Category, Record<Kind, PlacedRow | null>>;
  bases: Record<BaseSlot, NumLine | null>;
  /** Field paths (relative: "indicator.initialPlan", "effectAmounts.total.actual", "indicator.base") left in doubt. */
  ambiguous: string[];
  /** Lone numbers that could stand in more than one base cell and were left unplaced. */
  unplacedBases: NumLine[];
  unused: NumLine[];
}

/** A row as placed: the content id of its line and the first column it stands in. */
interface Cell {
  content: number;
  start: number;
}

/** What an option reads, built when a state that took it is looked at. */
interface Reading {
  /** Its rows stand in the row slots first, first + 1, …  (see ROW_KEYS). */
  first: number;
  rows: (Cell | null)[];
  /** Rows another placement of equal evidence would read differently: bit k for rows[k]. */
  tied: number;
}

/** A multiset of lines: content ids and how many of each. */
interface Sig {
  ids: number[];
  ks: number[];
  /** How many lines. */
  used: number;
}

/**
 * For tests: `rankEveryPair` sends every stage to the general ranking (rankAll), which advance
 * otherwise takes only when its shortcut's conditions fail (scores that are not small integers,
 * priors adding up to 1/2), as no sheet seen so far makes them.
 */
export const placementPaths = { rankEveryPair: false };

/** Option scores beyond this (never seen: a few rows' points and penalties) send a stage to the general ranking. */
const MAX_BUCKETED_SCORE = 1000;

/**
 * The options of one stage (a group of rows read from chosen lines: one kind of 効果額, or the
 * 成果指標), in the order they were built. Each option is a number j: what it needs (an index
 * into the distinct line multisets `sigs`), how many lines that is, its score and prior; what it
 * reads is built on demand by `reading(j)`. The numbers are needed only while the stage is
 * searched, so every stage fills the same arrays (typed, so the search's code stays optimised).
 */
class Options {
  size = 0;
  sig = new Int32Array(256);
  used = new Int32Array(256);
  score = new Float64Array(256);
  prior = new Float64Array(256);
  /** Which 効果額 categories it gives a row (1 歳入増加, 2 歳出削減, 4 計). */
  cats = new Uint8Array(256);
  /**
   * The options by the lines they use (0–3) and their score, when every score is an integer
   * (`bucketed`): for used u, scores run lo[u]..hi[u], and the options of score v are
   * bucketOptions[bucketStart[k] .. bucketStart[k + 1]) with k = base[u] + v - lo[u], in build order.
   */
  bucketed = false;
  /** The largest |prior| of an option (set when bucketed). */
  maxPrior = 0;
  lo = new Int32Array(4);
  hi = new Int32Array(4);
  base = new Int32Array(4);
  bucketStart = new Int32Array(64);
  bucketOptions = new Int32Array(256);
  sigs: Sig[] = [];
  readings = noReadings;

  /** Starts a stage: no options yet. */
  begin(sigs: Sig[], read: (j: number) => Reading): void {
    this.size = 0;
    this.sigs = sigs;
    this.readings = new Readings(read);
  }

  push(sig: number, score: number, prior: number, cats: number): void {
    if (this.size === this.sig.length) this.grow();
    const j = this.size++;
    this.sig[j] = sig;
    this.used[j] = this.sigs[sig]!.used;
    this.score[j] = score;
    this.prior[j] = prior;
    this.cats[j] = cats;
  }

  /**
   * Lets go of the last stage's lines and readings: this object lives on, and what it holds
   * would otherwise outlive the call (and be copied by every young-generation GC until then).
   */
  release(): void {
    this.sigs = [];
    this.readings = noReadings;
  }

  /** Ends a stage: buckets the options by lines used and score (see bucketed). */
  end(): void {
    const { lo, hi, base, used, score, prior } = this;
    this.bucketed = false;
    lo.fill(0);
    hi.fill(-1);
    let maxPrior = 0;
    for (let j = 0; j < this.size; j++) {
      const v = score[j]!;
      const u = used[j]!;
      if (!Number.isInteger(v) || Math.abs(v) > MAX_BUCKETED_SCORE) return;
      if (hi[u]! < lo[u]!) lo[u] = hi[u] = v;
      else if (v < lo[u]!) lo[u] = v;
      else if (v > hi[u]!) hi[u] = v;
      const p = prior[j]! < 0 ? -prior[j]! : prior[j]!;
      if (p > maxPrior) maxPrior = p;
    }
    this.maxPrior = maxPrior;
    let buckets = 0;
    for (let u = 0; u < 4; u++) {
      base[u] = buckets;
      buckets += hi[u]! - lo[u]! + 1;
    }
    if (this.bucketStart.length < buckets + 1) this.bucketStart = new Int32Array(2 * (buckets + 1));
    const start = this.bucketStart;
    start.fill(0, 0, buckets + 1);
    // A counting sort by (used, score): start[k + 1] counts bucket k, then start[k] is where bucket k begins.
    for (let j = 0; j < this.size; j++) start[base[used[j]!]! + score[j]! - lo[used[j]!]! + 1]!++;
    for (let k = 1; k <= buckets; k++) start[k]! += start[k - 1]!;
    if (this.bucketOptions.length < this.size) this.bucketOptions = new Int32Array(this.sig.length);
    // Filled in build order: start[k] moves on to where bucket k ends, which is where k + 1 begins,
    // so one shift puts every start back.
    for (let j = 0; j < this.size; j++) this.bucketOptions[start[base[used[j]!]! + score[j]! - lo[used[j]!]!]!++] = j;
    for (let k = buckets; k > 0; k--) start[k] = start[k - 1]!;
    start[0] = 0;
    this.bucketed = true;
  }

  private grow(): void {
    const size = 2 * this.sig.length;
    const sig = new Int32Array(size);
    const used = new Int32Array(size);
    const score = new Float64Array(size);
    const prior = new Float64Array(size);
    const cats = new Uint8Array(size);
    sig.set(this.sig);
    used.set(this.used);
    score.set(this.score);
    prior.set(this.prior);
    cats.set(this.cats);
    this.sig = sig;
    this.used = used;
    this.score = score;
    this.prior = prior;
    this.cats = cats;
  }
}

/** What the options of one stage read, each built once when first asked for. */
class Readings {
  private readonly memo = new Map<number, Reading>();
  constructor(private readonly read: (j: number) => Reading) {}
  of(j: number): Reading {
    let r = this.memo.get(j);
    if (!r) this.memo.set(j, (r = this.read(j)));
    return r;
  }
}

const noReadings = new Readings(() => {
  throw new Error("no stage");
});

/** The options of the stage being searched (place runs one stage at a time). */
const stageOptions = new Options();

/**
 * A partial reading. States share their history: a state is its parent plus the option it took
 * at one stage (and what that stage's options read), so extending one copies only the line counts.
 */
class State {
  constructor(
    readonly parent: State | null,
    readonly readings: Readings | null,
    readonly option: number,
    readonly remaining: number[],
    /** Sum of remaining. */
    readonly left: number,
    readonly score: number,
    readonly prior: number,
    /** Which 効果額 categories its rows give a row (1 歳入増加, 2 歳出削減, 4 計). */
    readonly cats: number,
  ) {}
}

const BEAM = 64;
const LINE_USED = 10;

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 1e6) / 1e6;

/**
 * The search, and why it is fast without changing an answer:
 *
 * - Each stage (the three 効果額 kinds, then the 成果指標) pairs every state of the beam with
 *   every option that fits its remaining lines, ranks the pairs, keeps the best 4 × BEAM (equal
 *   ranks in the order the pairs are made: states in beam order, options in build order) and
 *   prunes those to BEAM states. The rank is an integer (scores and line counts) plus priors
 *   that add up to far less than 1, so pairs are counted by that integer first: only the pairs
 *   at or above the level where the BEAM-th pair sits are ranked exactly (or the 4 × BEAM-th,
 *   when too many share the BEAM-th's level), and only the states kept are made (see advance).
 *   States with the same lines left share the list of options that fit, bucketed by level.
 * - All placements of one 効果額 option score the same (placement decides only feasibility and
 *   the prior), so its best placement is the first feasible one of highest prior; without a 計
 *   row to check against, that is found without enumerating placements.
 * - Options are numbers until a state that took one is read back.
 */
export function place(input: PlacementInput): PlacementResult {
  const n = input.years.length;
  const fyIndex = input.fiscalYear === null ? n - 1 : input.years.indexOf(input.fiscalYear);
  const lastActual = fyIndex < 0 ? (input.fiscalYear !== null && input.fiscalYear < input.years[0]! ? -1 : n - 1) : fyIndex;
  const fitting = input.lines.filter((l) => l.values.length <= n);

  // Identical lines are interchangeable: work on distinct contents with their counts.
  const contents: number[][] = [];
  const copies: NumLine[][] = [];
  for (const l of fitting) {
    const k = contents.findIndex((c) => c.length === l.values.length && c.every((v, i) => v === l.values[i]));
    if (k >= 0) copies[k]!.push(l);
    else {
      contents.push(l.values);
      copies.push([l]);
    }
  }
  const count = copies.map((c) => c.length);
  const C = contents.length;
  const lens = contents.map((c) => c.length);
  const rowOf = (content: number | null, start: number): Row | null =>
    content === null ? null : { values: contents[content]!, start };
  // cells[c][s]: content c placed from column s, one entry a column (null where nothing stands).
  const cells: (number | null)[][][] = contents.map((c) => {
    const out: (number | null)[][] = [];
    for (let s0 = 0; s0 + c.length <= n; s0++) out.push(cellsOf({ values: c, start: s0 }, n));
    return out;
  });
  const startsMemo = new Map<number, number[][]>();
  const startsOf = (c: number | null, last: number): number[] => {
    if (c === null) return ZERO;
    let m = startsMemo.get(last);
    if (!m) startsMemo.set(last, (m = contents.map((v) => starts(v, n, last))));
    return m[c]!;
  };

  // Lines left as one number (the bases are memoised by it): the counts as digits of a number
  // with a base per content (its count + 1), where that fits in a double's integers.
  const weight = new Array<number>(C);
  let span = 1;
  for (let i = 0; i < C; i++) {
    weight[i] = span;
    span *= count[i]! + 1;
  }

  // The distinct multisets of lines an option can need (up to three content ids; null: none), interned.
  const sigs: Sig[] = [];
  const sigIndex = new SigIndex((C + 1) ** 3);
  const needsOf = (a: number | null, b: number | null, c: number | null): number => {
    // The multiset as a number: its ids + 1 (0 for none), sorted, in base C + 1. (Swaps through
    // a temporary: [x, y] = [y, x] runs the array iterator in code V8 has not optimised yet.)
    let x = a === null ? 0 : a + 1;
    let y = b === null ? 0 : b + 1;
    let z = c === null ? 0 : c + 1;
    let t: number;
    if (x > y) (t = x), (x = y), (y = t);
    if (y > z) (t = y), (y = z), (z = t);
    if (x > y) (t = x), (x = y), (y = t);
    const key = (x * (C + 1) + y) * (C + 1) + z;
    const known = sigIndex.get(key);
    if (known !== undefined) return known;
    const ids: number[] = [];
    const ks: number[] = [];
    for (const v of [x, y, z]) {
      if (v === 0) continue;
      if (ids.at(-1) === v - 1) ks[ks.length - 1]!++;
      else {
        ids.push(v - 1);
        ks.push(1);
      }
    }
    let k = -1;
    if (fits(count, { ids, ks })) {
      k = sigs.length;
      sigs.push({ ids, ks, used: ks.reduce((p, q) => p + q, 0) });
    }
    sigIndex.set(key, k);
    return k;
  };
  const opts = stageOptions;

  const sums = contents.map(sum);
  const allZero = contents.map((c) => c.every((v) => v === 0));
  const amountOptions = (kind: Kind): Options => {
    const last = kind === "actual" ? lastActual : n - 1;
    const seenT = new Uint8Array(n);
    const seenR = new Uint8Array(n);
    const seenE = new Uint8Array(n);
    const finals = input.amountFinals;
    const fT = finals.total[kind];
    const fR = finals.revenueIncrease[kind];
    const fE = finals.expenditureReduction[kind];
    const cands = (final: number | null) => {
      const out: (number | null)[] = [];
      for (let i = 0; i < C; i++) if (final === null || sums[i] === final) out.push(i);
      // An empty row is always a reading: a corrupted line must not take its intact twin down with it.
      out.push(null);
      return out;
    };
    // 計 is formula-filled, so after the 単年度 year its 実績 cells print 0 rather than nothing.
    const totalStarts = contents.map((c, i) => startsOf(i, n - 1).filter((s0) => c.every((v, k) => s0 + k <= last || v === 0)));
    const picks: { t: number | null; r: number | null; e: number | null; ts: number; rs: number; es: number; tied: number }[] = [];
    opts.begin(sigs, (j) => {
      const { t, r, e, ts, rs, es, tied } = picks[j]!;
      const rows = [t === null ? null : { content: t, start: ts }, r === null ? null : { content: r, start: rs }, e === null ? null : { content: e, start: es }];
      return { first: 3 * KINDS.indexOf(kind), rows, tied };
    });
    const candsT = cands(fT);
    const candsR = cands(fR);
    const candsE = cands(fE);
    for (let it = 0; it < candsT.length; it++) {
      const t = candsT[it]!;
      for (let ir = 0; ir < candsR.length; ir++) {
        const r = candsR[ir]!;
        for (let ie = 0; ie < candsE.length; ie++) {
          const e = candsE[ie]!;
          const sig = needsOf(t, r, e);
          if (sig < 0) continue;
          // The score (scoreAmounts): rows read, less the penalties; none depends on where the rows stand.
          let score = ((t !== null ? 1 : 0) + (r !== null ? 1 : 0) + (e !== null ? 1 : 0)) * LINE_USED;
          // A non-zero 最終値 over an empty row: the row's line is missing (or corrupted).
          if (r === null && fR !== null && fR !== 0) score -= 5;
          if (e === null && fE !== null && fE !== 0) score -= 5;
          if (t !== null) {
            if (lens[t] !== n) score -= 3;
          } else {
            if (fT !== null) score -= 5;
            if (r !== null || e !== null) score -= 2;
          }
          // A category whose 最終値 is 0 is more often left blank than filled with typed zeros.
          if (r !== null && allZero[r]) score -= 1;
          if (e !== null && allZero[e]) score -= 1;
          // Placements: 計 = 歳入増加 + 歳出削減 wherever a part has a value; the best is the
          // first of highest prior (rows of a kind lean to the right end: plans run to the final year).
          const startsT = t === null ? ZERO : totalStarts[t]!;
          const startsR = startsOf(r, last);
          const startsE = startsOf(e, last);
          if (!startsT.length || !startsR.length || !startsE.length) continue;
          let bt = startsT[0]!;
          let br = startsR[0]!;
          let be = startsE[0]!;
          let bestPrior = 0;
          // A placed series is in doubt where another feasible placement puts it elsewhere.
          let tied = 0;
          if (t === null || (r === null && e === null)) {
            // Nothing to check: every placement is feasible. Without a 計 row the priors rise with
            // each row's start (by far more than rounding), so the last starts are best; with only
            // a 計 row every prior is 0 and the first start is.
            if (t === null) {
              br = startsR[startsR.length - 1]!;
              be = startsE[startsE.length - 1]!;
              if (r !== null) bestPrior += (br + lens[r]!) / (100 * n);
              if (e !== null) bestPrior += (be + lens[e]!) / (100 * n);
            }
            if (t !== null && startsT.length > 1) tied |= 1;
            if (r !== null && startsR.length > 1) tied |= 2;
            if (e !== null && startsE.length > 1) tied |= 4;
          } else {
            const tc = cells[t]!;
            const rc = r === null ? null : cells[r]!;
            const ec = e === null ? null : cells[e]!;
            let found = false;
            // The columns each row starts in over the feasible placements.
            seenT.fill(0);
            seenR.fill(0);
            seenE.fill(0);
            // A part stands within the 計 row, or the 計 row has no value where the part has one.
            const lenT = lens[t]!;
            const lenR = r === null ? 0 : lens[r]!;
            const lenE = e === null ? 0 : lens[e]!;
            for (let p = 0; p < startsT.length; p++) {
              const ts = startsT[p]!;
              const tv = tc[ts]!;
              for (let q = 0; q < startsR.length; q++) {
                const rs = startsR[q]!;
                if (r !== null && (rs < ts || rs + lenR > ts + lenT)) continue;
                const rv = rc ? rc[rs]! : null;
                for (let u = 0; u < startsE.length; u++) {
                  const es = startsE[u]!;
                  if (e !== null && (es < ts || es + lenE > ts + lenT)) continue;
                  const ev = ec ? ec[es]! : null;
                  // Only the years a part has a value in are checked.
                  const from = r === null ? es : e === null ? rs : Math.min(rs, es);
                  const to = r === null ? es + lenE : e === null ? rs + lenR : Math.max(rs + lenR, es + lenE);
                  let ok = true;
                  for (let y = from; y < to && ok; y++) {
                    const a = rv ? rv[y]! : null;
                    const b = ev ? ev[y]! : null;
                    if (a === null && b === null) continue;
                    const tt = tv[y]!;
                    ok = tt !== null && Math.abs(tt - ((a ?? 0) + (b ?? 0))) <= 1e-6;
                  }
                  if (!ok) continue;
                  let prior = 0;
                  if (r !== null) prior += (rs + lenR) / (100 * n);
                  if (e !== null) prior += (es + lenE) / (100 * n);
                  seenT[ts] = 1;
                  seenR[rs] = 1;
                  seenE[es] = 1;
                  if (!found || prior > bestPrior) {
                    found = true;
                    bestPrior = prior;
                    bt = ts;
                    br = rs;
                    be = es;
                  }
                }
              }
            }
            if (!found) continue;
            if (seenElsewhere(seenT, bt)) tied |= 1;
            if (r !== null && seenElsewhere(seenR, br)) tied |= 2;
            if (e !== null && seenElsewhere(seenE, be)) tied |= 4;
          }
          picks.push({ t, r, e, ts: bt, rs: br, es: be, tied });
          opts.push(sig, score, bestPrior, (r !== null ? 1 : 0) | (e !== null ? 2 : 0) | (t !== null ? 4 : 0));
        }
      }
    }
    opts.end();
    return opts;
  };

  // 成果指標: 実績 scores on its own; 当初 and 変更 together, since the 単年度 計画値 speaks of 変更 or else 当初.
  const indicatorOptions = (): Options => {
    const all: (number | null)[] = [...contents.keys(), null];
    const finals = input.indicatorFinals;
    const plan = input.annual?.plan ?? null;
    const actualValue = input.annual?.actual ?? null;
    const at = (c: number | null, s0: number, y: number): number | null => (c === null || y < 0 ? null : cells[c]![s0]![y]!);
    // scorePlans, one row at a time: rows read, and the 最終値 rule.
    const rowPart = (c: number | null, s0: number, final: number | null): number => {
      let score = c === null ? 0 : LINE_USED;
      if (final === null) return score;
      const lastV = c === null ? undefined : contents[c]!.at(-1);
      if (final === 0) {
        // A plan row's 最終値 is its last value: a printed 0 says the row is empty (or ends in 0).
        if (c !== null && lastV !== 0) score -= LINE_USED + 1;
        return score;
      }
      if (c === null) return score - 2;
      if (lastV === final) return score + 2 + (s0 + lens[c]! === n ? 1 : 0);
      return score - 2;
    };
    // 実績値: the 単年度 実績値 of its year (its 最終値 is not evidence); priors lean left.
    type Best = { start: number; score: number; prior: number; tied: boolean };
    const actual: (Best | null)[] = [];
    for (let k = 0; k < all.length; k++) {
      const a = all[k]!;
      let best: Best | null = null;
      let ties = 0;
      const startsA = startsOf(a, lastActual);
      for (let p = 0; p < startsA.length; p++) {
        const st = startsA[p]!;
        let score = a === null ? 0 : LINE_USED;
        if (actualValue !== null && fyIndex >= 0) {
          const v = at(a, st, fyIndex);
          if (v === null) score -= 1;
          else score += v === actualValue ? 3 : -3;
        }
        const prior = a === null ? 0 : -st / (100 * n);
        if (!best || score > best.score) {
          best = { start: st, score, prior, tied: false };
          ties = 1;
        } else if (score === best.score) {
          ties++;
          if (prior > best.prior) best = { start: st, score, prior, tied: false };
        }
      }
      if (best) best.tied = ties > 1;
      actual.push(best);
    }
    // Each plan row's part of the score, by content and start (and for no row).
    const partsOf = (final: number | null) => ({ none: rowPart(null, 0, final), at: cells.map((byStart, c) => byStart.map((_, s0) => rowPart(c, s0, final))) });
    const iniParts = partsOf(finals.initialPlan);
    const revParts = partsOf(finals.revisedPlan);
    // The plans' best placement for each pair of lines; an option is a plan and an 実績 row.
    const plans: { i: number | null; r: number | null; is: number; rs: number; tied: number }[] = [];
    const optionPlan: number[] = [];
    const optionActual: number[] = [];
    opts.begin(sigs, (j) => {
      const { i, r, is, rs, tied } = plans[optionPlan[j]!]!;
      const a = all[optionActual[j]!]!;
      const act = actual[optionActual[j]!]!;
      const rows = [i === null ? null : { content: i, start: is }, r === null ? null : { content: r, start: rs }, a === null ? null : { content: a, start: act.start }];
      return { first: INDICATOR_ROWS, rows, tied: tied | (act.tied && a !== null ? 4 : 0) };
    });
    for (let ii = 0; ii < all.length; ii++) {
      const i = all[ii]!;
      const startsI = startsOf(i, n - 1);
      for (let ir = 0; ir < all.length; ir++) {
        const r = all[ir]!;
        if (needsOf(i, r, null) < 0) continue;
        const startsR = startsOf(r, n - 1);
        // The plans' best placement: top score, then highest prior, then first enumerated.
        let found = false;
        let bScore = 0;
        let bPrior = 0;
        let bi = 0;
        let br = 0;
        // The range of starts over the placements that score as well: a series is in doubt where it has two.
        let iLo = 0;
        let iHi = 0;
        let rLo = 0;
        let rHi = 0;
        for (let p = 0; p < startsI.length; p++) {
          const is = startsI[p]!;
          const iniScore = i === null ? iniParts.none : iniParts.at[i]![is]!;
          const iniPlanned = at(i, is, fyIndex);
          for (let q = 0; q < startsR.length; q++) {
            const rs = startsR[q]!;
            let score = iniScore + (r === null ? revParts.none : revParts.at[r]![rs]!);
            if (plan !== null && fyIndex >= 0) {
              const planned = at(r, rs, fyIndex) ?? iniPlanned;
              if (planned === null) score -= 1;
              else score += planned === plan ? 3 : -3;
            }
            // Prior: plans lean right (toward the final year).
            let prior = 0;
            if (i !== null) prior += (is + lens[i]!) / (100 * n);
            if (r !== null) prior += (rs + lens[r]!) / (100 * n);
            if (!found || score > bScore) {
              found = true;
              bScore = score;
              bPrior = prior;
              bi = iLo = iHi = is;
              br = rLo = rHi = rs;
            } else if (score === bScore) {
              iLo = Math.min(iLo, is);
              iHi = Math.max(iHi, is);
              rLo = Math.min(rLo, rs);
              rHi = Math.max(rHi, rs);
              if (prior > bPrior) {
                bPrior = prior;
                bi = is;
                br = rs;
              }
            }
          }
        }
        if (!found) continue;
        const tied = (i !== null && iLo !== iHi ? 1 : 0) | (r !== null && rLo !== rHi ? 2 : 0);
        plans.push({ i, r, is: bi, rs: br, tied });
        for (let k = 0; k < all.length; k++) {
          const a = all[k]!;
          const act = actual[k];
          if (!act) continue;
          const sig = needsOf(i, r, a);
          if (sig < 0) continue;
          optionPlan.push(plans.length - 1);
          optionActual.push(k);
          opts.push(sig, bScore + act.score, bPrior + act.prior, 0);
        }
      }
    }
    opts.end();
    return opts;
  };

  const total = count.reduce((a, b) => a + b, 0);
  let beam: State[] = [new State(null, null, -1, count, total, 0, 0, 0)];
  const stages = [...KINDS.map((k) => () => amountOptions(k)), indicatorOptions];
  for (const [index, stage] of stages.entries()) {
    const options = stage();
    // Lines left over can still score only as many as the slots left: the 効果額 rows of the
    // kinds to come, the three 成果指標 rows, the four base cells.
    const slotsAfter = 3 * Math.max(0, KINDS.length - 1 - index) + (index < KINDS.length ? 3 : 0) + BASE_SLOTS.length;
    beam = advance(beam, options, slotsAfter);
  }
  opts.release();

  // The base column takes the lone numbers left over; numbers it explains count like rows do.
  // A category has a base cell when its rows have values (or its 最終値 is not 0).
  const finalsSay = (cat: Category) => KINDS.some((k) => (input.amountFinals[cat][k] ?? 0) !== 0);
  const catFinals = (finalsSay("revenueIncrease") ? 1 : 0) | (finalsSay("expenditureReduction") ? 2 : 0);
  // The bases depend on the lone numbers left and the categories read: memoised by those (the
  // lone lines' counts as digits, with the categories as three more bits, where that fits).
  const loneIds = contents.flatMap((c, id) => (c.length === 1 ? [id] : []));
  const byKey = span * 8 <= Number.MAX_SAFE_INTEGER;
  const basesMemo = new Map<number | string, { bases: ReturnType<typeof placeBases>; lone: number }>();
  const finished = beam.map((st) => {
    const cats = st.cats;
    const has = (cats | catFinals) & 3;
    const totalPrinted = (cats & 4) !== 0;
    let loneKey = 0;
    if (byKey) for (let q = 0; q < loneIds.length; q++) loneKey += st.remaining[loneIds[q]!]! * weight[loneIds[q]!]!;
    const key = byKey ? loneKey * 8 + has * 2 + (totalPrinted ? 1 : 0) : `${loneIds.map((id) => st.remaining[id]).join(",")}|${has}|${totalPrinted}`;
    let memo = basesMemo.get(key);
    if (!memo) {
      const lone: number[] = [];
      st.remaining.forEach((c, id) => {
        if (contents[id]!.length === 1) for (let k = 0; k < c; k++) lone.push(contents[id]![0]!);
      });
      memo = { bases: placeBases(lone, (c) => (has & (c === "revenueIncrease" ? 1 : 2)) !== 0, totalPrinted), lone: lone.length };
      basesMemo.set(key, memo);
    }
    return { st, bases: memo.bases, score: st.score + (memo.lone - memo.bases.unused) * LINE_USED };
  });
  let top = -Infinity;
  for (const f of finished) if (f.score > top) top = f.score;
  // The rows of the best states, read back along their chains: rows[slot] (undefined where no stage read it).
  const best = finished
    .filter((f) => f.score === top)
    .sort((a, b) => b.st.prior - a.st.prior)
    .map((f) => {
      const rows: (Cell | null | undefined)[] = new Array(ROW_KEYS.length);
      let tied = 0;
      for (let s: State | null = f.st; s && s.readings; s = s.parent) {
        const r = s.readings.of(s.option);
        for (let k = 0; k < r.rows.length; k++) rows[r.first + k] = r.rows[k]!;
        tied |= r.tied << r.first;
      }
      return { bases: f.bases, rows, tied };
    });
  const chosen = best[0]!;

  const ambiguous: string[] = [];
  // Two rows show alike when their cells print alike: an id per distinct print.
  const shown = new Map<string, number>();
  const showIds = new Map<number, number>();
  const show = (cell: Cell | null | undefined): number => {
    const content = cell?.content ?? null;
    const start = cell?.start ?? 0;
    const at = content === null ? -1 : content * (n + 1) + start;
    let id = showIds.get(at);
    if (id === undefined) {
      const printed = JSON.stringify(cellsOf(rowOf(content, start), n));
      id = shown.get(printed);
      if (id === undefined) shown.set(printed, (id = shown.size));
      showIds.set(at, id);
    }
    return id;
  };
  for (let slot = 0; slot < ROW_KEYS.length; slot++) {
    if (chosen.rows[slot] === undefined) continue;
    const mine = show(chosen.rows[slot]);
    if ((chosen.tied >> slot) & 1 || best.some((f) => f !== chosen && show(f.rows[slot]) !== mine)) ambiguous.push(ROW_KEYS[slot]!);
  }
  for (const slot of BASE_SLOTS) {
    if (best.some((f) => f.bases.values[slot] !== chosen.bases.values[slot])) {
      ambiguous.push(slot === "indicator" ? "indicator.base" : `effectAmounts.${slot}.base`);
    }
  }

  // Give each placed row a real line (copies in text order), for provenance; the rest are left over.
  const pool = copies.map((c) => [...c]);
  const realRow = (cell: Cell | null | undefined): PlacedRow | null => (cell ? { line: pool[cell.content]!.shift()!, start: cell.start } : null);
  const amounts = Object.fromEntries(
    CATEGORIES.map((c) => [c, Object.fromEntries(KINDS.map((k, ki) => [k, realRow(chosen.rows[3 * ki + AMOUNT_ROWS.indexOf(c)])]))]),
  ) as Record<Category, Record<Kind, PlacedRow | null>>;
  const indicator = Object.fromEntries(KINDS.map((k, ki) => [k, realRow(chosen.rows[INDICATOR_ROWS + ki])])) as Record<Kind, PlacedRow | null>;
  const leftLines = pool.flat().sort((a, b) => a.line - b.line);
  const loneLines = leftLines.filter((l) => l.values.length === 1);
  const bases: Record<BaseSlot, NumLine | null> = { indicator: null, revenueIncrease: null, expenditureReduction: null, total: null };
  const unplacedBases: NumLine[] = [];
  if (chosen.bases.placed) {
    let k = 0;
    for (const slot of BASE_SLOTS) if (chosen.bases.values[slot] !== null) bases[slot] = loneLines[k++]!;
  } else unplacedBases.push(...loneLines.slice(0, loneLines.length - chosen.bases.unused));
  const consumed = new Set<NumLine>([...Object.values(bases).filter((b): b is NumLine => b !== null), ...unplacedBases]);
  const unused = [...input.lines.filter((l) => l.values.length > n), ...leftLines.filter((l) => !consumed.has(l))];
  return { indicator, amounts, bases, ambiguous, unplacedBases, unused };
}

const ZERO = [0];

/** Whether a feasible placement (seen[start] = 1) starts anywhere but at. */
function seenElsewhere(seen: Uint8Array, at: number): boolean {
  for (let i = 0; i < seen.length; i++) if (seen[i] === 1 && i !== at) return true;
  return false;
}

/**
 * The row slots, in the order stages read them: per kind of 効果額 its 計, 歳入増加 and 歳出削減
 * rows (slot 3 × kind + row), then the 成果指標 rows; as their ambiguity warnings name them.
 */
const AMOUNT_ROWS: Category[] = ["total", "revenueIncrease", "expenditureReduction"];
const INDICATOR_ROWS = 3 * KINDS.length;
const ROW_KEYS: string[] = [...KINDS.flatMap((k) => AMOUNT_ROWS.map((c) => `effectAmounts.${c}.${k}`)), ...KINDS.map((k) => `indicator.${k}`)];

/** Sig numbers by multiset key: a table while the keys are few, else a map. */
class SigIndex {
  private static scratch = new Int32Array(4096);
  private readonly table: Int32Array | null;
  private readonly map = new Map<number, number>();
  constructor(keys: number) {
    if (keys > 1 << 16) this.table = null;
    else {
      if (SigIndex.scratch.length < keys) SigIndex.scratch = new Int32Array(keys);
      this.table = SigIndex.scratch;
      // Stored + 2, so 0 is "not seen" and the table needs no -1 fill.
      this.table.fill(0, 0, keys);
    }
  }
  get(key: number): number | undefined {
    if (!this.table) return this.map.get(key);
    const v = this.table[key]!;
    return v === 0 ? undefined : v - 2;
  }
  set(key: number, sig: number): void {
    if (this.table) this.table[key] = sig + 2;
    else this.map.set(key, sig);
  }
}

interface Row {
  values: number[];
  start: number;
}

function starts(values: number[], n: number, lastAllowed: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + values.length <= n; s++) if (s + values.length - 1 <= lastAllowed) out.push(s);
  return out;
}

function cellsOf(row: Row | null, n: number): (number | null)[] {
  const out: (number | null)[] = new Array(n).fill(null);
  if (row) row.values.forEach((v, i) => (out[row.start + i] = v));
  return out;
}

// Scratch space for advance, kept between calls (it runs four times a plan).
let scratchOrder = new Int32Array(1024);
let pairS = new Int32Array(1024);
let pairJ = new Int32Array(1024);
let pairLevel = new Float64Array(1024);
let pairRank = new Float64Array(1024);
let pairStateRank = new Float64Array(1024);
/** Per state of the beam and lines used u: what u lines add to a pair's level (scratchLines[4 * s + u]), or NaN when the state has fewer lines left. */
let scratchLines = new Float64Array(256);
let scratchCounts = new Int32Array(256);

/**
 * The beam one stage on: what `prune` keeps of the states made from the best 4 × BEAM
 * (state, option) pairs, ranked by
 *   st.score + o.score + min(lines left after the option, slotsAfter) × LINE_USED + st.prior + o.prior
 * (equal ranks in the order the pairs are made: states in beam order, each with the options in
 * order). prune ranks the state a pair makes by the same sum added in another order, so the two
 * ranks can differ in the last bit: prune's order is its rank, then the pair's, then pair order.
 *
 * Both ranks lie within 1/2 of the pair's integer level (all but the priors) as long as the
 * priors add up to less than 1/2 (checked; otherwise every pair is ranked). So the pairs that
 * hold all prune keeps are those at or above the level where the BEAM-th best pair stands (at
 * least BEAM of them; when more than 4 × BEAM, the best 4 × BEAM by rank). They are found by
 * walking the levels down (pairsByLevels) or, for a stage of few options, by listing every
 * fitting pair (pairsByListing); only they are ranked, and only the states kept are made.
 */
function advance(beam: State[], o: Options, slotsAfter: number): State[] {
  const O = o.size;
  if (O === 0) return beam;
  let maxPrior = 0;
  let integral = true;
  for (let s = 0; s < beam.length; s++) {
    const st = beam[s]!;
    maxPrior = Math.max(maxPrior, Math.abs(st.prior));
    integral &&= Number.isInteger(st.score);
  }
  // o.bucketed: every option's score is an integer too.
  if (!integral || !o.bucketed || maxPrior + o.maxPrior >= 0.5 || placementPaths.rankEveryPair) {
    const pairs = rankAll(beam, o, slotsAfter, 4 * BEAM);
    return pairs.length ? prune(pairs.map(([st, j]) => extend(st, o, j)), slotsAfter) : beam;
  }
  const m = O <= FEW_OPTIONS ? pairsByListing(beam, o, slotsAfter) : pairsByLevels(beam, o, slotsAfter);
  if (m === 0) return beam;
  if (scratchOrder.length < m) scratchOrder = new Int32Array(2 * m);
  const order = scratchOrder.subarray(0, m);
  for (let i = 0; i < m; i++) order[i] = i;
  let kept = order;
  if (m > 4 * BEAM) kept = order.sort(byPairRank).subarray(0, 4 * BEAM);
  sortByStateRank(kept);
  const next: State[] = [];
  for (let i = 0; i < kept.length && i < BEAM; i++) next.push(extend(beam[pairS[kept[i]!]!]!, o, pairJ[kept[i]!]!));
  return next;
}

function growPairs(): void {
  const size = 2 * pairS.length;
  const s = new Int32Array(size);
  const j = new Int32Array(size);
  const level = new Float64Array(size);
  const rank = new Float64Array(size);
  const stateRank = new Float64Array(size);
  s.set(pairS);
  j.set(pairJ);
  level.set(pairLevel);
  rank.set(pairRank);
  stateRank.set(pairStateRank);
  pairS = s;
  pairJ = j;
  pairLevel = level;
  pairRank = rank;
  pairStateRank = stateRank;
}

/** A pair's integer level: its rank but for the priors (see advance). */
function levelOf(st: State, o: Options, j: number, slotsAfter: number): number {
  return st.score + o.score[j]! + Math.min(st.left - o.used[j]!, slotsAfter) * LINE_USED;
}

/** A pair's two ranks (see advance), made the same way by both pair finders. */
function addPair(m: number, s: number, st: State, o: Options, j: number, slotsAfter: number): void {
  if (m === pairS.length) growPairs();
  const level = levelOf(st, o, j, slotsAfter);
  pairS[m] = s;
  pairJ[m] = j;
  pairLevel[m] = level;
  pairRank[m] = level + st.prior + o.prior[j]!;
  pairStateRank[m] = level + (st.prior + o.prior[j]!);
}

/** Whether the lines left hold the multiset (a Sig's ids and how many of each). */
function fits(remaining: number[], { ids, ks }: Pick<Sig, "ids" | "ks">): boolean {
  for (let t = 0; t < ids.length; t++) if (remaining[ids[t]!]! < ks[t]!) return false;
  return true;
}

/**
 * The pairs at or above the floor (see advance), for a stage of many options: levels are walked
 * down from the top, each state taking the fitting options of its buckets at that level, until a
 * level ends with BEAM pairs. Returns how many (in pairS, pairJ, …).
 */
function pairsByLevels(beam: State[], o: Options, slotsAfter: number): number {
  const S = beam.length;
  // Each state's base level by lines used u (its score and line points) at offset[u * S + s], NaN
  // when it has fewer than u lines left.
  if (scratchLines.length < 4 * S) scratchLines = new Float64Array(4 * S);
  const offset = scratchLines;
  const { lo, hi, base, bucketStart, bucketOptions, sigs, sig } = o;
  let top = -Infinity;
  let bottom = Infinity;
  for (let u = 0; u < 4; u++) {
    for (let s = 0; s < S; s++) {
      const st = beam[s]!;
      if (u > st.left || hi[u]! < lo[u]!) {
        offset[u * S + s] = NaN;
        continue;
      }
      const at = st.score + Math.min(st.left - u, slotsAfter) * LINE_USED;
      offset[u * S + s] = at;
      top = Math.max(top, at + hi[u]!);
      bottom = Math.min(bottom, at + lo[u]!);
    }
  }
  let m = 0;
  for (let level = top; level >= bottom && m < BEAM; level--) {
    for (let u = 0; u < 4; u++) {
      const low = lo[u]!;
      const high = hi[u]!;
      const first = base[u]! - low;
      for (let s = 0, at = u * S; s < S; s++, at++) {
        // NaN (no such options for this state) fails both tests.
        const v = level - offset[at]!;
        if (!(v >= low && v <= high)) continue;
        const k = first + v;
        for (let q = bucketStart[k]!, e = bucketStart[k + 1]!; q < e; q++) {
          const j = bucketOptions[q]!;
          const st = beam[s]!;
          if (fits(st.remaining, sigs[sig[j]!]!)) addPair(m++, s, st, o, j, slotsAfter);
        }
      }
    }
  }
  return m;
}

/** Stages of this many options or fewer list every fitting pair: cheaper than walking levels. */
const FEW_OPTIONS = 16;

/** The pairs at or above the floor (see advance), for a stage of few options: every fitting pair, then the floor from their levels. */
function pairsByListing(beam: State[], o: Options, slotsAfter: number): number {
  const S = beam.length;
  const O = o.size;
  const { sigs, sig } = o;
  let m = 0;
  for (let s = 0; s < S; s++) {
    const st = beam[s]!;
    for (let j = 0; j < O; j++) if (fits(st.remaining, sigs[sig[j]!]!)) addPair(m++, s, st, o, j, slotsAfter);
  }
  if (m <= BEAM) return m;
  // The floor: the level at which, counting down from the top, BEAM pairs are reached.
  let top = -Infinity;
  let bottom = Infinity;
  for (let i = 0; i < m; i++) {
    const level = pairLevel[i]!;
    if (level > top) top = level;
    if (level < bottom) bottom = level;
  }
  const width = top - bottom + 1;
  if (scratchCounts.length < width) scratchCounts = new Int32Array(2 * width);
  const counts = scratchCounts;
  counts.fill(0, 0, width);
  for (let i = 0; i < m; i++) counts[top - pairLevel[i]!]!++;
  let floor = bottom;
  for (let w = 0, seen = 0; w < width; w++) {
    seen += counts[w]!;
    if (seen >= BEAM) {
      floor = top - w;
      break;
    }
  }
  let kept = 0;
  for (let i = 0; i < m; i++) {
    if (pairLevel[i]! < floor) continue;
    pairS[kept] = pairS[i]!;
    pairJ[kept] = pairJ[i]!;
    pairRank[kept] = pairRank[i]!;
    pairStateRank[kept++] = pairStateRank[i]!;
  }
  return kept;
}

// Typed-array sorts: the comparators see the same kinds of arrays every time, so they stay optimised.
const byPairRank = (a: number, b: number) => pairRank[b]! - pairRank[a]! || pairS[a]! - pairS[b]! || pairJ[a]! - pairJ[b]!;
const byStateRank = (a: number, b: number) =>
  pairStateRank[b]! - pairStateRank[a]! || pairRank[b]! - pairRank[a]! || pairS[a]! - pairS[b]! || pairJ[a]! - pairJ[b]!;

let scratchMerge = new Int32Array(1024);

/**
 * Sorts pairs by byStateRank (a total order, so any sort gives the same result). A merge sort
 * written out, so the comparison is inlined instead of called once per comparison as the
 * typed-array sort does (this is the one sort of every stage).
 */
function sortByStateRank(order: Int32Array): void {
  const m = order.length;
  if (scratchMerge.length < m) scratchMerge = new Int32Array(m);
  let from: Int32Array = order;
  let to: Int32Array = scratchMerge;
  for (let width = 1; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(lo + width, m);
      const hi = Math.min(lo + 2 * width, m);
      let a = lo;
      let b = mid;
      let k = lo;
      while (a < mid && b < hi) {
        // byStateRank(from[b], from[a]) < 0, its first key compared here (ties are rare).
        const x = from[b]!;
        const y = from[a]!;
        const d = pairStateRank[y]! - pairStateRank[x]!;
        if (d < 0 || (d === 0 && byStateRank(x, y) < 0)) {
          to[k++] = x;
          b++;
        } else {
          to[k++] = y;
          a++;
        }
      }
      while (a < mid) to[k++] = from[a++]!;
      while (b < hi) to[k++] = from[b++]!;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from !== order) order.set(from.subarray(0, m));
}

/** Every fitting pair ranked (the general case; advance takes a shortcut when the ranks allow). */
function rankAll(beam: State[], o: Options, slotsAfter: number, k: number): [State, number][] {
  const picked: { st: State; j: number; rank: number; idx: number }[] = [];
  let idx = 0;
  for (const st of beam) {
    for (let j = 0; j < o.size; j++, idx++) {
      if (!fits(st.remaining, o.sigs[o.sig[j]!]!)) continue;
      const rank = levelOf(st, o, j, slotsAfter) + st.prior + o.prior[j]!;
      picked.push({ st, j, rank, idx });
    }
  }
  picked.sort((a, b) => b.rank - a.rank || a.idx - b.idx);
  return picked.slice(0, k).map((p) => [p.st, p.j]);
}

function extend(st: State, o: Options, j: number): State {
  const remaining = st.remaining.slice();
  const { ids, ks } = o.sigs[o.sig[j]!]!;
  for (let q = 0; q < ids.length; q++) remaining[ids[q]!]! -= ks[q]!;
  return new State(st, o.readings, j, remaining, st.left - o.used[j]!, st.score + o.score[j]!, st.prior + o.prior[j]!, st.cats | o.cats[j]!);
}

/**
 * Keep the best partial readings. A line not used yet may still be used later, so states are
 * ranked as if every remaining line will be: by evidence and penalties, not by greed.
 *
 * (States that read the same rows would be one: the better kept, in the place of the first.
 * None arise: the beam's states read different rows, each stage's options read different lines,
 * and a state's remaining lines follow from its rows; so this is a stable sort.)
 */
function prune(states: State[], slotsLeft: number): State[] {
  const rank = states.map((s) => s.score + Math.min(s.left, slotsLeft) * LINE_USED + s.prior);
  const order = states.map((_, i) => i);
  order.sort((a, b) => rank[b]! - rank[a]! || a - b);
  return order.slice(0, BEAM).map((i) => states[i]!);
}

/**
 * The base column, top to bottom: 成果指標, 歳入増加, 歳出削減, 計. The lone numbers keep that
 * order; a category with no values in its rows has no base; 計 is the sum of its parts. When
 * more than one assignment fits and they differ, nothing is placed and the numbers are
 * reported instead.
 */
function placeBases(
  lone: number[],
  hasValues: (c: Category) => boolean,
  totalPrinted: boolean,
): { values: Record<BaseSlot, number | null>; placed: boolean; unused: number } {
  const empty: Record<BaseSlot, number | null> = { indicator: null, revenueIncrease: null, expenditureReduction: null, total: null };
  if (lone.length === 0) return { values: empty, placed: true, unused: 0 };
  const slots = BASE_SLOTS.filter((s) => s === "indicator" || s === "total" || hasValues(s));
  const take = Math.min(lone.length, slots.length);
  const fitsFound: Record<BaseSlot, number | null>[] = [];
  const choose = (from: number, picked: BaseSlot[]) => {
    if (picked.length === take) {
      const b: Record<BaseSlot, number | null> = { ...empty };
      picked.forEach((slot, i) => (b[slot] = lone[i]!));
      const parts = [b.revenueIncrease, b.expenditureReduction].filter((x): x is number => x !== null);
      if (b.total !== null && sum(parts) !== b.total) return;
      if (b.total === null && parts.length > 0 && totalPrinted) return;
      fitsFound.push(b);
      return;
    }
    for (let i = from; i < slots.length; i++) choose(i + 1, [...picked, slots[i]!]);
  };
  choose(0, []);
  if (fitsFound.length === 0) return { values: empty, placed: true, unused: lone.length };
  const key = (b: Record<BaseSlot, number | null>) => BASE_SLOTS.map((s) => b[s] ?? "-").join(",");
  if (fitsFound.every((f) => key(f) === key(fitsFound[0]!))) return { values: fitsFound[0]!, placed: true, unused: lone.length - take };
  return { values: empty, placed: false, unused: lone.length - take };
}
