/** The documents module's tables (migrations/001_documents.sql) and the statements every use case shares. */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Generated, Selectable } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import { tables } from '../../platform/db/database.ts';

export type Direction = 'incoming' | 'outgoing';
export type IncomingStatus = 'registered' | 'presented' | 'assigned' | 'in_progress' | 'completed' | 'returned';
export type OutgoingStatus = 'drafting' | 'in_review' | 'approved' | 'signed' | 'issued' | 'withdrawn';
export type DocumentStatus = IncomingStatus | OutgoingStatus;
export type Urgency = 'normal' | 'urgent' | 'very_urgent' | 'express';
export type DocumentChannel = 'paper' | 'electronic' | 'edxml' | 'internal';
export type FileKind = 'main' | 'attachment' | 'scan' | 'draft' | 'signed' | 'edxml' | 'copy';
export type EventKind = 'registered' | 'presented' | 'assigned' | 'opinion' | 'forwarded' | 'completed' | 'returned'
  | 'drafted' | 'draft_version' | 'submitted' | 'sent_back' | 'approved' | 'signed' | 'numbered' | 'sealed' | 'issued' | 'withdrawn'
  | 'dispatched' | 'delivery_status' | 'task_created' | 'filed' | 'copied';
export type AssignmentRole = 'main' | 'co' | 'info';
/** edXML status codes (vn-rules.md §8): 01 đã đến, 02 từ chối (trả lại), 03 đã tiếp nhận, 04 phân công, 05 đang xử lý, 06 hoàn thành, 13 lấy lại, 15 đồng ý thu hồi, 16 từ chối thu hồi. */
export type DeliveryStatus = '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';

