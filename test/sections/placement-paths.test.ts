/**
 * The search's rarer paths agree with the reference search (placement-reference.ts): sheets
 * where many pairs share the level that decides the beam (more than 4 × BEAM of them at the
 * BEAM-th pair's level), and sheets with so many distinct lines that a state's lines left no
 * longer fit one number.
 */
import { describe, expect, it } from "vitest";
import { place, type NumLine, type PlacementInput } from "../../src/sections/placement.js";
import { place as referencePlace } from "./placement-reference.js";
import { prng, sum } from "../helpers/seeded.js";

/** Copies of a few small rows, finals drawn from them: ties everywhere. */
function tieHeavy(seed: number, extraLines = 0): PlacementInput {
  const r = prng(seed);
  const n = r.pick([3, 4, 5, 6]);
  const lines: NumLine[] = [];
  const count = 4 + Math.floor(r.next() * 10);
  for (let i = 0; i < count; i++) {
    const len = 1 + Math.floor(r.next() * n);
    const values = r.chance(0.5) && lines.length ? [...r.pick(lines).values] : Array.from({ length: len }, () => r.pick([0, 1, 2]));
    lines.push({ line: 10 + 2 * i, values });
  }
  // Distinct two-value lines: each its own content.
  for (let i = 0; i < extraLines; i++) lines.push({ line: 1000 + 2 * i, values: [1000 + i, r.pick([0, 1])] });
  const fin = () => (r.chance(0.3) ? null : r.chance(0.3) ? 0 : sum(r.pick(lines).values));
  const years = Array.from({ length: n }, (_, i) => 2016 + i);
  return {
    years,
    fiscalYear: r.pick([...years, null]),
    indicatorFinals: { initialPlan: fin(), revisedPlan: fin(), actual: fin() },
    amountFinals: {
      revenueIncrease: { initialPlan: fin(), revisedPlan: fin(), actual: fin() },
      expenditureReduction: { initialPlan: fin(), revisedPlan: fin(), actual: fin() },
      total: { initialPlan: fin(), revisedPlan: fin(), actual: fin() },
    },
    annual: r.chance(0.3) ? null : { plan: r.pick([null, 0, 1, 2]), actual: r.pick([null, 0, 1, 2]) },
    lines,
  };
}

describe("place() agrees with the reference search on its rarer paths", () => {
  it("tie-heavy sheets", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const input = tieHeavy(seed);
      expect(place(structuredClone(input)), `seed ${seed}`).toEqual(referencePlace(structuredClone(input)));
    }
  });
  it("sheets with more distinct lines than a state's key can count", () => {
    // 53 lines each its own content: the counts' digits would need more than 2^53.
    const input = tieHeavy(4, 53);
    expect(place(structuredClone(input))).toEqual(referencePlace(structuredClone(input)));
  });
});
