/**
 * The shape of a procedure version's content as an editor decides it, the problems a check reports, and the
 * limits every part is held to (the same whatever the content comes from: the editing form, a JSON file or an
 * XLSX workbook), with the keys a file may carry.
 */
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { FeeBasis, FeeStatus } from './fees.ts';
import type { NewProcedure } from './procedure.ts';

/** What an editor decides about a version; its number, status and effective date are the system's. */
export type ProcedureContent = Omit<NewProcedure, 'version' | 'status' | 'effectiveFrom'>;

export interface Problem {
  /** Where: a field (`name`), a line of a list (`feeLines.1.amount`), or `formDefinition`. */
  path: string;
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** A national code (1.001193) or a province's variant of it (1.000948.H38). */
export const CODE_PATTERN = /^[0-9]\.[0-9]{6}(\.[A-Z][A-Z0-9]{1,5})?$/;
export const FEE_STATUSES: readonly FeeStatus[] = ['free', 'charged', 'set_by_province', 'not_published'];
export const FEE_BASES: readonly FeeBasis[] = ['per_case', 'per_page'];

export const LIMITS = {
  name: 1000,
  field: 200,
  level: 200,
  /** Lines of agencies, legal basis, steps and methods. */
  listItems: 50,
  listItem: 1000,
  /** All lines of one list together: an XLSX cell holds at most 32 767 characters. */
  listTotal: 30_000,
  subjects: 2000,
  note: 2000,
  feeLines: 20,
  feeLabel: 200,
  unitLabel: 100,
  amount: 1_000_000_000,
  page: 1000,
  resultDocument: 1000,
  internalSteps: 30,
  stepName: 200,
  stepHours: 2000,
  components: 50,
  componentName: 2000,
  count: 99,
  templateFile: 200,
  source: 1000,
  timeValue: 9999,
  /** The online form as compact JSON (it travels in one XLSX cell). */
  formJson: 30_000,
  sections: 30,
  formFields: 200,
  options: 100,
} as const;

/** Keys a file may carry that are not content: the exporting install's version number, status and date. */
export const EXPORT_ONLY_KEYS = ['version', 'status', 'effectiveFrom'] as const;

/** The content keys, in the order of the form. */
export const CONTENT_KEYS = [
  'code', 'name', 'field', 'level', 'agencies', 'legalBasis', 'steps', 'methods', 'subjects', 'processingTime', 'feeStatus', 'feeLines', 'feeNote',
  'feeTiming', 'paperResultRequired', 'resultDocument', 'onlineLevel', 'internalSteps', 'formDefinition', 'source', 'components',
] as const;
