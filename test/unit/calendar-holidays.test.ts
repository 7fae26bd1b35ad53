/** Public holidays by law (domain/holidays.ts) and the official schedules shipped for 2024–2026 (seed/official-schedules.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isoOfDay } from '../../src/modules/calendar/domain/civil-date.ts';
import {
  createWorkingCalendar, DEFAULT_HOLIDAY_RULES, holidaysLookup, OFFICIAL_SCHEDULES, readYearSchedule, statutoryHolidays,
} from '../../src/modules/calendar/index.ts';
import type { HolidayRules } from '../../src/modules/calendar/index.ts';
import { yearScheduleJson } from '../../src/modules/calendar/domain/schedule.ts';

const list = (year: number, rules?: HolidayRules) => statutoryHolidays(year, rules).map((h) => `${isoOfDay(h.day)} ${h.code}`);

/**
 * shared/docs/research/vn-rules-2.md §1.3, "Machine-readable calendar": the weekdays public offices were closed and
 * the Saturdays they worked, from the official notices (TB 5015/TB-LĐTBXH, VPCP 2450/VPCP-KGVX, VPCP 8726/VPCP-KGVX,
 * TB 6150/TB-BLĐTBXH, VPCP 12729/VPCP-KGVX, TB 9441/TB-BNV, CV 3383/BNV-CVL, NQ 28/2026/QH16).
 */
const RESEARCH: Record<number, { off: string[]; workingSaturdays: string[] }> = {
  2024: {
    off: ['2024-01-01', '2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14',
      '2024-04-18', '2024-04-29', '2024-04-30', '2024-05-01', '2024-09-02', '2024-09-03'],
    workingSaturdays: ['2024-05-04'],
  },
  2025: {
    off: ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31',
      '2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02'],
    workingSaturdays: ['2025-04-26'],
  },
  2026: {
    off: ['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
      '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01',
      '2026-09-02', '2026-11-24'],
    workingSaturdays: ['2026-01-10', '2026-08-22'],
  },
};

describe('statutory holidays (BLLĐ 2019 Art. 112)', () => {
  it('computes 2026: New Year, Tết 29 Chạp – mùng 4, Giỗ Tổ, 30/4, 1/5, 1–2/9 and Culture Day', () => {
    assert.deepEqual(list(2026), [
      '2026-01-01 new_year',
      '2026-02-16 tet', '2026-02-17 tet', '2026-02-18 tet', '2026-02-19 tet', '2026-02-20 tet',
      '2026-04-26 hung_kings', '2026-04-30 victory', '2026-05-01 labour',
      '2026-09-01 national_day', '2026-09-02 national_day', '2026-11-24 culture_day',
    ]);
  });

  it('marks the lunar days with their lunar date', () => {
    const tet = statutoryHolidays(2026).filter((h) => h.code === 'tet' || h.code === 'hung_kings').map((h) => h.lunar && `${h.lunar.day}/${h.lunar.month}`);
    assert.deepEqual(tet, ['29/12', '1/1', '2/1', '3/1', '4/1', '10/3']);
    assert.ok(statutoryHolidays(2026).filter((h) => h.code !== 'tet' && h.code !== 'hung_kings').every((h) => h.lunar === null));
  });

  it('picks the second National Day as the Prime Minister did in 2021–2026', () => {
    const second = (year: number) => list(year).filter((h) => h.endsWith('national_day')).map((h) => h.slice(0, 10)).find((d) => !d.endsWith('-09-02'));
    assert.deepEqual([2021, 2022, 2023, 2024, 2025, 2026].map(second), ['2021-09-03', '2022-09-01', '2023-09-01', '2024-09-03', '2025-09-01', '2026-09-01']);
    assert.equal(second(2029), '2029-09-03', '2 September 2029 is a Sunday: 1 September a Saturday');
    const fixed = (rule: 'before' | 'after') => list(2025, { ...DEFAULT_HOLIDAY_RULES, nationalDaySecond: rule }).filter((h) => h.endsWith('national_day')).map((h) => h.slice(0, 10));
    assert.deepEqual(fixed('after'), ['2025-09-02', '2025-09-03']);
    assert.deepEqual(fixed('before'), ['2025-09-01', '2025-09-02']);
  });

  it('places Tết’s 5 days by the setting: 2 days before mùng 1 gives 2024’s official 29 Chạp – mùng 3', () => {
    const tet = (rules: HolidayRules) => list(2024, rules).filter((h) => h.endsWith('tet')).map((h) => h.slice(5, 10));
    assert.deepEqual(tet(DEFAULT_HOLIDAY_RULES), ['02-09', '02-10', '02-11', '02-12', '02-13']);
    assert.deepEqual(tet({ ...DEFAULT_HOLIDAY_RULES, tetDaysBefore: 2 }), ['02-08', '02-09', '02-10', '02-11', '02-12']);
    assert.deepEqual(tet({ ...DEFAULT_HOLIDAY_RULES, tetDaysBefore: 0 }), ['02-10', '02-11', '02-12', '02-13', '02-14']);
    assert.throws(() => statutoryHolidays(2024, { ...DEFAULT_HOLIDAY_RULES, tetDaysBefore: 5 }), RangeError);
  });

  it('adds Culture Day (24/11) from 1 July 2026 only, and not when turned off', () => {
    assert.ok(!list(2025).some((h) => h.endsWith('culture_day')));
    assert.ok(list(2027).includes('2027-11-24 culture_day'));
    assert.ok(!list(2027, { ...DEFAULT_HOLIDAY_RULES, cultureDay: false }).some((h) => h.endsWith('culture_day')));
  });

  it('covers the years of the Labour Code 2019 only (2021–2100)', () => {
    assert.throws(() => statutoryHolidays(2020), RangeError);
    assert.throws(() => statutoryHolidays(2101), RangeError);
    assert.equal(list(2100).length, 12, '1 + 5 + 1 + 1 + 1 + 2 + 1 days');
  });
});

