/**
 * What a procedure version may contain, checked the same way whatever it comes from: the editing form,
 * a JSON file or an XLSX workbook. Pure: no database, no clock (today is passed in).
 *
 * `checkProcedure` cleans what it accepts (Unicode NFC, white space tidied, numbers typed as text read
 * as numbers) and returns either the clean content or every problem found, each with the path of the
 * part it concerns (`feeLines.1.amount`, `components.0.name`, `formDefinition`) and a message key.
 * Cleaning is idempotent, so content that was checked once comes out of a second check unchanged:
 * exporting and importing again gives the same content.
 */
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { FeeBasis, FeeLine, FeeStatus } from './fees.ts';
import { fold } from './fold.ts';
import { EMPTY_FORM, FEE_TIMINGS, FIELD_TYPES, ONLINE_LEVELS, TIME_UNITS } from './procedure.ts';
import type { Component, FeeTiming, FieldType, FormDefinition, FormField, FormSection, InternalStep, NewProcedure, OnlineLevel, ProcessingTime, TimeUnit } from './procedure.ts';
import { missingParts, sevenParts } from './seven-parts.ts';
import type { SevenPartKey } from './seven-parts.ts';

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

const CONTENT_KEYS = [
  'code', 'name', 'field', 'level', 'agencies', 'legalBasis', 'steps', 'methods', 'subjects', 'processingTime', 'feeStatus', 'feeLines', 'feeNote',
  'feeTiming', 'paperResultRequired', 'resultDocument', 'onlineLevel', 'internalSteps', 'formDefinition', 'source', 'components',
] as const;

// --- text ------------------------------------------------------------------------------------------------------

/** One line: NFC, control characters and runs of white space as one space, trimmed. */
export const cleanLine = (text: string) => text.normalize('NFC').replace(/[\s\p{Cc}]+/gu, ' ').trim();

/** Text that may span lines: each line cleaned, at most one empty line in a row, trimmed. */
export const cleanText = (text: string) =>
  text.normalize('NFC').replace(/\r\n?/g, '\n').split('\n').map(cleanLine).join('\n').replace(/\n{3,}/g, '\n\n').trim();

/** Characters, as a person counts them (code points). */
const length = (text: string) => [...text].length;

// --- reading loosely typed input -----------------------------------------------------------------------------------

class Reader {
  readonly problems: Problem[] = [];
  problem(path: string, key: MessageKey, params?: Record<string, string | number>) {
    this.problems.push(params ? { path, key, params } : { path, key });
  }

