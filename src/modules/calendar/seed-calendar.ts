import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { recordAuditInTrx, SYSTEM_ACTOR } from '../audit/index.ts';
import { forgetCalendars } from './load-calendar.ts';
import { OFFICIAL_SCHEDULES } from './seed/official-schedules.ts';
import { insertEntriesInTrx, listSchedules, saveScheduleInTrx } from './store.ts';

/**
 * Reference data every install gets: the official schedules shipped with the application (2024–2026), each year
 * loaded once, when no schedule of that year was recorded yet, and never again (an administrator's changes stay).
 * A later release that ships a new year loads just that year. A date an administrator already filled keeps its
 * entry. Audited as one `calendar.seeded` entry. Returns the number of years loaded.
 */
export async function seedCalendar(db: Db): Promise<number> {
  const recorded = async (q: Parameters<typeof listSchedules>[0]) => new Set((await listSchedules(q)).map((s) => s.year));
  const known = await recorded(db);
  if (OFFICIAL_SCHEDULES.every((s) => known.has(s.year))) return 0;
  const loaded = await db.transaction().execute(async (trx) => {
    // Two processes starting at once on PostgreSQL: the second waits, then finds the years recorded.
    await sql`select pg_advisory_xact_lock(727276)`.execute(trx);
    const now = await recorded(trx);
    const todo = OFFICIAL_SCHEDULES.filter((s) => !now.has(s.year));
    if (todo.length === 0) return 0;
    let entries = 0;
    for (const schedule of todo) {
      entries += (await insertEntriesInTrx(trx, schedule.entries)).length;
      await saveScheduleInTrx(trx, schedule.year, schedule.source, 'built_in');
    }
    await recordAuditInTrx(trx, SYSTEM_ACTOR, { action: 'calendar.seeded', targetType: 'calendar_year', details: { years: todo.map((s) => s.year), entries } });
    return todo.length;
  });
  if (loaded > 0) forgetCalendars(db);
  return loaded;
}
