/**
 * The 単年度 page: 区分, 取組内容・目標, 取組項目 with quarter marks, 上半期, 年度末 and 評価.
 * Status words are told apart by what shares their line (上半期's progress sits beside its
 * コメント label) and by the closed word sets; the comments by the labels and values around them.
 */
import { parseNumber } from "../normalize/number.js";
import { collapseInline, joinProse } from "../normalize/prose.js";
import { collapseSpaces, gradeOf, matchKey } from "../normalize/text.js";
import type { WordSet } from "../tokenize/lexicon.js";
import type { SheetLine, Token } from "../tokenize/text-sheet.js";
import type { PageContext } from "./context.js";
import { addProseBelow, isProseLine, proseRuns, rawText } from "./overall.js";

export interface AnnualDraft {
  goalYear: number | null;
  category: string | null;
  goal: string | null;
  tasks: { no: number; name: string; quarters: [boolean, boolean, boolean, boolean] }[];
  firstHalf: { progress: string | null; comment: string | null };
  activity: string | null;
  achievement: string | null;
  indicator: { name: string | null; unit: string | null; plan: number | null; actual: number | null };
  yearEndComment: string | null;
  planChange: { content: boolean | null; target: boolean | null };
  evaluation: { evaluator: string | null; grade: "A" | "B" | "C" | null; direction: string | null; comment: string | null };
}

const free = (t: Token) => !t.used && t.label === null;
const word = (t: Token) => t.text.replace(/[\s\u3000]+/g, "");
const QUARTERS = ["4～6月", "7～9月", "10～12月", "1～3月"];
const COUNT_WORDS = ["no", "one", "two", "three", "four"];
const TASK_NO = /^\d{1,2}$/;
const SENTENCE_END = /[。．]$/;
/** One cell may hold both: "部長 ※重要度Ａ事業は副市長，…". */
const NOTE_KEY = matchKey("※重要度A事業は副市長，重要度B事業は部局長を評価者とする");
const EVAL_VALUE_PATHS = ["annual.evaluation.direction", "annual.evaluation.grade", "annual.evaluation.evaluator"];

/** A grade is one letter, so its key is one character: longer text need not be normalised to find out. */
const isGrade = (t: Token) => t.key.length === 1 && gradeOf(t.text) !== null;

/** Words that may be the value of a label: right of it on its line, else alone on the next line. */
function valueOf(ctx: PageContext, lab: Token, ok: (t: Token) => boolean): Token | undefined {
  const { sheet } = ctx;
  const right = firstUnreadAfter(ctx, lab);
  if (right && ok(right)) return right;
  const next = sheet.next(lab.row);
  if (next && next.tokens.length === 1 && ok(next.tokens[0]!) && !next.tokens[0]!.used) return next.tokens[0];
  return undefined;
}

function firstUnreadAfter(ctx: PageContext, lab: Token): Token | undefined {
  const toks = ctx.sheet.lines[lab.row]!.tokens;
  for (let i = toks.indexOf(lab) + 1; i < toks.length; i++) if (!toks[i]!.used) return toks[i];
  return undefined;
}

/** The first unread word of the set (and of no `unless` set) on the page, taken into path. */
function pick(ctx: PageContext, set: WordSet, path: string, unless?: WordSet): string | null {
  for (const t of ctx.withWord(set)) {
    if (t.used || (unless && t.words.includes(unless))) continue;
    ctx.take(t, path);
    return word(t);
  }
  return null;
}

