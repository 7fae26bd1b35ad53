/**
 * Two years of records for the three demo communes, so that the dashboards of a fresh install have figures and
 * trends to show (issue #7): the commune dashboard, the province's ranking and the public index page. About 1,500
 * records made by the synthetic generator (synthetic-history.ts) with one fixed seed, each commune with its own
 * performance so that the ranking means something:
 *   Xã Mường Đăng        ~450 records  the good one: on time, online, electronic results, digitised files
 *   Xã Phìn Hồ           ~300 records  the remote one: mostly at the desk, late more often, few electronic results
 *   Phường Điện Biên Phủ ~750 records  the busy ward: online and digital, on time a little less often
 * The records are fictional and look it to a reader of the code: applicants drawn from a short list of names (no
 * citizen account, so no citizen's "my records" holds them), 12-digit numbers 011… kept apart from those of the
 * hand-made demo records, component files saying "du lieu mau" (sample data), no events (so nothing is mirrored
 * to the portal), electronic results all sealed but with no signed document kept (the record page says so).
 *
 * Seeded once, after the hand-made demo records (demo-records.ts): the marker is a record of these communes without
 * any event, which only this generator makes. Only on the demo's own units (codes and names of demo-data.ts, with
 * the demo citizen present), in one transaction.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../platform/db/database.ts';
import { findCitizenByContact } from '../modules/identity/index.ts';
import { listRecords } from '../modules/records/index.ts';
import { findUnitByCode } from '../modules/tenancy/index.ts';
import type { Unit } from '../modules/tenancy/index.ts';
import { DEMO_CITIZENS, DEMO_UNITS } from './demo-data.ts';
import { demoPdf } from './demo-records.ts';
import { fillHistory } from './synthetic-history.ts';
import type { CommuneProfile } from './synthetic-history.ts';

export const DEMO_HISTORY = { records: 1500, seed: 766 };

/** Per demo commune: relative volume and performance (see CommuneParams in synthetic-history-sql.ts). */
const PROFILES: Record<string, CommuneProfile> = {
  'H11.35.01': { weight: 1.2, online: 0.55, onlineTrend: 0.16, onTime: 0.95, payOnline: 0.8, digitised: 0.85, electronic: 0.85, rated: 0.3 },
  'H11.35.02': { weight: 0.8, online: 0.22, onlineTrend: 0.1, onTime: 0.76, payOnline: 0.35, digitised: 0.4, electronic: 0.3, rated: 0.12 },
  'H11.35.03': { weight: 2, online: 0.62, onlineTrend: 0.08, onTime: 0.87, payOnline: 0.9, digitised: 0.9, electronic: 0.7, rated: 0.2 },
};

/** The demo's communes as seeded, or null when this is not the demo's province. */
async function demoCommunes(db: Db): Promise<Unit[] | null> {
  const units: Unit[] = [];
  for (const code of Object.keys(PROFILES)) {
    const unit = await findUnitByCode(db, code);
    if (!unit || unit.name !== DEMO_UNITS.find((u) => u.code === code)?.name) return null;
    units.push(unit);
  }
  return (await findCitizenByContact(db, DEMO_CITIZENS[0]!.phone!)) ? units : null;
}

/** Whether the history is there: a record of the communes without any event (real records always have one). */
async function hasHistory(trx: Trx, unitIds: readonly number[]): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`select exists (select 1 from records r where r.unit_id = any(${unitIds}::bigint[])
    and not exists (select 1 from record_events e where e.record_id = r.id)) as found`.execute(trx);
  return rows[0]!.found;
}

/** Returns how many records it added (0 when the history is there already, or this is not the demo's province). */
export async function seedDemoHistory(db: Db, now = new Date()): Promise<number> {
  const units = await demoCommunes(db);
  if (!units) return 0;
  const unitIds = units.map((u) => u.id);
  const added = await db.transaction().execute(async (trx) => {
    // Two processes starting at once on PostgreSQL: the second finds the history and stops.
    await sql`select pg_advisory_xact_lock(727276)`.execute(trx);
    if (await hasHistory(trx, unitIds)) return 0;
    // The hand-made records' applicants keep their numbers to themselves.
    const { rows: existing } = await listRecords(trx, { unitIds }, { limit: 1000, offset: 0 });
    const result = await fillHistory(trx, {
      units, records: DEMO_HISTORY.records, seed: DEMO_HISTORY.seed, now, profiles: units.map((u) => PROFILES[u.code!]),
      file: demoPdf('BAN CHUP THANH PHAN HO SO - du lieu mau'), sealedShare: 1,
      avoidIdNumbers: existing.map((r) => r.applicant_id_number), analyze: false,
    });
    return result.records;
  });
  if (added > 0) await sql`analyze records, record_files, record_sequences`.execute(db);
  return added;
}
