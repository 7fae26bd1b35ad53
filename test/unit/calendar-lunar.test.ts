/** The Vietnamese lunar calendar computed from astronomy (src/modules/calendar/domain/lunar.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dayOfLunarDate, lunarDateOf, lunarNewYearDay, newMoonJde, sunApparentLongitude } from '../../src/modules/calendar/domain/lunar.ts';
import { dayOf, isoOfDay } from '../../src/modules/calendar/domain/civil-date.ts';
import { leapMonthOf, lunarNewYear, lunarToSolar, lunarYearMonths, solarToLunar } from '../../src/modules/calendar/index.ts';

const hungKings = (year: number) => lunarToSolar({ year, month: 3, day: 10, leap: false });

/**
 * Mùng 1 Tết and Giỗ Tổ (10/3) for 1901–2100, 20 years a line, from an independent table: the Vietnamese overrides
 * of the Chinese lunisolar tables in the python-holidays library (vacanza/holidays 0.105, MIT licence,
 * holidays/calendars/chinese.py: VIETNAMESE_CALENDAR_LUNAR_NEW_YEAR_DATES, …_HUNG_KINGS_DATES and the shared tables
 * they fall back to). Our dates are computed; theirs are tabulated.
 */
const TET_1901_2100 = [
  '02-19 02-08 01-28 02-16 02-04 01-25 02-13 02-02 01-22 02-10 01-30 02-18 02-06 01-26 02-14 02-03 01-23 02-11 02-01 02-20',
  '02-08 01-28 02-16 02-05 01-24 02-13 02-02 01-23 02-10 01-30 02-17 02-06 01-26 02-14 02-03 01-24 02-11 01-31 02-19 02-08',
  '01-27 02-15 02-05 01-25 02-13 02-02 01-22 02-10 01-29 02-17 02-06 01-27 02-14 02-03 01-24 02-12 01-31 02-18 02-08 01-28',
  '02-15 02-05 01-25 02-13 02-01 01-21 02-09 01-29 02-16 02-06 01-27 02-15 02-03 01-23 02-11 01-31 02-18 02-07 01-28 02-16',
  '02-05 01-25 02-13 02-02 01-21 02-09 01-29 02-17 02-06 01-27 02-15 02-04 01-23 02-10 01-31 02-19 02-07 01-28 02-16 02-05',
  '01-24 02-12 02-01 01-22 02-09 01-29 02-17 02-07 01-26 02-14 02-03 01-23 02-10 01-31 02-19 02-08 01-28 02-16 02-05 01-25',
  '02-12 02-01 01-22 02-10 01-29 02-17 02-06 01-26 02-13 02-02 01-23 02-11 01-31 02-19 02-08 01-28 02-15 02-04 01-24 02-12',
  '02-01 01-22 02-10 01-30 02-17 02-06 01-26 02-14 02-02 01-23 02-11 02-01 02-18 02-08 01-28 02-15 02-04 01-24 02-12 02-02',
  '01-21 02-09 01-29 02-17 02-05 01-26 02-14 02-03 01-23 02-11 01-31 02-19 02-07 01-27 02-15 02-05 01-24 02-12 02-02 01-22',
  '02-09 01-29 02-17 02-06 01-26 02-14 02-03 01-24 02-10 01-30 02-18 02-07 01-27 02-15 02-05 01-25 02-12 02-01 01-21 02-09'
].join(' ').split(' ');
const HUNG_KINGS_1901_2100 = [
  '04-28 04-17 04-07 04-25 04-14 04-03 04-22 04-10 04-29 04-19 04-08 04-26 04-16 04-05 04-23 04-11 04-01 04-20 04-10 04-28',
  '04-17 04-06 04-25 04-13 04-02 04-21 04-11 04-29 04-19 04-08 04-27 04-15 04-04 04-23 04-12 04-01 04-20 04-10 04-28 04-17',
  '04-06 04-24 04-14 04-02 04-21 04-11 04-30 04-18 04-07 04-26 04-15 04-04 04-23 04-12 04-02 04-20 04-09 04-28 04-17 04-05',
  '04-24 04-14 04-03 04-21 04-11 03-31 04-19 04-07 04-26 04-15 04-05 04-23 04-12 04-02 04-20 04-09 04-27 04-16 04-06 04-24',
  '04-14 04-03 04-22 04-10 04-29 04-18 04-07 04-25 04-15 04-05 04-24 04-12 04-01 04-20 04-09 04-27 04-16 04-06 04-25 04-14',
  '04-03 04-22 04-11 04-28 04-18 04-07 04-26 04-15 04-04 04-23 04-12 03-31 04-19 04-09 04-28 04-16 04-06 04-25 04-14 04-02',
  '04-21 04-10 04-29 04-18 04-07 04-26 04-16 04-04 04-23 04-12 04-01 04-19 04-09 04-28 04-17 04-06 04-24 04-13 04-03 04-20',
  '04-10 04-29 04-19 04-07 04-26 04-15 04-04 04-22 04-11 04-01 04-20 04-09 04-28 04-17 04-06 04-24 04-13 04-02 04-21 04-10',
  '03-31 04-19 04-08 04-26 04-15 04-04 04-23 04-11 04-01 04-20 04-09 04-27 04-16 04-05 04-24 04-13 04-02 04-21 04-11 03-30',
  '04-18 04-07 04-26 04-14 04-03 04-22 04-12 04-01 04-20 04-09 04-28 04-16 04-05 04-24 04-13 04-02 04-21 04-11 04-29 04-18'
].join(' ').split(' ');

