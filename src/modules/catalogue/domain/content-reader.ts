/**
 * Cleaning text and reading loosely typed input (a parsed JSON object, a form post, a workbook row) into the
 * typed parts of a procedure: `Reader` reads one value at a time against the limits and records every problem
 * with its path instead of stopping at the first.
 */
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { LIMITS } from './content-limits.ts';
import type { Problem } from './content-limits.ts';

// --- text ------------------------------------------------------------------------------------------------------

/** One line: NFC, control characters and runs of white space as one space, trimmed. */
export const cleanLine = (text: string) => text.normalize('NFC').replace(/[\s\p{Cc}]+/gu, ' ').trim();

/** Text that may span lines: each line cleaned, at most one empty line in a row, trimmed. */
export const cleanText = (text: string) =>
  text.normalize('NFC').replace(/\r\n?/g, '\n').split('\n').map(cleanLine).join('\n').replace(/\n{3,}/g, '\n\n').trim();

/** Characters, as a person counts them (code points). */
export const length = (text: string) => [...text].length;

// --- reading loosely typed input -----------------------------------------------------------------------------------

export class Reader {
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
