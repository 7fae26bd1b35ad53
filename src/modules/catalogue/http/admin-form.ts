/**
 * The editing form of a procedure version, without JavaScript: simple lists are textareas with one item per line;
 * fee lines, internal steps and components are rows of fields (the rows there are, plus a few empty ones; a row
 * left empty or ticked "remove" is dropped; saving gives new empty rows); the online form is JSON in a textarea.
 *
 * Field names are the paths the rules report problems on (`feeLines.0.amount`), so each problem finds its field.
 * What was typed is kept as text (`FormValues`) so that a form with problems comes back exactly as it was sent,
 * its rows renumbered without the empty ones, which is how the rules numbered them too.
 */
import type { FastifyRequest } from 'fastify';
import { formText } from '../../../platform/http/form.ts';
import type { ProcedureContent } from '../domain/procedure-rules.ts';

export interface FeeLineValues { label: string; amount: string; basis: string; unitLabel: string; fromPage: string; fromPageAmount: string; capPerCopy: string }
export interface StepValues { name: string; hours: string }
export interface ComponentValues { name: string; originals: string; copies: string; required: string; templateFile: string }

export interface FormValues {
  code: string;
  name: string;
  field: string;
  level: string;
  agencies: string;
  legalBasis: string;
  steps: string;
  methods: string;
  subjects: string;
  timeValue: string;
  timeUnit: string;
  timeNote: string;
  feeStatus: string;
  feeTiming: string;
  feeNote: string;
  feeLines: FeeLineValues[];
  paperResultRequired: boolean;
  resultDocument: string;
  onlineLevel: string;
  internalSteps: StepValues[];
  components: ComponentValues[];
  formDefinition: string;
  source: string;
  revision: string;
}

/** Rows beyond the list's own for adding new ones. */
export const EXTRA_ROWS = { feeLines: 2, internalSteps: 3, components: 3 } as const;
/** Rows read from a posted form at most (more is not a form this application sent). */
const MAX_ROWS = 100;

const numberText = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function emptyValues(): FormValues {
  return {
    code: '', name: '', field: '', level: 'Cấp xã', agencies: '', legalBasis: '', steps: '', methods: '', subjects: '',
    timeValue: '', timeUnit: 'working_days', timeNote: '', feeStatus: 'free', feeTiming: 'at_intake', feeNote: '', feeLines: [],
    paperResultRequired: false, resultDocument: '', onlineLevel: 'none', internalSteps: [], components: [], formDefinition: '', source: '', revision: '',
  };
}

/** A stored version as the form shows it. */
export function valuesOf(p: ProcedureContent, revision?: number): FormValues {
  return {
    code: p.code, name: p.name, field: p.field, level: p.level,
    agencies: p.agencies.join('\n'), legalBasis: p.legalBasis.join('\n'), steps: p.steps.join('\n'), methods: p.methods.join('\n'), subjects: p.subjects,
    timeValue: numberText(p.processingTime.value), timeUnit: p.processingTime.unit ?? '', timeNote: p.processingTime.note ?? '',
    feeStatus: p.feeStatus, feeTiming: p.feeTiming, feeNote: p.feeNote ?? '',
    feeLines: p.feeLines.map((l) => ({
      label: l.label, amount: String(l.amount), basis: l.basis, unitLabel: l.unitLabel,
      fromPage: numberText(l.fromPage?.page), fromPageAmount: numberText(l.fromPage?.amount), capPerCopy: numberText(l.capPerCopy),
    })),
    paperResultRequired: p.paperResultRequired, resultDocument: p.resultDocument ?? '', onlineLevel: p.onlineLevel,
    internalSteps: p.internalSteps.map((s) => ({ name: s.name, hours: String(s.hours) })),
    components: p.components.map((c) => ({ name: c.name, originals: String(c.originals), copies: String(c.copies), required: c.required ? '1' : '0', templateFile: c.templateFile ?? '' })),
    formDefinition: p.formDefinition.sections.length > 0 ? JSON.stringify(p.formDefinition, null, 2) : '',
    source: p.source, revision: revision === undefined ? '' : String(revision),
  };
}