describe('the official schedules shipped for 2024–2026', () => {
  for (const schedule of OFFICIAL_SCHEDULES) {
    it(`${schedule.year}: the rules plus the seed give exactly the research’s weekdays off and working Saturdays`, () => {
      const calendar = createWorkingCalendar({ fromYear: schedule.year, toYear: schedule.year, entries: schedule.entries });
      const off: string[] = [];
      const saturdays: string[] = [];
      for (let d = Date.UTC(schedule.year, 0, 1); d <= Date.UTC(schedule.year, 11, 31); d += 86_400_000) {
        const date = new Date(d).toISOString().slice(0, 10);
        const weekday = new Date(d).getUTCDay();
        const working = calendar.isWorkingDay(date);
        if (weekday >= 1 && weekday <= 5 && !working) off.push(date);
        if (weekday === 6 && working) saturdays.push(date);
        if (weekday === 0) assert.equal(working, false, `${date} is a Sunday`);
      }
      assert.deepEqual(off, RESEARCH[schedule.year]!.off);
      assert.deepEqual(saturdays, RESEARCH[schedule.year]!.workingSaturdays);
    });
  }

  it('obey the import’s own rules (every entry passes the checks an administrator’s would) and cite their sources', () => {
    assert.deepEqual(OFFICIAL_SCHEDULES.map((s) => s.year), [2024, 2025, 2026]);
    for (const schedule of OFFICIAL_SCHEDULES) {
      const read = readYearSchedule(yearScheduleJson(schedule), holidaysLookup());
      assert.ok(read.ok, JSON.stringify(!read.ok && read.problems));
      assert.deepEqual(read.schedule.entries, [...schedule.entries].sort((a, b) => a.date.localeCompare(b.date)));
      assert.match(schedule.source, /BLLĐ 2019/);
      for (const e of schedule.entries) assert.match(e.source, /\d+\/|Điều/, `${e.date} names its document`);
    }
    const sources = OFFICIAL_SCHEDULES.map((s) => s.source).join(' ');
    for (const decision of ['5015/TB-LĐTBXH', '2450/VPCP-KGVX', '8726/VPCP-KGVX', '6150/TB-BLĐTBXH', '12729/VPCP-KGVX', '9441/TB-BNV']) assert.ok(sources.includes(decision), decision);
  });
});
