import type { Db } from '../../platform/db/database.ts';
import { createWorkingCalendar, DEFAULT_CALENDAR_SETTINGS } from './domain/working-calendar.ts';
import type { CalendarSettings, WorkingCalendar } from './domain/working-calendar.ts';
import { holidaysLookup } from './domain/schedule.ts';
import type { HolidaysOf } from './domain/schedule.ts';
import { listEntries } from './store.ts';

/**
 * The settings the install counts with. Office hours and the Tết / Quốc khánh defaults are not yet settings an
 * administrator can change: they are the domain's defaults (see DEFAULT_CALENDAR_SETTINGS).
 */
export const CALENDAR_SETTINGS: CalendarSettings = DEFAULT_CALENDAR_SETTINGS;

/** The statutory holidays under the install's settings, for checking entries. */
export const installHolidays: HolidaysOf = holidaysLookup(CALENDAR_SETTINGS.holidays);

/**
 * How long a loaded calendar is reused. Changes made through this process drop the cache at once; another
 * process's changes (several servers on one PostgreSQL) are seen within this time.
 */
export const CALENDAR_CACHE_MS = 60_000;

interface Cached {
  at: number;
  calendar: Promise<WorkingCalendar>;
}

const caches = new WeakMap<object, Map<string, Cached>>();

/**
 * The working calendar of the years `fromYear`–`toYear`: the statutory holidays and the official schedules stored in
 * the database. Served from memory for `CALENDAR_CACHE_MS`, so due dates can be computed on every request; the
 * calendar itself is pure and synchronous. Load every year a computation can reach (a due date in late December
 * lands in the next year): asking the calendar about any other day throws a `CalendarRangeError`. Pass the
 * application's `db`, not a transaction: the cache is kept per handle (the entries are reference data, read outside it).
 */
export function loadCalendar(db: Db, fromYear: number, toYear: number, settings?: CalendarSettings): Promise<WorkingCalendar> {
  const key = settings ? `${fromYear}:${toYear}:${JSON.stringify(settings)}` : `${fromYear}:${toYear}`;
  let perDb = caches.get(db);
  if (!perDb) caches.set(db, (perDb = new Map()));
  const now = Date.now();
  const hit = perDb.get(key);
  if (hit && now - hit.at < CALENDAR_CACHE_MS) return hit.calendar;
  const calendar = listEntries(db, fromYear, toYear).then((entries) => createWorkingCalendar({ fromYear, toYear, entries, settings: settings ?? CALENDAR_SETTINGS }));
  const cache = perDb;
  cache.set(key, { at: now, calendar });
  // A failed load (bad years, database down) is not remembered.
  calendar.catch(() => {
    if (cache.get(key)?.calendar === calendar) cache.delete(key);
  });
  return calendar;
}

/** Drops the cached calendars of a database: called after every change to the schedule. */
export function forgetCalendars(db: Db): void {
  caches.delete(db);
}
