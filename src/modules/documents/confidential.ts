/**
 * Who may see a confidential document (văn bản mật) of their unit: the unit's leaders (`documents.assign`), and the
 * officials who registered or drafted it, hold it, or are assigned to it. For anyone else it does not exist (404),
 * in lists and searches too. One rule for every page (search.ts applies the same in SQL).
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { DocumentRow } from './store.ts';

export interface Viewer {
  id: number;
  permissions: ReadonlySet<string>;
}

export const seesAllConfidential = (v: Viewer) => v.permissions.has('documents.assign');

export async function maySee(db: Db | Trx, doc: Pick<DocumentRow, 'id' | 'confidential' | 'holder_official_id' | 'created_by_id'>, viewer: Viewer | null): Promise<boolean> {
  if (!doc.confidential) return true;
  if (!viewer) return false;
  if (seesAllConfidential(viewer) || Number(doc.holder_official_id) === viewer.id || Number(doc.created_by_id) === viewer.id) return true;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from document_assignments where document_id = ${doc.id} and official_id = ${viewer.id}`.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}

/** The same rule as a condition on `documents` (aliased `alias`), for lists. */
export function visibleCondition(viewer: Viewer, alias = 'documents') {
  if (seesAllConfidential(viewer)) return sql<boolean>`true`;
  const d = sql.table(alias);
  return sql<boolean>`(not ${d}.confidential or ${d}.holder_official_id = ${viewer.id} or ${d}.created_by_id = ${viewer.id}
    or exists (select 1 from document_assignments a where a.document_id = ${d}.id and a.official_id = ${viewer.id}))`;
}
