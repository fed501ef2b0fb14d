/**
 * The fast placement search gives the answers of the plain one (placement-reference.ts) —
 * readings, ambiguity warnings, bases, unused lines — on random sheets: realistic ones (a table
 * filled in and printed the way the extractor prints it, with its 最終値 and 単年度 figures,
 * sometimes damaged) and plain random ones, which are ambiguous almost everywhere.
 */
import { describe, expect, it } from "vitest";
import { place, placementPaths, type NumLine, type PlacementInput } from "../../src/sections/placement.js";
import { place as referencePlace } from "./placement-reference.js";
import { prng, sum } from "../helpers/seeded.js";

const KINDS = ["initialPlan", "revisedPlan", "actual"] as const;
const CATEGORIES = ["revenueIncrease", "expenditureReduction", "total"] as const;

/** A sheet filled in, then printed: each row's values without its empty cells, in an order near the form's. */
function realistic(seed: number): PlacementInput {
  const r = prng(seed);
  const n = r.pick([4, 5, 5, 5, 6]);
  const years = Array.from({ length: n }, (_, i) => 2016 + i);
  const fy = r.pick([n - 2, n - 2, n - 1, n - 3]);
  const value = () => r.pick([0, 1, 2, 3, 5, 7, 10, 12, 100, 549, 1245, 101500]);
  const row = (from: number, to: number): (number | null)[] => years.map((_, i) => (i >= from && i <= to ? value() : null));
  const printed = (cells: (number | null)[]) => cells.filter((v): v is number => v !== null);
  const lines: number[][] = [];
  // 成果指標: plans run to a later year (often the last), 実績 from an early year to the 単年度 year.
  const ini = r.chance(0.8) ? row(r.pick([0, 1, 2, 3]), n - 1) : years.map(() => null);
  const rev = r.chance(0.6) ? row(r.pick([0, 1, 2]), r.pick([n - 1, n - 1, n - 2])) : years.map(() => null);
  const act = r.chance(0.8) ? row(r.pick([0, 0, 1]), fy) : years.map(() => null);
  for (const cells of [ini, rev, act]) if (printed(cells).length) lines.push(printed(cells));
  const last = (cells: (number | null)[]) => printed(cells).at(-1) ?? 0;
  const indicatorFinals = { initialPlan: last(ini), revisedPlan: last(rev), actual: r.pick([0, 0, last(act)]) };
  // 効果額: 歳入増加 and 歳出削減 rows or none; 計 formula-filled in every year.
  const amountFinals = {} as PlacementInput["amountFinals"];
  for (const c of CATEGORIES) amountFinals[c] = { initialPlan: 0, revisedPlan: 0, actual: 0 };
  for (const k of KINDS) {
    const lastCol = k === "actual" ? fy : n - 1;
    const parts = (["revenueIncrease", "expenditureReduction"] as const).map((c) => {
      const cells = r.chance(0.5) ? row(r.pick([0, 1]), lastCol) : years.map(() => null);
      amountFinals[c][k] = sum(printed(cells));
      if (printed(cells).length) lines.push(printed(cells));
      return cells;
    });
    const total = years.map((_, i) => (i <= lastCol || k !== "actual" ? (parts[0]![i] ?? 0) + (parts[1]![i] ?? 0) : 0));
    amountFinals.total[k] = sum(total);
    lines.push(total);
  }
  // Lone base numbers, sometimes.
  if (r.chance(0.5)) lines.push([value()]);
  if (r.chance(0.3)) lines.push([value()], [value()]);
  // Damage: a lost line, a line cut short, a 最終値 lost or misread, the 単年度 figures missing.
  if (r.chance(0.2)) lines.splice(Math.floor(r.next() * lines.length), 1);
  if (r.chance(0.15)) {
    const l = lines[Math.floor(r.next() * lines.length)]!;
    if (l.length > 1) l.pop();
  }
  if (r.chance(0.2)) amountFinals[r.pick(CATEGORIES)][r.pick(KINDS)] = r.pick([null, 0, value()]);
  if (r.chance(0.2)) indicatorFinals[r.pick(KINDS)] = r.pick([null, 0, value()]) as number;
  // The extractor prints rows in an order close to the form's: swap a few neighbours.
  for (let i = 0; i + 1 < lines.length; i++) if (r.chance(0.2)) [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
  return {
    years,
    fiscalYear: r.chance(0.9) ? years[fy]! : r.pick([null, 2014]),
    indicatorFinals,
    amountFinals,
    annual: r.chance(0.85) ? { plan: (rev[fy] ?? ini[fy]) ?? null, actual: act[fy] ?? null } : null,
    lines: lines.map((values, i): NumLine => ({ values, line: 100 + 2 * i })),
  };
}

/** Anything: short rows of small numbers, many alike, finals drawn from the rows or not. */
function random(seed: number): PlacementInput {
  const r = prng(seed);
  const n = r.pick([3, 4, 5, 5, 6]);
  const vals = [0, 0, 1, 2, 3, 5, 7, 10, 100];
  const lines: NumLine[] = [];
  const count = 2 + Math.floor(r.next() * 11);
  for (let i = 0; i < count; i++) {
    const len = 1 + Math.floor(r.next() * (n + (r.chance(0.1) ? 1 : 0)));
    const values = r.chance(0.25) && lines.length ? [...r.pick(lines).values] : Array.from({ length: len }, () => r.pick(vals));
    lines.push({ line: 10 + 2 * i, values });
  }
  const fin = () => (r.chance(0.3) ? null : r.chance(0.3) ? 0 : sum(r.pick(lines).values));
  const years = Array.from({ length: n }, (_, i) => 2016 + i);
  return {
    years,
    fiscalYear: r.pick([...years, null, 2014]),
    indicatorFinals: { initialPlan: fin(), revisedPlan: fin(), actual: fin() },
    amountFinals: {
      revenueIncrease: { initialPlan: fin(), revisedPlan: fin(), actual: fin() },
      expenditureReduction: { initialPlan: fin(), revisedPlan: fin(), actual: fin() },
      total: { initialPlan: fin(), revisedPlan: fin(), actual: fin() },
    },
    annual: r.chance(0.3) ? null : { plan: r.pick([null, ...vals]), actual: r.pick([null, ...vals]) },
    lines,
  };
}

/** PLACEMENT_SEEDS=20 runs twenty times the seeds (worth it after a change to the search). */
const SCALE = Math.max(1, Number(process.env.PLACEMENT_SEEDS) || 1);

describe("place() agrees with the reference search", () => {
  it.each([
    ["realistic", realistic, 250 * SCALE],
    ["random", random, 150 * SCALE],
  ] as const)("%s sheets", (_, make, cases) => {
    let ambiguous = 0;
    for (let seed = 1; seed <= cases; seed++) {
      const input = make(seed);
      const want = referencePlace(structuredClone(input));
      const got = place(structuredClone(input));
      if (want.ambiguous.length) ambiguous++;
      expect(got, `seed ${seed}: ${JSON.stringify(input)}`).toEqual(want);
    }
    // Both kinds of answer are covered.
    expect(ambiguous).toBeGreaterThan(0);
    expect(ambiguous).toBeLessThan(cases + 1);
  }, 30_000 * SCALE);
});

describe("the general ranking (every fitting pair ranked), where advance's shortcut does not apply", () => {
  it.each([
    ["realistic", realistic, 120 * SCALE],
    ["random", random, 80 * SCALE],
  ] as const)("agrees with the reference search on %s sheets", (_, make, cases) => {
    placementPaths.rankEveryPair = true;
    try {
      for (let seed = 1; seed <= cases; seed++) {
        const input = make(seed);
        expect(place(structuredClone(input)), `seed ${seed}: ${JSON.stringify(input)}`).toEqual(referencePlace(structuredClone(input)));
      }
    } finally {
      placementPaths.rankEveryPair = false;
    }
  }, 30_000 * SCALE);
});
