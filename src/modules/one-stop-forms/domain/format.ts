/**
 * How dates, times, counts and money are written on the forms. Times are Vietnam's (UTC+7 all year; no
 * daylight saving since 1975), whatever the server's time zone.
 */

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

export interface VnParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function vnParts(at: Date): VnParts {
  const d = new Date(at.getTime() + VN_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** 27/10/2026 */
export function formatDate(at: Date): string {
  const p = vnParts(at);
  return `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** 09:32 */
export function formatClock(at: Date): string {
  const p = vnParts(at);
  return `${two(p.hour)}:${two(p.minute)}`;
}

/** No-break space: keeps "9 giờ 32 phút" on one line (it prints, and is copied, as a space). */
export const NBSP = '\u00a0';

/**
 * "9 giờ 32 phút, ngày 27/10/2026", as the receipt writes the time of intake and of the appointment. A line
 * may break only after the comma.
 */
export function formatHourMinuteDay(at: Date): string {
  const p = vnParts(at);
  return `${p.hour}${NBSP}giờ${NBSP}${two(p.minute)}${NBSP}phút, ngày${NBSP}${two(p.day)}/${two(p.month)}/${p.year}`;
}

/**
 * The place-and-date line of NĐ 30/2020 Phụ lục I: "Mường Đăng, ngày 05 tháng 3 năm 2026". Days below 10
 * and the months 1 and 2 take a leading zero ("tháng 02"), the other months do not.
 */
export function formatPlaceDate(place: string, at: Date): string {
  const p = vnParts(at);
  const month = p.month < 3 ? two(p.month) : String(p.month);
  return `${place}, ngày ${two(p.day)} tháng ${month} năm ${p.year}`;
}

const grouping = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** 200000 → "200.000 đồng" */
export function formatMoney(amount: number): string {
  return `${grouping.format(amount)} đồng`;
}

/** Counts of sets and copies the way forms write them: "01", "12". */
export function formatCount(n: number): string {
  return two(n);
}
