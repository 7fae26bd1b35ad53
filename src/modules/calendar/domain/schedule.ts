/**
 * A year's official schedule as data (vn-rules-2.md §1.3: "store the calendar as data per year, with source"):
 * what the Prime Minister's yearly decision and the ministry's notice add to the holidays the law fixes.
 *   - holiday: a day of a public holiday the rules do not compute (e.g. 2024's Tết began on 29 Chạp);
 *   - day_off: a weekday off by a swap (hoán đổi), worked on a Saturday instead;
 *   - compensating_day_off: a weekday off because a holiday fell on a weekend (nghỉ bù, BLLĐ 2019 Art. 111(3));
 *   - working_saturday: a Saturday worked in exchange for a day off (ngày làm bù).
 * Checks shared by the form, the JSON import and the built-in seed.
 */
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { isoOfDay, parseIsoDay, parseTypedDay, weekdayOf, yearOfDay } from './civil-date.ts';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, statutoryHolidays } from './holidays.ts';
import type { HolidayRules, StatutoryHoliday } from './holidays.ts';

export const ENTRY_KINDS = ['holiday', 'day_off', 'compensating_day_off', 'working_saturday'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const NAME_MAX = 200;
export const SOURCE_MAX = 300;
export const YEAR_SOURCE_MAX = 1000;
export const MAX_ENTRIES_PER_YEAR = 100;

export interface ScheduleEntry {
  /** ISO date, `2026-08-31`. */
  date: string;
  kind: EntryKind;
  name: string;
  /** The document that decides it: `TB 9441/TB-BNV`. */
  source: string;
}

/** One year's schedule: the unit of the JSON import and of the built-in seed. */
export interface YearSchedule {
  year: number;
  /** The documents the year's schedule comes from. */
  source: string;
  entries: ScheduleEntry[];
}

export type EntryField = 'date' | 'kind' | 'name' | 'source';
export type EntryErrors = Partial<Record<EntryField, MessageKey>>;

export interface EntryInput {
  date: string;
  kind: string;
  name: string;
  source: string;
}

// Names and sources are one line of text: no control characters.
const CONTROL = /[\u0000-\u001f\u007f]/;
const isEntryKind = (value: string): value is EntryKind => (ENTRY_KINDS as readonly string[]).includes(value);
const tidy = (text: string) => text.trim().replace(/\s+/g, ' ');

export type HolidaysOf = (year: number) => readonly StatutoryHoliday[];

/** Statutory holidays per year, computed once per year for a set of rules. */
export function holidaysLookup(rules?: HolidayRules): HolidaysOf {
  const byYear = new Map<number, StatutoryHoliday[]>();
  return (year) => {
    let list = byYear.get(year);
    if (!list) byYear.set(year, (list = statutoryHolidays(year, rules)));
    return list;
  };
}

/**
 * Checks one entry as typed or imported: a real date in the calendar's years, a known kind, a one-line name and
 * source; a day off on a weekday, a working Saturday on a Saturday, and nothing on a day the law already makes a
 * public holiday (that day is off whatever the schedule says).
 */
export function checkEntry(input: EntryInput, holidaysOf: HolidaysOf): { ok: true; entry: ScheduleEntry } | { ok: false; errors: EntryErrors } {
  const errors: EntryErrors = {};
  const day = input.date.trim() === '' ? null : parseTypedDay(input.date);
  if (input.date.trim() === '') errors.date = 'calendar.error.date_required';
  else if (day === null) errors.date = 'calendar.error.date_invalid';
  else if (yearOfDay(day) < CALENDAR_MIN_YEAR || yearOfDay(day) > CALENDAR_MAX_YEAR) errors.date = 'calendar.error.date_range';
  const kind = input.kind;
  if (!isEntryKind(kind)) errors.kind = 'calendar.error.kind';
  const name = tidy(input.name);
  if (name === '') errors.name = 'calendar.error.name_required';
  else if (name.length > NAME_MAX) errors.name = 'calendar.error.name_long';
  else if (CONTROL.test(input.name.trim())) errors.name = 'calendar.error.name_invalid';
  const source = tidy(input.source);
  if (source.length > SOURCE_MAX) errors.source = 'calendar.error.source_long';
  if (!errors.date && day !== null && isEntryKind(kind)) {
    const weekday = weekdayOf(day);
    if (kind === 'working_saturday' && weekday !== 6) errors.date = 'calendar.error.not_saturday';
    else if ((kind === 'day_off' || kind === 'compensating_day_off') && (weekday === 0 || weekday === 6)) errors.date = 'calendar.error.weekend';
    else if (holidaysOf(yearOfDay(day)).some((h) => h.day === day)) errors.date = 'calendar.error.statutory';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, entry: { date: isoOfDay(day!), kind: kind as EntryKind, name, source } };
}

export interface DocumentProblem {
  /** 1-based entry number, or null for the document itself. */
  entry: number | null;
  field: string;
  key: MessageKey;
}

const DOCUMENT_KEYS = new Set(['year', 'source', 'entries']);
const ENTRY_KEYS = new Set(['date', 'kind', 'name', 'source']);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a year's schedule from JSON text:
 * `{ "year": 2027, "source": "…", "entries": [{ "date": "2027-02-05", "kind": "day_off", "name": "…", "source": "…" }] }`.
 * Every entry is checked and every problem reported; the schedule is returned only when there is none, so an
 * import takes all of it or nothing.
 */
export function readYearSchedule(text: string, holidaysOf: HolidaysOf): { ok: true; schedule: YearSchedule } | { ok: false; problems: DocumentProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: [{ entry: null, field: 'json', key: 'calendar.import.not_json' }] };
  }
  const problems: DocumentProblem[] = [];
  if (!isObject(value)) return { ok: false, problems: [{ entry: null, field: 'json', key: 'calendar.import.not_object' }] };
  for (const key of Object.keys(value)) if (!DOCUMENT_KEYS.has(key)) problems.push({ entry: null, field: key, key: 'calendar.import.unknown_field' });
  const year = value.year;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR;
  if (!yearOk) problems.push({ entry: null, field: 'year', key: 'calendar.import.year' });
  const source = value.source === undefined ? '' : value.source;
  if (typeof source !== 'string' || CONTROL.test(source.trim()) || tidy(source).length > YEAR_SOURCE_MAX) problems.push({ entry: null, field: 'source', key: 'calendar.import.source' });
  const list = value.entries;
  if (!Array.isArray(list)) {
    problems.push({ entry: null, field: 'entries', key: 'calendar.import.entries' });
    return { ok: false, problems };
  }
  if (list.length > MAX_ENTRIES_PER_YEAR) {
    problems.push({ entry: null, field: 'entries', key: 'calendar.import.too_many' });
    return { ok: false, problems };
  }
  const entries: ScheduleEntry[] = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, index) => {
    const n = index + 1;
    if (!isObject(item)) {
      problems.push({ entry: n, field: 'entry', key: 'calendar.import.entry_object' });
      return;
    }
    for (const key of Object.keys(item)) if (!ENTRY_KEYS.has(key)) problems.push({ entry: n, field: key, key: 'calendar.import.unknown_field' });
    const text = (key: string): string | null => {
      const v = item[key];
      if (v === undefined && key === 'source') return '';
      if (typeof v !== 'string') {
        problems.push({ entry: n, field: key, key: 'calendar.import.not_text' });
        return null;
      }
      return v;
    };
    const input = { date: text('date'), kind: text('kind'), name: text('name'), source: text('source') };
    if (input.date === null || input.kind === null || input.name === null || input.source === null) return;
    // Imported dates are ISO only: 05/02/2027 means different days to different people.
    if (input.date.trim() !== '' && parseIsoDay(input.date.trim()) === null) {
      problems.push({ entry: n, field: 'date', key: 'calendar.import.date_iso' });
      return;
    }
    const checked = checkEntry(input as EntryInput, holidaysOf);
    if (!checked.ok) {
      for (const [field, key] of Object.entries(checked.errors)) problems.push({ entry: n, field, key });
      return;
    }
    const entry = checked.entry;
    if (yearOk && Number(entry.date.slice(0, 4)) !== year) problems.push({ entry: n, field: 'date', key: 'calendar.import.other_year' });
    else if (seen.has(entry.date)) problems.push({ entry: n, field: 'date', key: 'calendar.import.duplicate' });
    else {
      seen.add(entry.date);
      entries.push(entry);
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  entries.sort((a, b) => a.date.localeCompare(b.date));
  return { ok: true, schedule: { year: year as number, source: tidy(source as string), entries } };
}

/** A year's schedule as the import reads it (the export). */
export function yearScheduleJson(schedule: YearSchedule): string {
  return `${JSON.stringify({ year: schedule.year, source: schedule.source, entries: schedule.entries.map(({ date, kind, name, source }) => ({ date, kind, name, source })) }, null, 2)}\n`;
}
