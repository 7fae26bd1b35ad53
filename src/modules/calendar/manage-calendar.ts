import type { Db } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { checkEntry, readYearSchedule } from './domain/schedule.ts';
import type { DocumentProblem, EntryErrors, EntryInput, ScheduleEntry, YearSchedule } from './domain/schedule.ts';
import { forgetCalendars, installHolidays } from './load-calendar.ts';
import { deleteEntryInTrx, deleteYearInTrx, findEntry, insertEntriesInTrx, saveScheduleInTrx } from './store.ts';

export type EntryResult = { ok: true; entry: ScheduleEntry } | { ok: false; errors: EntryErrors };

class DateTaken extends Error {}

/** Adds one day to the official schedule (a day off, a compensating day, a working Saturday, a holiday day). */
export async function addCalendarEntry(db: Db, who: AuditActor, input: EntryInput): Promise<EntryResult> {
  const checked = checkEntry(input, installHolidays);
  if (!checked.ok) return checked;
  const entry = checked.entry;
  if (await findEntry(db, entry.date)) return { ok: false, errors: { date: 'calendar.error.date_taken' } };
  try {
    await db.transaction().execute(async (trx) => {
      // Two administrators adding the same date at once: the primary key decides, the second is told.
      if ((await insertEntriesInTrx(trx, [entry])).length === 0) throw new DateTaken();
      await recordAuditInTrx(trx, who, { action: 'calendar.entry_added', targetType: 'calendar_day', targetId: entry.date, details: { ...entry } });
    });
  } catch (error) {
    if (error instanceof DateTaken) return { ok: false, errors: { date: 'calendar.error.date_taken' } };
    throw error;
  }
  forgetCalendars(db);
  return { ok: true, entry };
}

/** Removes a day from the official schedule; undefined when the date has no entry. */
export async function removeCalendarEntry(db: Db, who: AuditActor, date: string): Promise<ScheduleEntry | undefined> {
  const removed = await db.transaction().execute(async (trx) => {
    const entry = await deleteEntryInTrx(trx, date);
    if (entry) await recordAuditInTrx(trx, who, { action: 'calendar.entry_removed', targetType: 'calendar_day', targetId: date, details: { ...entry } });
    return entry;
  });
  if (removed) forgetCalendars(db);
  return removed;
}

export type ImportResult = { ok: true; schedule: YearSchedule; replaced: number } | { ok: false; problems: DocumentProblem[] };

/**
 * Replaces a year's official schedule with the one in a JSON document, all or nothing: every entry is checked first,
 * and the old entries go and the new ones come in one transaction, with its audit entry.
 */
export async function importYearSchedule(db: Db, who: AuditActor, text: string): Promise<ImportResult> {
  const read = readYearSchedule(text, installHolidays);
  if (!read.ok) return read;
  const { schedule } = read;
  const replaced = await db.transaction().execute(async (trx) => {
    const removed = await deleteYearInTrx(trx, schedule.year);
    await insertEntriesInTrx(trx, schedule.entries);
    await saveScheduleInTrx(trx, schedule.year, schedule.source, 'import');
    await recordAuditInTrx(trx, who, {
      action: 'calendar.imported', targetType: 'calendar_year', targetId: schedule.year,
      details: { year: schedule.year, source: schedule.source, removed, entries: schedule.entries },
    });
    return removed;
  });
  forgetCalendars(db);
  return { ok: true, schedule, replaced };
}
