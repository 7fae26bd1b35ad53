import fs from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { recordAuditInTrx, SYSTEM_ACTOR } from '../audit/index.ts';
import { countProcedures, insertProceduresInTrx } from './store.ts';
import { fromNationalRecord } from './seed/map-national.ts';
import type { NationalRecord } from './seed/map-national.ts';
import { SEED_FORMS } from './seed/forms.ts';
import type { NewProcedure } from './domain/procedure.ts';
import { checkProcedure } from './domain/procedure-rules.ts';

/**
 * The commune-level records of the national TTHC database shipped with the application (the commune police's are
 * left out), cleaned by the editor's own rules (white space tidied), so that what is seeded is what an export and
 * an import give back. A record the rules refuse is a bug in the mapping: it stops here, and the unit tests say which.
 */
export function nationalCatalogue(): NewProcedure[] {
  const records = JSON.parse(fs.readFileSync(new URL('./seed/national-catalogue.json', import.meta.url), 'utf8')) as NationalRecord[];
  return records.map((r) => {
    const p = fromNationalRecord(r);
    const form = SEED_FORMS[p.code];
    const { version, status, effectiveFrom, ...content } = form ? { ...p, formDefinition: form } : p;
    const checked = checkProcedure(content);
    if (!checked.ok) throw new Error(`Seed procedure ${p.code} breaks the catalogue rules: ${JSON.stringify(checked.problems)}`);
    return { ...checked.value, version, status, effectiveFrom };
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
