/**
 * The placement search as it was first written (src/sections/placement.ts before it was made
 * fast), kept as the reference the fast one must agree with: placement-equivalence.test.ts runs
 * both on random inputs. Not used by the library.
 */
const KINDS = ["initialPlan", "revisedPlan", "actual"] as const;
const CATEGORIES = ["revenueIncrease", "expenditureReduction", "total"] as const;
export type Kind = (typeof KINDS)[number];
export type Category = (typeof CATEGORIES)[number];
export type BaseSlot = "indicator" | Category;
const BASE_SLOTS: BaseSlot[] = ["indicator", "revenueIncrease", "expenditureReduction", "total"];

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

/** A group of rows read from chosen lines: one kind of 効果額, or the 成果指標. */
interface Option {
  /** How many copies of each distinct line content the option uses. */
  needs: Map<number, number>;
  rows: [string, Cell | null][];
  score: number;
  prior: number;
  /** Series another placement of equal evidence would read differently. */
  tied: string[];
}

/** A row as placed: the content id of its line and the first column it stands in. */
interface Cell {
  content: number;
  start: number;
}

interface State {
  remaining: number[];
  rows: Map<string, Cell | null>;
  score: number;
  prior: number;
  tied: Set<string>;
}

const BEAM = 64;
const LINE_USED = 10;

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 1e6) / 1e6;

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
  const rowOf = (content: number | null, start: number): Row | null =>
    content === null ? null : { values: contents[content]!, start };

  const amountOptions = (kind: Kind): Option[] => {
    const last = kind === "actual" ? lastActual : n - 1;
    const finals = input.amountFinals;
    const cands = (final: number | null) => {
      const out: (number | null)[] = contents.map((c, i) => (final === null || sum(c) === final ? i : -1)).filter((i) => i >= 0);
      // An empty row is always a reading: a corrupted line must not take its intact twin down with it.
      out.push(null);
      return out;
    };
    const options: Option[] = [];
    for (const t of cands(finals.total[kind])) {
      for (const r of cands(finals.revenueIncrease[kind])) {
        for (const e of cands(finals.expenditureReduction[kind])) {
          const needs = needsOf([t, r, e]);
          if (!fits(needs, count)) continue;
          // 計 is formula-filled, so after the 単年度 year its 実績 cells print 0 rather than nothing.
          const tStarts = t === null ? [0] : starts(contents[t]!, n, n - 1).filter((s0) => contents[t]!.every((v, i) => s0 + i <= last || v === 0));
          const rStarts = r === null ? [0] : starts(contents[r]!, n, last);
          const eStarts = e === null ? [0] : starts(contents[e]!, n, last);
          const placements: Option[] = [];
          for (const ts of tStarts)
            for (const rs of rStarts)
              for (const es of eStarts) {
                const sc = scoreAmounts(rowOf(t, ts), rowOf(r, rs), rowOf(e, es), finals.total[kind], n, [
                  finals.revenueIncrease[kind],
                  finals.expenditureReduction[kind],
                ]);
                if (sc === null) continue;
                placements.push({
                  needs,
                  rows: [
                    [`total.${kind}`, t === null ? null : { content: t, start: ts }],
                    [`revenueIncrease.${kind}`, r === null ? null : { content: r, start: rs }],
                    [`expenditureReduction.${kind}`, e === null ? null : { content: e, start: es }],
                  ],
                  ...sc,
                  tied: [],
                });
              }
          const best = bestOption(placements, contents, n);
          if (best) options.push(best);
        }
      }
    }
    return options;
  };

  // 成果指標: 実績 scores on its own; 当初 and 変更 together, since the 単年度 計画値 speaks of 変更 or else 当初.
  const indicatorOptions = (): Option[] => {
    const all: (number | null)[] = [...contents.keys(), null];
    const startsFor = (c: number | null, last: number) => (c === null ? [0] : starts(contents[c]!, n, last));
    type Best = { starts: number[]; score: number; prior: number; tied: boolean };
    const pick = (cands: { starts: number[]; score: number; prior: number }[]): Best | null => {
      if (!cands.length) return null;
      const top = Math.max(...cands.map((c) => c.score));
      const ties = cands.filter((c) => c.score === top).sort((x, y) => y.prior - x.prior);
      const best = ties[0]!;
      return { ...best, tied: ties.length > 1 };
    };
    const actual = new Map<number | null, Best | null>();
    for (const a of all) {
      actual.set(a, pick(startsFor(a, lastActual).map((st) => ({ starts: [st], ...scoreActual(rowOf(a, st), input, fyIndex, n) }))));
    }
    const options: Option[] = [];
    for (const i of all) {
      for (const r of all) {
        const planNeeds = needsOf([i, r]);
        if (!fits(planNeeds, count)) continue;
        const cands: { starts: number[]; score: number; prior: number }[] = [];
        for (const is of startsFor(i, n - 1))
          for (const rs of startsFor(r, n - 1)) cands.push({ starts: [is, rs], ...scorePlans(rowOf(i, is), rowOf(r, rs), input, fyIndex, n) });
        const plans = pick(cands);
        if (!plans) continue;
        // Which series the tie concerns: the plans' placements that scored as well.
        const top = cands.filter((c) => c.score === plans.score);
        const tiedIni = top.some((c) => c.starts[0] !== plans.starts[0]);
        const tiedRev = top.some((c) => c.starts[1] !== plans.starts[1]);
        for (const a of all) {
          const needs = needsOf([i, r, a]);
          if (!fits(needs, count)) continue;
          const act = actual.get(a);
          if (!act) continue;
          const tied: string[] = [];
          if (tiedIni && i !== null) tied.push("indicator.initialPlan");
          if (tiedRev && r !== null) tied.push("indicator.revisedPlan");
          if (act.tied && a !== null) tied.push("indicator.actual");
          options.push({
            needs,
            rows: [
              ["indicator.initialPlan", i === null ? null : { content: i, start: plans.starts[0]! }],
              ["indicator.revisedPlan", r === null ? null : { content: r, start: plans.starts[1]! }],
              ["indicator.actual", a === null ? null : { content: a, start: act.starts[0]! }],
            ],
            score: plans.score + act.score,
            prior: plans.prior + act.prior,
            tied,
          });
        }
      }
    }
    return options;
  };

  let beam: State[] = [{ remaining: count, rows: new Map(), score: 0, prior: 0, tied: new Set() }];
  const stages = [...KINDS.map((k) => () => amountOptions(k)), indicatorOptions];
  for (const [index, stage] of stages.entries()) {
    const options = stage();
    // Lines left over can still score only as many as the slots left: the 効果額 rows of the
    // kinds to come, the three 成果指標 rows, the four base cells.
    const slotsAfter = 3 * Math.max(0, KINDS.length - 1 - index) + (index < KINDS.length ? 3 : 0) + BASE_SLOTS.length;
    // Rank each (state, option) pair before building anything; only the best few become states.
    let pairs: { st: State; o: Option; rank: number }[] = [];
    for (const st of beam) {
      const left = st.remaining.reduce((a, b) => a + b, 0);
      for (const o of options) {
        if (!fits(o.needs, st.remaining)) continue;
        let used = 0;
        for (const k of o.needs.values()) used += k;
        pairs.push({ st, o, rank: st.score + o.score + Math.min(left - used, slotsAfter) * LINE_USED + st.prior + o.prior });
        if (pairs.length > 16 * BEAM) pairs = topPairs(pairs, 4 * BEAM);
      }
    }
    if (pairs.length) beam = prune(topPairs(pairs, 4 * BEAM).map((p) => extend(p.st, p.o)), slotsAfter);
  }

  // The base column takes the lone numbers left over; numbers it explains count like rows do.
  const finished = beam.map((st) => {
    const lone: number[] = [];
    st.remaining.forEach((c, id) => {
      if (contents[id]!.length === 1) for (let k = 0; k < c; k++) lone.push(contents[id]![0]!);
    });
    const has = (cat: Category) => KINDS.some((k) => st.rows.get(`${cat}.${k}`) || (input.amountFinals[cat][k] ?? 0) !== 0);
    const totalPrinted = KINDS.some((k) => st.rows.get(`total.${k}`));
    const bases = placeBases(lone, has, totalPrinted);
    return { st, bases, score: st.score + (lone.length - bases.unused) * LINE_USED };
  });
  const top = Math.max(...finished.map((f) => f.score));
  const best = finished.filter((f) => f.score === top).sort((a, b) => b.st.prior - a.st.prior);
  const chosen = best[0]!;

  const ambiguous: string[] = [];
  const show = (st: State, key: string) => JSON.stringify(cellsOf(rowOf(st.rows.get(key)?.content ?? null, st.rows.get(key)?.start ?? 0), n));
  for (const key of chosen.st.rows.keys()) {
    if (chosen.st.tied.has(key) || best.some((f) => show(f.st, key) !== show(chosen.st, key))) {
      ambiguous.push(key.startsWith("indicator.") ? key : `effectAmounts.${key}`);
    }
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
    CATEGORIES.map((c) => [c, Object.fromEntries(KINDS.map((k) => [k, realRow(chosen.st.rows.get(`${c}.${k}`))]))]),
  ) as Record<Category, Record<Kind, PlacedRow | null>>;
  const indicator = Object.fromEntries(KINDS.map((k) => [k, realRow(chosen.st.rows.get(`indicator.${k}`))])) as Record<Kind, PlacedRow | null>;
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

