/**
 * Reporting periods: a month (2026-11), a quarter (2026-Q4), a year (2026) or a range of days
 * (2026-11-01..2026-11-15), bounded at Vietnam midnight (UTC+7, no daylight saving).
 */
export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';

export interface Period {
  kind: PeriodKind;
  /** The canonical text of the period, as in a URL: `2026-11`, `2026-Q4`, `2026`, `2026-11-01..2026-11-15`. */
  key: string;
  /** First instant, inclusive. */
  from: Date;
  /** Instant after the last day, exclusive. */
  to: Date;
  /** First and last Vietnam day, `YYYY-MM-DD`. */
  firstDay: string;
  lastDay: string;
}

const VN_OFFSET_MS = 7 * 3600_000;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
/** A range longer than this is refused: use a year. */
const MAX_RANGE_DAYS = 366;

const vnMidnight = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d) - VN_OFFSET_MS);
const dayText = (instant: Date) => new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);

function make(kind: PeriodKind, key: string, from: Date, to: Date): Period {
  return { kind, key, from, to, firstDay: dayText(from), lastDay: dayText(new Date(to.getTime() - 1)) };
}

function validDay(text: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (y < MIN_YEAR || y > MAX_YEAR || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return [y, mo, d];
}

/** The period a text names, or null when it names none. */
export function parsePeriod(text: string): Period | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12) return null;
    return make('month', t, vnMidnight(y, mo, 1), vnMidnight(y, mo + 1, 1));
  }
  m = /^(\d{4})-Q([1-4])$/i.exec(t);
  if (m) {
    const [y, q] = [Number(m[1]), Number(m[2])];
    if (y < MIN_YEAR || y > MAX_YEAR) return null;
    return make('quarter', `${y}-Q${q}`, vnMidnight(y, 3 * q - 2, 1), vnMidnight(y, 3 * q + 1, 1));
  }
  m = /^(\d{4})$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    if (y < MIN_YEAR || y > MAX_YEAR) return null;
    return make('year', t, vnMidnight(y, 1, 1), vnMidnight(y + 1, 1, 1));
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (m) {
    const a = validDay(m[1]!);
    const b = validDay(m[2]!);
    if (!a || !b) return null;
    const from = vnMidnight(...a);
    const to = vnMidnight(b[0], b[1], b[2] + 1);
    if (to <= from || to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) return null;
    return make('range', t, from, to);
  }
  return null;
}

/** A month by number (month may run past 12 or below 1: it carries into the year), without parsePeriod's year limits. */
function monthPeriod(year: number, month: number): Period {
  const total = year * 12 + (month - 1);
  const [y, m] = [Math.floor(total / 12), (total % 12) + 1];
  return make('month', `${y}-${String(m).padStart(2, '0')}`, vnMidnight(y, m, 1), vnMidnight(y, m + 1, 1));
}

/** The month an instant falls in, in Vietnam. */
export function monthOf(now: Date): Period {
  const [y, m] = dayText(now).split('-').map(Number) as [number, number];
  return monthPeriod(y, m);
}

/** The `count` months up to and including the one `now` falls in, oldest first (trends). */
export function lastMonths(now: Date, count: number): Period[] {
  const [y, m] = dayText(now).split('-').map(Number) as [number, number];
  const months: Period[] = [];
  for (let i = count - 1; i >= 0; i--) months.push(monthPeriod(y, m - i));
  return months;
}

/** The instant unfinished records are judged at: the end of the period, or now while it runs. */
export function judgedAt(period: Period, now: Date): Date {
  return period.to.getTime() < now.getTime() ? period.to : now;
}

/** The period just before this one, of the same length (for the change since last period). */
export function previousPeriod(period: Period): Period {
  if (period.kind === 'month') {
    const [y, m] = period.key.split('-').map(Number) as [number, number];
    return monthPeriod(y, m - 1);
  }
  if (period.kind === 'quarter') {
    const [y, q] = [Number(period.key.slice(0, 4)), Number(period.key.slice(6))];
    const [py, pq] = q === 1 ? [y - 1, 4] : [y, q - 1];
    return make('quarter', `${py}-Q${pq}`, vnMidnight(py, 3 * pq - 2, 1), vnMidnight(py, 3 * pq + 1, 1));
  }
  if (period.kind === 'year') {
    const y = Number(period.key) - 1;
    return make('year', String(y), vnMidnight(y, 1, 1), vnMidnight(y + 1, 1, 1));
  }
  const length = period.to.getTime() - period.from.getTime();
  const from = new Date(period.from.getTime() - length);
  return make('range', `${dayText(from)}..${dayText(new Date(period.from.getTime() - 1))}`, from, period.from);
}

/** The period between two instants (a report request's dates), as a range of Vietnam days. */
export function periodBetween(from: Date, to: Date): Period {
  const last = new Date(to.getTime() - 1);
  return make('range', `${dayText(from)}..${dayText(last)}`, from, to);
}
