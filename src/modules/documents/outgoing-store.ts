/** Queries of outgoing documents (part J): the workqueues, draft versions, recipients, the outgoing register. */
import { visibleCondition } from './confidential.ts';
import type { Viewer } from './confidential.ts';
import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import { tables } from '../../platform/db/database.ts';
import type { DocumentsTables } from './store.ts';
import type { TemplateFields } from './domain/outgoing-rules.ts';

/** The columns migration 003_outgoing.sql adds to documents. */
interface OutgoingTables extends Omit<DocumentsTables, 'documents'> {
  documents: DocumentsTables['documents'] & { draft_template: TemplateFields | null; signed_public_id: string | null };
}

export const outgoingDb = (db: Db | Trx) => tables<OutgoingTables>(db);

export type OutgoingQueue = 'mine' | 'review' | 'sign' | 'issue' | 'issued';
export const OUTGOING_QUEUES: readonly OutgoingQueue[] = ['mine', 'review', 'sign', 'issue', 'issued'];

export interface OutgoingListItem {
  id: number;
  type_code: string;
  subject: string;
  status: string;
  number_text: string | null;
  document_date: string | null;
  holder_name: string | null;
  created_by_name: string;
  updated_at: Date;
  version: number;
}

/** One queue of a unit's outgoing documents, newest first. */
export async function listOutgoing(db: Db, unitId: number, queue: OutgoingQueue, officialId: number, limit = 100, viewer?: Viewer): Promise<OutgoingListItem[]> {
  let q = outgoingDb(db).selectFrom('documents')
    .select(['id', 'type_code', 'subject', 'status', 'number_text', 'document_date', 'holder_name', 'created_by_name', 'updated_at', 'version'])
    .where('unit_id', '=', unitId).where('direction', '=', 'outgoing');
  if (viewer) q = q.where(visibleCondition(viewer));
  if (queue === 'mine') q = q.where('created_by_id', '=', officialId).where('status', 'in', ['drafting', 'in_review', 'approved']);
  else if (queue === 'review') q = q.where('holder_official_id', '=', officialId).where('status', 'in', ['drafting', 'in_review']).where('created_by_id', '!=', officialId);
  // What waits for a leader's decision: drafts submitted to them to approve, and approved ones to sign.
  else if (queue === 'sign') q = q.where('holder_official_id', '=', officialId).where('status', 'in', ['in_review', 'approved']);
  else if (queue === 'issue') q = q.where('status', '=', 'signed');
  else q = q.where('status', '=', 'issued');
  const rows = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), version: Number(r.version) }));
}

export async function findOutgoingExtras(db: Db | Trx, documentId: number): Promise<{ template: TemplateFields | null; signedPublicId: string | null }> {
  const row = await outgoingDb(db).selectFrom('documents').select(['draft_template', 'signed_public_id']).where('id', '=', documentId).executeTakeFirst();
  return { template: row?.draft_template ?? null, signedPublicId: row?.signed_public_id ?? null };
}

export interface FileInfo { id: number; kind: string; version: number; file_name: string; size_bytes: number; uploaded_at: Date; sha256: string }

/** The draft versions and the signed and issued files of a document, newest first. */
export async function listOutgoingFiles(db: Db | Trx, documentId: number): Promise<FileInfo[]> {
  const rows = await outgoingDb(db).selectFrom('document_files').select(['id', 'kind', 'version', 'file_name', 'size_bytes', 'uploaded_at', 'sha256'])
    .where('document_id', '=', documentId).orderBy('id', 'desc').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), version: Number(r.version), size_bytes: Number(r.size_bytes) }));
}

export async function readDocumentFile(db: Db | Trx, documentId: number, fileId: number): Promise<{ file_name: string; content_type: string; data: Uint8Array } | undefined> {
  return outgoingDb(db).selectFrom('document_files').select(['file_name', 'content_type', 'data']).where('document_id', '=', documentId).where('id', '=', fileId).executeTakeFirst();
}

/** The newest file of a kind ('draft': the latest version). */
export async function latestFile(db: Db | Trx, documentId: number, kind: 'draft' | 'signed' | 'main'): Promise<{ id: number; version: number; file_name: string; data: Uint8Array } | undefined> {
  const row = await outgoingDb(db).selectFrom('document_files').select(['id', 'version', 'file_name', 'data']).where('document_id', '=', documentId).where('kind', '=', kind)
    .orderBy('version', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && { ...row, id: Number(row.id), version: Number(row.version) };
}

export async function nextDraftVersion(trx: Trx, documentId: number): Promise<number> {
  const row = await outgoingDb(trx).selectFrom('document_files').select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('document_id', '=', documentId).where('kind', '=', 'draft').executeTakeFirstOrThrow();
  return Number(row.next);
}

export interface RecipientInfo { id: number; recipient_unit_id: number | null; recipient_name: string; recipient_organ_id: string | null; delivered_document_id: number | null; status_code: string | null; sent_at: Date | null }

export async function listOutgoingRecipients(db: Db | Trx, documentId: number): Promise<RecipientInfo[]> {
  const rows = await outgoingDb(db).selectFrom('document_recipients')
    .select(['id', 'recipient_unit_id', 'recipient_name', 'recipient_organ_id', 'delivered_document_id', 'status_code', 'sent_at'])
    .where('document_id', '=', documentId).orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), recipient_unit_id: r.recipient_unit_id === null ? null : Number(r.recipient_unit_id), delivered_document_id: r.delivered_document_id === null ? null : Number(r.delivered_document_id) }));
}

/** While drafting, the recipients are what the latest save said. */
export async function replaceRecipientsInTrx(trx: Trx, documentId: number, unitId: number, recipients: readonly { unitId: number | null; name: string; organId: string | null }[]): Promise<void> {
  await outgoingDb(trx).deleteFrom('document_recipients').where('document_id', '=', documentId).execute();
  if (recipients.length === 0) return;
  await outgoingDb(trx).insertInto('document_recipients')
    .values(recipients.map((r) => ({ document_id: documentId, unit_id: unitId, recipient_unit_id: r.unitId, recipient_name: r.name, recipient_organ_id: r.organId, delivered_document_id: null, status_code: null, status_at: null, status_note: null, sent_at: null })))
    .execute();
}

export interface RegisterRow {
  id: number;
  number: number;
  number_text: string | null;
  document_date: string | null;
  type_code: string;
  subject: string;
  signer_name: string | null;
  recipients: string;
  copies: number;
  sent_at: Date | null;
}

/** The outgoing register (sổ đăng ký văn bản đi) of a year: the issued documents in number order. */
export async function listOutgoingRegister(db: Db, unitId: number, year: number): Promise<RegisterRow[]> {
  const rows = await outgoingDb(db).selectFrom('documents as d')
    .select(['d.id', 'd.number', 'd.number_text', 'd.document_date', 'd.type_code', 'd.subject', 'd.signer_name'])
    .select(sql<string>`coalesce((select string_agg(r.recipient_name, '; ' order by r.id) from document_recipients r where r.document_id = d.id), '')`.as('recipients'))
    .select(sql<number>`(select count(*) from document_recipients r where r.document_id = d.id)`.as('copies'))
    .select(sql<Date | null>`(select min(r.sent_at) from document_recipients r where r.document_id = d.id)`.as('sent_at'))
    .where('d.unit_id', '=', unitId).where('d.direction', '=', 'outgoing').where('d.number_year', '=', year).where('d.number', 'is not', null)
    .orderBy('d.number').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), number: Number(r.number), copies: Number(r.copies), sent_at: r.sent_at ? new Date(r.sent_at) : null }));
}