describe('astronomy (Meeus, Astronomical Algorithms, 2nd ed.)', () => {
  it('finds the true new moon of example 49.a: 1977 February 18, JDE 2443192.65118', () => {
    assert.ok(Math.abs(newMoonJde(-283) - 2443192.65118) < 0.00002, String(newMoonJde(-283)));
  });

  it('finds the Sun’s apparent longitude of example 25.a: 199.90895° on 1992 October 13.0 TD', () => {
    assert.ok(Math.abs(sunApparentLongitude(2448908.5) - 199.90895) < 0.0002, String(sunApparentLongitude(2448908.5)));
  });
});

describe('Tết and Giỗ Tổ', () => {
  it('puts Tết on the known days', () => {
    const known: Record<number, string> = {
      2020: '2020-01-25', 2023: '2023-01-22', 2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06',
    };
    for (const [year, date] of Object.entries(known)) assert.equal(lunarNewYear(Number(year)), date, year);
  });

  it('puts Giỗ Tổ Hùng Vương (10/3) on the known days (vn-rules-2.md §1.2)', () => {
    assert.equal(hungKings(2024), '2024-04-18');
    assert.equal(hungKings(2025), '2025-04-07');
    assert.equal(hungKings(2026), '2026-04-26');
  });

  it('counts at UTC+7, not at China’s UTC+8: Tết 1985 a month before the Chinese new year, 2007 a day before, 1968 in the North', () => {
    // 1985: Vietnam 21 January, China 20 February. 2007: Vietnam 17 February, China 18 February.
    // 1968 (Mậu Thân): the North, on UTC+7 since 1967, celebrated on 29 January; the South (UTC+8) on the 30th.
    assert.equal(lunarNewYear(1985), '1985-01-21');
    assert.equal(lunarNewYear(2007), '2007-02-17');
    assert.equal(lunarNewYear(1968), '1968-01-29');
    // The same table's Vietnamese overrides of the Chinese dates (1903 … 2053) include 2030: 2 February, not the 3rd.
    assert.equal(lunarNewYear(2030), '2030-02-02');
  });

  it('agrees with an independent table for every year 1901–2100', () => {
    assert.equal(TET_1901_2100.length, 200);
    assert.equal(HUNG_KINGS_1901_2100.length, 200);
    const differences: string[] = [];
    for (let year = 1901; year <= 2100; year++) {
      const tet = `${year}-${TET_1901_2100[year - 1901]}`;
      const hung = `${year}-${HUNG_KINGS_1901_2100[year - 1901]}`;
      if (lunarNewYear(year) !== tet) differences.push(`Tết ${year}: ${lunarNewYear(year)}, table ${tet}`);
      if (hungKings(year) !== hung) differences.push(`Giỗ Tổ ${year}: ${hungKings(year)}, table ${hung}`);
    }
    assert.deepEqual(differences, []);
  });
});

