/** decode.ts's suspiciousShare before the charCode rewrite, as the reference it must agree with. */
const SUSPICIOUS_RE = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\p{Co}\p{Cn}\p{Cs}\ufffd]/gu;
const ASTRAL_RE = /[\ud800-\udbff][\udc00-\udfff]/g;

/** Share of suspicious code points (see MAX_SUSPICIOUS_SHARE) in a decoded text; 0 for "". */
export function suspiciousShare(text: string): number {
  if (text.length === 0) return 0;
  const codePoints = text.length - (text.match(ASTRAL_RE)?.length ?? 0);
  return (text.match(SUSPICIOUS_RE)?.length ?? 0) / codePoints;
}

