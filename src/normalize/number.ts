export function parseNumber(s: string): number | null {
  let t = s.normalize("NFKC").trim().replace(/,/g, "");
  if (!t) return null;
  let sign = 1;
  if (/^[△▲\-−]/.test(t)) {
    sign = -1;
    t = t.slice(1);
  }
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  return sign * Number(t);
}
export function isNumberToken(s: string): boolean {
  return parseNumber(s) !== null;
}