export interface DocumentsTables {
  document_registers: { id: Generated<number>; unit_id: number; direction: Direction; code: string; name: string; active: Generated<boolean>; created_at: Generated<Date> };
  document_sequences: { register_id: number; year: number; last_value: number };
  documents: {
    id: Generated<number>;
    public_id: string;
    unit_id: number;
    direction: Direction;
    type_code: string;
    subject: string;
    number_text: string | null;
    register_id: number | null;
    number: number | null;
    number_year: number | null;
    incoming_number: number | null;
    incoming_year: number | null;
    received_at: Date | null;
    sender_name: string | null;
    sender_organ_id: string | null;
    sender_unit_id: number | null;
    source_document_id: number | null;
    channel: DocumentChannel | null;
    document_date: string | null;
    place: string | null;
    signer_name: string | null;
    signer_title: string | null;
    urgency: Generated<Urgency>;
    confidential: Generated<boolean>;
    page_count: number | null;
    status: DocumentStatus;
    due_at: Date | null;
    completed_at: Date | null;
    holder_official_id: number | null;
    holder_name: string | null;
    reply_to_id: number | null;
    search_text: Generated<string>;
    created_by_id: number | null;
    created_by_name: Generated<string>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  document_files: {
    id: Generated<number>;
    document_id: number;
    unit_id: number;
    kind: FileKind;
    version: Generated<number>;
    file_name: string;
    content_type: string;
    size_bytes: number;
    sha256: string;
    data: Uint8Array;
    text_content: string | null;
    uploaded_by_id: number | null;
    uploaded_at: Generated<Date>;
  };
  document_events: {
    id: Generated<number>;
    document_id: number;
    unit_id: number;
    kind: EventKind;
    author_id: number | null;
    author_name: Generated<string>;
    to_official_id: number | null;
    to_name: string | null;
    body: Generated<string>;
    at: Generated<Date>;
  };
  document_assignments: { document_id: number; unit_id: number; official_id: number; official_name: string; role: AssignmentRole; due_at: Date | null; completed_at: Date | null };
  tasks: {
    id: Generated<number>;
    unit_id: number;
    document_id: number | null;
    title: string;
    assignee_id: number;
    assignee_name: string;
    assigned_by_id: number;
    assigned_by_name: string;
    due_at: Date;
    progress: Generated<number>;
    status: Generated<'open' | 'done' | 'cancelled'>;
    done_at: Date | null;
    created_at: Generated<Date>;
    version: Generated<number>;
  };
  task_reports: { id: Generated<number>; task_id: number; unit_id: number; progress: number; body: string; author_id: number; author_name: string; at: Generated<Date> };
  document_recipients: {
    id: Generated<number>;
    document_id: number;
    unit_id: number;
    recipient_unit_id: number | null;
    recipient_name: string;
    recipient_organ_id: string | null;
    delivered_document_id: number | null;
    status_code: DeliveryStatus | null;
    status_at: Date | null;
    status_note: string | null;
    sent_at: Date | null;
  };
  case_files: {
    id: Generated<number>;
    unit_id: number;
    code: string;
    title: string;
    year: number;
    retention_years: number | null;
    keeper_id: number | null;
    keeper_name: string | null;
    status: Generated<'open' | 'closed'>;
    closed_at: Date | null;
    created_at: Generated<Date>;
  };
  case_file_documents: { case_file_id: number; document_id: number; unit_id: number; added_at: Generated<Date> };
}

export const documentsDb = (db: Db | Trx) => tables<DocumentsTables>(db);

export type DocumentRow = Selectable<DocumentsTables['documents']>;
export type DocumentEventRow = Selectable<DocumentsTables['document_events']>;

export const newPublicId = (): string => crypto.randomBytes(16).toString('base64url');

/**
 * The next number of a register for a year, inside the caller's transaction: the year's row is created or
 * incremented in one statement, so concurrent callers queue on its row lock and get consecutive numbers.
 */
export async function nextNumberInTrx(trx: Trx, registerId: number, year: number): Promise<number> {
  const row = await documentsDb(trx).insertInto('document_sequences').values({ register_id: registerId, year, last_value: 1 })
    .onConflict((oc) => oc.columns(['register_id', 'year']).doUpdateSet({ last_value: sql`document_sequences.last_value + 1` }))
    .returning('last_value').executeTakeFirstOrThrow();
  return Number(row.last_value);
}

/** A unit's register of a direction (its default one, created on first use: 'den' incoming, 'di' outgoing). */
export async function defaultRegisterInTrx(trx: Trx, unitId: number, direction: Direction): Promise<number> {
  const code = direction === 'incoming' ? 'den' : 'di';
  const found = await documentsDb(trx).selectFrom('document_registers').select('id').where('unit_id', '=', unitId).where('code', '=', code).executeTakeFirst();
  if (found) return Number(found.id);
  const made = await documentsDb(trx).insertInto('document_registers')
    .values({ unit_id: unitId, direction, code, name: direction === 'incoming' ? 'Sổ đăng ký văn bản đến' : 'Sổ đăng ký văn bản đi' })
    .onConflict((oc) => oc.columns(['unit_id', 'code']).doNothing()).returning('id').executeTakeFirst();
  if (made) return Number(made.id);
  const again = await documentsDb(trx).selectFrom('document_registers').select('id').where('unit_id', '=', unitId).where('code', '=', code).executeTakeFirstOrThrow();
  return Number(again.id);
}

export async function insertEventInTrx(trx: Trx, e: { documentId: number; unitId: number; kind: EventKind; author: { id: number | null; name: string }; to?: { id: number; name: string }; body?: string; at?: Date }): Promise<void> {
  await documentsDb(trx).insertInto('document_events').values({
    document_id: e.documentId, unit_id: e.unitId, kind: e.kind, author_id: e.author.id, author_name: e.author.name,
    to_official_id: e.to?.id ?? null, to_name: e.to?.name ?? null, body: e.body ?? '', ...(e.at ? { at: e.at } : {}),
  }).execute();
}

export async function findDocument(db: Db | Trx, id: number, options: { forUpdate?: boolean } = {}): Promise<DocumentRow | undefined> {
  let q = documentsDb(db).selectFrom('documents').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listEvents(db: Db | Trx, documentId: number): Promise<DocumentEventRow[]> {
  return documentsDb(db).selectFrom('document_events').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
}