  /** A string as given (numbers become text: a spreadsheet may have typed a name as a number); undefined when absent, null when unusable (a problem is recorded). */
  private rawText(value: unknown, path: string): string | undefined | null {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') {
      this.problem(path, 'catalogue_admin.error.text');
      return null;
    }
    if (!value.isWellFormed()) {
      this.problem(path, 'catalogue_admin.error.invalid_text');
      return null;
    }
    return value;
  }

  /** Whether a problem was already recorded for `path`. */
  has(path: string): boolean {
    return this.problems.some((p) => p.path === path);
  }

  /** A required or optional one-line text. Returns '' when absent and not required. */
  line(value: unknown, path: string, max: number, required: boolean): string {
    const raw = this.rawText(value, path);
    if (raw === null) return '';
    const text = raw === undefined ? '' : cleanLine(raw);
    if (text === '') {
      if (required) this.problem(path, 'catalogue_admin.error.required');
      return '';
    }
    if (length(text) > max) this.problem(path, 'catalogue_admin.error.too_long', { max });
    return text;
  }

  /** Text over several lines; '' when absent. */
  text(value: unknown, path: string, max: number, required = false): string {
    const raw = this.rawText(value, path);
    if (raw === null) return '';
    const text = raw === undefined ? '' : cleanText(raw);
    if (text === '' && required) this.problem(path, 'catalogue_admin.error.required');
    if (length(text) > max) this.problem(path, 'catalogue_admin.error.too_long', { max });
    return text;
  }

  /** Optional text: null when absent or empty. */
  optionalText(value: unknown, path: string, max: number): string | null {
    const text = this.text(value, path, max);
    return text === '' ? null : text;
  }

  /** One of `choices`; `fallback` when absent or empty (undefined fallback: required). */
  choice<T extends string>(value: unknown, path: string, choices: readonly T[], fallback?: T): T {
    const raw = this.rawText(value, path);
    if (raw === null) return choices[0]!;
    const text = raw === undefined ? '' : raw.trim();
    if (text === '') {
      if (fallback !== undefined) return fallback;
      this.problem(path, 'catalogue_admin.error.required');
      return choices[0]!;
    }
    if (!(choices as readonly string[]).includes(text)) {
      this.problem(path, 'catalogue_admin.error.choice');
      return choices[0]!;
    }
    return text as T;
  }

  /** true/false, also as the text a form or a spreadsheet gives ('1', 'true', 'TRUE'…); `fallback` when absent. */
  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === 0) return value === 1;
    if (typeof value === 'string') {
      const text = value.trim().toLowerCase();
      if (['true', '1', 'yes', 'có', 'x'].includes(text)) return true;
      if (['false', '0', 'no', 'không'].includes(text)) return false;
    }
    this.problem(path, 'catalogue_admin.error.boolean');
    return fallback;
  }

  /**
   * A whole number from `min` to `max`; undefined when absent or empty. Text may group thousands with dots,
   * commas or spaces as Vietnamese amounts are written: "200.000" is two hundred thousand.
   */
  integer(value: unknown, path: string, min: number, max: number, required = false): number | undefined {
    let n: number | undefined;
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (required) this.problem(path, 'catalogue_admin.error.required');
      return undefined;
    }
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string') {
      const text = value.trim().replace(/\s/g, '');
      if (/^\d+$/.test(text) || /^\d{1,3}(?:\.\d{3})+$/.test(text) || /^\d{1,3}(?:,\d{3})+$/.test(text)) n = Number(text.replace(/[.,]/g, ''));
    }
    if (n === undefined || !Number.isSafeInteger(n) || n < min || n > max) {
      this.problem(path, 'catalogue_admin.error.integer', { min, max });
      return undefined;
    }
    return n;
  }

  /** A number from more than 0 to `max` with at most one decimal ("1,5" or "1.5"); undefined when absent or empty. */
  decimal(value: unknown, path: string, max: number): number | undefined {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
    let n: number | undefined;
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string' && /^\d+([.,]\d+)?$/.test(value.trim())) n = Number(value.trim().replace(',', '.'));
    if (n === undefined || !Number.isFinite(n) || n <= 0 || n > max || Math.round(n * 10) !== n * 10) {
      this.problem(path, 'catalogue_admin.error.decimal', { max });
      return undefined;
    }
    return n;
  }

  /** An array (of anything); [] when absent. */
  array(value: unknown, path: string, max: number): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem(path, 'catalogue_admin.error.not_list');
      return [];
    }
    if (value.length > max) {
      this.problem(path, 'catalogue_admin.error.too_many', { max });
      return value.slice(0, max);
    }
    return value;
  }

  /** A plain object with no keys but `allowed`; undefined (and a problem) otherwise. */
  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, 'catalogue_admin.error.not_object');
      return undefined;
    }
    const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
    if (unknown.length > 0) this.problem(path, 'catalogue_admin.error.unknown_key', { key: unknown.join(', ') });
    return value as Record<string, unknown>;
  }

  /** A list of one-line texts (agencies, legal basis, steps, methods): empty lines dropped. */
  lines(value: unknown, path: string): string[] {
    const items = this.array(value, path, LIMITS.listItems * 4);
    const out: string[] = [];
    items.forEach((item, i) => {
      if (typeof item !== 'string' && typeof item !== 'number') {
        this.problem(path, 'catalogue_admin.error.list_item_text', { n: i + 1 });
        return;
      }
      const raw = this.rawText(item, path);
      if (raw === undefined || raw === null) return;
      const text = cleanLine(raw);
      if (text === '') return;
      if (length(text) > LIMITS.listItem) this.problem(path, 'catalogue_admin.error.list_item_too_long', { n: i + 1, max: LIMITS.listItem });
      out.push(text);
    });
    if (out.length > LIMITS.listItems) this.problem(path, 'catalogue_admin.error.too_many', { max: LIMITS.listItems });
    else if (out.join('\n').length > LIMITS.listTotal) this.problem(path, 'catalogue_admin.error.too_long', { max: LIMITS.listTotal });
    return out;
  }
}

