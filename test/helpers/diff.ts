/** Leaf paths where two JSON values differ ("overall.indicator.actual.byYear.2018"). */
export function diffPaths(a: unknown, b: unknown, path = ""): string[] {
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => {
      const sub = Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      return diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], sub);
    });
  }
  return Object.is(a, b) ? [] : [path];
}

