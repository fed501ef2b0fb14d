// A namespace import, not { z }: the CLI bundle can then leave out the parts of zod apsheet does
// not use (scripts/bundle.mjs, test/cli/bundle.test.ts).
import * as z from "zod";
import { compileAccepts, type Accepts } from "./accepts.js";

/** Contract v1 (../shared/spec/record.md). Add fields freely; renaming or retyping bumps schemaVersion. */

const fiscalYearKey = z.string().regex(/^\d{4}$/);
const nullableNumber = z.number().nullable();

export const ValuesSchema = z.object({
  byYear: z.record(fiscalYearKey, nullableNumber),
  final: nullableNumber,
});

export const AmountsSchema = z.object({
  base: nullableNumber,
  initialPlan: ValuesSchema,
  revisedPlan: ValuesSchema,
  actual: ValuesSchema,
});

export const YearSchema = z.object({
  fiscalYear: z.number().int(),
  label: z.string(),
  content: z.string().nullable(),
  category: z.string().nullable(),
  otherEffect: z.string().nullable(),
});

export const EffectType = z.enum(["歳入増加", "歳出削減", "その他改善"]);

export const OverallSchema = z.object({
  planRange: z.object({ from: z.number().int(), to: z.number().int() }),
  createdOn: z.iso.date().nullable(),
  updatedOn: z.iso.date().nullable(),
  period: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  effectTypes: z.array(EffectType),
  finalGoal: z.string().nullable(),
  years: z.array(YearSchema),
  indicator: z.object({
    name: z.string().nullable(),
    unit: z.string().nullable(),
    base: nullableNumber,
    initialPlan: ValuesSchema,
    revisedPlan: ValuesSchema,
    actual: ValuesSchema,
  }),
  effectAmounts: z.object({
    revenueIncrease: AmountsSchema,
    expenditureReduction: AmountsSchema,
    total: AmountsSchema,
  }),
});

export const Grade = z.enum(["A", "B", "C"]);

export const TaskSchema = z.object({
  no: z.number().int().min(1),
  name: z.string(),
  quarters: z.tuple([z.boolean(), z.boolean(), z.boolean(), z.boolean()]),
});

export const AnnualSchema = z.object({
  fiscalYear: z.number().int(),
  createdOn: z.iso.date().nullable(),
  updatedOn: z.iso.date().nullable(),
  category: z.string().nullable(),
  goal: z.string().nullable(),
  tasks: z.array(TaskSchema),
  firstHalf: z.object({ progress: z.string().nullable(), comment: z.string().nullable() }),
  yearEnd: z.object({
    activity: z.string().nullable(),
    achievement: z.string().nullable(),
    indicator: z.object({
      name: z.string().nullable(),
      unit: z.string().nullable(),
      plan: nullableNumber,
      actual: nullableNumber,
    }),
    comment: z.string().nullable(),
    planChange: z.object({ content: z.boolean().nullable(), target: z.boolean().nullable() }),
  }),
  evaluation: z.object({
    evaluator: z.string().nullable(),
    grade: Grade.nullable(),
    direction: z.string().nullable(),
    comment: z.string().nullable(),
  }),
});

export const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const WarningSchema = z.object({
  code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  message: z.string(),
  path: z.string().optional(),
  page: z.number().int().min(1).optional(),
  line: z.number().int().min(1).optional(),
  bbox: BBox.optional(),
});

export const ProvenanceSchema = z.record(
  z.string(),
  z.object({ page: z.number().int().min(1), bbox: BBox.optional(), line: z.number().int().min(1).optional() }),
);

export const RecordSchema = z.object({
  schemaVersion: z.literal("1"),
  planNo: z.string(),
  title: z.string(),
  promotionItem: z.object({ no: z.number().int(), name: z.string() }),
  importance: Grade.nullable(),
  department: z.object({ code: z.string().nullable(), name: z.string().nullable() }),
  manager: z.string().nullable(),
  staff: z.string().nullable(),
  overall: OverallSchema.nullable(),
  annual: AnnualSchema.nullable(),
  source: z.object({
    file: z.string(),
    format: z.enum(["pdf", "text"]),
    pages: z.array(z.number().int().min(1)),
  }),
  warnings: z.array(WarningSchema),
  provenance: ProvenanceSchema.optional(),
});

export type PlanRecord = z.infer<typeof RecordSchema>;
export type Overall = z.infer<typeof OverallSchema>;
export type Annual = z.infer<typeof AnnualSchema>;
export type Values = z.infer<typeof ValuesSchema>;
export type Amounts = z.infer<typeof AmountsSchema>;
export type Year = z.infer<typeof YearSchema>;
export type Task = z.infer<typeof TaskSchema>;
export type RecordWarning = z.infer<typeof WarningSchema>;
export type Provenance = z.infer<typeof ProvenanceSchema>;

let compiledRecordAccepts: Accepts | undefined;

/** True only when RecordSchema.safeParse(value) would succeed, without zod's parse (see accepts.ts); on false ask zod why. */
export function recordAccepts(value: unknown): boolean {
  compiledRecordAccepts ??= compileAccepts(RecordSchema);
  return compiledRecordAccepts(value);
}

/** Why value is not a record: zod's issues, none when it is one (zod is asked only when recordAccepts refuses). */
export function recordIssues(value: unknown): z.core.$ZodIssue[] {
  if (recordAccepts(value)) return [];
  const result = RecordSchema.safeParse(value);
  return result.success ? [] : result.error.issues;
}

export function recordJsonSchema(): object {
  return z.toJSONSchema(RecordSchema, { target: "draft-2020-12" });
}
