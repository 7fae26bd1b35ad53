/**
 * The Vietnamese lunisolar calendar (âm lịch), computed from astronomy at Vietnam's meridian (UTC+7).
 *
 * Method (Hồ Ngọc Đức, "Thuật toán tính âm lịch": the rules of the traditional Chinese calendar, evaluated
 * for the time zone of Vietnam, which is why Tết sometimes differs from the Chinese new year, e.g. 1985, 2007):
 *   1. a lunar month begins on the local day of a true new moon (điểm sóc);
 *   2. month 11 is the month that contains the December solstice (the sun's apparent longitude reaches 270°);
 *   3. when 13 months begin between one month 11 and the next, the first of them during which the sun enters
 *      no new 30° sign (it contains no trung khí) is the leap month; it takes the number of the month before it.
 *   A day belongs to the month whose first day is the latest new-moon day not after it; a sign entered on the
 *   day a month begins belongs to that month (signs are compared at the local midnight that starts each month).
 *
 * Astronomy, written for this project from the formulas of J. Meeus, *Astronomical Algorithms* (2nd ed., 1998):
 *   - true new moon: chapter 49 (mean phase, the 25 periodic terms and the 14 planetary arguments), ≈ 1 minute;
 *   - the Sun's apparent longitude: chapter 25, low-accuracy method (≈ 0.01°, i.e. ≈ 15 minutes of time);
 *   - ΔT (TT − UT): the polynomial expressions of F. Espenak and J. Meeus (NASA eclipse web site, 2006).
 * Valid for the lunar years 1900–2100 that the platform needs (checked in test/unit/calendar-lunar.test.ts).
 */
import { JDN_OF_EPOCH, dayOf, isoOfDay, parseIsoDay, yearOfDay } from './civil-date.ts';

const RAD = Math.PI / 180;
/** Vietnam's time zone as a fraction of a day. */
const TIME_ZONE = 7 / 24;
const SYNODIC_MONTH = 29.530588861;
/** Julian Ephemeris Day of the mean new moon k = 0 (6 January 2000). */
const NEW_MOON_EPOCH = 2451550.09766;

export const LUNAR_MIN_YEAR = 1900;
export const LUNAR_MAX_YEAR = 2100;

const sin = (degrees: number) => Math.sin(degrees * RAD);
const normalise = (degrees: number) => ((degrees % 360) + 360) % 360;

