/**
 * The online form of a record: the applicant block every record has, followed by the procedure's own form
 * definition (catalogue), or a single free-text request when the procedure has none yet. Values are checked
 * here, without a database, the same way for the web form, the JSON API and assisted filing.
 */
import type { FormDefinition, FormField, FormSection } from '../../catalogue/index.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';

/** The person the record belongs to (chủ hồ sơ). Procedure forms that repeat these names share the values. */
export const APPLICANT_SECTION: FormSection = {
  title: 'Người nộp hồ sơ',
  fields: [
    { name: 'applicantName', type: 'text', label: 'Họ, chữ đệm, tên', required: true, validation: { minLength: 2, maxLength: 120 } },
    { name: 'applicantId', type: 'id_number', label: 'Số định danh cá nhân (12 chữ số)', required: true, hint: 'In trên thẻ căn cước; dùng để tra cứu hồ sơ.' },
    { name: 'applicantPhone', type: 'phone', label: 'Số điện thoại', required: true },
    { name: 'applicantEmail', type: 'email', label: 'Email (nếu có)' },
    { name: 'applicantAddress', type: 'text', label: 'Nơi cư trú', required: true, validation: { maxLength: 300 } },
  ],
};
export const APPLICANT_FIELDS: ReadonlySet<string> = new Set(APPLICANT_SECTION.fields.map((f) => f.name));

/** For procedures whose form the province has not defined yet: say what you ask for. */
export const GENERIC_SECTION: FormSection = {
  title: 'Nội dung yêu cầu',
  fields: [{ name: 'request', type: 'textarea', label: 'Nội dung yêu cầu giải quyết', required: true, hint: 'Ghi rõ việc cần giải quyết, thông tin của người liên quan (nếu có).', validation: { minLength: 10, maxLength: 2000 } }],
};

/** Every section the person fills, in order. */
export function formSections(definition: FormDefinition): FormSection[] {
  const own = definition.sections
    .map((s) => ({ ...s, fields: s.fields.filter((f) => !APPLICANT_FIELDS.has(f.name)) }))
    .filter((s) => s.fields.length > 0);
  return [APPLICANT_SECTION, ...(own.length > 0 ? own : [GENERIC_SECTION])];
}

export interface FieldProblem {
  key: MessageKey;
  params: Record<string, string | number>;
}

export type FormValues = Record<string, string>;

export interface CheckedForm {
  /** Clean values of the fields that apply (hidden conditional fields dropped), keyed by field name. */
  values: FormValues;
  /** Field name → problem, in form order. Empty when the form can be submitted. */
  problems: Record<string, FieldProblem>;
}

const MAX_TEXT = 300;
const MAX_TEXTAREA = 2000;
const ID_NUMBER = /^[0-9]{12}$/;
const PHONE = /^0[0-9]{9}$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** "2026-11-28" or "28/11/2026" → "2026-11-28"; anything else (or 31/02) → null. */
export function parseDate(input: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(input);
  const [y, m, d] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : vn ? [Number(vn[3]), Number(vn[2]), Number(vn[1])] : [0, 0, 0];
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return date.toISOString().slice(0, 10);
}

/** Whether a conditional field applies, given the values entered so far. */
export function fieldApplies(field: FormField, input: Readonly<Record<string, string>>): boolean {
  if (!field.showIf) return true;
  return field.showIf.in.includes(input[field.showIf.field] ?? '');
}

const CHOICE_TYPES: ReadonlySet<string> = new Set(['select', 'radio']);