describe('months and leap months', () => {
  it('knows the leap months: 2012 4, 2014 9, 2017 6, 2020 4, 2023 2, 2025 6, none in 2024 and 2026', () => {
    const leaps: Record<number, number | null> = { 2012: 4, 2014: 9, 2017: 6, 2020: 4, 2023: 2, 2024: null, 2025: 6, 2026: null };
    for (const [year, month] of Object.entries(leaps)) assert.equal(leapMonthOf(Number(year)), month, year);
  });

  it('puts the leap 2nd month of 2023 after the 2nd month and the leap 6th month of 2025 after the 6th', () => {
    assert.deepEqual(lunarYearMonths(2023).slice(0, 4).map((m) => [m.month, m.leap, isoOfDay(m.start)]), [
      [1, false, '2023-01-22'], [2, false, '2023-02-20'], [2, true, '2023-03-22'], [3, false, '2023-04-20'],
    ]);
    assert.deepEqual(solarToLunar('2023-04-01'), { year: 2023, month: 2, day: 11, leap: true });
    assert.deepEqual(solarToLunar('2025-07-25'), { year: 2025, month: 6, day: 1, leap: true });
    assert.deepEqual(solarToLunar('2025-08-22'), { year: 2025, month: 6, day: 29, leap: true });
    assert.deepEqual(solarToLunar('2025-08-23'), { year: 2025, month: 7, day: 1, leap: false });
    assert.equal(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true }), '2025-07-25');
    assert.equal(lunarToSolar({ year: 2025, month: 6, day: 1, leap: false }), '2025-06-25');
  });

  it('gives the last day of the lunar year before Tết: 30 Chạp in 2024, 29 Chạp in 2025 and 2026', () => {
    assert.deepEqual(solarToLunar('2024-02-09'), { year: 2023, month: 12, day: 30, leap: false });
    assert.deepEqual(solarToLunar('2025-01-28'), { year: 2024, month: 12, day: 29, leap: false });
    assert.deepEqual(solarToLunar('2026-02-16'), { year: 2025, month: 12, day: 29, leap: false });
    assert.deepEqual(solarToLunar('2026-02-17'), { year: 2026, month: 1, day: 1, leap: false });
  });

  it('has well-formed years 1900–2100: 12 or 13 months of 29 or 30 days, one leap month in 13, numbered 1–12 in order', () => {
    for (let year = 1900; year <= 2100; year++) {
      const months = lunarYearMonths(year);
      assert.ok(months.length === 12 || months.length === 13, `${year}: ${months.length} months`);
      assert.equal(months.filter((m) => m.leap).length, months.length - 12, `${year}: leap months`);
      assert.deepEqual(months.filter((m) => !m.leap).map((m) => m.month), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], String(year));
      for (const m of months) assert.ok(m.length === 29 || m.length === 30, `${year}/${m.month}: ${m.length} days`);
      const leap = months.findIndex((m) => m.leap);
      if (leap >= 0) assert.equal(months[leap]!.month, months[leap - 1]!.month, `${year}: the leap month repeats the one before`);
      if (year < 2100) assert.equal(months.at(-1)!.start + months.at(-1)!.length, lunarNewYearDay(year + 1), `${year} ends where ${year + 1} begins`);
    }
  });

  it('converts every day of 1900–2100 to a lunar date and back', () => {
    let failures = 0;
    for (let day = lunarNewYearDay(1900); day < dayOf(2100, 12, 31); day++) {
      if (dayOfLunarDate(lunarDateOf(day)) !== day) failures++;
    }
    assert.equal(failures, 0);
  });

  it('answers null for lunar dates that do not exist, and refuses years outside 1900–2100', () => {
    assert.equal(lunarYearMonths(2024)[0]!.length, 29);
    assert.equal(lunarToSolar({ year: 2024, month: 1, day: 30, leap: false }), null, '1/2024 has 29 days');
    assert.equal(lunarToSolar({ year: 2024, month: 6, day: 1, leap: true }), null, '2024 has no leap month');
    assert.equal(lunarToSolar({ year: 2024, month: 13, day: 1, leap: false }), null);
    assert.throws(() => lunarNewYear(1899), RangeError);
    assert.throws(() => lunarNewYear(2101), RangeError);
    assert.throws(() => solarToLunar('1900-01-15'), RangeError, 'before Tết 1900');
    assert.throws(() => solarToLunar('2026-02-30'), RangeError);
  });
});
