/**
 * Due dates. The records module needs only this contract; `calendarDeadlines` computes it with the
 * working-day calendar (holidays, official schedules, office hours, the 15:00 rule), `simpleDeadlines`
 * counts Monday–Friday without holidays for tests of other things.
 *
 * Loading (`at`) happens before a transaction opens and the calculation inside it is synchronous: on the
 * embedded database a query outside the open transaction would wait for its only connection for ever.
 */
import type { Db } from '../../platform/db/database.ts';
import { loadCalendar } from '../calendar/index.ts';
import type { ProcessingTime } from '../catalogue/index.ts';

export interface DeadlineCalculator {
  /** The appointment for a record received at `receivedAt`; null when the procedure gives no time limit. */
  due(receivedAt: Date, time: ProcessingTime, options: { after15Rule: boolean }): Date | null;
  /** A due date moved by the working time that passed while the record waited for the citizen. */
  resume(dueAt: Date, pausedAt: Date, resumedAt: Date): Date;
}

export interface Deadlines {
  /** A calculator good for dates around `moment`. */
  at(moment: Date): Promise<DeadlineCalculator>;
}

const DAY = 86400_000;
const VN = 7 * 3600_000;
const isWeekend = (t: number) => [0, 6].includes(new Date(t + VN).getUTCDay());

const simpleCalculator: DeadlineCalculator = {
  due(receivedAt, time) {
    if (time.value === null) return null;
    const value = Math.ceil(time.value);
    if (time.unit === 'days') return new Date(receivedAt.getTime() + value * DAY);
    if (time.unit === 'working_hours') return new Date(receivedAt.getTime() + value * 3600_000);
    let t = receivedAt.getTime();
    for (let left = value; left > 0; ) {
      t += DAY;
      if (!isWeekend(t)) left--;
    }
    return new Date(t);
  },
  resume(dueAt, pausedAt, resumedAt) {
    return new Date(dueAt.getTime() + Math.max(0, resumedAt.getTime() - pausedAt.getTime()));
  },
};

export const simpleDeadlines: Deadlines = { at: async () => simpleCalculator };

const vnYear = (at: Date) => new Date(at.getTime() + VN).getUTCFullYear();

/**
 * Due dates on the install's working-day calendar. A bare number in the catalogue (the national portal
 * gives no unit for many hộ tịch procedures) is read as working days. The 15:00 rule applies where the
 * caller says so. The calendar of the year before to two years after is loaded (cached by the calendar module).
 */
export function calendarDeadlines(db: Db): Deadlines {
  return {
    async at(moment) {
      const calendar = await loadCalendar(db, vnYear(moment) - 1, vnYear(moment) + 2);
      return {
        due(receivedAt, time, options) {
          if (time.value === null) return null;
          return calendar.addDuration(receivedAt, { value: time.value, unit: time.unit ?? 'working_days' }, { cutoff: options.after15Rule });
        },
        resume(dueAt, pausedAt, resumedAt) {
          return calendar.addWorkingTime(dueAt, Math.max(0, calendar.workingTimeBetween(pausedAt, resumedAt)));
        },
      };
    },
  };
}