/** Rows of a list field: `prefix.N.key` for N from 0, the empty and removed ones left out. */
function rowsOf<T extends Record<string, string>>(request: FastifyRequest, prefix: string, keys: readonly (keyof T & string)[], names: Partial<Record<keyof T, string>> = {}): T[] {
  const rows: T[] = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    const row = Object.fromEntries(keys.map((k) => [k, formText(request, `${prefix}.${i}.${names[k] ?? k}`, 5000)])) as T;
    const removed = formText(request, `${prefix}.${i}.remove`, 10) === '1';
    if (!removed && keys.some((k) => row[k]!.trim() !== '' && !(k === 'required' || k === 'basis'))) rows.push(row);
  }
  return rows;
}

/** What was posted, as text. */
export function readForm(request: FastifyRequest): FormValues {
  const text = (name: string, max = 40_000) => formText(request, name, max);
  return {
    code: text('code', 100), name: text('name'), field: text('field'), level: text('level'),
    agencies: text('agencies'), legalBasis: text('legalBasis'), steps: text('steps'), methods: text('methods'), subjects: text('subjects'),
    timeValue: text('processingTime.value', 100), timeUnit: text('processingTime.unit', 100), timeNote: text('processingTime.note'),
    feeStatus: text('feeStatus', 100), feeTiming: text('feeTiming', 100), feeNote: text('feeNote'),
    feeLines: rowsOf<FeeLineValues & Record<string, string>>(request, 'feeLines', ['label', 'amount', 'basis', 'unitLabel', 'fromPage', 'fromPageAmount', 'capPerCopy'], { fromPage: 'fromPage.page', fromPageAmount: 'fromPage.amount' }),
    paperResultRequired: text('paperResultRequired', 10) === '1',
    resultDocument: text('resultDocument'), onlineLevel: text('onlineLevel', 100),
    internalSteps: rowsOf<StepValues & Record<string, string>>(request, 'internalSteps', ['name', 'hours']),
    components: rowsOf<ComponentValues & Record<string, string>>(request, 'components', ['name', 'originals', 'copies', 'required', 'templateFile']),
    formDefinition: text('formDefinition', 200_000), source: text('source'), revision: text('revision', 20),
  };
}

const splitLines = (text: string) => text.split(/\r?\n/);

/** What the rules check: the lists split into lines, the rows into objects (numbers stay text, the rules read them). */
export function inputOf(v: FormValues): Record<string, unknown> {
  return {
    code: v.code, name: v.name, field: v.field, level: v.level,
    agencies: splitLines(v.agencies), legalBasis: splitLines(v.legalBasis), steps: splitLines(v.steps), methods: splitLines(v.methods), subjects: v.subjects,
    processingTime: { value: v.timeValue, unit: v.timeUnit, note: v.timeNote },
    feeStatus: v.feeStatus, feeTiming: v.feeTiming, feeNote: v.feeNote,
    feeLines: v.feeLines.map((l) => ({
      label: l.label, amount: l.amount, basis: l.basis, unitLabel: l.unitLabel,
      ...(l.fromPage.trim() !== '' || l.fromPageAmount.trim() !== '' ? { fromPage: { page: l.fromPage, amount: l.fromPageAmount } } : {}),
      ...(l.capPerCopy.trim() !== '' ? { capPerCopy: l.capPerCopy } : {}),
    })),
    paperResultRequired: v.paperResultRequired, resultDocument: v.resultDocument, onlineLevel: v.onlineLevel,
    internalSteps: v.internalSteps.map((s) => ({ name: s.name, hours: s.hours })),
    components: v.components.map((c) => ({ name: c.name, originals: c.originals, copies: c.copies, required: c.required !== '0', templateFile: c.templateFile })),
    formDefinition: v.formDefinition, source: v.source,
  };
}
