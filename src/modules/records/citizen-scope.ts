/** Which records are a citizen's own: filed by them, or filed for them under the ID number their account verified. */
import type { Db } from '../../platform/db/database.ts';
import { findCitizen } from '../identity/index.ts';
import type { RecordRow } from './store.ts';

export interface CitizenScope {
  citizenId: number;
  /** Only an ID number the identity provider (VNeID) or the desk verified; a typed one proves nothing. */
  verifiedIdNumber: string | null;
}

export async function citizenScope(db: Db, citizenId: number): Promise<CitizenScope> {
  const citizen = await findCitizen(db, citizenId);
  return { citizenId, verifiedIdNumber: citizen?.verifiedWith ? citizen.idNumber : null };
}

export function isCitizensRecord(scope: CitizenScope, record: Pick<RecordRow, 'applicant_citizen_id' | 'applicant_id_number'>): boolean {
  return Number(record.applicant_citizen_id) === scope.citizenId || (scope.verifiedIdNumber !== null && record.applicant_id_number === scope.verifiedIdNumber);
}