export function parseAnnual(ctx: PageContext, overallIndicatorName: string | null): AnnualDraft {
  const { sheet } = ctx;
  const d: AnnualDraft = {
    goalYear: null,
    category: null,
    goal: null,
    tasks: [],
    firstHalf: { progress: null, comment: null },
    activity: null,
    achievement: null,
    indicator: { name: null, unit: null, plan: null, actual: null },
    yearEndComment: null,
    planChange: { content: null, target: null },
    evaluation: { evaluator: null, grade: null, direction: null, comment: null },
  };

  // 区分
  const cat = ctx.first("category");
  if (cat) {
    const v = valueOf(ctx, cat, (t) => t.words.includes("status"));
    if (v) {
      d.category = word(v);
      ctx.take(v, "annual.category");
    }
  }

  readGoal(ctx, d);

  // 上半期: the progress word that shares its line with a コメント label, and the text after it.
  for (const c of ctx.labelled("comment")) {
    const line = sheet.lineOf(c);
    const status = line.tokens.find((t) => !t.used && t.words.includes("status"));
    if (!status) continue;
    d.firstHalf.progress = word(status);
    ctx.take(status, "annual.firstHalf.progress");
    ctx.take(c);
    const restToks = line.tokens.filter(free);
    const texts = restToks.length ? [restToks.map((t) => t.text).join(" ")] : [];
    const run = followingProse(ctx, c.row);
    for (const l of run) texts.push(rawText(l));
    d.firstHalf.comment = joinProse(texts, ctx.oracle);
    ctx.take(restToks, "annual.firstHalf.comment");
    ctx.takeLines(run, "annual.firstHalf.comment");
    break;
  }

  // 年度末 and 評価 words, each from its own closed set.
  d.evaluation.direction = pick(ctx, "direction", "annual.evaluation.direction", "status");
  d.activity = pick(ctx, "activityOnly", "annual.yearEnd.activity") ?? pick(ctx, "status", "annual.yearEnd.activity");
  d.achievement = pick(ctx, "achievement", "annual.yearEnd.achievement");
  if (!d.evaluation.direction) d.evaluation.direction = pick(ctx, "direction", "annual.evaluation.direction");
  for (const t of ctx.withWord("status")) {
    if (t.used) continue;
    ctx.warn("unmapped-text", `Status word "${word(t)}" could not be tied to a field.`, undefined, t.line);
    ctx.take(t);
  }

  // 評価者 (before the ※ footnote, or right of its label) and 総合評価.
  const note = ctx.first("evaluatorNote");
  if (note) {
    ctx.take(note);
    const who = sheet.before(note).filter(free);
    if (who.length) {
      d.evaluation.evaluator = collapseSpaces(who.map((t) => t.text).join(" "));
      ctx.take(who, "annual.evaluation.evaluator");
    }
  }
  if (!d.evaluation.evaluator) {
    const glued = gluedNote(ctx);
    if (glued) {
      const who = glued.text.slice(0, glued.text.indexOf("※"));
      d.evaluation.evaluator = collapseSpaces(who) || null;
      ctx.take(glued, "annual.evaluation.evaluator");
    }
  }
  const evaluatorLabel = ctx.first("evaluator");
  if (!d.evaluation.evaluator && evaluatorLabel) {
    const v = sheet.after(evaluatorLabel).find(free);
    if (v) {
      d.evaluation.evaluator = collapseSpaces(v.text);
      ctx.take(v, "annual.evaluation.evaluator");
    }
  }
  const gradeLabel = ctx.first("grade");
  const gradeTok =
    (gradeLabel ? valueOf(ctx, gradeLabel, (t) => free(t) && isGrade(t)) : undefined) ??
    sheet.lines.find((l) => l.tokens.length === 1 && free(l.tokens[0]!) && isGrade(l.tokens[0]!))?.tokens[0];
  if (gradeTok) {
    d.evaluation.grade = gradeOf(gradeTok.text);
    ctx.take(gradeTok, "annual.evaluation.grade");
  }

  // 計画変更（次年度以後）: 取組内容 有/無 and 計画値 有/無; a lone 有/無 fills what is missing.
  const presence = (t: Token) => t.words.includes("presence");
  for (const [labelId, field] of [
    ["changeContent", "content"],
    ["planValue", "target"],
  ] as const) {
    for (const lab of ctx.labelled(labelId)) {
      const v = ctx.rightOf(lab);
      if (v && !v.used && presence(v) && d.planChange[field] === null) {
        d.planChange[field] = word(v) === "有";
        ctx.take(v, `annual.yearEnd.planChange.${field}`);
      }
    }
  }
  for (const t of ctx.withWord("presence")) {
    if (t.used) continue;
    const field = d.planChange.content === null ? "content" : d.planChange.target === null ? "target" : null;
    if (!field) break;
    d.planChange[field] = word(t) === "有";
    ctx.take(t, `annual.yearEnd.planChange.${field}`);
  }

  // 単位 right of its labels.
  for (const lab of ctx.labelled("unit")) {
    const v = ctx.rightOf(lab);
    if (v && !v.used && v.label === null) {
      if (d.indicator.unit === null) d.indicator.unit = collapseSpaces(v.text);
      else if (collapseSpaces(v.text) !== d.indicator.unit)
        ctx.warn("inconsistent-unit", `The page prints two units, ${d.indicator.unit} and ${v.text}.`, "annual.yearEnd.indicator.unit", v.line);
      ctx.take(v, "annual.yearEnd.indicator.unit");
    }
  }

  // 取組項目: rows "n [name] ○ ○" in order 1…10. Where the page has geometry a mark stands
  // under its quarter's header; in text the marks are read from the left, with a warning.
  const quarterAnchors = (["q1", "q2", "q3", "q4"] as const).map((q) => ctx.first(q));
  quarterAnchors.forEach((t) => t && ctx.take(t));
  const taskRows = readTaskRows(ctx);
  const quartersOf = (marks: Token[]): { quarters: [boolean, boolean, boolean, boolean]; placed: boolean } => {
    const anchors = quarterAnchors.filter((t): t is Token => t !== undefined);
    const cols = anchors.length === 4 ? marks.map((m) => sheet.columnOf(m, anchors)) : [];
    if (marks.length && cols.length === marks.length && cols.every((c) => c !== null)) {
      return { quarters: [0, 1, 2, 3].map((q) => cols.includes(q)) as [boolean, boolean, boolean, boolean], placed: true };
    }
    return { quarters: [0, 1, 2, 3].map((q) => q < marks.length) as [boolean, boolean, boolean, boolean], placed: marks.length === 0 || marks.length === 4 };
  };

  // 計画値 / 実績値: the line of two numbers (or one, in doubt).
  const pair = figuresLine(ctx);
  if (pair) {
    const [p, a] = pair.tokens;
    const [plan, actual] = ctx.numbersOf(pair)!;
    d.indicator.plan = plan!;
    ctx.take(p!, "annual.yearEnd.indicator.plan");
    if (a) {
      d.indicator.actual = actual!;
      ctx.take(a, "annual.yearEnd.indicator.actual");
    } else {
      ctx.warn("ambiguous-columns", `Only one of 計画値 / 実績値 is printed (${p!.text}); read as 計画値.`, "annual.yearEnd.indicator.plan", p!.line);
    }
  }

  const isProse = (t: Token | undefined): t is Token => !!t && free(t) && t.words.length === 0 && parseNumber(t.text) === null;
  // Values printed right of their labels (PDF, or an extractor that kept the row together).
  const nameLabel = ctx.first("resultIndicatorName");
  const besideName = nameLabel ? ctx.rightOf(nameLabel) : undefined;
  if (isProse(besideName)) {
    d.indicator.name = joinProse([besideName.text], ctx.oracle);
    ctx.take(besideName, "annual.yearEnd.indicator.name");
  }
  for (const [labelId, field] of [
    ["comment", "yearEnd"],
    ["evaluationComment", "evaluation"],
  ] as const) {
    for (const lab of ctx.labelled(labelId)) {
      const v = lab.used ? undefined : ctx.rightOf(lab);
      if (!isProse(v)) continue;
      const text = joinProse([v.text], ctx.oracle);
      if (field === "yearEnd" && d.yearEndComment === null) {
        d.yearEndComment = text;
        ctx.take(v, "annual.yearEnd.comment");
      } else if (field === "evaluation" && d.evaluation.comment === null) {
        d.evaluation.comment = text;
        ctx.take(v, "annual.evaluation.comment");
      }
    }
  }

  // 成果指標名: the text equal to the 全体計画 page's indicator name, else the text beside the figures.
  const runs = proseRuns(ctx);
  const joined = new RunTexts(ctx);
  const text = (run: SheetLine[]) => joined.of(run) ?? "";
  const nameKey = overallIndicatorName === null ? null : matchKey(overallIndicatorName);
  let nameRun = d.indicator.name !== null || nameKey === null ? undefined : runs.find((r) => matchKey(text(r)) === nameKey);
  if (!nameRun && pair && d.indicator.name === null) nameRun = runs.find((r) => r[0]!.block === pair.block && r[0]!.no > pair.no);
  let guessedName = false;
  if (!nameRun && d.indicator.name === null && overallIndicatorName === null) {
    // No 全体計画 page to match: a wrapped text that ends no sentence is a name, not a comment.
    const names = runs.filter((r) => r.length > 1 && r.length <= 3 && !SENTENCE_END.test(rawText(r.at(-1)!)));
    if (names.length === 1) {
      nameRun = names[0];
      guessedName = true;
    }
  }
  if (nameRun) {
    d.indicator.name = text(nameRun);
    ctx.takeLines(nameRun, "annual.yearEnd.indicator.name");
    if (guessedName) {
      ctx.warn(
        "ambiguous-comment",
        "成果指標名 read from the only wrapped text that ends no sentence; there is no 全体計画 page to confirm it.",
        "annual.yearEnd.indicator.name",
      );
    }
  }

  // Comments and task names from the prose left: taking the name's run (a whole run) leaves the others as they were.
  const comments: SheetLine[][] = [];
  const names: SheetLine[][] = [];
  for (const run of runs) {
    if (run === nameRun) continue;
    const isComment = run.length > 1 || SENTENCE_END.test(rawText(run.at(-1)!));
    (isComment ? comments : names).push(run);
  }
  assignComments(ctx, d, comments, nameRun, joined);

  // Names printed on their rows (PDF) go with them; otherwise the unread one-line texts, in order.
  const rowNamed = taskRows.some((r) => r.name);
  const named: { row: TaskRow | undefined; name: string; tokens: Token[] }[] = rowNamed
    ? taskRows.filter((r) => r.name).map((r) => ({ row: r, name: collapseInline(r.name!.text), tokens: [r.name!] }))
    : names.map((run, i) => ({ row: taskRows[i], name: collapseInline(run.map(rawText).join(" ")), tokens: run.flatMap((l) => l.tokens) }));
  named.forEach(({ row, name, tokens }, i) => {
    const { quarters, placed } = quartersOf(row?.marks ?? []);
    const marks = row?.marks.length ?? 0;
    const no = row?.no ?? i + 1;
    d.tasks.push({ no, name, quarters });
    ctx.take(tokens, `annual.tasks[${i}].name`);
    if (!placed) {
      const read = QUARTERS.filter((_, q) => quarters[q]);
      const readText = read.length === 1 ? read[0] : `${read.slice(0, -1).join(", ")} and ${read.at(-1)}`;
      ctx.warn(
        "ambiguous-columns",
        `取組項目 ${no}: ${COUNT_WORDS[marks]} ○ ${marks === 1 ? "mark" : "marks"} for four quarters; the text input does not show which ${marks === 1 ? "quarter" : "quarters"}, read as ${readText}.`,
        `annual.tasks[${i}].quarters`,
      );
    }
  });
  const marked = taskRows.filter((r) => r.marks.length > 0).length;
  if (marked > named.length) {
    ctx.warn("missing-value", `${marked} 取組項目 rows carry ○ marks but only ${named.length} task names were found.`, "annual.tasks");
  } else if (!rowNamed && named.length > marked && marked > 0) {
    // Text only: a name without marks is possible, but so is a stray line read as a name.
    ctx.warn(
      "ambiguous-columns",
      `${named.length} one-line texts were read as 取組項目 names for ${marked} rows with ○ marks; names were matched to rows in order, so a stray line would shift them.`,
      "annual.tasks",
    );
  }
  return d;
}

