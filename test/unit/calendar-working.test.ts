/** Working days, due dates and pauses (domain/working-calendar.ts) over the official schedules of 2024–2026. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CalendarRangeError, createWorkingCalendar, DEFAULT_CALENDAR_SETTINGS, OFFICIAL_SCHEDULES } from '../../src/modules/calendar/index.ts';
import type { Duration, DurationOptions, WorkingCalendar } from '../../src/modules/calendar/index.ts';

/** An instant written in Vietnam's time: `2026-02-12 10:00`. */
const vn = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);
/** An instant shown in Vietnam's time. */
const show = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const H = 3_600_000;

const calendar = createWorkingCalendar({ fromYear: 2024, toYear: 2027, entries: OFFICIAL_SCHEDULES.flatMap((s) => s.entries) });
const due = (start: string, value: number, unit: Duration['unit'], options?: DurationOptions, cal: WorkingCalendar = calendar) => show(cal.addDuration(vn(start), { value, unit }, options));

describe('working days', () => {
  it('are Monday to Friday', () => {
    assert.deepEqual(['2026-03-02', '2026-03-06', '2026-03-07', '2026-03-08'].map((d) => calendar.isWorkingDay(d)), [true, true, false, false]);
  });

  it('skip Tết 2026: Friday 13/02 works, 14–22/02 are off, Monday 23/02 works', () => {
    assert.equal(calendar.isWorkingDay('2026-02-13'), true);
    for (let d = 14; d <= 22; d++) assert.equal(calendar.isWorkingDay(`2026-02-${d}`), false, `2026-02-${d}`);
    assert.equal(calendar.isWorkingDay('2026-02-23'), true);
  });

  it('skip 30/4–1/5 2025 and the swapped Friday 02/05, and count the swapped Saturday 26/04', () => {
    assert.equal(calendar.isWorkingDay('2025-04-26'), true, 'Saturday worked in exchange');
    assert.equal(calendar.isWorkingDay('2025-04-29'), true);
    for (const d of ['2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']) assert.equal(calendar.isWorkingDay(d), false, d);
    assert.equal(calendar.isWorkingDay('2025-05-05'), true);
  });

  it('skip Quốc khánh 2025 (Monday 01/09 and Tuesday 02/09)', () => {
    assert.deepEqual(['2025-08-29', '2025-09-01', '2025-09-02', '2025-09-03'].map((d) => calendar.isWorkingDay(d)), [true, false, false, true]);
  });

  it('follow 2026’s swaps: Friday 02/01 off for Saturday 10/01, Monday 31/08 off for Saturday 22/08; Giỗ Tổ on Sunday 26/04 gives Monday 27/04', () => {
    assert.deepEqual(['2026-01-02', '2026-01-10', '2026-08-22', '2026-08-31', '2026-04-26', '2026-04-27'].map((d) => calendar.isWorkingDay(d)), [false, true, true, false, false, false]);
    assert.equal(calendar.isWorkingDay(vn('2026-01-10 09:00')), true, 'an instant is looked up by its Vietnam day');
    assert.equal(calendar.isWorkingDay(new Date('2026-01-09T18:00:00Z')), true, '18:00 UTC on Friday 09/01 is 01:00 on Saturday 10/01 in Vietnam');
  });

  it('count a year’s working days: 2026 has 261 weekdays, 14 of them off, and 2 Saturdays worked', () => {
    assert.equal(calendar.workingDaysIn(2026), 261 - 14 + 2);
  });

  it('describe a day: what the law says, what the schedule says, whether it is worked', () => {
    const d = calendar.describeDay('2026-04-27');
    assert.equal(d.working, false);
    assert.equal(d.weekday, 1);
    assert.equal(d.entry?.kind, 'compensating_day_off');
    assert.deepEqual(calendar.describeDay('2026-04-26').holidays.map((h) => h.code), ['hung_kings']);
    assert.deepEqual(calendar.markedDays(2025).map((m) => m.date).slice(0, 8), ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-04-07']);
  });
});

describe('when counting starts', () => {
  it('is the receipt itself during office hours', () => {
    assert.equal(show(calendar.countingStart(vn('2026-03-04 09:32'))), '2026-03-04 09:32');
  });

  it('is the next opening when received before hours, at lunch, after hours, at the weekend or on a holiday', () => {
    assert.equal(show(calendar.countingStart(vn('2026-03-04 06:10'))), '2026-03-04 07:30');
    assert.equal(show(calendar.countingStart(vn('2026-03-04 12:00'))), '2026-03-04 13:30');
    assert.equal(show(calendar.countingStart(vn('2026-03-04 11:30'))), '2026-03-04 13:30', 'the end of a period is not office time');
    assert.equal(show(calendar.countingStart(vn('2026-03-04 17:00'))), '2026-03-05 07:30');
    assert.equal(show(calendar.countingStart(vn('2026-03-07 10:00'))), '2026-03-09 07:30', 'Saturday → Monday');
    assert.equal(show(calendar.countingStart(vn('2026-02-14 10:00'))), '2026-02-23 07:30', 'Tết → the Monday after');
    assert.equal(show(calendar.countingStart(vn('2026-01-09 23:59'))), '2026-01-10 07:30', 'Friday night → the working Saturday');
  });

  it('with the 15:00 rule, is the next working day’s opening for a record received after 15:00, not at 15:00', () => {
    assert.equal(show(calendar.countingStart(vn('2026-03-06 16:00'), { cutoff: true })), '2026-03-09 07:30');
    assert.equal(show(calendar.countingStart(vn('2026-03-06 15:01'), { cutoff: true })), '2026-03-09 07:30');
    assert.equal(show(calendar.countingStart(vn('2026-03-06 15:00'), { cutoff: true })), '2026-03-06 15:00');
    assert.equal(show(calendar.countingStart(vn('2026-03-06 16:00'))), '2026-03-06 16:00', 'without the rule');
  });
});

describe('durations in working days keep the receipt hour', () => {
  it('5 working days from a Monday morning is the next Monday at the same time', () => {
    assert.equal(due('2026-03-02 09:32', 5, 'working_days'), '2026-03-09 09:32');
  });

  it('5 working days across Tết 2026: received Thursday 12/02 → Thursday 26/02', () => {
    // Friday 13 (1), Tết 14–22, Monday 23 (2), 24 (3), 25 (4), Thursday 26 (5).
    assert.equal(due('2026-02-12 10:00', 5, 'working_days'), '2026-02-26 10:00');
  });

  it('across 30/4–1/5 2025: received Tuesday 29/04 → 3 working days → Wednesday 07/05', () => {
    assert.equal(due('2025-04-29 09:00', 3, 'working_days'), '2025-05-07 09:00');
  });

  it('onto the swapped Saturday: received Friday 25/04/2025, 1 working day → Saturday 26/04', () => {
    assert.equal(due('2025-04-25 14:00', 1, 'working_days'), '2025-04-26 14:00');
    assert.equal(due('2026-01-09 08:00', 1, 'working_days'), '2026-01-10 08:00');
  });

  it('across Quốc khánh 2025: received Friday 29/08, 1 working day → Wednesday 03/09', () => {
    assert.equal(due('2025-08-29 10:00', 1, 'working_days'), '2025-09-03 10:00');
  });

  it('a record received on Friday at 16:00 with the 15:00 rule counts from Monday', () => {
    assert.equal(due('2026-03-06 16:00', 5, 'working_days', { cutoff: true }), '2026-03-16 07:30');
    assert.equal(due('2026-03-06 16:00', 5, 'working_days'), '2026-03-13 16:00', 'without the rule the receipt hour stays');
    // Same-day procedures (chứng thực): done the same working day, or the next one when received after 15:00.
    assert.equal(due('2026-03-06 16:00', 0, 'working_days', { cutoff: true, dueAt: 'end_of_day' }), '2026-03-09 17:00');
    assert.equal(due('2026-03-06 14:00', 0, 'working_days', { cutoff: true, dueAt: 'end_of_day' }), '2026-03-06 17:00');
  });

  it('a record received at the weekend counts from Monday’s opening', () => {
    assert.equal(due('2026-03-07 21:00', 3, 'working_days'), '2026-03-12 07:30');
  });

  it('half a working day is half the office time of a day (3 h 45 min by default)', () => {
    assert.equal(due('2026-03-02 07:30', 0.5, 'working_days'), '2026-03-02 11:15');
    assert.equal(due('2026-03-02 09:00', 1.5, 'working_days'), '2026-03-03 14:45', 'Tuesday 09:00 + 2 h 30 before lunch + 1 h 15 after');
  });

  it('can be due at the close of the due day instead', () => {
    assert.equal(due('2026-03-02 09:32', 2, 'working_days', { dueAt: 'end_of_day' }), '2026-03-04 17:00');
  });
});

describe('durations in working hours and in calendar days', () => {
  it('working hours run through office time only: 8 h from Friday 16:00 → Monday 16:30', () => {
    assert.equal(due('2026-03-06 16:00', 8, 'working_hours'), '2026-03-09 16:30');
  });

  it('a duration that ends with a period ends at its close, not at the next opening', () => {
    assert.equal(due('2026-03-02 07:30', 4, 'working_hours'), '2026-03-02 11:30');
    assert.equal(due('2026-03-02 07:30', 7.5, 'working_hours'), '2026-03-02 17:00');
    assert.equal(due('2026-03-02 07:30', 15, 'working_hours'), '2026-03-03 17:00');
  });

  it('working hours skip Tết', () => {
    assert.equal(due('2026-02-13 16:00', 2, 'working_hours'), '2026-02-23 08:30');
  });

  it('calendar days count every day; a due day off moves to the next working day', () => {
    assert.equal(due('2026-03-02 09:00', 10, 'days'), '2026-03-12 09:00');
    assert.equal(due('2026-02-05 09:00', 15, 'days'), '2026-02-23 09:00', '20/02 is a Tết day');
    assert.equal(due('2026-02-05 09:00', 15, 'days', { rollToWorkingDay: false }), '2026-02-20 09:00');
  });

  it('zero is the counting start itself', () => {
    assert.equal(due('2026-03-02 09:00', 0, 'working_hours'), '2026-03-02 09:00');
    assert.equal(due('2026-03-07 09:00', 0, 'working_days'), '2026-03-09 07:30');
  });

  it('refuses nonsense durations', () => {
    assert.throws(() => calendar.addDuration(vn('2026-03-02 09:00'), { value: -1, unit: 'working_days' }), RangeError);
    assert.throws(() => calendar.addDuration(vn('2026-03-02 09:00'), { value: Number.NaN, unit: 'days' }), RangeError);
    assert.throws(() => calendar.addDuration(vn('2026-03-02 09:00'), { value: 1, unit: 'weeks' as 'days' }), RangeError);
    assert.throws(() => calendar.addDuration(new Date(Number.NaN), { value: 1, unit: 'days' }), RangeError);
  });
});

describe('working time and pauses', () => {
  it('measures office time between two instants', () => {
    assert.equal(calendar.workingTimeBetween(vn('2026-03-06 16:00'), vn('2026-03-09 09:00')), 2.5 * H, 'Friday 1 h + Monday 1.5 h');
    assert.equal(calendar.workingTimeBetween(vn('2026-03-02 11:00'), vn('2026-03-02 14:00')), 1 * H, 'lunch does not count');
    assert.equal(calendar.workingTimeBetween(vn('2026-02-13 07:30'), vn('2026-02-23 17:00')), 15 * H, 'two working days around Tết');
    assert.equal(calendar.workingTimeBetween(vn('2026-03-09 09:00'), vn('2026-03-06 16:00')), -2.5 * H, 'backwards is negative');
    assert.equal(calendar.workingTimeBetween(vn('2026-03-07 08:00'), vn('2026-03-08 16:00')), 0, 'a weekend');
    assert.equal(calendar.workingTimeBetween(vn('2026-03-02 00:00'), vn('2026-03-31 00:00')), 21 * 7.5 * H, 'March 2026 up to the 31st: 21 working days');
  });

  it('moves a due date by the working time a record waited for the citizen', () => {
    const original = vn('2026-03-13 16:00');
    // Waiting from Monday 10:00 to Tuesday 10:00: 7.5 office hours, one working day.
    const moved = calendar.extendByPauses(original, [{ from: vn('2026-03-09 10:00'), to: vn('2026-03-10 10:00') }], 'working_days');
    assert.equal(show(moved), '2026-03-16 16:00');
    // Overlapping pauses count once; a weekend pause counts nothing.
    const overlapping = calendar.extendByPauses(original, [
      { from: vn('2026-03-09 10:00'), to: vn('2026-03-10 10:00') },
      { from: vn('2026-03-09 14:00'), to: vn('2026-03-09 15:00') },
      { from: vn('2026-03-07 08:00'), to: vn('2026-03-08 18:00') },
    ], 'working_days');
    assert.equal(show(overlapping), '2026-03-16 16:00');
    assert.equal(show(calendar.extendByPauses(original, [], 'working_days')), '2026-03-13 16:00');
    // Calendar-day durations pause by calendar time.
    assert.equal(show(calendar.extendByPauses(vn('2026-03-12 09:00'), [{ from: vn('2026-03-03 09:00'), to: vn('2026-03-05 09:00') }], 'days')), '2026-03-16 09:00', '14/03 is a Saturday: rolled to Monday');
  });

  it('applies pauses given with the duration', () => {
    assert.equal(due('2026-03-02 09:00', 5, 'working_days', { pauses: [{ from: vn('2026-03-03 09:00'), to: vn('2026-03-05 09:00') }] }), '2026-03-11 09:00');
  });

  it('agrees with itself: the working time from the counting start to the due instant is the duration', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const start = new Date(vn('2024-01-02 00:00').getTime() + Math.floor(random() * 3 * 365 * 24) * H + Math.floor(random() * 60) * 60_000);
      const hours = Math.floor(random() * 120) + 1;
      const end = calendar.addDuration(start, { value: hours, unit: 'working_hours' });
      assert.equal(calendar.workingTimeBetween(calendar.countingStart(start), end), hours * H, `${show(start)} + ${hours} h`);
      const days = Math.floor(random() * 30) + 1;
      const dueDay = calendar.addDuration(start, { value: days, unit: 'working_days' });
      assert.ok(calendar.isWorkingDay(dueDay), `${show(start)} + ${days} working days lands on a working day`);
      assert.equal(calendar.workingTimeBetween(calendar.countingStart(start), dueDay), days * calendar.dayLengthMs, `${show(start)} + ${days} working days`);
    }
  });
});

