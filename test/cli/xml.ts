/**
 * A small XML well-formedness check for tests (no dependency): one root element, tags
 * balanced and properly nested, attributes quoted and unique, `&` only as a known or numeric
 * entity, no `<` in text or attribute values, no characters XML 1.0 forbids. Enough to tell
 * a broken SVG from a good one; not a validating parser.
 */
const NAME = "[A-Za-z_:][-A-Za-z0-9_:.]*";
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g;
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

export function wellFormed(xml: string): string[] {
  const problems: string[] = [];
  if (FORBIDDEN.test(xml)) problems.push("a character XML 1.0 does not allow");
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const text = (s: string, where: string) => {
    if (s.includes("<")) problems.push(`raw < in ${where}`);
    if (s.replace(ENTITY, "").includes("&")) problems.push(`bare & in ${where}: ${JSON.stringify(s.slice(0, 40))}`);
  };
  if (xml.startsWith("<?xml")) {
    const end = xml.indexOf("?>");
    if (end < 0) return ["unterminated XML declaration"];
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const chunk = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && chunk.trim() !== "") problems.push(`text outside the root: ${JSON.stringify(chunk.slice(0, 40))}`);
    text(chunk, "text");
    if (lt < 0) break;
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      if (end < 0) return [...problems, "unterminated comment"];
      i = end + 3;
      continue;
    }
    const gt = findTagEnd(xml, lt);
    if (gt < 0) return [...problems, `unterminated tag at ${lt}`];
    const tag = xml.slice(lt, gt + 1);
    i = gt + 1;
    const close = new RegExp(`^</(${NAME})\\s*>$`).exec(tag);
    if (close) {
      const open = stack.pop();
      if (open !== close[1]) problems.push(`</${close[1]}> closes <${open ?? "nothing"}>`);
      continue;
    }
    const m = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>$`).exec(tag);
    if (!m) {
      problems.push(`malformed tag ${JSON.stringify(tag.slice(0, 60))}`);
      continue;
    }
    const seen = new Set<string>();
    for (const a of m[2]!.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "g"))) {
      if (seen.has(a[1]!)) problems.push(`attribute ${a[1]} twice in <${m[1]}>`);
      seen.add(a[1]!);
      text(a[2] ?? a[3] ?? "", `attribute ${a[1]}`);
    }
    if (stack.length === 0) roots++;
    if (m[3] !== "/") stack.push(m[1]!);
  }
  if (stack.length) problems.push(`unclosed <${stack.join("> <")}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** The `>` that ends the tag starting at `from`, skipping quoted attribute values. */
function findTagEnd(xml: string, from: number): number {
  let quote: string | null = null;
  for (let j = from + 1; j < xml.length; j++) {
    const c = xml[j]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return j;
    else if (c === "<") return -1;
  }
  return -1;
}