// --- the parts -------------------------------------------------------------------------------------------------

function feeLineOf(r: Reader, value: unknown, path: string): FeeLine | undefined {
  const o = r.object(value, path, ['label', 'amount', 'basis', 'unitLabel', 'fromPage', 'capPerCopy']);
  if (!o) return undefined;
  const label = r.line(o.label, `${path}.label`, LIMITS.feeLabel, true);
  const amount = r.integer(o.amount, `${path}.amount`, 0, LIMITS.amount, true) ?? 0;
  const basis = r.choice(o.basis, `${path}.basis`, FEE_BASES);
  const unitLabel = r.line(o.unitLabel, `${path}.unitLabel`, LIMITS.unitLabel, false) || (basis === 'per_page' ? 'đồng/trang' : 'đồng');
  const line: FeeLine = { label, amount, basis, unitLabel };
  if (o.fromPage !== undefined && o.fromPage !== null) {
    const from = r.object(o.fromPage, `${path}.fromPage.page`, ['page', 'amount']);
    if (from && (from.page !== undefined || from.amount !== undefined)) {
      const page = r.integer(from.page, `${path}.fromPage.page`, 2, LIMITS.page, true);
      const pageAmount = r.integer(from.amount, `${path}.fromPage.amount`, 0, LIMITS.amount, true);
      if (basis !== 'per_page') r.problem(`${path}.fromPage.page`, 'catalogue_admin.error.per_page_only');
      else if (page !== undefined && pageAmount !== undefined) line.fromPage = { page, amount: pageAmount };
    }
  }
  if (o.capPerCopy !== undefined && o.capPerCopy !== null && o.capPerCopy !== '') {
    const cap = r.integer(o.capPerCopy, `${path}.capPerCopy`, 0, LIMITS.amount);
    if (basis !== 'per_page') r.problem(`${path}.capPerCopy`, 'catalogue_admin.error.per_page_only');
    else if (cap !== undefined) {
      if (cap < amount) r.problem(`${path}.capPerCopy`, 'catalogue_admin.error.cap_below_amount');
      line.capPerCopy = cap;
    }
  }
  return line;
}

function internalStepOf(r: Reader, value: unknown, path: string): InternalStep | undefined {
  const o = r.object(value, path, ['name', 'hours']);
  if (!o) return undefined;
  const name = r.line(o.name, `${path}.name`, LIMITS.stepName, true);
  const hours = r.integer(o.hours, `${path}.hours`, 1, LIMITS.stepHours, true) ?? 1;
  return { name, hours };
}

