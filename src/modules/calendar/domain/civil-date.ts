/**
 * Calendar days and Vietnam's clock. A day is an integer count of days since 1970-01-01 (the "epoch day");
 * Vietnam keeps UTC+7 all year (no daylight saving), so a day starts at 17:00 UTC of the day before.
 */
export const DAY_MS = 86_400_000;
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;
/** The Julian Day Number of epoch day 0 (1970-01-01). */
export const JDN_OF_EPOCH = 2_440_588;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DMY_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

export function dayOf(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / DAY_MS;
}

/** `2026-02-17`, or null when the text is not a real date of the Gregorian calendar. */
export function parseIsoDay(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  return checkedDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A date typed by a person: `2026-02-17` or `17/02/2026`. */
export function parseTypedDay(text: string): number | null {
  const trimmed = text.trim();
  const dmy = DMY_DATE.exec(trimmed);
  if (dmy) return checkedDay(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  return parseIsoDay(trimmed);
}

function checkedDay(year: number, month: number, d: number): number | null {
  if (year < 1 || month < 1 || month > 12 || d < 1 || d > 31) return null;
  const day = dayOf(year, month, d);
  const back = new Date(day * DAY_MS);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === d ? day : null;
}

export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Year, month (1–12) and day of month. */
export function partsOfDay(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export const yearOfDay = (day: number): number => new Date(day * DAY_MS).getUTCFullYear();

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

export const isWeekend = (day: number): boolean => {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
};

/** The day (in Vietnam) on which an instant falls. */
export const dayOfInstant = (at: Date | number): number => Math.floor((+at + VIETNAM_OFFSET_MS) / DAY_MS);

/** Milliseconds since midnight in Vietnam. */
export const timeOfDayOf = (at: Date | number): number => {
  const local = (+at + VIETNAM_OFFSET_MS) % DAY_MS;
  return local < 0 ? local + DAY_MS : local;
};

/** The instant at `timeOfDay` milliseconds after midnight (Vietnam) of `day`. */
export const instantAt = (day: number, timeOfDay: number): Date => new Date(day * DAY_MS + timeOfDay - VIETNAM_OFFSET_MS);

/** `07:30` → milliseconds since midnight; null when not a time of day. `24:00` is allowed (the end of a day). */
export function parseTimeOfDay(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return (h * 60 + min) * 60_000;
}

export function formatTimeOfDay(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
