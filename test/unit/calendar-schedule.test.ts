/** Checking schedule entries as typed and as imported (domain/schedule.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkEntry, holidaysLookup, readYearSchedule, yearScheduleJson } from '../../src/modules/calendar/domain/schedule.ts';
import type { EntryInput } from '../../src/modules/calendar/domain/schedule.ts';

const holidays = holidaysLookup();
const entry = (over: Partial<EntryInput> = {}): EntryInput => ({ date: '2027-02-10', kind: 'day_off', name: 'Nghỉ hoán đổi', source: 'Thông báo 1/TB-BNV', ...over });
const errorsOf = (over: Partial<EntryInput>) => {
  const r = checkEntry(entry(over), holidays);
  return r.ok ? {} : r.errors;
};
const doc = (entries: unknown[], over: Record<string, unknown> = {}) => JSON.stringify({ year: 2027, source: 'Quyết định 1/QĐ-TTg', entries, ...over });

describe('an entry', () => {
  it('is accepted with an ISO or a dd/mm/yyyy date, its name and source tidied', () => {
    const r = checkEntry(entry({ date: '10/02/2027', name: '  Nghỉ   hoán đổi ', source: ' TB 1 ' }), holidays);
    assert.deepEqual(r, { ok: true, entry: { date: '2027-02-10', kind: 'day_off', name: 'Nghỉ hoán đổi', source: 'TB 1' } });
    assert.equal(checkEntry(entry({ date: '2027-02-10' }), holidays).ok, true);
  });

  it('needs a real date within 2021–2100', () => {
    assert.deepEqual(errorsOf({ date: '' }), { date: 'calendar.error.date_required' });
    assert.deepEqual(errorsOf({ date: '31/02/2027' }), { date: 'calendar.error.date_invalid' });
    assert.deepEqual(errorsOf({ date: '2027-13-01' }), { date: 'calendar.error.date_invalid' });
    assert.deepEqual(errorsOf({ date: 'tomorrow' }), { date: 'calendar.error.date_invalid' });
    assert.deepEqual(errorsOf({ date: '2020-06-01' }), { date: 'calendar.error.date_range' });
  });

  it('needs a known kind, a one-line name of at most 200 characters and a source of at most 300', () => {
    assert.deepEqual(errorsOf({ kind: 'vacation' }), { kind: 'calendar.error.kind' });
    assert.deepEqual(errorsOf({ name: '   ' }), { name: 'calendar.error.name_required' });
    assert.deepEqual(errorsOf({ name: 'x'.repeat(201) }), { name: 'calendar.error.name_long' });
    assert.deepEqual(errorsOf({ name: 'Nghỉ\nbù' }), { name: 'calendar.error.name_invalid' });
    assert.deepEqual(errorsOf({ source: 's'.repeat(301) }), { source: 'calendar.error.source_long' });
    assert.deepEqual(errorsOf({ source: '' }), {}, 'the source is optional');
  });

  it('puts a working Saturday on a Saturday and days off on weekdays', () => {
    assert.deepEqual(errorsOf({ kind: 'working_saturday', date: '2027-02-05' }), { date: 'calendar.error.not_saturday' });
    assert.deepEqual(errorsOf({ kind: 'working_saturday', date: '2027-02-13' }), {});
    assert.deepEqual(errorsOf({ kind: 'day_off', date: '2027-02-13' }), { date: 'calendar.error.weekend' });
    assert.deepEqual(errorsOf({ kind: 'compensating_day_off', date: '2027-02-14' }), { date: 'calendar.error.weekend' });
    assert.deepEqual(errorsOf({ kind: 'holiday', date: '2027-02-13' }), {}, 'a holiday day may fall on a weekend');
  });

  it('adds nothing on a day the law already makes a holiday', () => {
    // Tết 2027: mùng 1 is Saturday 06/02; the rules give 05/02 – 09/02.
    assert.deepEqual(errorsOf({ kind: 'day_off', date: '2027-02-08' }), { date: 'calendar.error.statutory' });
    assert.deepEqual(errorsOf({ kind: 'holiday', date: '2027-09-02' }), { date: 'calendar.error.statutory' });
    assert.deepEqual(errorsOf({ kind: 'working_saturday', date: '2027-02-06' }), { date: 'calendar.error.statutory' }, 'mùng 1 is not worked');
  });

  it('reports every problem at once', () => {
    assert.deepEqual(errorsOf({ date: 'x', kind: 'y', name: '' }), { date: 'calendar.error.date_invalid', kind: 'calendar.error.kind', name: 'calendar.error.name_required' });
  });
});

describe('a year’s schedule in JSON', () => {
  it('is read whole, sorted by date, the year’s source kept', () => {
    const r = readYearSchedule(doc([entry({ date: '2027-02-12', kind: 'compensating_day_off' }), entry(), entry({ date: '2027-02-20', kind: 'working_saturday', source: '' })]), holidays);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.equal(r.schedule.year, 2027);
    assert.equal(r.schedule.source, 'Quyết định 1/QĐ-TTg');
    assert.deepEqual(r.schedule.entries.map((e) => [e.date, e.kind]), [['2027-02-10', 'day_off'], ['2027-02-12', 'compensating_day_off'], ['2027-02-20', 'working_saturday']]);
    assert.ok(readYearSchedule(doc([]), holidays).ok, 'an empty year is a schedule too');
  });

  it('reads back what it writes', () => {
    const r = readYearSchedule(doc([entry()]), holidays);
    assert.ok(r.ok);
    const again = readYearSchedule(yearScheduleJson(r.schedule), holidays);
    assert.deepEqual(again, r);
  });

  it('reports every wrong entry by number and field, and returns no schedule', () => {
    const r = readYearSchedule(doc([
      entry(),
      entry({ date: '2027-02-06', kind: 'working_saturday' }),
      entry({ date: '2026-12-31' }),
      entry({ date: '10/02/2027' }),
      entry(),
      { ...entry({ date: '2027-03-01' }), colour: 'red' },
      { date: 20270302, kind: 'day_off', name: 'x' },
      'not an object',
    ]), holidays);
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => [p.entry, p.field, p.key]), [
      [2, 'date', 'calendar.error.statutory'],
      [3, 'date', 'calendar.import.other_year'],
      [4, 'date', 'calendar.import.date_iso'],
      [5, 'date', 'calendar.import.duplicate'],
      [6, 'colour', 'calendar.import.unknown_field'],
      [7, 'date', 'calendar.import.not_text'],
      [8, 'entry', 'calendar.import.entry_object'],
    ]);
  });

  it('refuses what is not a year’s schedule', () => {
    const keys = (text: string) => {
      const r = readYearSchedule(text, holidays);
      return r.ok ? [] : r.problems.map((p) => p.key);
    };
    assert.deepEqual(keys('{ "year": 2027, '), ['calendar.import.not_json']);
    assert.deepEqual(keys('[1, 2]'), ['calendar.import.not_object']);
    assert.deepEqual(keys(doc([], { year: 2019 })), ['calendar.import.year']);
    assert.deepEqual(keys(doc([], { year: '2027' })), ['calendar.import.year']);
    assert.deepEqual(keys(doc([], { source: 5 })), ['calendar.import.source']);
    assert.deepEqual(keys(doc([], { extra: true })), ['calendar.import.unknown_field']);
    assert.deepEqual(keys(JSON.stringify({ year: 2027, entries: {} })), ['calendar.import.entries']);
    assert.deepEqual(keys(doc(Array.from({ length: 101 }, () => entry()))), ['calendar.import.too_many']);
  });
});
