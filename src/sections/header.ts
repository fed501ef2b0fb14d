/**
 * The header both pages share: 推進項目, 重要度, 番号・取組事業名, 作成日/更新日, 担当部署
 * with its code, 責任者, 担当者, and the page title that names the page kind and its years.
 * A value is read from the cell right of its label; a row whose cells the extractor pulled
 * apart is filled in the form's left-to-right order.
 */
import { parseEraDate, parseFiscalYear, parseYearRange } from "../normalize/era.js";
import { collapseSpaces, gradeOf } from "../normalize/text.js";
import { PAGE_TITLES, type LabelId } from "../tokenize/lexicon.js";
import type { Token } from "../tokenize/text-sheet.js";
import type { PageContext } from "./context.js";

export interface Header {
  kind: "overall" | "annual" | null;
  /** 全体計画: the years in the title; 単年度: its fiscal year (from === to). */
  titleYears: { from: number; to: number } | null;
  planNo: string | null;
  title: string | null;
  promotionItem: { no: number | null; name: string | null };
  importance: "A" | "B" | "C" | null;
  department: { code: string | null; name: string | null };
  manager: string | null;
  staff: string | null;
  createdOn: string | null;
  updatedOn: string | null;
}

const isCode = (t: Token) => /^\d{3,8}$/.test(t.key);
const isFree = (t: Token) => !t.used && t.label === null;

