// Provisional minimal versions; the tested module lands from the decode branch.
export function toHalfWidthAscii(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}
export function fixRadicals(s: string): string {
  return s.replace(/[\u2F00-\u2FD5]/g, (c) => c.normalize("NFKC"));
}
export function normalizeWaveDash(s: string): string {
  return s.replace(/\u301C/g, "\uFF5E");
}
export function collapseSpaces(s: string): string {
  return s.replace(/[\s\u3000]+/g, " ").trim();
}
export function matchKey(s: string): string {
  return fixRadicals(s).normalize("NFKC").replace(/[\s\u3000]+/g, "");
}
export function gradeOf(s: string): "A" | "B" | "C" | null {
  const k = s.normalize("NFKC").trim().toUpperCase();
  return k === "A" || k === "B" || k === "C" ? k : null;
}
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u0020-\u007E\uFF61-\uFF9F]/.test(ch) ? 0.5 : 1;
  return w;
}
