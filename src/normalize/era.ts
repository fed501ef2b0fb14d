const ERA: Record<string, number> = { H: 1988, 平成: 1988, R: 2018, 令和: 2018, S: 1925, 昭和: 1925 };
function eraYear(era: string, y: string): number | null {
  const base = ERA[era.toUpperCase()] ?? ERA[era];
  if (base === undefined) return null;
  const n = y === "元" ? 1 : Number(y);
  return Number.isFinite(n) && n > 0 ? base + n : null;
}
export function parseEraDate(s: string): string | null {
  const t = s.normalize("NFKC").trim();
  const m = /^(H|R|S|平成|令和|昭和)(元|\d{1,2})[.年](\d{1,2})[.月](\d{1,2})日?$/i.exec(t);
  if (!m) return null;
  const y = eraYear(m[1]!, m[2]!);
  const mo = Number(m[3]);
  const d = Number(m[4]);
  if (y === null) return null;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
export function parseFiscalYear(s: string): number | null {
  const t = s.normalize("NFKC").trim();
  let m = /^(H|R|S|平成|令和|昭和)(元|\d{1,2})(年度)?$/i.exec(t);
  if (m) return eraYear(m[1]!, m[2]!);
  m = /^(\d{4})年度$/.exec(t);
  return m ? Number(m[1]) : null;
}
export function isFiscalYearLabel(s: string): boolean {
  return /年度$/.test(s.normalize("NFKC").trim()) && parseFiscalYear(s) !== null;
}
export function parseYearRange(s: string): { from: number; to: number } | null {
  const t = s.normalize("NFKC").replace(/[（）()\s]/g, "").replace(/[〜~]/g, "～");
  const m = /^(.+?)～(.+?)$/.exec(t);
  if (!m) return null;
  let a = m[1]!;
  let b = m[2]!;
  if (/年度$/.test(b) && !/年度$/.test(a)) a += "年度";
  const from = parseFiscalYear(a);
  const to = parseFiscalYear(b);
  return from !== null && to !== null ? { from, to } : null;
}
