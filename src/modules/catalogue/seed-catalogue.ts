import fs from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { recordAuditInTrx, SYSTEM_ACTOR } from '../audit/index.ts';
import { countProcedures, insertProceduresInTrx } from './store.ts';
import { fromNationalRecord } from './seed/map-national.ts';
import type { NationalRecord } from './seed/map-national.ts';
import { SEED_FORMS } from './seed/forms.ts';
import type { NewProcedure } from './domain/procedure.ts';

/** The commune-level records of the national TTHC database shipped with the application (the commune police's are left out). */
export function nationalCatalogue(): NewProcedure[] {
  const records = JSON.parse(fs.readFileSync(new URL('./seed/national-catalogue.json', import.meta.url), 'utf8')) as NationalRecord[];
  return records.map((r) => {
    const p = fromNationalRecord(r);
    const form = SEED_FORMS[p.code];
    return form ? { ...p, formDefinition: form } : p;
  });
}

/**
 * Reference data every install gets: loads the national catalogue when the procedures table is empty,
 * audited as one entry. Returns the number of procedures loaded (0 when there already were some).
 */
export async function seedCatalogue(db: Db): Promise<number> {
  if ((await countProcedures(db)) > 0) return 0;
  const procedures = nationalCatalogue();
  return db.transaction().execute(async (trx) => {
    // Two processes starting at once on PostgreSQL: the second waits, then finds the table filled.
    await sql`select pg_advisory_xact_lock(727275)`.execute(trx);
    if ((await countProcedures(trx)) > 0) return 0;
    await insertProceduresInTrx(trx, procedures);
    await recordAuditInTrx(trx, SYSTEM_ACTOR, { action: 'catalogue.seeded', targetType: 'procedure', details: { count: procedures.length } });
    return procedures.length;
  });
}