/** A template file is a name offered for download, never a path. */
const FILE_NAME = /^[^/\\:*?"<>|]+$/;

function componentOf(r: Reader, value: unknown, path: string): Component | undefined {
  const o = r.object(value, path, ['name', 'originals', 'copies', 'required', 'templateFile']);
  if (!o) return undefined;
  const name = r.text(o.name, `${path}.name`, LIMITS.componentName, true);
  const originals = r.integer(o.originals, `${path}.originals`, 0, LIMITS.count) ?? 0;
  const copies = r.integer(o.copies, `${path}.copies`, 0, LIMITS.count) ?? 0;
  const required = r.boolean(o.required, `${path}.required`, true);
  const templateFile = r.line(o.templateFile, `${path}.templateFile`, LIMITS.templateFile, false) || null;
  if (templateFile !== null && !FILE_NAME.test(templateFile)) r.problem(`${path}.templateFile`, 'catalogue_admin.error.file_name');
  return { name, originals, copies, required, templateFile };
}

function processingTimeOf(r: Reader, value: unknown): ProcessingTime {
  const o = value === undefined || value === null ? {} : r.object(value, 'processingTime.value', ['value', 'unit', 'note']) ?? {};
  const timeValue = r.decimal(o.value, 'processingTime.value', LIMITS.timeValue) ?? null;
  const unit = o.unit === undefined || o.unit === null || o.unit === '' ? null : r.choice<TimeUnit>(o.unit, 'processingTime.unit', TIME_UNITS);
  const note = r.optionalText(o.note, 'processingTime.note', LIMITS.note);
  if (timeValue === null && unit !== null && !r.has('processingTime.value')) r.problem('processingTime.value', 'catalogue_admin.error.unit_without_value');
  return { value: timeValue, unit, note };
}

/** The legal time limit in working hours, when it can be counted. */
export function legalHours(time: ProcessingTime): number | null {
  if (time.value === null) return null;
  if (time.unit === 'working_days') return time.value * 8;
  if (time.unit === 'working_hours') return time.value;
  return null;
}

// --- the online form -------------------------------------------------------------------------------------------

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const FIELD_KEYS = ['name', 'type', 'label', 'hint', 'required', 'options', 'validation', 'showIf'] as const;
const VALIDATION_KEYS = ['minLength', 'maxLength', 'min', 'max', 'pattern', 'notAfterToday'] as const;

/**
 * The online form (tờ khai): JSON text or an object of the FormDefinition shape. Every problem is reported
 * on the path `formDefinition`, its parameters saying where (section, field).
 */
export function checkFormDefinition(value: unknown, problems: Problem[] = []): { form: FormDefinition; problems: Problem[] } {
  const path = 'formDefinition';
  const add = (key: MessageKey, params?: Record<string, string | number>) => problems.push(params ? { path, key, params } : { path, key });
  let data = value;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return { form: EMPTY_FORM, problems };
  if (typeof value === 'string') {
    if (value.length > LIMITS.formJson * 4) {
      add('catalogue_admin.form.too_large', { max: LIMITS.formJson });
      return { form: EMPTY_FORM, problems };
    }
    try {
      data = JSON.parse(value);
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message);
      add(at ? 'catalogue_admin.form.not_json_at' : 'catalogue_admin.form.not_json', at ? { position: Number(at[1]) + 1 } : undefined);
      return { form: EMPTY_FORM, problems };
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !Array.isArray((data as { sections?: unknown }).sections)) {
    add('catalogue_admin.form.shape');
    return { form: EMPTY_FORM, problems };
  }
  const extra = Object.keys(data).filter((k) => k !== 'sections');
  if (extra.length > 0) add('catalogue_admin.form.unknown_key', { where: 'form', key: extra.join(', ') });
  const rawSections = (data as { sections: unknown[] }).sections;
  if (rawSections.length > LIMITS.sections) add('catalogue_admin.form.too_many_sections', { max: LIMITS.sections });

  const sections: FormSection[] = [];
  const fields: FormField[] = [];
  rawSections.slice(0, LIMITS.sections).forEach((rawSection, si) => {
    const where = `${si + 1}`;
    if (rawSection === null || typeof rawSection !== 'object' || Array.isArray(rawSection) || !Array.isArray((rawSection as { fields?: unknown }).fields)) {
      add('catalogue_admin.form.section_shape', { section: where });
      return;
    }
    const s = rawSection as { title?: unknown; fields: unknown[] };
    const unknown = Object.keys(s).filter((k) => k !== 'title' && k !== 'fields');
    if (unknown.length > 0) add('catalogue_admin.form.unknown_key', { where: where, key: unknown.join(', ') });
    const title = typeof s.title === 'string' ? cleanLine(s.title) : '';
    if (title === '' || length(title) > 200) add('catalogue_admin.form.section_title', { section: where });
    const sectionFields: FormField[] = [];
    s.fields.forEach((rawField, fi) => {
      const at = `${si + 1}.${fi + 1}`;
      const field = formFieldOf(rawField, at, add);
      if (field) sectionFields.push(field);
    });
    sections.push({ title, fields: sectionFields });
    fields.push(...sectionFields);
  });
  if (fields.length > LIMITS.formFields) add('catalogue_admin.form.too_many_fields', { max: LIMITS.formFields });

  const byName = new Map<string, FormField>();
  for (const f of fields) {
    if (byName.has(f.name)) add('catalogue_admin.form.duplicate_name', { name: f.name });
    byName.set(f.name, f);
  }
  for (const f of fields) {
    if (!f.showIf) continue;
    const target = byName.get(f.showIf.field);
    if (!target || target === f) add('catalogue_admin.form.show_if_field', { name: f.name, target: f.showIf.field });
    else if (target.options) {
      const bad = f.showIf.in.filter((v) => !target.options!.some((o) => o.value === v));
      if (bad.length > 0) add('catalogue_admin.form.show_if_value', { name: f.name, value: bad.join(', '), target: target.name });
    }
  }
  const form = { sections };
  if (JSON.stringify(form).length > LIMITS.formJson) add('catalogue_admin.form.too_large', { max: LIMITS.formJson });
  return { form, problems };
}

type AddProblem = (key: MessageKey, params?: Record<string, string | number>) => void;

function formFieldOf(value: unknown, at: string, add: AddProblem): FormField | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    add('catalogue_admin.form.field_shape', { field: at });
    return undefined;
  }
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !(FIELD_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) add('catalogue_admin.form.unknown_key', { where: at, key: unknown.join(', ') });
  const name = typeof o.name === 'string' ? o.name : '';
  const label = typeof o.name === 'string' && FIELD_NAME.test(name) ? name : at;
  if (!FIELD_NAME.test(name)) add('catalogue_admin.form.field_name', { field: at });
  if (typeof o.type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(o.type)) {
    add('catalogue_admin.form.field_type', { name: label, types: FIELD_TYPES.join(', ') });
  }
  const type = (FIELD_TYPES as readonly string[]).includes(o.type as string) ? (o.type as FieldType) : 'text';
  const fieldLabel = typeof o.label === 'string' ? cleanLine(o.label) : '';
  if (fieldLabel === '' || length(fieldLabel) > 300) add('catalogue_admin.form.field_label', { name: label });
  const field: FormField = { name, type, label: fieldLabel };
  if (o.hint !== undefined) {
    const hint = typeof o.hint === 'string' ? cleanLine(o.hint) : '';
    if (typeof o.hint !== 'string' || length(hint) > 500) add('catalogue_admin.form.field_hint', { name: label });
    else if (hint !== '') field.hint = hint;
  }
  if (o.required !== undefined) {
    if (typeof o.required !== 'boolean') add('catalogue_admin.form.boolean', { name: label, key: 'required' });
    else field.required = o.required;
  }
  const choices = type === 'select' || type === 'radio';
  if (o.options !== undefined) {
    if (!choices) add('catalogue_admin.form.options_not_allowed', { name: label });
    else if (!Array.isArray(o.options) || o.options.length === 0 || o.options.length > LIMITS.options) add('catalogue_admin.form.options_needed', { name: label });
    else {
      const options: { value: string; label: string }[] = [];
      for (const opt of o.options) {
        const ok = opt !== null && typeof opt === 'object' && !Array.isArray(opt) && typeof opt.value === 'string' && typeof opt.label === 'string'
          && Object.keys(opt).every((k) => k === 'value' || k === 'label');
        const optLabel = ok ? cleanLine(opt.label) : '';
        if (!ok || opt.value === '' || opt.value.length > 100 || opt.value !== opt.value.trim() || optLabel === '' || length(optLabel) > 200) {
          add('catalogue_admin.form.option_shape', { name: label });
          continue;
        }
        if (options.some((x) => x.value === opt.value)) add('catalogue_admin.form.option_duplicate', { name: label, value: opt.value });
        options.push({ value: opt.value, label: optLabel });
      }
      field.options = options;
    }
  } else if (choices) add('catalogue_admin.form.options_needed', { name: label });
  if (o.validation !== undefined) {
    const v = o.validation;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) add('catalogue_admin.form.validation_shape', { name: label });
    else {
      const rules = v as Record<string, unknown>;
      const bad = Object.keys(rules).filter((k) => !(VALIDATION_KEYS as readonly string[]).includes(k));
      if (bad.length > 0) add('catalogue_admin.form.unknown_key', { where: label, key: bad.join(', ') });
      const validation: NonNullable<FormField['validation']> = {};
      for (const k of ['minLength', 'maxLength'] as const) {
        if (rules[k] === undefined) continue;
        if (!Number.isSafeInteger(rules[k]) || (rules[k] as number) < 0 || (rules[k] as number) > 10_000) add('catalogue_admin.form.validation_number', { name: label, key: k });
        else validation[k] = rules[k] as number;
      }
      for (const k of ['min', 'max'] as const) {
        if (rules[k] === undefined) continue;
        if (typeof rules[k] !== 'number' || !Number.isFinite(rules[k])) add('catalogue_admin.form.validation_number', { name: label, key: k });
        else validation[k] = rules[k] as number;
      }
      if ((validation.minLength ?? 0) > (validation.maxLength ?? Infinity) || (validation.min ?? -Infinity) > (validation.max ?? Infinity)) {
        add('catalogue_admin.form.validation_range', { name: label });
      }
      if (rules.pattern !== undefined) {
        let valid = typeof rules.pattern === 'string' && rules.pattern.length > 0 && rules.pattern.length <= 300;
        if (valid) {
          try {
            new RegExp(rules.pattern as string, 'u');
          } catch {
            valid = false;
          }
        }
        if (!valid) add('catalogue_admin.form.validation_pattern', { name: label });
        else validation.pattern = rules.pattern as string;
      }
      if (rules.notAfterToday !== undefined) {
        if (typeof rules.notAfterToday !== 'boolean') add('catalogue_admin.form.boolean', { name: label, key: 'notAfterToday' });
        else validation.notAfterToday = rules.notAfterToday;
      }
      field.validation = validation;
    }
  }
  if (o.showIf !== undefined) {
    const s = o.showIf as { field?: unknown; in?: unknown } | null;
    const ok = s !== null && typeof s === 'object' && !Array.isArray(s) && typeof s.field === 'string' && Array.isArray(s.in) && s.in.length > 0 && s.in.length <= 50
      && s.in.every((x) => typeof x === 'string') && Object.keys(s).every((k) => k === 'field' || k === 'in');
    if (!ok) add('catalogue_admin.form.show_if_shape', { name: label });
    else field.showIf = { field: s.field as string, in: s.in as string[] };
  }
  return field;
}