interface Row {
  values: number[];
  start: number;
}

function needsOf(ids: (number | null)[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const id of ids) if (id !== null) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

function fits(needs: Map<number, number>, remaining: number[]): boolean {
  for (const [id, k] of needs) if ((remaining[id] ?? 0) < k) return false;
  return true;
}

function starts(values: number[], n: number, lastAllowed: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + values.length <= n; s++) if (s + values.length - 1 <= lastAllowed) out.push(s);
  return out;
}

/** The value a placed row holds in column i, or null. */
function valueAt(row: Row | null, i: number): number | null {
  if (!row || i < row.start || i >= row.start + row.values.length) return null;
  return row.values[i - row.start]!;
}

function cellsOf(row: Row | null, n: number): (number | null)[] {
  const out: (number | null)[] = new Array(n).fill(null);
  if (row) row.values.forEach((v, i) => (out[row.start + i] = v));
  return out;
}

function bestOption(options: Option[], contents: number[][], n: number): Option | null {
  if (!options.length) return null;
  const top = Math.max(...options.map((o) => o.score));
  const ties = options.filter((o) => o.score === top).sort((a, b) => b.prior - a.prior);
  const best = ties[0]!;
  // Two placements read a series the same only if they put the same line in the same columns.
  const same = (a: Cell | null, b: Cell | null) => (a === null ? b === null : b !== null && a.content === b.content && a.start === b.start);
  void contents;
  void n;
  const tied = best.rows.filter(([, row], i) => ties.some((o) => !same(o.rows[i]![1], row))).map(([key]) => key);
  return { ...best, tied };
}

