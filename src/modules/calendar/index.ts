/** Calendar: the Vietnamese lunar calendar, public holidays, each year's official schedule, working days and due dates. Other modules use only this file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../../platform/db/migrate.ts';

// Pure domain: no database.
export type { LunarDate, LunarMonth } from './domain/lunar.ts';
export { lunarNewYear, lunarToSolar, solarToLunar, lunarYearMonths, leapMonthOf, LUNAR_MIN_YEAR, LUNAR_MAX_YEAR } from './domain/lunar.ts';
export type { HolidayCode, HolidayRules, NationalDayRule, StatutoryHoliday } from './domain/holidays.ts';
export { statutoryHolidays, DEFAULT_HOLIDAY_RULES, CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR } from './domain/holidays.ts';
export type { EntryKind, ScheduleEntry, YearSchedule, DocumentProblem } from './domain/schedule.ts';
export { ENTRY_KINDS, readYearSchedule, holidaysLookup } from './domain/schedule.ts';
export type { CalendarDay, CalendarSettings, Duration, DurationOptions, DurationUnit, Interval, WorkingCalendar } from './domain/working-calendar.ts';
export { createWorkingCalendar, CalendarRangeError, DEFAULT_CALENDAR_SETTINGS, DURATION_UNITS } from './domain/working-calendar.ts';
export { OFFICIAL_SCHEDULES } from './seed/official-schedules.ts';

// With the database.
export { loadCalendar, forgetCalendars, CALENDAR_CACHE_MS, CALENDAR_SETTINGS } from './load-calendar.ts';
export { addCalendarEntry, removeCalendarEntry, importYearSchedule } from './manage-calendar.ts';
export type { EntryResult, ImportResult } from './manage-calendar.ts';
export { seedCalendar } from './seed-calendar.ts';
export { calendarRoutes } from './http/routes.ts';

export const calendarMigrations: MigrationSource = {
  module: 'calendar',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};
