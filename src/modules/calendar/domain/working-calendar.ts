/**
 * Working days and due dates (vn-rules.md §3.3). Pure: built from the holiday rules and a list of schedule entries.
 *
 *   working day  = Monday–Friday, minus the statutory holidays and the schedule's holidays and days off,
 *                  plus the schedule's working Saturdays;
 *   working time = the office hours of working days (default 07:30–11:30 and 13:30–17:00);
 *   counting     = from the moment a record is received, moved to the next working moment when it arrives outside
 *                  office hours or on a day off (online filings at night or at the weekend), or to the next working
 *                  day's opening when the procedure has the 15:00 rule and it arrives after 15:00;
 *   N working days  → the same time of day, N working days later ("keep the receipt hour");
 *   N working hours → N hours of office time later;
 *   N days          → N calendar days later, moved to the next working day when that is a day off;
 *   pauses       → the time a record waits for the citizen (statuses 5 and 6) moves the due instant by as much
 *                  working time (calendar time for calendar-day durations).
 * All instants are `Date`s; days and times of day are Vietnam's (UTC+7).
 */
import { DAY_MS, dayOf, dayOfInstant, formatTimeOfDay, instantAt, isoOfDay, parseIsoDay, parseTimeOfDay, timeOfDayOf, weekdayOf } from './civil-date.ts';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, DEFAULT_HOLIDAY_RULES, checkHolidayRules, statutoryHolidays } from './holidays.ts';
import type { HolidayRules, StatutoryHoliday } from './holidays.ts';
import type { ScheduleEntry } from './schedule.ts';

export const DURATION_UNITS = ['working_days', 'working_hours', 'days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface Duration {
  /** May be fractional: 0.5 working days is half a working day's office time. */
  value: number;
  unit: DurationUnit;
}

export interface Interval {
  from: Date;
  to: Date;
}

export interface DurationOptions {
  /**
   * The procedure's 15:00 rule (chứng thực, hộ tịch…: "tiếp nhận sau 15 giờ thì tính từ ngày làm việc tiếp theo"):
   * received after the cut-off time of a working day, the record counts from the next working day's opening.
   */
  cutoff?: boolean;
  /** Working-day durations: due at the time of receipt (default, "keep the receipt hour") or at the close of the due day. */
  dueAt?: 'receipt_time' | 'end_of_day';
  /** Calendar-day durations: a due day that is not a working day moves to the next working day (default true). */
  rollToWorkingDay?: boolean;
  /** Intervals during which the clock stood still (statuses 5 and 6): the due instant moves by their working time. */
  pauses?: readonly Interval[];
}

export interface CalendarSettings {
  /** Office hours of a working day, in order: `[['07:30', '11:30'], ['13:30', '17:00']]`. */
  hours: readonly (readonly [string, string])[];
  /** The time after which the 15:00 rule sends a record to the next working day. */
  cutoff: string;
  holidays: HolidayRules;
}

/**
 * Defaults. Office hours: no rule was found in the research (vn-rules.md, vn-rules-2.md), so the common hours of
 * commune offices are assumed, 07:30–11:30 and 13:30–17:00 (7.5 hours); provinces set their own. Cut-off: 15:00
 * (vn-rules.md §3.3, NĐ 23/2015 and NĐ 123/2015 as quoted there).
 */
export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = {
  hours: [['07:30', '11:30'], ['13:30', '17:00']],
  cutoff: '15:00',
  holidays: DEFAULT_HOLIDAY_RULES,
};

/** What makes a day what it is: for the administrator's page. */
export interface CalendarDay {
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  working: boolean;
  /** The public holidays the law puts on this day (usually none or one). */
  holidays: StatutoryHoliday[];
  /** The official schedule's entry for this day. */
  entry: ScheduleEntry | null;
}

export class CalendarRangeError extends RangeError {
  constructor(what: string, fromYear: number, toYear: number) {
    super(`${what} is outside the working calendar loaded for ${fromYear}–${toYear}`);
    this.name = 'CalendarRangeError';
  }
}

