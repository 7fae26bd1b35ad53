/** Queries of case files (hồ sơ công việc): a unit's files by year and status, their documents, a document's files. */
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import { dayOf } from './incoming-store.ts';
import { documentsDb } from './store.ts';
import type { DocumentsTables } from './store.ts';

export type CaseFileRow = Selectable<DocumentsTables['case_files']>;
export type CaseFileLine = CaseFileRow & { documents: number };

export async function listCaseFiles(db: Db, unitId: number, filter: { year?: number; status?: 'open' | 'closed' }): Promise<CaseFileLine[]> {
  let q = documentsDb(db).selectFrom('case_files as f').selectAll('f')
    .select(sql<number>`(select count(*) from case_file_documents d where d.case_file_id = f.id)`.as('documents'))
    .where('f.unit_id', '=', unitId);
  if (filter.year !== undefined) q = q.where('f.year', '=', filter.year);
  if (filter.status) q = q.where('f.status', '=', filter.status);
  const rows = await q.orderBy('f.year', 'desc').orderBy('f.code').limit(500).execute();
  return rows.map((r) => ({ ...r, documents: Number(r.documents) }));
}

export async function listCaseFileYears(db: Db, unitId: number): Promise<number[]> {
  const rows = await documentsDb(db).selectFrom('case_files').select('year').distinct().where('unit_id', '=', unitId).orderBy('year', 'desc').execute();
  return rows.map((r) => Number(r.year));
}

export async function findCaseFile(db: Db | Trx, unitId: number, id: number, options: { forUpdate?: boolean } = {}): Promise<CaseFileRow | undefined> {
  let q = documentsDb(db).selectFrom('case_files').selectAll().where('id', '=', id).where('unit_id', '=', unitId);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface FiledDocument { id: number; direction: string; typeCode: string; subject: string; numberText: string | null; incomingNumber: number | null; documentDate: string | null; addedAt: Date }

export async function listCaseFileDocuments(db: Db, caseFileId: number): Promise<FiledDocument[]> {
  const rows = await documentsDb(db).selectFrom('case_file_documents as c').innerJoin('documents as d', 'd.id', 'c.document_id')
    .select(['d.id', 'd.direction', 'd.type_code', 'd.subject', 'd.number_text', 'd.incoming_number', 'd.document_date', 'c.added_at'])
    .where('c.case_file_id', '=', caseFileId).orderBy('c.added_at').orderBy('d.id').execute();
  return rows.map((r) => ({ id: Number(r.id), direction: r.direction, typeCode: r.type_code, subject: r.subject, numberText: r.number_text, incomingNumber: r.incoming_number === null ? null : Number(r.incoming_number), documentDate: r.document_date ? dayOf(r.document_date as unknown as Date | string) : null, addedAt: r.added_at }));
}

/** The files a document is in. */
export async function caseFilesOfDocument(db: Db, documentId: number): Promise<CaseFileRow[]> {
  return documentsDb(db).selectFrom('case_files as f').innerJoin('case_file_documents as c', 'c.case_file_id', 'f.id').selectAll('f')
    .where('c.document_id', '=', documentId).orderBy('f.year', 'desc').orderBy('f.code').execute();
}

export async function openCaseFiles(db: Db, unitId: number): Promise<CaseFileRow[]> {
  return documentsDb(db).selectFrom('case_files').selectAll().where('unit_id', '=', unitId).where('status', '=', 'open').orderBy('year', 'desc').orderBy('code').limit(200).execute();
}

export interface DocumentChoice { id: number; direction: string; numberText: string | null; incomingNumber: number | null; incomingYear: number | null; subject: string }

/** The unit's latest documents not yet in a file, to pick from on the file's page. */
export async function documentsToFile(db: Db, unitId: number, caseFileId: number): Promise<DocumentChoice[]> {
  const rows = await documentsDb(db).selectFrom('documents as d').select(['d.id', 'd.direction', 'd.number_text', 'd.incoming_number', 'd.incoming_year', 'd.subject'])
    .where('d.unit_id', '=', unitId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('case_file_documents as c').select('c.document_id').whereRef('c.document_id', '=', 'd.id').where('c.case_file_id', '=', caseFileId))))
    .orderBy('d.id', 'desc').limit(200).execute();
  return rows.map((r) => ({ id: Number(r.id), direction: r.direction, numberText: r.number_text, incomingNumber: r.incoming_number === null ? null : Number(r.incoming_number), incomingYear: r.incoming_year === null ? null : Number(r.incoming_year), subject: r.subject }));
}
