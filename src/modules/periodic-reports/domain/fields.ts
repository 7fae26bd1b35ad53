/**
 * A report template's fields and the answers to them, pure. The province writes the fields as plain text, one a
 * line — `key | label | kind | required | source` — so the editor is an ordinary textarea that works without
 * JavaScript; every line's problem is reported with its number. Answers are typed the Vietnamese way (integers may
 * group thousands with dots: 1.234; decimals take a comma or a dot: 12,5) and kept as numbers.
 */
import type { MessageKey } from '../../../platform/i18n/index.ts';

export const FIELD_KINDS = ['integer', 'decimal', 'percent', 'text'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface FieldDef {
  /** Stable identifier of the field: the aggregate and the exports use it. */
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** A live figure the field is filled from (live-figures.ts), read-only on the form. */
  source?: string;
}

export type Answer = number | string | null;
export type Answers = Record<string, Answer>;

export const MAX_FIELDS = 50;
export const LABEL_MAX = 200;
export const TEXT_MAX = 2000;
/** The largest magnitude a numeric answer may have (keeps sums exact in doubles). */
export const NUMBER_MAX = 1_000_000_000_000;
const KEY = /^[a-z][a-z0-9_]{0,39}$/;

export interface LineProblem {
  /** 1-based line of the text; 0 for the text as a whole. */
  line: number;
  key: MessageKey;
  params: Record<string, string | number>;
}

/** Words the `kind` column accepts besides the codes themselves. */
const KIND_WORDS: Record<string, FieldKind> = {
  integer: 'integer', int: 'integer', 'số nguyên': 'integer', 'so nguyen': 'integer',
  decimal: 'decimal', number: 'decimal', 'số thập phân': 'decimal', 'so thap phan': 'decimal', 'số': 'decimal',
  percent: 'percent', '%': 'percent', 'tỷ lệ': 'percent', 'tỉ lệ': 'percent', 'ty le': 'percent',
  text: 'text', 'văn bản': 'text', 'van ban': 'text', 'chữ': 'text',
};
const YES = new Set(['required', 'yes', 'y', 'x', '1', 'true', 'có', 'co', 'bắt buộc', 'bat buoc', '*']);
const NO = new Set(['', 'optional', 'no', 'n', '0', 'false', 'không', 'khong', 'tùy chọn', 'tuỳ chọn']);

const norm = (s: string) => s.normalize('NFC').trim().toLocaleLowerCase('vi').replace(/\s+/g, ' ');

/** The fields written one a line; `sources` are the live figures a field may name. */
export function parseFieldLines(text: string, sources: readonly string[]): { fields: FieldDef[]; problems: LineProblem[] } {
  const fields: FieldDef[] = [];
  const problems: LineProblem[] = [];
  const seen = new Map<string, number>();
  const problem = (line: number, key: MessageKey, params: Record<string, string | number> = {}) => problems.push({ line, key, params: { line, ...params } });
  text.replace(/\r\n?/g, '\n').split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    const parts = raw.split('|').map((p) => p.normalize('NFC').trim());
    if (parts.length < 3) return problem(line, 'periodic_reports.fields.columns');
    if (parts.length > 5) return problem(line, 'periodic_reports.fields.extra');
    const [key = '', label = '', kindText = '', requiredText = '', source = ''] = parts;
    let ok = true;
    if (!KEY.test(key)) {
      problem(line, 'periodic_reports.fields.key', { key });
      ok = false;
    } else if (seen.has(key)) {
      problem(line, 'periodic_reports.fields.duplicate', { key, first: seen.get(key)! });
      ok = false;
    } else seen.set(key, line);
    if (label === '' || [...label].length > LABEL_MAX) {
      problem(line, 'periodic_reports.fields.label', { max: LABEL_MAX });
      ok = false;
    }
    const kind = KIND_WORDS[norm(kindText)];
    if (!kind) {
      problem(line, 'periodic_reports.fields.kind', { kind: kindText });
      ok = false;
    }
    const req = norm(requiredText);
    if (!YES.has(req) && !NO.has(req)) {
      problem(line, 'periodic_reports.fields.required', { value: requiredText });
      ok = false;
    }
    if (source !== '' && !sources.includes(source)) {
      problem(line, 'periodic_reports.fields.source', { source, known: sources.join(', ') });
      ok = false;
    } else if (source !== '' && kind === 'text') {
      problem(line, 'periodic_reports.fields.source_kind');
      ok = false;
    }
    if (ok) fields.push({ key, label, kind: kind!, required: YES.has(req), ...(source ? { source } : {}) });
  });
  if (fields.length === 0 && problems.length === 0) problems.push({ line: 0, key: 'periodic_reports.fields.empty', params: {} });
  if (fields.length > MAX_FIELDS) problems.push({ line: 0, key: 'periodic_reports.fields.too_many', params: { max: MAX_FIELDS } });
  return { fields, problems };
}

