/** Looking a record up by its code and the applicant's ID number, as anyone may without signing in. */
import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import { findRecordByCode } from './store.ts';
import type { RecordRow } from './store.ts';

/** The record, only when both the code and the applicant's ID number match. */
export async function trackRecord(db: Db, code: string, idNumber: string): Promise<RecordRow | undefined> {
  const record = await findRecordByCode(db, code);
  if (!record || !/^[0-9]{12}$/.test(idNumber)) return undefined;
  return crypto.timingSafeEqual(Buffer.from(record.applicant_id_number), Buffer.from(idNumber)) ? record : undefined;
}