export function parseHeader(ctx: PageContext): Header {
  const { sheet } = ctx;
  const h: Header = {
    kind: null,
    titleYears: null,
    planNo: null,
    title: null,
    promotionItem: { no: null, name: null },
    importance: null,
    department: { code: null, name: null },
    manager: null,
    staff: null,
    createdOn: null,
    updatedOn: null,
  };

  readTitle(ctx, h);

  const dates: { token: Token; iso: string }[] = [];
  const label = (id: LabelId) => {
    const t = ctx.first(id);
    if (t) ctx.take(t);
    return t;
  };

  const promo = label("promotionItem");
  if (promo) {
    const rest = sheet.after(promo).filter(isFree);
    const no = rest[0] && /^\d+$/.test(rest[0].key) ? rest.shift()! : undefined;
    if (no) {
      h.promotionItem.no = Number(no.key);
      ctx.take(no, "promotionItem.no");
    }
    const last = rest.at(-1);
    if (last && rest.length > 1 && gradeOf(last.text)) {
      h.importance = gradeOf(last.text);
      ctx.take(rest.pop()!, "importance");
    }
    if (rest.length) {
      h.promotionItem.name = collapseSpaces(rest.map((t) => t.text).join(" "));
      ctx.take(rest, "promotionItem.name");
    }
  }

  const imp = label("importance");
  if (imp) {
    const next = sheet.after(imp).filter(isFree)[0];
    if (next && gradeOf(next.text)) {
      if (!h.importance) h.importance = gradeOf(next.text);
      ctx.take(next, "importance");
    }
  }

  const created = label("createdOn");
  const updated = label("updatedOn");
  for (const lab of [created, updated]) {
    if (!lab) continue;
    const code = sheet.before(lab).filter((t) => isFree(t) && isCode(t))[0];
    if (code && !h.planNo) {
      h.planNo = code.key;
      ctx.take(code, "planNo");
    }
  }
  const afterUpdated = updated ? sheet.after(updated).filter(isFree)[0] : undefined;
  const updatedOn = afterUpdated ? parseEraDate(afterUpdated.text) : null;
  if (updatedOn !== null) {
    h.updatedOn = updatedOn;
    ctx.take(afterUpdated!, `${pagePath(h)}updatedOn`);
  }
  const afterCreated = created ? sheet.after(created).filter(isFree)[0] : undefined;
  const createdOn = afterCreated ? parseEraDate(afterCreated.text) : null;
  if (createdOn !== null) {
    h.createdOn = createdOn;
    ctx.take(afterCreated!, `${pagePath(h)}createdOn`);
  }

  const planLabel = label("planNoTitle");
  if (planLabel) {
    const rest = sheet.after(planLabel).filter(isFree);
    if (rest[0] && isCode(rest[0]) && !h.planNo) {
      h.planNo = rest[0].key;
      ctx.take(rest.shift()!, "planNo");
    }
    const titleToks: Token[] = [];
    for (const t of rest) {
      const iso = parseEraDate(t.text);
      if (iso === null) titleToks.push(t);
      else dates.push({ token: t, iso });
    }
    if (titleToks.length) {
      h.title = collapseSpaces(titleToks.map((t) => t.text).join(" "));
      ctx.take(titleToks, "title");
    }
  }
  // Dates the extractor moved away from their labels fill 作成日 then 更新日, the form's order.
  for (const { token, iso } of dates) {
    if (!h.createdOn) {
      h.createdOn = iso;
      ctx.take(token, `${pagePath(h)}createdOn`);
    } else if (!h.updatedOn) {
      h.updatedOn = iso;
      ctx.take(token, `${pagePath(h)}updatedOn`);
    }
  }
  if (h.createdOn && h.updatedOn && h.createdOn > h.updatedOn) {
    ctx.warn("date-order", `作成日 ${h.createdOn} is after 更新日 ${h.updatedOn}; check which date is which.`, `${pagePath(h)}updatedOn`);
  }

  const mgr = label("manager");
  const stf = label("staff");
  for (const lab of [mgr, stf]) {
    if (!lab) continue;
    const code = sheet.before(lab).filter((t) => isFree(t) && isCode(t))[0];
    if (code && !h.department.code) {
      h.department.code = code.key;
      ctx.take(code, "department.code");
    }
  }
  const personAfter = (lab: Token | undefined, field: "manager" | "staff") => {
    const next = lab ? ctx.rightOf(lab) : undefined;
    if (next && isFree(next)) {
      h[field] = collapseSpaces(next.text);
      ctx.take(next, field);
    }
  };
  personAfter(mgr, "manager");
  personAfter(stf, "staff");

  const dept = label("department");
  if (dept) {
    const rest = sheet.after(dept).filter(isFree);
    if (rest[0] && isCode(rest[0]) && !h.department.code) {
      h.department.code = rest[0].key;
      ctx.take(rest.shift()!, "department.code");
    }
    // The row reads 担当部署 | name | 責任者 | … | 担当者 | …: fill what is still empty, in that order.
    const slots: ("name" | "manager" | "staff")[] = ["name", "manager", "staff"];
    for (const slot of slots) {
      const filled = slot === "name" ? h.department.name : h[slot];
      if (filled !== null) continue;
      const t = rest.shift();
      if (!t) break;
      const value = collapseSpaces(t.text);
      if (slot === "name") {
        h.department.name = value;
        ctx.take(t, "department.name");
      } else {
        h[slot] = value;
        ctx.take(t, slot);
      }
    }
  }
  return h;
}

/**
 * Both page titles begin アクションプラン (PAGE_TITLES), and so does a title's key (NFKC leaves
 * katakana alone and drops the whitespace the title is trimmed of): other tokens need not be
 * matched against them.
 */
const TITLE_START = "アクションプラン";

/** The page title names the page's kind and its years. */
function readTitle(ctx: PageContext, h: Header): void {
  for (const line of ctx.sheet.lines) {
    for (const t of line.tokens) {
      if (!t.key.startsWith(TITLE_START)) continue;
      for (const { kind, pattern } of PAGE_TITLES) {
        const m = pattern.exec(t.text.trim());
        if (!m) continue;
        h.kind = kind;
        h.titleYears = kind === "overall" ? parseYearRange(m[1]!) : yearOnly(m[1]!);
        ctx.take(t);
        return;
      }
    }
  }
}

/** The dates live under the page's part of the record. */
function pagePath(h: Header): string {
  return h.kind === "overall" ? "overall." : h.kind === "annual" ? "annual." : "";
}

function yearOnly(s: string): { from: number; to: number } | null {
  const y = parseFiscalYear(s);
  return y === null ? null : { from: y, to: y };
}