// --- the whole procedure ---------------------------------------------------------------------------------------

/** Online filing, in part or in full, needs an online channel among the methods. */
const isOnlineMethod = (method: string) => fold(method).includes('truc tuyen') || fold(method).includes('online');

/**
 * Checks and cleans one procedure version's content. `input` is loosely typed (a parsed JSON object, or what
 * the form or the workbook reader built); keys in `EXPORT_ONLY_KEYS` are ignored, any other unknown key is a problem.
 */
export function checkProcedure(input: unknown): Checked<ProcedureContent> {
  const r = new Reader();
  const o = r.object(input, 'code', [...CONTENT_KEYS, ...EXPORT_ONLY_KEYS]);
  if (!o) return { ok: false, problems: r.problems };

  const code = r.line(o.code, 'code', 20, true).toUpperCase();
  if (code !== '' && !CODE_PATTERN.test(code)) r.problem('code', 'catalogue_admin.error.code_format');
  const name = r.line(o.name, 'name', LIMITS.name, true);
  const field = r.line(o.field, 'field', LIMITS.field, true);
  const level = r.line(o.level, 'level', LIMITS.level, true);
  const agencies = r.lines(o.agencies, 'agencies');
  const legalBasis = r.lines(o.legalBasis, 'legalBasis');
  const steps = r.lines(o.steps, 'steps');
  const methods = r.lines(o.methods, 'methods');
  const subjects = r.text(o.subjects, 'subjects', LIMITS.subjects);
  const processingTime = processingTimeOf(r, o.processingTime);

  const feeStatus = r.choice<FeeStatus>(o.feeStatus, 'feeStatus', FEE_STATUSES);
  const feeLines = r.array(o.feeLines, 'feeLines', LIMITS.feeLines).map((l, i) => feeLineOf(r, l, `feeLines.${i}`)).filter((l): l is FeeLine => l !== undefined);
  if (!r.has('feeStatus')) {
    if (feeStatus === 'charged' && feeLines.length === 0) r.problem('feeLines', 'catalogue_admin.error.fee_lines_needed');
    if ((feeStatus === 'free' || feeStatus === 'not_published') && feeLines.length > 0) r.problem('feeLines', 'catalogue_admin.error.fee_lines_not_allowed');
  }
  const feeNote = r.optionalText(o.feeNote, 'feeNote', LIMITS.note);
  const feeTiming = r.choice<FeeTiming>(o.feeTiming, 'feeTiming', FEE_TIMINGS, 'at_intake');

  const paperResultRequired = r.boolean(o.paperResultRequired, 'paperResultRequired', false);
  const resultDocument = r.optionalText(o.resultDocument, 'resultDocument', LIMITS.resultDocument);
  const onlineLevel = r.choice<OnlineLevel>(o.onlineLevel, 'onlineLevel', ONLINE_LEVELS);
  if (onlineLevel !== 'none' && !r.has('onlineLevel') && !methods.some(isOnlineMethod)) r.problem('onlineLevel', 'catalogue_admin.error.online_needs_method');

  const internalSteps = r.array(o.internalSteps, 'internalSteps', LIMITS.internalSteps)
    .map((s, i) => internalStepOf(r, s, `internalSteps.${i}`)).filter((s): s is InternalStep => s !== undefined);
  const budget = legalHours(processingTime);
  const hours = internalSteps.reduce((sum, s) => sum + s.hours, 0);
  if (budget !== null && hours > budget) r.problem('internalSteps', 'catalogue_admin.error.hours_exceed', { hours, limit: budget });

  const { form: formDefinition } = checkFormDefinition(o.formDefinition, r.problems);
  const source = r.text(o.source, 'source', LIMITS.source);
  const components = r.array(o.components, 'components', LIMITS.components)
    .map((c, i) => componentOf(r, c, `components.${i}`)).filter((c): c is Component => c !== undefined);

  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  return {
    ok: true,
    value: {
      code, name, field, level, agencies, legalBasis, steps, methods, subjects, processingTime, feeStatus, feeLines, feeNote, feeTiming,
      paperResultRequired, resultDocument, onlineLevel, internalSteps, formDefinition, source, components,
    },
  };
}

