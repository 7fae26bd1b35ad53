import { sql } from 'kysely';
import type { Generated } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { EntryKind, ScheduleEntry } from './domain/schedule.ts';

export type ScheduleOrigin = 'built_in' | 'import';

export interface CalendarTables {
  calendar_entries: {
    day: string;
    kind: EntryKind;
    name: string;
    source: string;
    created_at: Generated<Date>;
  };
  calendar_schedules: {
    year: number;
    source: string;
    origin: ScheduleOrigin;
    recorded_at: Generated<Date>;
  };
}

export interface RecordedSchedule {
  year: number;
  source: string;
  origin: ScheduleOrigin;
  recordedAt: Date;
}

const calendarDb = (db: Db | Trx) => tables<CalendarTables>(db);
/** Dates as text: drivers otherwise turn a `date` into a local-time `Date`. */
const dayText = sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day');

const yearBounds = (fromYear: number, toYear: number) => [`${fromYear}-01-01`, `${toYear}-12-31`] as const;

export async function listEntries(db: Db | Trx, fromYear: number, toYear: number): Promise<ScheduleEntry[]> {
  const [from, to] = yearBounds(fromYear, toYear);
  const rows = await calendarDb(db).selectFrom('calendar_entries').select([dayText, 'kind', 'name', 'source']).where('day', '>=', from).where('day', '<=', to).orderBy('calendar_entries.day').execute();
  return rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name, source: r.source }));
}

export async function findEntry(db: Db | Trx, date: string): Promise<ScheduleEntry | undefined> {
  const r = await calendarDb(db).selectFrom('calendar_entries').select([dayText, 'kind', 'name', 'source']).where('day', '=', date).executeTakeFirst();
  return r && { date: r.day, kind: r.kind, name: r.name, source: r.source };
}

/** Inserts entries; a date that already has one is left as it is. Returns the dates inserted. */
export async function insertEntriesInTrx(trx: Trx, entries: readonly ScheduleEntry[]): Promise<string[]> {
  if (entries.length === 0) return [];
  const rows = await calendarDb(trx)
    .insertInto('calendar_entries')
    .values(entries.map((e) => ({ day: e.date, kind: e.kind, name: e.name, source: e.source })))
    .onConflict((oc) => oc.column('day').doNothing())
    .returning(dayText)
    .execute();
  return rows.map((r) => r.day);
}

export async function deleteEntryInTrx(trx: Trx, date: string): Promise<ScheduleEntry | undefined> {
  const r = await calendarDb(trx).deleteFrom('calendar_entries').where('day', '=', date).returning([dayText, 'kind', 'name', 'source']).executeTakeFirst();
  return r && { date: r.day, kind: r.kind, name: r.name, source: r.source };
}

/** Removes every entry of a year; returns how many there were. */
export async function deleteYearInTrx(trx: Trx, year: number): Promise<number> {
  const [from, to] = yearBounds(year, year);
  const result = await calendarDb(trx).deleteFrom('calendar_entries').where('day', '>=', from).where('day', '<=', to).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSchedules(db: Db | Trx): Promise<RecordedSchedule[]> {
  const rows = await calendarDb(db).selectFrom('calendar_schedules').selectAll().orderBy('year').execute();
  return rows.map((r) => ({ year: Number(r.year), source: r.source, origin: r.origin, recordedAt: r.recorded_at }));
}

export async function findSchedule(db: Db | Trx, year: number): Promise<RecordedSchedule | undefined> {
  const r = await calendarDb(db).selectFrom('calendar_schedules').selectAll().where('year', '=', year).executeTakeFirst();
  return r && { year: Number(r.year), source: r.source, origin: r.origin, recordedAt: r.recorded_at };
}

export async function saveScheduleInTrx(trx: Trx, year: number, source: string, origin: ScheduleOrigin): Promise<void> {
  await calendarDb(trx)
    .insertInto('calendar_schedules')
    .values({ year, source, origin })
    .onConflict((oc) => oc.column('year').doUpdateSet({ source, origin, recorded_at: sql<Date>`now()` }))
    .execute();
}
