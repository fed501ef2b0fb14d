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

interface State {
  rows: Map<string, PlacedRow | null>;
  used: Set<number>;
  score: number;
  prior: number;
}

const BEAM = 400;
const LINE_USED = 10;

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
const allZero = (l: NumLine) => l.values.every((v) => v === 0);

function cellsOf(row: PlacedRow | null | undefined, n: number): (number | null)[] {
  const out: (number | null)[] = new Array(n).fill(null);
  if (row) row.line.values.forEach((v, i) => (out[row.start + i] = v));
  return out;
}

function windows(line: NumLine, n: number, lastAllowed: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + line.values.length <= n; s++) if (s + line.values.length - 1 <= lastAllowed) out.push(s);
  return out;
}

/** Distinct unused lines (identical lines are interchangeable: only the first is offered). */
function distinctFree(lines: NumLine[], used: Set<number>): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  lines.forEach((l, i) => {
    const k = l.values.join(",");
    if (used.has(i) || seen.has(k)) return;
    seen.add(k);
    out.push(i);
  });
  return out;
}

export function place(input: PlacementInput): PlacementResult {
  const n = input.years.length;
  const fyIndex = input.fiscalYear === null ? n - 1 : input.years.indexOf(input.fiscalYear);
  const lastActual = fyIndex < 0 ? (input.fiscalYear !== null && input.fiscalYear < input.years[0]! ? -1 : n - 1) : fyIndex;
  const lines = input.lines.filter((l) => l.values.length <= n);

  let beam: State[] = [{ rows: new Map(), used: new Set(), score: 0, prior: 0 }];

  // 効果額, one kind (当初/変更/実績) at a time: 計, 歳入増加, 歳出削減 together.
  for (const kind of KINDS) {
    const last = kind === "actual" ? lastActual : n - 1;
    const next: State[] = [];
    for (const st of beam) {
      for (const totIdx of amountCandidates(lines, st.used, input.amountFinals.total[kind], true)) {
        const usedT = withUsed(st.used, totIdx);
        for (const revIdx of amountCandidates(lines, usedT, input.amountFinals.revenueIncrease[kind], false)) {
          const usedR = withUsed(usedT, revIdx);
          for (const expIdx of amountCandidates(lines, usedR, input.amountFinals.expenditureReduction[kind], false)) {
            const used = withUsed(usedR, expIdx);
            const tot = totIdx === null ? null : lines[totIdx]!;
            const totStarts = tot ? windows(tot, n, last) : [0];
            const revStarts = revIdx === null ? [0] : windows(lines[revIdx]!, n, last);
            const expStarts = expIdx === null ? [0] : windows(lines[expIdx]!, n, last);
            for (const ts of totStarts) {
              const totRow = tot ? { line: tot, start: ts } : null;
              for (const rs of revStarts) {
                const revRow = revIdx === null ? null : { line: lines[revIdx]!, start: rs };
                for (const es of expStarts) {
                  const expRow = expIdx === null ? null : { line: lines[expIdx]!, start: es };
                  const s = scoreAmounts(totRow, revRow, expRow, input.amountFinals.total[kind], n);
                  if (s === null) continue;
                  const rows = new Map(st.rows);
                  rows.set(`total.${kind}`, totRow);
                  rows.set(`revenueIncrease.${kind}`, revRow);
                  rows.set(`expenditureReduction.${kind}`, expRow);
                  next.push({ rows, used, score: st.score + s.score, prior: st.prior + s.prior });
                }
              }
            }
          }
        }
      }
    }
    beam = prune(next);
  }

  // 成果指標: the three rows together, since the 単年度 計画値 speaks of 変更 or else 当初.
  {
    const next: State[] = [];
    for (const st of beam) {
      for (const iIdx of indicatorCandidates(lines, st.used)) {
        const usedI = withUsed(st.used, iIdx);
        for (const rIdx of indicatorCandidates(lines, usedI)) {
          const usedR = withUsed(usedI, rIdx);
          for (const aIdx of indicatorCandidates(lines, usedR)) {
            const used = withUsed(usedR, aIdx);
            const starts = (idx: number | null, last: number) => (idx === null ? [0] : windows(lines[idx]!, n, last));
            for (const is of starts(iIdx, n - 1)) {
              for (const rs of starts(rIdx, n - 1)) {
                for (const as of starts(aIdx, lastActual)) {
                  const row = (idx: number | null, s: number) => (idx === null ? null : { line: lines[idx]!, start: s });
                  const ini = row(iIdx, is);
                  const rev = row(rIdx, rs);
                  const act = row(aIdx, as);
                  const s = scoreIndicator(ini, rev, act, input, fyIndex, n);
                  const rows = new Map(st.rows);
                  rows.set("indicator.initialPlan", ini);
                  rows.set("indicator.revisedPlan", rev);
                  rows.set("indicator.actual", act);
                  next.push({ rows, used, score: st.score + s.score, prior: st.prior + s.prior });
                }
              }
            }
          }
        }
      }
    }
    beam = prune(next);
  }

  const bestScore = Math.max(...beam.map((s) => s.score));
  const best = beam.filter((s) => s.score === bestScore);
  best.sort((a, b) => b.prior - a.prior);
  const chosen = best[0]!;

  const ambiguous: string[] = [];
  for (const key of chosen.rows.keys()) {
    const shown = JSON.stringify(cellsOf(chosen.rows.get(key), n));
    if (best.some((s) => JSON.stringify(cellsOf(s.rows.get(key), n)) !== shown)) {
      ambiguous.push(key.startsWith("indicator.") ? key : `effectAmounts.${key}`);
    }
  }

  const get = (k: string) => chosen.rows.get(k) ?? null;
  const amounts = Object.fromEntries(
    CATEGORIES.map((c) => [c, Object.fromEntries(KINDS.map((k) => [k, get(`${c}.${k}`)]))]),
  ) as Record<Category, Record<Kind, PlacedRow | null>>;
  const indicator = Object.fromEntries(KINDS.map((k) => [k, get(`indicator.${k}`)])) as Record<Kind, PlacedRow | null>;

  const leftovers = lines.map((l, i) => ({ l, i })).filter(({ i }) => !chosen.used.has(i));
  const lone = leftovers.filter(({ l }) => l.values.length === 1).map(({ l }) => l);
  const baseResult = placeBases(lone, amounts, input.amountFinals);
  const unused = [
    ...input.lines.filter((l) => l.values.length > n),
    ...leftovers.filter(({ l }) => l.values.length !== 1).map(({ l }) => l),
    ...baseResult.unused,
  ];
  return { indicator, amounts, bases: baseResult.bases, ambiguous, unplacedBases: baseResult.unplaced, unused };
}