/** 取組内容・目標: "令和元年度 <goal>" or the year alone with the goal below it. */
function readGoal(ctx: PageContext, d: AnnualDraft): void {
  const { lines } = ctx.sheet;
  for (let row = 0; row < lines.length; row++) {
    const line = lines[row]!;
    const at = firstFree(line);
    const first = line.tokens[at];
    const year = first ? ctx.fiscalYearLabel(first) : null;
    if (!first || year === null) continue;
    d.goalYear = year;
    ctx.take(first);
    const texts: string[] = [];
    const tokens: Token[] = [];
    const rest = line.tokens.slice(at + 1).filter(free);
    if (rest.length) {
      texts.push(rest.map((t) => t.text).join(" "));
      tokens.push(...rest);
    }
    addProseBelow(ctx, lines, row, texts, tokens);
    d.goal = joinProse(texts, ctx.oracle);
    ctx.take(tokens, "annual.goal");
    return;
  }
}

/** Index of the line's first unread token that is no label (the line's length when there is none). */
function firstFree(line: SheetLine): number {
  let i = 0;
  while (i < line.tokens.length && !free(line.tokens[i]!)) i++;
  return i;
}

function gluedNote(ctx: PageContext): Token | undefined {
  for (const line of ctx.sheet.lines) {
    for (const t of line.tokens) if (free(t) && t.key.endsWith(NOTE_KEY) && t.key.length > NOTE_KEY.length) return t;
  }
  return undefined;
}