export interface WorkingCalendar {
  readonly fromYear: number;
  readonly toYear: number;
  /** Office hours as milliseconds since midnight. */
  readonly periods: readonly { start: number; end: number }[];
  /** Office time of one working day, in milliseconds. */
  readonly dayLengthMs: number;
  /** A day (`2026-02-17`) or the Vietnam day of an instant. */
  isWorkingDay(date: Date | string): boolean;
  /** The instant itself when it is office time, otherwise the next opening. */
  nextWorkingMoment(at: Date): Date;
  /** When counting starts for a record received at `receivedAt`. */
  countingStart(receivedAt: Date, options?: Pick<DurationOptions, 'cutoff'>): Date;
  /** The due instant of a duration counted from `start` (a receipt time). */
  addDuration(start: Date, duration: Duration, options?: DurationOptions): Date;
  /** `ms` of office time after `at`. */
  addWorkingTime(at: Date, ms: number): Date;
  /** Office time between two instants, in milliseconds; negative when `b` is before `a`. */
  workingTimeBetween(a: Date, b: Date): number;
  /** Moves a due instant by the time of the pauses (merged, so that overlaps count once). */
  extendByPauses(due: Date, pauses: readonly Interval[], unit: DurationUnit): Date;
  /** The number of working days in a year of the calendar. */
  workingDaysIn(year: number): number;
  describeDay(date: string): CalendarDay;
  /** The days of a year that are statutory holidays or have a schedule entry, in order. */
  markedDays(year: number): CalendarDay[];
}

function readSettings(settings: CalendarSettings): { periods: { start: number; end: number }[]; cutoff: number } {
  checkHolidayRules(settings.holidays);
  const periods = settings.hours.map(([from, to]) => ({ start: parseTimeOfDay(from), end: parseTimeOfDay(to) }));
  if (periods.length === 0) throw new RangeError('Office hours need at least one period');
  let previousEnd = -1;
  for (const p of periods) {
    if (p.start === null || p.end === null || p.start >= p.end || p.start <= previousEnd) throw new RangeError(`Office hours must be increasing HH:MM periods: ${JSON.stringify(settings.hours)}`);
    previousEnd = p.end;
  }
  const cutoff = parseTimeOfDay(settings.cutoff);
  if (cutoff === null) throw new RangeError(`Cut-off time must be HH:MM: ${settings.cutoff}`);
  return { periods: periods as { start: number; end: number }[], cutoff };
}

/**
 * A working calendar for the years `fromYear`–`toYear`: the statutory holidays computed from `settings.holidays`,
 * and the official schedule's `entries` (entries outside those years are ignored). Asking about a day outside
 * those years throws a `CalendarRangeError`: load the years a computation can reach.
 */