function withUsed(used: Set<number>, idx: number | null): Set<number> {
  if (idx === null) return used;
  const out = new Set(used);
  out.add(idx);
  return out;
}

/** Lines that can be an 効果額 row with this 最終値 (sum), plus null for "empty row". */
function amountCandidates(lines: NumLine[], used: Set<number>, final: number | null, isTotal: boolean): (number | null)[] {
  const out: (number | null)[] = [];
  for (const i of distinctFree(lines, used)) {
    const l = lines[i]!;
    if (final !== null && sum(l.values) !== final) continue;
    // A category whose 最終値 is 0 is read as empty: typed zeros there are not told apart from a base cell.
    if (!isTotal && allZero(l)) continue;
    out.push(i);
  }
  // A printed 計 最終値 means the row's formulas print in every year, so an empty 計 row is only a fallback.
  if (final === null || final === 0 || out.length === 0) out.push(null);
  return out;
}

function indicatorCandidates(lines: NumLine[], used: Set<number>): (number | null)[] {
  return [...distinctFree(lines, used), null];
}

function scoreAmounts(
  tot: PlacedRow | null,
  rev: PlacedRow | null,
  exp: PlacedRow | null,
  totFinal: number | null,
  n: number,
): { score: number; prior: number } | null {
  let score = [tot, rev, exp].filter(Boolean).length * LINE_USED;
  let prior = 0;
  if (tot) {
    const t = cellsOf(tot, n);
    const r = cellsOf(rev, n);
    const e = cellsOf(exp, n);
    for (let y = 0; y < n; y++) {
      if (r[y] === null && e[y] === null) continue;
      if (t[y] === null) return null;
      if (Math.abs(t[y]! - ((r[y] ?? 0) + (e[y] ?? 0))) > 1e-6) return null;
    }
    if (tot.line.values.length !== n) score -= 3;
  } else {
    if (totFinal !== null) score -= 5;
    if (rev || exp) score -= 2;
  }
  // Prior: rows of a kind lean to the right end (plans run to the final year).
  for (const row of [rev, exp]) if (row) prior += (row.start + row.line.values.length) / (100 * n);
  return { score, prior };
}

