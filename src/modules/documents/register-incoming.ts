/**
 * Registering an incoming document (văn bản đến), the one way every incoming document enters a unit: the clerk's
 * registration of a paper or electronic document, an imported edXML package, a document another unit of this
 * install sent. It takes the unit's next incoming number (số đến: one continuous yearly sequence for paper and
 * electronic documents, NĐ 30/2020), keeps the files, and writes the first event, inside the caller's transaction.
 */
import crypto from 'node:crypto';
import type { Trx } from '../../platform/db/database.ts';
import { fold } from '../catalogue/index.ts';
import { vietnamYear } from './domain/numbering.ts';
import { defaultRegisterInTrx, documentsDb, insertEventInTrx, newPublicId, nextNumberInTrx } from './store.ts';
import type { DocumentChannel, FileKind, Urgency } from './store.ts';

export interface NewFile {
  kind: FileKind;
  fileName: string;
  contentType: string;
  data: Uint8Array;
  /** Text of the file (PDF text layer or OCR), for search. */
  textContent?: string | null;
  version?: number;
}

export interface NewIncoming {
  unitId: number;
  typeCode: string;
  subject: string;
  /** The number and symbol as written on the document ("12/QĐ-UBND"). */
  numberText: string | null;
  documentDate: string | null;
  senderName: string;
  senderOrganId?: string | null;
  senderUnitId?: number | null;
  sourceDocumentId?: number | null;
  channel: DocumentChannel;
  urgency?: Urgency;
  confidential?: boolean;
  pageCount?: number | null;
  signerName?: string | null;
  signerTitle?: string | null;
  receivedAt: Date;
  by: { id: number | null; name: string };
  files: NewFile[];
  /** A note on the registration event (e.g. the signature check's verdict). */
  note?: string;
}

/** The folded text search reads: metadata and the files' text. */
export function searchTextOf(parts: readonly (string | null | undefined)[]): string {
  return fold(parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ')).slice(0, 200_000);
}

export const sha256 = (data: Uint8Array) => crypto.createHash('sha256').update(data).digest('hex');

export async function insertFilesInTrx(trx: Trx, documentId: number, unitId: number, files: readonly NewFile[], by: number | null): Promise<void> {
  for (const f of files) {
    await documentsDb(trx).insertInto('document_files').values({
      document_id: documentId, unit_id: unitId, kind: f.kind, version: f.version ?? 1, file_name: f.fileName, content_type: f.contentType,
      size_bytes: f.data.byteLength, sha256: sha256(f.data), data: f.data, text_content: f.textContent ?? null, uploaded_by_id: by,
    }).execute();
  }
}

export async function registerIncomingInTrx(trx: Trx, d: NewIncoming): Promise<{ id: number; publicId: string; incomingNumber: number; incomingYear: number }> {
  const year = vietnamYear(d.receivedAt);
  const registerId = await defaultRegisterInTrx(trx, d.unitId, 'incoming');
  const incomingNumber = await nextNumberInTrx(trx, registerId, year);
  const publicId = newPublicId();
  const row = await documentsDb(trx).insertInto('documents').values({
    public_id: publicId, unit_id: d.unitId, direction: 'incoming', type_code: d.typeCode, subject: d.subject, number_text: d.numberText,
    incoming_number: incomingNumber, incoming_year: year, received_at: d.receivedAt, sender_name: d.senderName, sender_organ_id: d.senderOrganId ?? null,
    sender_unit_id: d.senderUnitId ?? null, source_document_id: d.sourceDocumentId ?? null, channel: d.channel, document_date: d.documentDate,
    urgency: d.urgency ?? 'normal', confidential: d.confidential ?? false, page_count: d.pageCount ?? null, signer_name: d.signerName ?? null, signer_title: d.signerTitle ?? null,
    status: 'registered', search_text: searchTextOf([d.subject, d.numberText, d.senderName, d.signerName, ...d.files.map((f) => f.textContent)]),
    created_by_id: d.by.id, created_by_name: d.by.name,
  }).returning('id').executeTakeFirstOrThrow();
  const id = Number(row.id);
  await insertFilesInTrx(trx, id, d.unitId, d.files, d.by.id);
  await insertEventInTrx(trx, { documentId: id, unitId: d.unitId, kind: 'registered', author: d.by, body: d.note ?? '', at: d.receivedAt });
  return { id, publicId, incomingNumber, incomingYear: year };
}
