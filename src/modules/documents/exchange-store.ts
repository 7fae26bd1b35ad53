/** Queries of the exchange part: recipients and their status trail, the files a package or copy is made from. */
import type { Selectable } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import { documentsDb } from './store.ts';
import type { DocumentRow, DocumentsTables, FileKind } from './store.ts';

export type RecipientRow = Selectable<DocumentsTables['document_recipients']>;

export async function listRecipients(db: Db | Trx, documentId: number): Promise<RecipientRow[]> {
  return documentsDb(db).selectFrom('document_recipients').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
}

export async function findRecipient(db: Db | Trx, documentId: number, recipientId: number, options: { forUpdate?: boolean } = {}): Promise<RecipientRow | undefined> {
  let q = documentsDb(db).selectFrom('document_recipients').selectAll().where('document_id', '=', documentId).where('id', '=', recipientId);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface StoredFile { id: number; kind: FileKind; fileName: string; contentType: string; data: Uint8Array; sha256: string; uploadedAt: Date }

const toFile = (r: { id: number; kind: FileKind; file_name: string; content_type: string; data: Uint8Array; sha256: string; uploaded_at: Date }): StoredFile => ({
  id: Number(r.id), kind: r.kind, fileName: r.file_name, contentType: r.content_type, data: new Uint8Array(r.data), sha256: r.sha256, uploadedAt: r.uploaded_at,
});

/** The newest PDF of a document among these kinds, in the order of preference given. */
export async function latestPdf(db: Db | Trx, documentId: number, kinds: readonly FileKind[]): Promise<StoredFile | undefined> {
  const rows = await documentsDb(db).selectFrom('document_files').select(['id', 'kind', 'file_name', 'content_type', 'data', 'sha256', 'uploaded_at'])
    .where('document_id', '=', documentId).where('content_type', '=', 'application/pdf').where('kind', 'in', [...kinds])
    .orderBy('version', 'desc').orderBy('id', 'desc').execute();
  for (const kind of kinds) {
    const found = rows.find((r) => r.kind === kind);
    if (found) return toFile(found);
  }
  return undefined;
}

/** Every PDF of these kinds (an outgoing document's attachments go into its package too). */
export async function pdfsOf(db: Db | Trx, documentId: number, kinds: readonly FileKind[]): Promise<StoredFile[]> {
  const rows = await documentsDb(db).selectFrom('document_files').select(['id', 'kind', 'file_name', 'content_type', 'data', 'sha256', 'uploaded_at'])
    .where('document_id', '=', documentId).where('content_type', '=', 'application/pdf').where('kind', 'in', [...kinds]).orderBy('id').execute();
  return rows.map(toFile);
}

export async function findFileOfKind(db: Db, documentId: number, fileId: number, kind: FileKind): Promise<StoredFile | undefined> {
  const row = await documentsDb(db).selectFrom('document_files').select(['id', 'kind', 'file_name', 'content_type', 'data', 'sha256', 'uploaded_at'])
    .where('document_id', '=', documentId).where('id', '=', fileId).where('kind', '=', kind).executeTakeFirst();
  return row ? toFile(row) : undefined;
}

export interface FileLine { id: number; fileName: string; sizeBytes: number; uploadedAt: Date }

export async function listFilesOfKind(db: Db, documentId: number, kind: FileKind): Promise<FileLine[]> {
  const rows = await documentsDb(db).selectFrom('document_files').select(['id', 'file_name', 'size_bytes', 'uploaded_at'])
    .where('document_id', '=', documentId).where('kind', '=', kind).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), fileName: r.file_name, sizeBytes: Number(r.size_bytes), uploadedAt: r.uploaded_at }));
}

/** A document of the unit, or undefined (another unit's document does not exist for this unit). */
export async function documentOfUnit(db: Db | Trx, unitId: number, documentId: number, options: { forUpdate?: boolean } = {}): Promise<DocumentRow | undefined> {
  let q = documentsDb(db).selectFrom('documents').selectAll().where('id', '=', documentId).where('unit_id', '=', unitId);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A state change under optimistic concurrency: bumps the version only if it is still the one the form showed. */
export async function bumpVersionInTrx(trx: Trx, documentId: number, expected: number, at: Date, set: Partial<{ status: DocumentRow['status'] }> = {}): Promise<boolean> {
  const r = await documentsDb(trx).updateTable('documents').set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', documentId).where('version', '=', expected).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