// --- publication ------------------------------------------------------------------------------------------------

/** 'YYYY-MM-DD' or 'DD/MM/YYYY' → 'YYYY-MM-DD' when it is a real date; undefined otherwise. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!iso && !vn) return undefined;
  const [y, mo, d] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [Number(vn![3]), Number(vn![2]), Number(vn![1])];
  if (y < 2000 || y > 2100) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** '2026-07-01' → '01/07/2026'. */
export const displayDate = (iso: string) => iso.split('-').reverse().join('/');

const PART_KEYS: Record<SevenPartKey, MessageKey> = {
  name: 'catalogue_admin.missing.name',
  sequence: 'catalogue_admin.missing.sequence',
  method: 'catalogue_admin.missing.method',
  components: 'catalogue_admin.missing.components',
  time: 'catalogue_admin.missing.time',
  subjects: 'catalogue_admin.missing.subjects',
  agency: 'catalogue_admin.missing.agency',
};

const PART_PATHS: Record<SevenPartKey, string> = {
  name: 'name', sequence: 'steps', method: 'methods', components: 'components', time: 'processingTime.value', subjects: 'subjects', agency: 'agencies',
};

/**
 * Whether a draft may be published with `effectiveFrom` (as typed): a real date, not before `today` (Vietnam's)
 * nor before the effective date of the newest version already published, and all seven parts present
 * (NĐ 63/2010 Art. 8). Returns the clean date, or the problems (path `effectiveFrom` or the part's field).
 */
