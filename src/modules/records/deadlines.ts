/**
 * Due dates. The working-day calendar (calendar module) computes them; the records module only needs this
 * contract, handed in by the composition root. `simpleDeadlines` counts Monday–Friday without holidays:
 * for tests of other things and for installs started without the calendar.
 */
import type { ProcessingTime } from '../catalogue/index.ts';

export interface Deadlines {
  /** The appointment for a record received at `receivedAt`; null when the procedure gives no time limit. */
  due(receivedAt: Date, time: ProcessingTime, options: { after15Rule: boolean }): Date | null;
  /** A due date moved by the working time that passed while the record waited for the citizen. */
  resume(dueAt: Date, pausedAt: Date, resumedAt: Date): Date;
}

const DAY = 86400_000;
const VN = 7 * 3600_000;
const isWeekend = (t: number) => [0, 6].includes(new Date(t + VN).getUTCDay());

export const simpleDeadlines: Deadlines = {
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