function scoreIndicator(
  ini: PlacedRow | null,
  rev: PlacedRow | null,
  act: PlacedRow | null,
  input: PlacementInput,
  fyIndex: number,
  n: number,
): { score: number; prior: number } {
  let score = [ini, rev, act].filter(Boolean).length * LINE_USED;
  let prior = 0;
  const finals = input.indicatorFinals;
  for (const [row, final] of [
    [ini, finals.initialPlan],
    [rev, finals.revisedPlan],
  ] as const) {
    if (final === null || final === 0) continue;
    if (!row) {
      score -= 2;
      continue;
    }
    const lastValue = row.line.values.at(-1)!;
    if (lastValue === final) {
      score += 2;
      if (row.start + row.line.values.length === n) score += 1;
    } else score -= 2;
  }
  if (input.annual && fyIndex >= 0) {
    const { plan, actual } = input.annual;
    if (plan !== null) {
      const r = cellsOf(rev, n)[fyIndex];
      const i = cellsOf(ini, n)[fyIndex];
      const planned = r !== null && r !== undefined ? r : i;
      if (planned === null || planned === undefined) score -= 1;
      else score += planned === plan ? 3 : -3;
    }
    if (actual !== null) {
      const a = cellsOf(act, n)[fyIndex];
      if (a === null || a === undefined) score -= 1;
      else score += a === actual ? 3 : -3;
    }
  }
  // Prior: plans lean right (toward the final year), actuals lean left (from the first year).
  if (ini) prior += (ini.start + ini.line.values.length) / (100 * n);
  if (rev) prior += (rev.start + rev.line.values.length) / (100 * n);
  if (act) prior -= act.start / (100 * n);
  return { score, prior };
}

function prune(states: State[]): State[] {
  const seen = new Map<string, State>();
  for (const s of states) {
    const key =
      [...s.used].sort((a, b) => a - b).join(",") +
      "|" +
      [...s.rows.entries()].map(([k, r]) => `${k}:${r ? r.line.line + "@" + r.start : "-"}`).join(";");
    const prev = seen.get(key);
    if (!prev || prev.score + prev.prior < s.score + s.prior) seen.set(key, s);
  }
  return [...seen.values()].sort((a, b) => b.score + b.prior - (a.score + a.prior)).slice(0, BEAM);
}

/**
 * The base column, top to bottom: 成果指標, 歳入増加, 歳出削減, 計. The lone numbers keep that
 * order; a category with no values in its rows has no base; 計 is the sum of its parts. When
 * more than one assignment fits and they differ, nothing is placed and the numbers are
 * reported instead.
 */
function placeBases(
  lone: NumLine[],
  amounts: Record<Category, Record<Kind, PlacedRow | null>>,
  finals: Record<Category, Record<Kind, number | null>>,
): { bases: Record<BaseSlot, NumLine | null>; unplaced: NumLine[]; unused: NumLine[] } {
  const empty: Record<BaseSlot, NumLine | null> = { indicator: null, revenueIncrease: null, expenditureReduction: null, total: null };
  if (lone.length === 0) return { bases: empty, unplaced: [], unused: [] };
  const hasValues = (c: Category) =>
    KINDS.some((k) => amounts[c][k] !== null || (finals[c][k] ?? 0) !== 0);
  const slots = BASE_SLOTS.filter((s) => s === "indicator" || s === "total" || hasValues(s));
  const fits: Record<BaseSlot, NumLine | null>[] = [];
  const take = Math.min(lone.length, slots.length);
  const choose = (from: number, picked: BaseSlot[]) => {
    if (picked.length === take) {
      const b: Record<BaseSlot, NumLine | null> = { ...empty };
      picked.forEach((slot, i) => (b[slot] = lone[i]!));
      const parts = [b.revenueIncrease, b.expenditureReduction].filter((x): x is NumLine => x !== null);
      if (b.total && sum(parts.map((p) => p.values[0]!)) !== b.total.values[0]) return;
      if (!b.total && parts.length > 0 && slots.includes("total") && KINDS.some((k) => amounts.total[k] !== null)) return;
      fits.push(b);
      return;
    }
    for (let i = from; i < slots.length; i++) choose(i + 1, [...picked, slots[i]!]);
  };
  choose(0, []);
  const extra = lone.slice(take);
  if (fits.length === 0) return { bases: empty, unplaced: [], unused: lone };
  const show = (b: Record<BaseSlot, NumLine | null>) => BASE_SLOTS.map((s) => b[s]?.values[0] ?? "-").join(",");
  if (fits.every((f) => show(f) === show(fits[0]!))) return { bases: fits[0]!, unplaced: [], unused: extra };
  return { bases: empty, unplaced: lone.slice(0, take), unused: extra };
}
