/**
 * The public holidays the law fixes, computed for any year (Bộ luật Lao động 45/2019/QH14, Art. 112(1), in force
 * since 01/01/2021; vn-rules-2.md §1.1):
 *   a) Tết Dương lịch 01/01; b) Tết Âm lịch, 5 days; c) Ngày Chiến thắng 30/4; d) Quốc tế lao động 01/5;
 *   đ) Quốc khánh 02/9 plus one adjacent day; e) Giỗ Tổ Hùng Vương 10/3 âm lịch;
 * and Ngày Văn hóa Việt Nam 24/11 (Nghị quyết 28/2026/QH16 Art. 2, from 01/07/2026; read only in third-party
 * material, vn-rules-2.md §1.1 [V3]: a setting turns it off).
 *
 * The law leaves two choices to the Prime Minister's yearly decision (Art. 112(3)): which 5 days make Tết and which
 * day joins 02/9. The rules below give a default for each; the year's official schedule (schedule entries) adds what
 * the decision adds. Compensating days for holidays that fall on a weekend (Art. 111(3)) are never guessed: they come
 * from the official schedule only (vn-rules-2.md §1.3: "a year with no notice is an incomplete year, do not guess").
 */
import { dayOf, isWeekend, weekdayOf } from './civil-date.ts';
import { dayOfLunarDate, lunarDateOf, lunarNewYearDay } from './lunar.ts';
import type { LunarDate } from './lunar.ts';

/** The first and last years for which the working calendar is computed (the Labour Code 2019's rules). */
export const CALENDAR_MIN_YEAR = 2021;
export const CALENDAR_MAX_YEAR = 2100;

export const HOLIDAY_CODES = ['new_year', 'tet', 'hung_kings', 'victory', 'labour', 'national_day', 'culture_day'] as const;
export type HolidayCode = (typeof HOLIDAY_CODES)[number];

export const NATIONAL_DAY_RULES = ['auto', 'before', 'after'] as const;
export type NationalDayRule = (typeof NATIONAL_DAY_RULES)[number];

export interface HolidayRules {
  /**
   * How many of Tết's 5 days come before mùng 1 (0–4). Default 1: the last day of the old lunar year and the
   * first 4 days of the new one, as the 2026 schedule has it ("29 Chạp – mùng 4", vn-rules-2.md §1.2).
   */
  tetDaysBefore: number;
  /**
   * The day that joins 02/9: `before` (01/09), `after` (03/09), or `auto` (default): the adjacent weekday that
   * joins a weekend (a Monday or a Friday), else 01/09 when it is a weekday, else 03/09. `auto` gives the days the
   * Prime Minister chose in 2021–2026 (03/09/2021, 01/09/2022, 01/09/2023, 03/09/2024, 01/09/2025, 01/09/2026).
   */
  nationalDaySecond: NationalDayRule;
  /** Ngày Văn hóa Việt Nam (24/11) from 01/07/2026. Default on. */
  cultureDay: boolean;
}

export const DEFAULT_HOLIDAY_RULES: HolidayRules = { tetDaysBefore: 1, nationalDaySecond: 'auto', cultureDay: true };

export interface StatutoryHoliday {
  /** Epoch day. */
  day: number;
  code: HolidayCode;
  /** The lunar date, for the holidays that follow the lunar calendar (Tết, Giỗ Tổ). */
  lunar: LunarDate | null;
}

const CULTURE_DAY_FROM = dayOf(2026, 7, 1);

function secondNationalDay(year: number, rule: NationalDayRule): number {
  const before = dayOf(year, 9, 1);
  const after = dayOf(year, 9, 3);
  if (rule === 'before') return before;
  if (rule === 'after') return after;
  const joinsWeekend = (day: number) => weekdayOf(day) === 1 || weekdayOf(day) === 5;
  if (joinsWeekend(before)) return before;
  if (joinsWeekend(after)) return after;
  return isWeekend(before) ? after : before;
}

export function checkHolidayRules(rules: HolidayRules): void {
  if (!Number.isInteger(rules.tetDaysBefore) || rules.tetDaysBefore < 0 || rules.tetDaysBefore > 4) throw new RangeError('tetDaysBefore must be 0–4');
  if (!NATIONAL_DAY_RULES.includes(rules.nationalDaySecond)) throw new RangeError(`Unknown nationalDaySecond rule ${String(rules.nationalDaySecond)}`);
}

/** The statutory holidays of a Gregorian year, in date order. */
export function statutoryHolidays(year: number, rules: HolidayRules = DEFAULT_HOLIDAY_RULES): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) {
    throw new RangeError(`The working calendar covers ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}, not ${year}`);
  }
  checkHolidayRules(rules);
  const solar = (code: HolidayCode, month: number, d: number): StatutoryHoliday => ({ day: dayOf(year, month, d), code, lunar: null });
  const list: StatutoryHoliday[] = [solar('new_year', 1, 1)];
  // Mùng 1 falls between 21 January and 20 February, so Tết's 5 days never leave the Gregorian year.
  const first = lunarNewYearDay(year) - rules.tetDaysBefore;
  for (let day = first; day < first + 5; day++) list.push({ day, code: 'tet', lunar: lunarDateOf(day) });
  const hungKings = dayOfLunarDate({ year, month: 3, day: 10, leap: false })!;
  list.push({ day: hungKings, code: 'hung_kings', lunar: lunarDateOf(hungKings) });
  list.push(solar('victory', 4, 30), solar('labour', 5, 1), solar('national_day', 9, 2));
  list.push({ day: secondNationalDay(year, rules.nationalDaySecond), code: 'national_day', lunar: null });
  const culture = dayOf(year, 11, 24);
  if (rules.cultureDay && culture >= CULTURE_DAY_FROM) list.push({ day: culture, code: 'culture_day', lunar: null });
  return list.sort((a, b) => a.day - b.day);
}