interface TaskRow {
  no: number;
  marks: Token[];
  name: Token | null;
  line: number;
}

/** 取組項目 rows: "n [name] ○ ○", numbered 1, 2, … in order; their numbers and marks are taken. */
function readTaskRows(ctx: PageContext): TaskRow[] {
  const { lines } = ctx.sheet;
  const rows: TaskRow[] = [];
  for (const line of lines) {
    const first = line.tokens[0];
    if (!first || first.used || !TASK_NO.test(first.key)) continue;
    const no = Number(first.key);
    const rest = line.tokens.slice(1);
    const marks = rest.filter((t) => t.words.includes("mark"));
    const others = rest.filter((t) => !t.words.includes("mark"));
    const name = others.length === 1 && free(others[0]!) && parseNumber(others[0]!.text) === null ? others[0]! : null;
    if (no !== rows.length + 1 || others.length > (name ? 1 : 0)) continue;
    if (rest.length === 0 && no === 1 && !lines.some((l) => l.tokens[0]?.key === "2")) continue;
    rows.push({ no, marks, name, line: line.no });
    ctx.take([first, ...marks]);
  }
  return rows;
}

/** The unread line of 計画値 / 実績値: the first of two numbers, else the first numeric line. */
function figuresLine(ctx: PageContext): SheetLine | undefined {
  let first: SheetLine | undefined;
  for (const line of ctx.sheet.lines) {
    if (ctx.numbersOf(line) === null || !noneUsed(line)) continue;
    if (line.tokens.length === 2) return line;
    first ??= line;
  }
  return first;
}