function topPairs<T extends { rank: number }>(pairs: T[], k: number): T[] {
  return pairs.sort((a, b) => b.rank - a.rank).slice(0, k);
}

function extend(st: State, o: Option): State {
  const remaining = [...st.remaining];
  for (const [id, k] of o.needs) remaining[id]! -= k;
  const rows = new Map(st.rows);
  for (const [k, r] of o.rows) rows.set(k, r);
  const tied = new Set(st.tied);
  for (const k of o.tied) tied.add(k);
  return { remaining, rows, score: st.score + o.score, prior: st.prior + o.prior, tied };
}

/**
 * Keep the best partial readings. A line not used yet may still be used later, so states are
 * ranked as if every remaining line will be: by evidence and penalties, not by greed.
 */
function prune(states: State[], slotsLeft: number): State[] {
  const rank = (s: State) => s.score + Math.min(s.remaining.reduce((a, b) => a + b, 0), slotsLeft) * LINE_USED + s.prior;
  const seen = new Map<string, State>();
  for (const s of states) {
    const key = s.remaining.join(",") + "|" + [...s.rows.values()].map((r) => (r ? `${r.content}@${r.start}` : "-")).join(";");
    const prev = seen.get(key);
    if (!prev || rank(prev) < rank(s)) seen.set(key, s);
  }
  return [...seen.values()].sort((a, b) => rank(b) - rank(a)).slice(0, BEAM);
}