/** ΔT = TT − UT in seconds for a (fractional) year, Espenak & Meeus (2006), the pieces for 1860–2150. */
export function deltaTSeconds(year: number): number {
  if (year < 1900) {
    const t = year - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (year < 1920) {
    const t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year < 1941) {
    const t = year - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (year < 1961) {
    const t = year - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (year < 1986) {
    const t = year - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (year < 2005) {
    const t = year - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (year < 2050) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  const u = (year - 1820) / 100;
  return -20 + 32 * u ** 2 - 0.5628 * (2150 - year);
}

/** The Julian Ephemeris Day (TT) of true new moon number `k` (k = 0 is the new moon of 6 January 2000). Meeus ch. 49. */
export function newMoonJde(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const T4 = T3 * T;
  const mean = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4;
  // Eccentricity of the Earth's orbit, the Sun's and the Moon's mean anomalies, the Moon's argument of
  // latitude and the longitude of its ascending node.
  const E = 1 - 0.002516 * T - 0.0000074 * T2;
  const M = 2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3;
  const Mp = 201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4;
  const F = 160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4;
  const Om = 124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3;
  const periodic =
    -0.4072 * sin(Mp) +
    0.17241 * E * sin(M) +
    0.01608 * sin(2 * Mp) +
    0.01039 * sin(2 * F) +
    0.00739 * E * sin(Mp - M) -
    0.00514 * E * sin(Mp + M) +
    0.00208 * E * E * sin(2 * M) -
    0.00111 * sin(Mp - 2 * F) -
    0.00057 * sin(Mp + 2 * F) +
    0.00056 * E * sin(2 * Mp + M) -
    0.00042 * sin(3 * Mp) +
    0.00042 * E * sin(M + 2 * F) +
    0.00038 * E * sin(M - 2 * F) -
    0.00024 * E * sin(2 * Mp - M) -
    0.00017 * sin(Om) -
    0.00007 * sin(Mp + 2 * M) +
    0.00004 * sin(2 * Mp - 2 * F) +
    0.00004 * sin(3 * M) +
    0.00003 * sin(Mp + M - 2 * F) +
    0.00003 * sin(2 * Mp + 2 * F) -
    0.00003 * sin(Mp + M + 2 * F) +
    0.00003 * sin(Mp - M + 2 * F) -
    0.00002 * sin(Mp - M - 2 * F) -
    0.00002 * sin(3 * Mp + M) +
    0.00002 * sin(4 * Mp);
  // Planetary arguments A1–A14 and their coefficients.
  const planetary =
    0.000325 * sin(299.77 + 0.107408 * k - 0.009173 * T2) +
    0.000165 * sin(251.88 + 0.016321 * k) +
    0.000164 * sin(251.83 + 26.651886 * k) +
    0.000126 * sin(349.42 + 36.412478 * k) +
    0.00011 * sin(84.66 + 18.206239 * k) +
    0.000062 * sin(141.74 + 53.303771 * k) +
    0.00006 * sin(207.14 + 2.453732 * k) +
    0.000056 * sin(154.84 + 7.30686 * k) +
    0.000047 * sin(34.52 + 27.261239 * k) +
    0.000042 * sin(207.19 + 0.121824 * k) +
    0.00004 * sin(291.34 + 1.844379 * k) +
    0.000037 * sin(161.72 + 24.198154 * k) +
    0.000035 * sin(239.56 + 25.513099 * k) +
    0.000023 * sin(331.55 + 3.592518 * k);
  return mean + periodic + planetary;
}

/** The Sun's apparent longitude in degrees [0, 360) at a Julian Ephemeris Day. Meeus ch. 25, low accuracy. */
export function sunApparentLongitude(jde: number): number {
  const T = (jde - 2451545) / 36525;
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
  const M = 357.52911 + 35999.05029 * T - 0.0001537 * T * T;
  const C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * sin(M) + (0.019993 - 0.000101 * T) * sin(2 * M) + 0.000289 * sin(3 * M);
  const omega = 125.04 - 1934.136 * T;
  return normalise(L0 + C - 0.00569 - 0.00478 * sin(omega));
}

const yearOfJd = (jd: number) => 2000 + (jd - 2451545) / 365.25;

const newMoonDays = new Map<number, number>();

/** The local (UTC+7) day, as an epoch day, on which new moon `k` occurs. */
function newMoonDay(k: number): number {
  let day = newMoonDays.get(k);
  if (day === undefined) {
    const jde = newMoonJde(k);
    const jdUt = jde - deltaTSeconds(yearOfJd(jde)) / 86400;
    // The civil day that contains the instant: Julian days start at noon, civil days at local midnight.
    day = Math.floor(jdUt + 0.5 + TIME_ZONE) - JDN_OF_EPOCH;
    newMoonDays.set(k, day);
  }
  return day;
}

/** Which 30° sign (0–11) the Sun is in at the local midnight that starts `day`. */
function sunSignAtStartOf(day: number): number {
  const jdUt = day + JDN_OF_EPOCH - 0.5 - TIME_ZONE;
  const jde = jdUt + deltaTSeconds(yearOfJd(jdUt)) / 86400;
  return Math.floor(sunApparentLongitude(jde) / 30);
}

/** The number of the last new moon that begins a month on or before `day`. */
function lastNewMoonOnOrBefore(day: number): number {
  let k = Math.floor((day + JDN_OF_EPOCH - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  while (newMoonDay(k + 1) <= day) k++;
  while (newMoonDay(k) > day) k--;
  return k;
}

/** The new moon that begins month 11 of the lunar year that ends around Gregorian year `year`: the month holding the December solstice. */
function month11Of(year: number): number {
  const k = lastNewMoonOnOrBefore(dayOf(year, 12, 31));
  // The Sun already at 270° or beyond when that month began: the solstice fell in the month before.
  return sunSignAtStartOf(newMoonDay(k)) >= 9 ? k - 1 : k;
}

interface MonthStart {
  /** First day of the month (epoch day). */
  start: number;
  month: number;
  leap: boolean;
}

const spans = new Map<number, MonthStart[]>();

/**
 * The months from month 11 of the lunar year that ends around Gregorian year `year - 1` up to (not including)
 * the next month 11: 12 months, or 13 with a leap month.
 */
function solsticeSpan(year: number): MonthStart[] {
  const cached = spans.get(year);
  if (cached) return cached;
  const from = month11Of(year - 1);
  const count = month11Of(year) - from;
  let leapAt = -1;
  if (count === 13) {
    // Month 11 holds the solstice, so the search starts with the month after it.
    for (let i = 1; i <= 12 && leapAt < 0; i++) {
      if (sunSignAtStartOf(newMoonDay(from + i)) === sunSignAtStartOf(newMoonDay(from + i + 1))) leapAt = i;
    }
    if (leapAt < 0) throw new Error(`No month without a principal term between the solstices of ${year - 1} and ${year}`);
  } else if (count !== 12) {
    throw new Error(`${count} lunar months between the solstices of ${year - 1} and ${year}`);
  }
  const months: MonthStart[] = [];
  let number = 11;
  for (let i = 0; i < count; i++) {
    const leap = i === leapAt;
    if (i > 0 && !leap) number = (number % 12) + 1;
    months.push({ start: newMoonDay(from + i), month: number, leap });
  }
  spans.set(year, months);
  return months;
}

export interface LunarMonth {
  month: number;
  leap: boolean;
  /** First day (epoch day). */
  start: number;
  /** 29 or 30. */
  length: number;
}

const years = new Map<number, LunarMonth[]>();

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`Lunar year ${year} is outside ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}`);
  }
}

/** The months of lunar year `year` (the one whose first day falls in Gregorian year `year`), in order. */
export function lunarYearMonths(year: number): readonly LunarMonth[] {
  checkYear(year);
  const cached = years.get(year);
  if (cached) return cached;
  const first = solsticeSpan(year);
  const second = solsticeSpan(year + 1);
  const isFirstMonth = (m: MonthStart) => m.month === 1 && !m.leap;
  const from = first.findIndex(isFirstMonth);
  const to = second.findIndex(isFirstMonth);
  const starts = [...first.slice(from), ...second.slice(0, to)];
  const end = second[to]!.start;
  const months = starts.map((m, i) => ({ month: m.month, leap: m.leap, start: m.start, length: (starts[i + 1]?.start ?? end) - m.start }));
  years.set(year, months);
  return months;
}

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  /** Whether the month is the leap (nhuận) month of that number. */
  leap: boolean;
}

/** The first day (Tết, mùng 1 tháng Giêng) of lunar year `year`, as an epoch day. */
export function lunarNewYearDay(year: number): number {
  return lunarYearMonths(year)[0]!.start;
}

/** The lunar date of a day (epoch day), for days of the lunar years 1900–2100. */
export function lunarDateOf(day: number): LunarDate {
  let year = yearOfDay(day);
  if (year > LUNAR_MAX_YEAR || day < lunarNewYearDay(year)) year -= 1;
  const months = lunarYearMonths(year);
  for (let i = months.length - 1; i >= 0; i--) {
    const m = months[i]!;
    if (m.start <= day) {
      if (day - m.start >= m.length) break;
      return { year, month: m.month, day: day - m.start + 1, leap: m.leap };
    }
  }
  throw new RangeError(`${isoOfDay(day)} is outside the lunar years ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}`);
}

/** The day (epoch day) of a lunar date, or null when that date does not exist (a 30th of a short month, a leap month the year has not). */
export function dayOfLunarDate(date: LunarDate): number | null {
  const month = lunarYearMonths(date.year).find((m) => m.month === date.month && m.leap === date.leap);
  if (!month || !Number.isInteger(date.day) || date.day < 1 || date.day > month.length) return null;
  return month.start + date.day - 1;
}

/** The number of the leap month of lunar year `year`, or null. */
export function leapMonthOf(year: number): number | null {
  return lunarYearMonths(year).find((m) => m.leap)?.month ?? null;
}

// --- the same, with ISO dates (`2026-02-17`) ---------------------------------------------------------------------

/** Mùng 1 Tết of lunar year `year`, e.g. `lunarNewYear(2026)` → `2026-02-17`. */
export function lunarNewYear(year: number): string {
  return isoOfDay(lunarNewYearDay(year));
}

/** The lunar date of an ISO date. */
export function solarToLunar(date: string): LunarDate {
  const day = parseIsoDay(date);
  if (day === null) throw new RangeError(`Not an ISO date: ${date}`);
  return lunarDateOf(day);
}

/** The ISO date of a lunar date, or null when it does not exist. */
export function lunarToSolar(date: LunarDate): string | null {
  const day = dayOfLunarDate(date);
  return day === null ? null : isoOfDay(day);
}
