/**
 * The online form (tờ khai) of a procedure: its sections and fields, their options, validation rules and
 * conditions, checked and cleaned from JSON text or an object of the FormDefinition shape.
 */
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { LIMITS } from './content-limits.ts';
import type { Problem } from './content-limits.ts';
import { cleanLine, length } from './content-reader.ts';
import { EMPTY_FORM, FIELD_TYPES } from './procedure.ts';
import type { FieldType, FormDefinition, FormField, FormSection } from './procedure.ts';

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
