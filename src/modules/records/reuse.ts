/** Earlier digital results of a record's applicant, matched to the components the desk checks at intake. */
import { fold, findProcedureVersionById } from '../catalogue/index.ts';
import type { Procedure } from '../catalogue/index.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import { reusableComponents } from './domain/reuse.ts';
import type { EarlierResult } from './domain/reuse.ts';
import { recordsDb } from './store.ts';
import type { RecordRow } from './store.ts';

/** How many of the applicant's returned records are looked at: the newest ones. */
const LOOKBACK = 50;

/** The applicant's returned records that carry an electronic result, newest first, with their procedure's result name. */
export async function earlierResults(db: Db | Trx, record: Pick<RecordRow, 'id' | 'applicant_id_number'>): Promise<EarlierResult[]> {
  const rows = await recordsDb(db).selectFrom('records')
    .select(['id', 'code', 'unit_id', 'procedure_id', 'returned_at'])
    .where('applicant_id_number', '=', record.applicant_id_number)
    .where('status', '=', 10)
    .where('id', '<>', record.id)
    .where((eb) => eb.exists(eb.selectFrom('record_files').select('record_files.id').whereRef('record_files.record_id', '=', 'records.id').where('record_files.kind', '=', 'result')))
    .orderBy('returned_at', 'desc').limit(LOOKBACK).execute();
  const versions = new Map<number, string | null>();
  const found: EarlierResult[] = [];
  for (const r of rows) {
    const versionId = Number(r.procedure_id);
    if (!versions.has(versionId)) versions.set(versionId, (await findProcedureVersionById(db, versionId))?.resultDocument ?? null);
    const resultDocument = versions.get(versionId);
    if (resultDocument) found.push({ recordCode: r.code, unitId: Number(r.unit_id), resultDocument, returnedAt: r.returned_at });
  }
  return found;
}

/** For each component position of the procedure, the applicant's earlier results that provide that paper. */
export async function reusableForRecord(db: Db | Trx, record: Pick<RecordRow, 'id' | 'applicant_id_number'>, procedure: Pick<Procedure, 'components'>): Promise<Map<number, EarlierResult[]>> {
  const earlier = await earlierResults(db, record);
  return earlier.length === 0 ? new Map() : reusableComponents(procedure.components, earlier, fold);
}