function scoreAmounts(
  tot: Row | null,
  rev: Row | null,
  exp: Row | null,
  totFinal: number | null,
  n: number,
  partFinals: [number | null, number | null],
): { score: number; prior: number } | null {
  let score = [tot, rev, exp].filter(Boolean).length * LINE_USED;
  // A non-zero 最終値 over an empty row: the row's line is missing (or corrupted).
  [rev, exp].forEach((row, i) => {
    const f = partFinals[i];
    if (!row && f !== null && f !== 0) score -= 5;
  });
  let prior = 0;
  if (tot) {
    for (let y = 0; y < n; y++) {
      const r = valueAt(rev, y);
      const e = valueAt(exp, y);
      if (r === null && e === null) continue;
      const t = valueAt(tot, y);
      if (t === null) return null;
      if (Math.abs(t - ((r ?? 0) + (e ?? 0))) > 1e-6) return null;
    }
    if (tot.values.length !== n) score -= 3;
  } else {
    if (totFinal !== null) score -= 5;
    if (rev || exp) score -= 2;
  }
  // A category whose 最終値 is 0 is more often left blank than filled with typed zeros.
  for (const row of [rev, exp]) if (row && row.values.every((v) => v === 0)) score -= 1;
  // Prior: rows of a kind lean to the right end (plans run to the final year).
  for (const row of [rev, exp]) if (row) prior += (row.start + row.values.length) / (100 * n);
  return { score, prior };
}

/** 当初計画値 and 変更計画値: their 最終値, and the 単年度 計画値 (変更, or else 当初, in that year). */
function scorePlans(ini: Row | null, rev: Row | null, input: PlacementInput, fyIndex: number, n: number): { score: number; prior: number } {
  let score = [ini, rev].filter(Boolean).length * LINE_USED;
  const finals = input.indicatorFinals;
  for (const [row, final] of [
    [ini, finals.initialPlan],
    [rev, finals.revisedPlan],
  ] as const) {
    if (final === null) continue;
    if (final === 0) {
      // A plan row's 最終値 is its last value: a printed 0 says the row is empty (or ends in 0).
      if (row && row.values.at(-1) !== 0) score -= LINE_USED + 1;
      continue;
    }
    if (!row) {
      score -= 2;
      continue;
    }
    if (row.values.at(-1) === final) {
      score += 2;
      if (row.start + row.values.length === n) score += 1;
    } else score -= 2;
  }
  const plan = input.annual?.plan ?? null;
  if (plan !== null && fyIndex >= 0) {
    const planned = valueAt(rev, fyIndex) ?? valueAt(ini, fyIndex);
    if (planned === null) score -= 1;
    else score += planned === plan ? 3 : -3;
  }
  // Prior: plans lean right (toward the final year).
  let prior = 0;
  for (const row of [ini, rev]) if (row) prior += (row.start + row.values.length) / (100 * n);
  return { score, prior };
}

/** 実績値: the 単年度 実績値 of its year (its 最終値 is not evidence: it is often 0 while the row has values). */
function scoreActual(act: Row | null, input: PlacementInput, fyIndex: number, n: number): { score: number; prior: number } {
  let score = act ? LINE_USED : 0;
  const actual = input.annual?.actual ?? null;
  if (actual !== null && fyIndex >= 0) {
    const a = valueAt(act, fyIndex);
    if (a === null) score -= 1;
    else score += a === actual ? 3 : -3;
  }
  // Prior: actuals lean left (from the first year).
  return { score, prior: act ? -act.start / (100 * n) : 0 };
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