function noneUsed(line: SheetLine): boolean {
  for (const t of line.tokens) if (t.used) return false;
  return true;
}

/** Each prose run's lines joined once, however often it is weighed. */
class RunTexts {
  private readonly texts = new Map<SheetLine[], string | null>();
  constructor(private readonly ctx: PageContext) {}

  of(run: SheetLine[]): string | null {
    let text = this.texts.get(run);
    if (text === undefined) this.texts.set(run, (text = joinProse(run.map(rawText), this.ctx.oracle)));
    return text;
  }
}

function followingProse(ctx: PageContext, row: number): SheetLine[] {
  const { lines } = ctx.sheet;
  const out: SheetLine[] = [];
  const start = lines[row]!;
  let r = row + 1;
  // The text sits in the label's block, or else in the block right after it.
  if (lines[r] && lines[r]!.block !== start.block && !isProseLine(ctx, lines[r]!)) return out;
  const block = lines[r]?.block;
  for (; r < lines.length; r++) {
    const l = lines[r]!;
    if (l.block !== block || !isProseLine(ctx, l)) break;
    out.push(l);
  }
  return out;
}

/**
 * 年度末 コメント (the department's report) and 評価 コメント・指示事項 (the evaluator's).
 * Evidence, strongest first: a block right before or after the コメント・指示事項 label, or right
 * after an 評価 value, is the evaluator's; a block right after the 成果指標名 is the report.
 * When nothing around a block decides, a report tells what was done (past tense) and an
 * instruction does not, and a warning says the reading is a guess.
 */