export function createWorkingCalendar(input: { fromYear: number; toYear: number; entries: readonly ScheduleEntry[]; settings?: CalendarSettings }): WorkingCalendar {
  const { fromYear, toYear } = input;
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear || fromYear < CALENDAR_MIN_YEAR || toYear > CALENDAR_MAX_YEAR) {
    throw new RangeError(`The working calendar covers years ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}, asked for ${fromYear}–${toYear}`);
  }
  const settings = input.settings ?? DEFAULT_CALENDAR_SETTINGS;
  const { periods, cutoff } = readSettings(settings);
  const opening = periods[0]!.start;
  const closing = periods[periods.length - 1]!.end;
  const dayLengthMs = periods.reduce((sum, p) => sum + p.end - p.start, 0);

  const first = dayOf(fromYear, 1, 1);
  const last = dayOf(toYear, 12, 31);
  const size = last - first + 1;
  const working = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const w = weekdayOf(first + i);
    working[i] = w >= 1 && w <= 5 ? 1 : 0;
  }
  const holidays = new Map<number, StatutoryHoliday[]>();
  for (let year = fromYear; year <= toYear; year++) {
    for (const h of statutoryHolidays(year, settings.holidays)) {
      working[h.day - first] = 0;
      const list = holidays.get(h.day);
      if (list) list.push(h);
      else holidays.set(h.day, [h]);
    }
  }
  const entries = new Map<number, ScheduleEntry>();
  for (const entry of input.entries) {
    const day = parseIsoDay(entry.date);
    if (day === null) throw new RangeError(`Schedule entry with a bad date: ${entry.date}`);
    if (day < first || day > last) continue;
    entries.set(day, entry);
    // The official schedule decides: a working Saturday works, anything else is off.
    working[day - first] = entry.kind === 'working_saturday' ? 1 : 0;
  }
  // before[i] = working days in [first, first + i): working days between two days in O(1).
  const before = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) before[i + 1] = before[i]! + working[i]!;

  const outside = (what: string) => new CalendarRangeError(what, fromYear, toYear);
  const index = (day: number): number => {
    if (day < first || day > last) throw outside(isoOfDay(day));
    return day - first;
  };
  const isWorking = (day: number): boolean => working[index(day)] === 1;
  const nextWorkingDayAfter = (day: number): number => {
    for (let d = day + 1; d <= last; d++) if (working[d - first] === 1) return d;
    throw outside(`The working day after ${isoOfDay(day)}`);
  };
  /** The `n`th working day after `day` (n ≥ 1). */
  const nthWorkingDayAfter = (day: number, n: number): number => {
    const target = before[index(day) + 1]! + n;
    if (target > before[size]!) throw outside(`${n} working days after ${isoOfDay(day)}`);
    // The smallest i with before[i + 1] = target, by bisection.
    let lo = index(day) + 1;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before[mid + 1]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return first + lo;
  };
  const dayArg = (date: Date | string): number => {
    if (typeof date !== 'string') return dayOfInstant(date);
    const day = parseIsoDay(date);
    if (day === null) throw new RangeError(`Not a date: ${date}`);
    return day;
  };
  const checkInstant = (at: Date, what: string) => {
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError(`${what} is not a valid instant`);
  };

  /** The next office moment at or after (day, time). */
  const nextMoment = (day: number, time: number): number => {
    if (isWorking(day)) for (const p of periods) if (time < p.end) return +instantAt(day, Math.max(time, p.start));
    return +instantAt(nextWorkingDayAfter(day), opening);
  };

  /** Office time within (day, [from, to)) of one day, milliseconds of the day. */
  const officeTimeWithin = (day: number, from: number, to: number): number => {
    if (!isWorking(day)) return 0;
    let sum = 0;
    for (const p of periods) sum += Math.max(0, Math.min(p.end, to) - Math.max(p.start, from));
    return sum;
  };

  const workingTimeBetween = (a: Date, b: Date): number => {
    checkInstant(a, 'The start');
    checkInstant(b, 'The end');
    if (+b < +a) return -workingTimeBetween(b, a);
    const da = dayOfInstant(a);
    const db = dayOfInstant(b);
    const ta = timeOfDayOf(a);
    const tb = timeOfDayOf(b);
    if (da === db) return officeTimeWithin(da, ta, tb);
    const wholeDays = db - da > 1 ? before[index(db)]! - before[index(da) + 1]! : 0;
    return officeTimeWithin(da, ta, DAY_MS) + wholeDays * dayLengthMs + officeTimeWithin(db, 0, tb);
  };

  const addWorkingTime = (at: Date, ms: number): Date => {
    checkInstant(at, 'The start');
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Working time to add must be ≥ 0, not ${ms}`);
    let remaining = Math.round(ms);
    if (remaining === 0) return new Date(+at);
    let day = dayOfInstant(at);
    let time = timeOfDayOf(at);
    for (;;) {
      if (isWorking(day)) {
        for (const p of periods) {
          const from = Math.max(time, p.start);
          if (from >= p.end) continue;
          const available = p.end - from;
          if (remaining <= available) return instantAt(day, from + remaining);
          remaining -= available;
        }
      }
      day = nextWorkingDayAfter(day);
      time = 0;
      // Whole working days at once, leaving the day to land in (a remainder of 1 ms up to a full day).
      const whole = Math.floor((remaining - 1) / dayLengthMs);
      if (whole > 0) {
        day = nthWorkingDayAfter(day, whole);
        remaining -= whole * dayLengthMs;
      }
    }
  };

  const countingStart = (receivedAt: Date, options: Pick<DurationOptions, 'cutoff'> = {}): Date => {
    checkInstant(receivedAt, 'The receipt time');
    const day = dayOfInstant(receivedAt);
    const time = timeOfDayOf(receivedAt);
    if (options.cutoff && isWorking(day) && time > cutoff) return instantAt(nextWorkingDayAfter(day), opening);
    return new Date(nextMoment(day, time));
  };

  const mergedPauses = (pauses: readonly Interval[]): [number, number][] => {
    const list = pauses
      .map((p) => {
        checkInstant(p.from, 'A pause start');
        checkInstant(p.to, 'A pause end');
        return [+p.from, +p.to] as [number, number];
      })
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const [a, b] of list) {
      const top = merged[merged.length - 1];
      if (top && a <= top[1]) top[1] = Math.max(top[1], b);
      else merged.push([a, b]);
    }
    return merged;
  };

  /** A calendar-day due instant on a day off moves to the next working day, at the same time when that is office time. */
  const rollForward = (due: number): number => {
    const day = dayOfInstant(due);
    if (isWorking(day)) return due;
    return nextMoment(nextWorkingDayAfter(day), timeOfDayOf(due));
  };

  const extendByPauses = (due: Date, pauses: readonly Interval[], unit: DurationUnit): Date => {
    checkInstant(due, 'The due instant');
    const merged = mergedPauses(pauses);
    if (merged.length === 0) return new Date(+due);
    if (unit === 'days') return new Date(rollForward(+due + merged.reduce((sum, [a, b]) => sum + b - a, 0)));
    const paused = merged.reduce((sum, [a, b]) => sum + workingTimeBetween(new Date(a), new Date(b)), 0);
    return addWorkingTime(due, paused);
  };

  const addDuration = (start: Date, duration: Duration, options: DurationOptions = {}): Date => {
    const { value, unit } = duration;
    if (!(DURATION_UNITS as readonly string[]).includes(unit)) throw new RangeError(`Unknown duration unit ${String(unit)}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 3660) throw new RangeError(`A duration must be 0–3660, not ${String(value)}`);
    const from = countingStart(start, options);
    let due: Date;
    if (unit === 'working_hours') {
      due = addWorkingTime(from, value * 3_600_000);
    } else if (unit === 'days') {
      const end = +from + Math.round(value * DAY_MS);
      due = new Date(options.rollToWorkingDay === false ? end : rollForward(end));
    } else {
      // Float-safe whole part: 2.9999999 working days are 3.
      const whole = Math.floor(value + 1e-9);
      const fraction = Math.max(0, value - whole);
      const fromDay = dayOfInstant(from);
      const dueDay = whole === 0 ? fromDay : nthWorkingDayAfter(fromDay, whole);
      due = options.dueAt === 'end_of_day' ? instantAt(dueDay, closing) : instantAt(dueDay, timeOfDayOf(from));
      if (fraction > 1e-9) due = addWorkingTime(due, fraction * dayLengthMs);
    }
    return options.pauses && options.pauses.length > 0 ? extendByPauses(due, options.pauses, unit) : due;
  };

  const describe = (day: number): CalendarDay => ({
    date: isoOfDay(day),
    weekday: weekdayOf(day),
    working: isWorking(day),
    holidays: holidays.get(day) ?? [],
    entry: entries.get(day) ?? null,
  });

  const yearIndex = (year: number) => {
    if (!Number.isInteger(year) || year < fromYear || year > toYear) throw outside(String(year));
    return [dayOf(year, 1, 1), dayOf(year, 12, 31)] as const;
  };

  return {
    fromYear,
    toYear,
    periods,
    dayLengthMs,
    isWorkingDay: (date) => isWorking(dayArg(date)),
    nextWorkingMoment: (at) => {
      checkInstant(at, 'The instant');
      return new Date(nextMoment(dayOfInstant(at), timeOfDayOf(at)));
    },
    countingStart,
    addDuration,
    addWorkingTime,
    workingTimeBetween,
    extendByPauses,
    workingDaysIn: (year) => {
      const [a, b] = yearIndex(year);
      return before[b - first + 1]! - before[a - first]!;
    },
    describeDay: (date) => describe(dayArg(date)),
    markedDays: (year) => {
      const [a, b] = yearIndex(year);
      const days = new Set<number>();
      for (const d of holidays.keys()) if (d >= a && d <= b) days.add(d);
      for (const d of entries.keys()) if (d >= a && d <= b) days.add(d);
      return [...days].sort((x, y) => x - y).map(describe);
    },
  };
}

/** `07:30–11:30, 13:30–17:00`. */
export function formatHours(periods: readonly { start: number; end: number }[]): string {
  return periods.map((p) => `${formatTimeOfDay(p.start)}–${formatTimeOfDay(p.end)}`).join(', ');
}