function checkField(field: FormField, raw: string, today: string, label: string): { value: string } | FieldProblem {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  const v = field.validation ?? {};
  if (field.type === 'checkbox') return { value: text === '' ? '' : 'on' };
  if (text === '') return field.required ? { key: CHOICE_TYPES.has(field.type) ? 'records.field.choose' : 'records.field.required', params: { label } } : { value: '' };
  const max = v.maxLength ?? (field.type === 'textarea' ? MAX_TEXTAREA : MAX_TEXT);
  if ([...text].length > max) return { key: 'records.field.too_long', params: { label, max } };
  if (v.minLength && [...text].length < v.minLength) return { key: 'records.field.too_short', params: { label, min: v.minLength } };
  switch (field.type) {
    case 'date': {
      const date = parseDate(text);
      if (!date) return { key: 'records.field.date', params: { label } };
      if (v.notAfterToday && date > today) return { key: 'records.field.date_future', params: { label } };
      return { value: date };
    }
    case 'number': {
      const min = v.min ?? 0;
      const maxValue = v.max ?? 1_000_000;
      if (!/^-?\d{1,9}$/.test(text) || Number(text) < min || Number(text) > maxValue) return { key: 'records.field.number', params: { label, min, max: maxValue } };
      return { value: String(Number(text)) };
    }
    case 'select':
    case 'radio':
      return (field.options ?? []).some((o) => o.value === text) ? { value: text } : { key: 'records.field.option', params: { label } };
    case 'id_number':
      return ID_NUMBER.test(text) ? { value: text } : { key: 'records.field.id_number', params: { label } };
    case 'phone': {
      const digits = text.replace(/[\s.-]/g, '').replace(/^\+84/, '0');
      return PHONE.test(digits) ? { value: digits } : { key: 'records.field.phone', params: { label } };
    }
    case 'email':
      return EMAIL.test(text) && text.length <= 254 ? { value: text.toLowerCase() } : { key: 'records.field.email', params: { label } };
    default:
      if (v.pattern && !new RegExp(v.pattern, 'u').test(text)) return { key: 'records.field.pattern', params: { label } };
      return { value: text };
  }
}

/**
 * Checks what a person entered against the sections. `complete: false` (saving a draft) reports only what
 * could never be stored (too long); missing or malformed answers wait until submission.
 */
export function checkForm(sections: readonly FormSection[], input: Readonly<Record<string, string>>, options: { today: string; complete: boolean }): CheckedForm {
  const values: FormValues = {};
  const problems: Record<string, FieldProblem> = {};
  // A label used in two sections ("Họ, chữ đệm, tên") is named with its section in messages.
  const labelCount = new Map<string, number>();
  for (const f of sections.flatMap((s) => s.fields)) labelCount.set(f.label, (labelCount.get(f.label) ?? 0) + 1);
  for (const section of sections) for (const field of section.fields) {
    if (!fieldApplies(field, input)) continue;
    const raw = input[field.name] ?? '';
    const label = (labelCount.get(field.label) ?? 0) > 1 ? `${field.label} (${section.title})` : field.label;
    const result = checkField(field, raw, options.today, label);
    if ('value' in result) {
      if (result.value !== '') values[field.name] = result.value;
      continue;
    }
    if (options.complete || result.key === 'records.field.too_long') problems[field.name] = result;
    // A draft keeps what was typed, within the length every field allows.
    else if (raw.trim() !== '') values[field.name] = [...raw.trim()].slice(0, MAX_TEXTAREA).join('');
  }
  return { values, problems };
}

/** The fee quantities a form carries: chứng thực asks for pages and copies. */
export function feeQuantities(values: FormValues): { pages?: number; copies?: number } {
  const whole = (v: string | undefined) => (v !== undefined && /^\d{1,4}$/.test(v) && Number(v) >= 1 ? Number(v) : undefined);
  return { pages: whole(values.pages), copies: whole(values.copies) };
}

export interface Applicant {
  name: string;
  idNumber: string;
  phone: string;
  email: string | null;
  address: string;
}

/** The applicant of a checked, complete form. */
export function applicantOf(values: FormValues): Applicant {
  return { name: values.applicantName ?? '', idNumber: values.applicantId ?? '', phone: values.applicantPhone ?? '', email: values.applicantEmail ?? null, address: values.applicantAddress ?? '' };
}

/** The procedure's own answers: what the record keeps besides the applicant. */
export function answersOf(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([name]) => !APPLICANT_FIELDS.has(name)));
}
