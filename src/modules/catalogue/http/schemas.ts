/** JSON shapes of the catalogue API (they are the OpenAPI document's). */
import { Type } from 'typebox';
import { stringEnum } from '../../../platform/http/schema.ts';
import { FIELD_TYPES, FEE_TIMINGS, ONLINE_LEVELS, PROCEDURE_STATUSES, TIME_UNITS } from '../domain/procedure.ts';
import type { Procedure, ProcedureSummary } from '../domain/procedure.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const TimeSchema = Type.Object({
  value: Nullable(Type.Number()),
  unit: Nullable(stringEnum(TIME_UNITS)),
  note: Nullable(Type.String()),
}, { description: 'Legal time limit. A null unit means the national portal shows a bare number.' });

const FeeLineSchema = Type.Object({
  label: Type.String(),
  amount: Type.Integer({ description: 'đồng' }),
  basis: stringEnum(['per_case', 'per_page'] as const),
  unitLabel: Type.String(),
  fromPage: Type.Optional(Type.Object({ page: Type.Integer(), amount: Type.Integer() })),
  capPerCopy: Type.Optional(Type.Integer()),
});

const FeeSchema = Type.Object({
  status: stringEnum(['free', 'charged', 'set_by_province', 'not_published'] as const),
  lines: Type.Array(FeeLineSchema),
});

export const ProcedureSummarySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  field: Type.String(),
  implementingLevel: Type.String(),
  processingTime: TimeSchema,
  fee: FeeSchema,
  onlineLevel: stringEnum(ONLINE_LEVELS),
});

export const ProcedureListSchema = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(ProcedureSummarySchema),
});

const FormFieldSchema = Type.Object({
  name: Type.String(),
  type: stringEnum(FIELD_TYPES),
  label: Type.String(),
  hint: Type.Optional(Type.String()),
  required: Type.Optional(Type.Boolean()),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
  validation: Type.Optional(Type.Object({
    minLength: Type.Optional(Type.Integer()), maxLength: Type.Optional(Type.Integer()), min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()),
    pattern: Type.Optional(Type.String()), notAfterToday: Type.Optional(Type.Boolean()),
  })),
  showIf: Type.Optional(Type.Object({ field: Type.String(), in: Type.Array(Type.String()) })),
});

export const ProcedureSchema = Type.Object({
  ...ProcedureSummarySchema.properties,
  version: Type.Integer(),
  effectiveFrom: Type.String({ format: 'date' }),
  agencies: Type.Array(Type.String()),
  legalBasis: Type.Array(Type.String()),
  steps: Type.Array(Type.String()),
  methods: Type.Array(Type.String()),
  subjects: Type.String(),
  feeNote: Nullable(Type.String()),
  feeTiming: stringEnum(FEE_TIMINGS),
  paperResultRequired: Type.Boolean(),
  resultDocument: Nullable(Type.String()),
  components: Type.Array(Type.Object({
    name: Type.String(), originals: Type.Integer(), copies: Type.Integer(), templateFile: Nullable(Type.String()), required: Type.Boolean(),
  })),
  internalSteps: Type.Array(Type.Object({ name: Type.String(), hours: Type.Number() })),
  formDefinition: Type.Object({ sections: Type.Array(Type.Object({ title: Type.String(), fields: Type.Array(FormFieldSchema) })) }),
  source: Type.String(),
});

/** One version in the exchange format (exchange/document.ts): the content as the editor keeps it. */
const ExportItemSchema = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  status: stringEnum(PROCEDURE_STATUSES),
  effectiveFrom: Nullable(Type.String({ format: 'date' })),
  name: Type.String(),
  field: Type.String(),
  level: Type.String(),
  agencies: Type.Array(Type.String()),
  legalBasis: Type.Array(Type.String()),
  steps: Type.Array(Type.String()),
  methods: Type.Array(Type.String()),
  subjects: Type.String(),
  processingTime: TimeSchema,
  feeStatus: FeeSchema.properties.status,
  feeLines: Type.Array(FeeLineSchema),
  feeNote: Nullable(Type.String()),
  feeTiming: stringEnum(FEE_TIMINGS),
  paperResultRequired: Type.Boolean(),
  resultDocument: Nullable(Type.String()),
  onlineLevel: stringEnum(ONLINE_LEVELS),
  internalSteps: ProcedureSchema.properties.internalSteps,
  formDefinition: ProcedureSchema.properties.formDefinition,
  source: Type.String(),
  components: ProcedureSchema.properties.components,
});

export const ExportDocumentSchema = Type.Object({
  format: Type.Literal('smart-commune.procedures'),
  formatVersion: Type.Literal(1),
  exportedAt: Type.String({ format: 'date-time' }),
  selection: Type.String(),
  count: Type.Integer(),
  procedures: Type.Array(ExportItemSchema),
});

export const summaryJson = (p: ProcedureSummary) => ({
  code: p.code, name: p.name, field: p.field, implementingLevel: p.level, processingTime: p.processingTime,
  fee: { status: p.feeStatus, lines: p.feeLines }, onlineLevel: p.onlineLevel,
});

export const procedureJson = (p: Procedure) => ({
  ...summaryJson(p), version: p.version, effectiveFrom: p.effectiveFrom, agencies: p.agencies, legalBasis: p.legalBasis, steps: p.steps,
  methods: p.methods, subjects: p.subjects, feeNote: p.feeNote, feeTiming: p.feeTiming, paperResultRequired: p.paperResultRequired,
  resultDocument: p.resultDocument, components: p.components, internalSteps: p.internalSteps, formDefinition: p.formDefinition, source: p.source,
});
