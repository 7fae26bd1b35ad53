/** Dates and times as the forms take them, in Vietnam's time (UTC+7 all year, no daylight saving). */

const OFFSET_MS = 7 * 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const TIME = /^(\d{1,2}):(\d{2})$/;

/** `2026-11-30` or `30/11/2026` → `2026-11-30`; null when it is no real date. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = DATE.exec(t);
  const dmy = DMY.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [y, m, d] = [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
  else return null;
  const at = new Date(Date.UTC(y, m - 1, d));
  if (y < 2000 || y > 2100 || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) return null;
  return at.toISOString().slice(0, 10);
}

/** The instant a day starts in Vietnam. */
export const startOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);

/** The instant after a day ends in Vietnam (the next day's start). */
export const endOfDay = (day: string) => new Date(startOfDay(day).getTime() + 86_400_000);

/** A day and `HH:MM` in Vietnam → the instant; null when the time is not one. */
export function vietnamInstant(day: string, time: string): Date | null {
  const m = TIME.exec(time.trim() || '17:00');
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return new Date(startOfDay(day).getTime() + (Number(m[1]) * 60 + Number(m[2])) * 60_000);
}

/** The day of an instant in Vietnam, `2026-11-30`. */
export const vietnamDay = (at: Date) => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** `2026-11-30` → `30/11/2026`. */
export const displayDay = (day: string) => day.split('-').reverse().join('/');