describe('settings and limits', () => {
  it('takes other office hours and another cut-off', () => {
    const eight = createWorkingCalendar({
      fromYear: 2026, toYear: 2026, entries: [],
      settings: { ...DEFAULT_CALENDAR_SETTINGS, hours: [['07:00', '11:30'], ['13:30', '17:00']], cutoff: '16:00' },
    });
    assert.equal(eight.dayLengthMs, 8 * H);
    assert.equal(due('2026-03-02 07:00', 0.5, 'working_days', {}, eight), '2026-03-02 11:00');
    assert.equal(show(eight.countingStart(vn('2026-03-06 15:30'), { cutoff: true })), '2026-03-06 15:30');
    assert.equal(eight.isWorkingDay('2026-01-02'), true, 'no schedule given: only the law');
  });

  it('refuses office hours that are not increasing periods', () => {
    const make = (hours: [string, string][], cutoff = '15:00') => () => createWorkingCalendar({ fromYear: 2026, toYear: 2026, entries: [], settings: { ...DEFAULT_CALENDAR_SETTINGS, hours, cutoff } });
    assert.throws(make([]), RangeError);
    assert.throws(make([['11:30', '07:30']]), RangeError);
    assert.throws(make([['07:30', '12:00'], ['11:00', '17:00']]), RangeError);
    assert.throws(make([['7h30', '11:30']]), RangeError);
    assert.throws(make([['07:30', '11:30']], '25:00'), RangeError);
  });

  it('answers only about the years it was built for, and says so', () => {
    const one = createWorkingCalendar({ fromYear: 2026, toYear: 2026, entries: [] });
    assert.throws(() => one.isWorkingDay('2027-01-04'), CalendarRangeError);
    assert.throws(() => one.addDuration(vn('2026-12-28 09:00'), { value: 10, unit: 'working_days' }), CalendarRangeError);
    assert.throws(() => createWorkingCalendar({ fromYear: 2020, toYear: 2026, entries: [] }), RangeError);
    assert.throws(() => createWorkingCalendar({ fromYear: 2027, toYear: 2026, entries: [] }), RangeError);
  });

  it('computes due dates fast enough for every page of records (well over 10 000 a second)', () => {
    const started = performance.now();
    const start = vn('2026-01-05 09:00').getTime();
    for (let i = 0; i < 20_000; i++) calendar.addDuration(new Date(start + (i % 2000) * 37 * 60_000), { value: (i % 20) + 1, unit: 'working_days' }, { cutoff: true });
    const perSecond = 20_000 / ((performance.now() - started) / 1000);
    assert.ok(perSecond > 10_000, `${Math.round(perSecond)} due dates a second`);
  });
});