export function checkPublication(
  content: ProcedureContent,
  effectiveFrom: string,
  today: string,
  latestPublished: { version: number; effectiveFrom: string } | null,
): Checked<string> {
  const problems: Problem[] = [];
  const date = parseDate(effectiveFrom);
  if (!date) problems.push({ path: 'effectiveFrom', key: 'catalogue_admin.error.date_format' });
  else if (date < today) problems.push({ path: 'effectiveFrom', key: 'catalogue_admin.error.date_past', params: { today: displayDate(today) } });
  else if (latestPublished && date < latestPublished.effectiveFrom) {
    problems.push({ path: 'effectiveFrom', key: 'catalogue_admin.error.date_before_previous', params: { version: latestPublished.version, date: displayDate(latestPublished.effectiveFrom) } });
  }
  for (const part of missingParts(sevenParts({ ...content, id: 0, version: 0, status: 'draft', effectiveFrom: '' }))) {
    problems.push({ path: PART_PATHS[part], key: PART_KEYS[part] });
  }
  return problems.length > 0 || !date ? { ok: false, problems } : { ok: true, value: date };
}

// --- versions ---------------------------------------------------------------------------------------------------

/**
 * How a version stands on `today`: a draft; the version in force (`published`); `scheduled`, published to take
 * effect later; or `superseded`, published but replaced (or never to be in force, a later version taking effect first).
 */