function assignComments(
  ctx: PageContext,
  d: AnnualDraft,
  comments: SheetLine[][],
  nameRun: SheetLine[] | undefined,
  joined: RunTexts,
): void {
  const { sheet } = ctx;
  if (d.yearEndComment !== null && d.evaluation.comment !== null) return;
  if (d.yearEndComment !== null || d.evaluation.comment !== null) {
    // One was printed beside its label; the other is the remaining text.
    const run = comments[0];
    if (!run) return;
    const field = d.yearEndComment === null ? "annual.yearEnd.comment" : "annual.evaluation.comment";
    const text = joined.of(run);
    if (d.yearEndComment === null) d.yearEndComment = text;
    else d.evaluation.comment = text;
    ctx.takeLines(run, field);
    return;
  }
  // Prose lines are never empty, so a run's first token gives its row.
  const rowOf = (l: SheetLine) => l.tokens[0]!.row;
  // The input lines of the 評価 values read so far.
  const evalLines = new Set<number | undefined>();
  for (const path of EVAL_VALUE_PATHS) {
    const where = ctx.provenance.get(path);
    if (where) evalLines.add(where.line);
  }
  const isEvalValue = (l: SheetLine | undefined) => !!l && l.tokens.some((t) => t.used && evalLines.has(t.line));
  const isEvalLabel = (l: SheetLine | undefined) => !!l && l.tokens.some((t) => t.label === "evaluationComment");

  const scored = comments.map((run) => {
    const before = sheet.lines[rowOf(run[0]!) - 1];
    const after = sheet.lines[rowOf(run.at(-1)!) + 1];
    let evalScore = 0;
    let strong = false;
    if (isEvalLabel(after) || isEvalLabel(before)) {
      evalScore += 3;
      strong = true;
    }
    if (isEvalValue(before)) {
      evalScore += 2;
      strong = true;
    }
    if (nameRun && before === nameRun.at(-1)) {
      evalScore -= 3;
      strong = true;
    }
    const text = joined.of(run) ?? "";
    const pastTense = (text.match(/た[。）)]/g) ?? []).length;
    return { run, text, evalScore, strong, pastTense };
  });

  let evalRun: (typeof scored)[number] | undefined;
  let reportRun: (typeof scored)[number] | undefined;
  let guessed = false;
  const decided = scored.filter((s) => s.strong && s.evalScore !== 0);
  const evalDecided = decided.filter((s) => s.evalScore > 0);
  const reportDecided = decided.filter((s) => s.evalScore < 0);
  evalRun = evalDecided.sort((a, b) => b.evalScore - a.evalScore)[0];
  reportRun = reportDecided.sort((a, b) => a.evalScore - b.evalScore)[0];
  const rest = scored.filter((s) => s !== evalRun && s !== reportRun);
  if (!evalRun && !reportRun && rest.length >= 2) {
    rest.sort((a, b) => b.pastTense - a.pastTense);
    reportRun = rest.shift();
    evalRun = rest.shift();
    guessed = true;
  } else if (!evalRun && rest.length) evalRun = rest.shift();
  else if (!reportRun && rest.length) reportRun = rest.shift();

  if (reportRun) {
    d.yearEndComment = reportRun.text;
    ctx.takeLines(reportRun.run, "annual.yearEnd.comment");
  }
  if (evalRun) {
    d.evaluation.comment = evalRun.text;
    ctx.takeLines(evalRun.run, "annual.evaluation.comment");
  }
  if (guessed) {
    ctx.warn(
      "ambiguous-comment",
      "The text input does not show which comment is the 年度末 report and which the evaluator's; read by tense (the report tells what was done).",
      "annual.evaluation.comment",
    );
  }
}