/** The fields back as the editor's text (the form shows a template this way). */
export function formatFieldLines(fields: readonly FieldDef[]): string {
  return fields.map((f) => [f.key, f.label, f.kind, f.required ? 'required' : 'optional', ...(f.source ? [f.source] : [])].join(' | ')).join('\n');
}

/** Fields as stored (jsonb), checked: what was written by this module, so anything else is a bug, not input. */
export function storedFields(value: unknown): FieldDef[] {
  if (!Array.isArray(value)) throw new Error('report fields are not a list');
  return value.map((f: Partial<FieldDef>) => {
    if (!f || typeof f.key !== 'string' || typeof f.label !== 'string' || !FIELD_KINDS.includes(f.kind as FieldKind)) throw new Error('bad report field');
    return { key: f.key, label: f.label, kind: f.kind as FieldKind, required: f.required === true, ...(typeof f.source === 'string' ? { source: f.source } : {}) };
  });
}

export const isNumeric = (kind: FieldKind) => kind !== 'text';

/** One typed answer: a number for numeric kinds (null when blank), trimmed text otherwise. */
export function parseAnswer(kind: FieldKind, typed: string): { ok: true; value: Answer } | { ok: false; key: MessageKey; params: Record<string, string | number> } {
  const text = typed.normalize('NFC').trim();
  if (kind === 'text') {
    if ([...text].length > TEXT_MAX) return { ok: false, key: 'periodic_reports.answer.too_long', params: { max: TEXT_MAX } };
    return { ok: true, value: text === '' ? null : text };
  }
  const compact = text.replace(/[\s\u00a0]/g, '').replace(/%$/, '');
  if (compact === '') return { ok: true, value: null };
  let n: number;
  if (kind === 'integer') {
    if (!/^-?(\d{1,3}(\.\d{3})+|\d+)$/.test(compact)) return { ok: false, key: 'periodic_reports.answer.integer', params: {} };
    n = Number(compact.replace(/\./g, ''));
  } else {
    if (!/^-?\d+([.,]\d+)?$/.test(compact)) return { ok: false, key: `periodic_reports.answer.${kind}`, params: {} };
    n = Number(compact.replace(',', '.'));
  }
  if (!Number.isFinite(n) || Math.abs(n) > NUMBER_MAX) return { ok: false, key: 'periodic_reports.answer.too_large', params: {} };
  if (kind === 'percent' && (n < 0 || n > 100)) return { ok: false, key: 'periodic_reports.answer.percent', params: {} };
  return { ok: true, value: n };
}

export interface AnswerProblem {
  key: MessageKey;
  params: Record<string, string | number>;
}

/**
 * The answers of a form. A field with a live figure takes the figure (what was posted for it is ignored) unless
 * the figure is unknown (null), when the commune types it. `submit` also requires every required field.
 */
export function readAnswers(fields: readonly FieldDef[], posted: Record<string, string>, live: Record<string, number | null>, mode: 'draft' | 'submit'): { answers: Answers; problems: Record<string, AnswerProblem> } {
  const answers: Answers = {};
  const problems: Record<string, AnswerProblem> = {};
  for (const f of fields) {
    const figure = f.source ? live[f.source] : undefined;
    if (f.source && figure !== null && figure !== undefined) {
      answers[f.key] = figure;
      continue;
    }
    const parsed = parseAnswer(f.kind, posted[f.key] ?? '');
    if (!parsed.ok) {
      problems[f.key] = { key: parsed.key, params: parsed.params };
      answers[f.key] = null;
      continue;
    }
    answers[f.key] = parsed.value;
    if (mode === 'submit' && f.required && parsed.value === null) problems[f.key] = { key: 'periodic_reports.answer.required', params: {} };
  }
  return { answers, problems };
}

/** Whether a field is filled from a figure the provider knows (then it is read-only on the form). */
export const isLive = (f: FieldDef, live: Record<string, number | null>) => !!f.source && live[f.source] !== null && live[f.source] !== undefined;

const grouped = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 4 });

/** An answer as people read it: 1.234 / 12,5 / 87,5 %; blank as an empty string. */
export function formatAnswer(kind: FieldKind, value: Answer | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (kind === 'integer') return grouped.format(Math.round(value));
  return kind === 'percent' ? `${grouped.format(value)} %` : grouped.format(value);
}

/** An answer as the form's input shows it again (no grouping: it reads back the same). */
export function answerInput(kind: FieldKind, value: Answer | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return kind === 'integer' ? String(Math.round(value)) : String(value).replace('.', ',');
}