export type VersionState = 'draft' | 'published' | 'scheduled' | 'superseded';
export const VERSION_STATES: readonly VersionState[] = ['draft', 'published', 'scheduled', 'superseded'];

export interface VersionFacts {
  version: number;
  status: 'draft' | 'published';
  effectiveFrom: string | null;
}

/** The state of each version of one code (the same rule as the store's `inForce` query). */
export function versionStates(versions: readonly VersionFacts[], today: string): Map<number, VersionState> {
  const published = versions.filter((v) => v.status === 'published' && v.effectiveFrom !== null);
  const inForce = published.filter((v) => v.effectiveFrom! <= today).reduce<VersionFacts | undefined>((a, v) => (!a || v.version > a.version ? v : a), undefined);
  const states = new Map<number, VersionState>();
  for (const v of versions) {
    if (v.status === 'draft') states.set(v.version, 'draft');
    else if (v === inForce) states.set(v.version, 'published');
    else if (v.effectiveFrom! > today && !published.some((n) => n.version > v.version && n.effectiveFrom! <= v.effectiveFrom!)) states.set(v.version, 'scheduled');
    else states.set(v.version, 'superseded');
  }
  return states;
}

/** The parts of the content that differ between two versions, in the order of the form. */
export function changedParts(before: ProcedureContent, after: ProcedureContent): (keyof ProcedureContent)[] {
  return CONTENT_KEYS.filter((k) => JSON.stringify(canonical(before[k])) !== JSON.stringify(canonical(after[k])));
}

/** Objects with their keys sorted, so that key order (jsonb reorders keys) makes no difference. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}

/** The content of a stored version (drops the number, status, effective date and id). */
export function contentOf(p: ProcedureContent & Partial<Record<'id' | 'version' | 'status' | 'effectiveFrom', unknown>>): ProcedureContent {
  const out = {} as Record<string, unknown>;
  for (const k of CONTENT_KEYS) out[k] = p[k];
  return out as unknown as ProcedureContent;
}

export const CONTENT_FIELDS: readonly (keyof ProcedureContent)[] = CONTENT_KEYS;
