/**
 * Drafting an outgoing document: from the template of its type (drawn to an A4 PDF with empty number and date
 * fields, domain/outgoing-template.ts) or from an uploaded PDF — or a DOCX, converted with LibreOffice when
 * `soffice` is on the PATH, refused otherwise — which gets the same two fields in its top margin (docs/DECISIONS.md
 * D31). Every save is a new draft version (document_files kind 'draft', version n); the recipients are what the
 * latest save says.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../platform/errors.ts';
import { detectFileKind } from '../../platform/files/file-kind.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { addFillableFields } from '../signatures/index.ts';
import type { Unit } from '../tenancy/index.ts';
import type { DocumentsContext } from './context.ts';
import { documentType } from './domain/document-types.ts';
import { numberAndSymbol } from './domain/numbering.ts';
import { mayDo, recipientLines } from './domain/outgoing-rules.ts';
import type { TemplateFields } from './domain/outgoing-rules.ts';
import { DATE_FIELD, NUMBER_FIELD, renderOutgoingTemplate } from './domain/outgoing-template.ts';
import { COLLECTIVE, DATE_BLANK, FILED_COPY, NUMBER_LABEL, issuerAbbreviation, placeOf } from './domain/outgoing-texts.ts';
import { nextDraftVersion, outgoingDb, replaceRecipientsInTrx } from './outgoing-store.ts';
import { insertFilesInTrx, searchTextOf } from './register-incoming.ts';
import { documentsDb, findDocument, insertEventInTrx, newPublicId } from './store.ts';
import type { DocumentRow, Urgency } from './store.ts';

export const MAX_DRAFT_BYTES = 20 * 1024 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface Who {
  id: number;
  name: string;
  permissions: ReadonlySet<string>;
}

export interface Recipient {
  unitId: number | null;
  name: string;
  organId: string | null;
}

export interface Upload {
  filename: string;
  data: Uint8Array;
  truncated?: boolean;
}

export interface DraftInput {
  typeCode: string;
  subject: string;
  urgency: Urgency;
  replyToId: number | null;
  recipients: Recipient[];
  source: { kind: 'template'; fields: TemplateFields } | { kind: 'upload'; upload: Upload | undefined };
}

export type DraftResult = { ok: true; id: number } | { ok: false; error: MessageKey; params?: Record<string, string | number> };

/** "…/QĐ-UBND" (or "…/UBND-VP" for a công văn): the symbol with the number left blank. */
export function symbolPlaceholder(typeCode: string, unit: Pick<Unit, 'kind'>, office: string): string {
  return numberAndSymbol(1, typeCode, issuerAbbreviation(unit.kind), office || undefined).replace(/^01/, '…');
}

/** Whether LibreOffice's converter is on the PATH (looked up once). */
let sofficeFound: Promise<string | null> | undefined;
export function findSoffice(): Promise<string | null> {
  sofficeFound ??= (async () => {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
      const candidate = path.join(dir, 'soffice');
      try {
        await fs.access(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
    return null;
  })();
  return sofficeFound;
}

/** DOCX → PDF with `soffice --headless --convert-to pdf`, in a private temporary directory; null when it fails. */
async function convertDocx(soffice: string, data: Uint8Array): Promise<Uint8Array | null> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sc-docx-'));
  try {
    const input = path.join(dir, 'draft.docx');
    await fs.writeFile(input, data);
    await new Promise<void>((resolve, reject) => execFile(soffice, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, input], { timeout: 120_000 }, (error) => (error ? reject(error) : resolve())));
    return new Uint8Array(await fs.readFile(path.join(dir, 'draft.pdf')));
  } catch {
    return null;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const isDocx = (u: Upload) => u.data[0] === 0x50 && u.data[1] === 0x4b && u.data[2] === 0x03 && u.data[3] === 0x04 && /\.docx$/i.test(u.filename);

/** The uploaded draft as a PDF with the number and date fields in its top margin, or why not. */
async function uploadedPdf(ctx: DocumentsContext, u: Upload | undefined, placeholder: { number: string; date: string }): Promise<{ ok: true; pdf: Uint8Array } | { ok: false; error: MessageKey; params?: Record<string, string | number> }> {
  if (!u || (u.data.length === 0 && !u.truncated)) return { ok: false, error: 'documents.outgoing.error.file_required' };
  if (u.truncated || u.data.length > MAX_DRAFT_BYTES) return { ok: false, error: 'documents.outgoing.error.file_too_large', params: { max: `${MAX_DRAFT_BYTES / 1024 / 1024} MB` } };
  let pdf: Uint8Array;
  if (isDocx(u)) {
    const soffice = await findSoffice();
    if (!soffice) return { ok: false, error: 'documents.outgoing.error.docx_unavailable' };
    const verdict = await ctx.scanner(u.data);
    if (verdict === 'infected') return { ok: false, error: 'documents.outgoing.error.file_infected' };
    const converted = await convertDocx(soffice, u.data);
    if (!converted) return { ok: false, error: 'documents.outgoing.error.docx_failed' };
    pdf = converted;
  } else {
    const kind = detectFileKind(u.data);
    if ('problem' in kind || kind.kind !== 'application/pdf') return { ok: false, error: 'documents.outgoing.error.pdf_or_docx' };
    const verdict = await ctx.scanner(u.data);
    if (verdict === 'infected') return { ok: false, error: 'documents.outgoing.error.file_infected' };
    if (verdict === 'unavailable') return { ok: false, error: 'documents.outgoing.error.scan_unavailable' };
    if (Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength).includes('/ByteRange')) return { ok: false, error: 'documents.outgoing.error.already_signed' };
    pdf = u.data;
  }
  try {
    return { ok: true, pdf: await withMarginFields(pdf, placeholder) };
  } catch {
    return { ok: false, error: 'documents.outgoing.error.pdf_unreadable' };
  }
}

/** The two fields of an uploaded draft, in the top margin of its first page: "Số: …" on the left, the date on the right. */
async function withMarginFields(pdf: Uint8Array, placeholder: { number: string; date: string }): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const box = doc.getPage(0).getCropBox();
  const y = box.y + box.height - 34;
  const half = (box.width - 60) / 2;
  return addFillableFields(pdf, [
    { name: NUMBER_FIELD, page: 0, rect: { x: box.x + 30, y, width: half - 10, height: 16 }, size: 11, placeholder: placeholder.number },
    { name: DATE_FIELD, page: 0, rect: { x: box.x + 30 + half, y, width: half, height: 16 }, size: 11, align: 'center', style: 'italic', placeholder: placeholder.date },
  ]);
}

function checkMeta(input: DraftInput): MessageKey | null {
  if (!documentType(input.typeCode)) return 'documents.outgoing.error.type';
  if (input.subject.trim() === '' || input.subject.length > 1000) return 'documents.outgoing.error.subject';
  if (input.recipients.length === 0) return 'documents.outgoing.error.recipients';
  if (input.source.kind === 'template') {
    const f = input.source.fields;
    if (f.body.trim() === '') return 'documents.outgoing.error.body';
    if (!f.signerName || !f.signerTitle) return 'documents.outgoing.error.signer';
  }
  return null;
}

/** The draft's PDF for this input: drawn from the template, or the upload with its fields. */
async function draftPdf(ctx: DocumentsContext, unit: Unit, input: DraftInput): Promise<{ ok: true; pdf: Uint8Array; fileName: string; text: string } | { ok: false; error: MessageKey; params?: Record<string, string | number> }> {
  const office = input.source.kind === 'template' ? input.source.fields.office : '';
  const symbol = symbolPlaceholder(input.typeCode, unit, office);
  const place = placeOf(unit.name);
  const type = documentType(input.typeCode)!;
  if (input.source.kind === 'upload') {
    const made = await uploadedPdf(ctx, input.source.upload, { number: `${NUMBER_LABEL} ${symbol}`, date: `${place}, ${DATE_BLANK}` });
    return made.ok ? { ok: true, pdf: made.pdf, fileName: `${type.name} - ${input.subject}`.slice(0, 150), text: '' } : made;
  }
  const f = input.source.fields;
  const names = input.recipients.map((r) => r.name);
  const isLetter = type.abbreviation === null;
  const pdf = await renderOutgoingTemplate({
    agency: unit.sealName || unit.name, typeName: isLetter ? null : type.name, subject: input.subject.trim(), numberPlaceholder: symbol, place,
    urgency: input.urgency, addressees: isLetter ? names : [], body: f.body, capacity: f.capacity, signerTitle: f.signerTitle, signerName: f.signerName,
    recipients: recipientLines(isLetter ? ['Như trên'] : names, f.extraRecipients, FILED_COPY(f.office)), author: unit.sealName || unit.name, createdAt: ctx.now(),
  });
  return { ok: true, pdf, fileName: `${type.name} - ${input.subject}`.slice(0, 150), text: f.body };
}

/** The signing capacity most drafts use: "TM. ỦY BAN NHÂN DÂN" for the chairman, "KT. CHỦ TỊCH" for a deputy. */
export const defaultCapacity = (deputy: boolean) => (deputy ? 'KT. CHỦ TỊCH' : `TM. ${COLLECTIVE}`);

const fileNameOf = (base: string, version: number) => `${base.replace(/[\\/:*?"<>|\p{Cc}]/gu, '').trim() || 'du-thao'} (v${version}).pdf`;

/** A new outgoing document, drafting, held by its drafter, with version 1. */
export async function createDraft(ctx: DocumentsContext, who: Who, audit: AuditActor, unit: Unit, input: DraftInput): Promise<DraftResult> {
  if (!who.permissions.has('documents.draft')) throw new AppError('error.forbidden', 403);
  const bad = checkMeta(input);
  if (bad) return { ok: false, error: bad };
  if (input.replyToId !== null) {
    const original = await findDocument(ctx.db, input.replyToId);
    if (!original || Number(original.unit_id) !== unit.id || original.direction !== 'incoming') return { ok: false, error: 'documents.outgoing.error.reply_to' };
  }
  const made = await draftPdf(ctx, unit, input);
  if (!made.ok) return made;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await documentsDb(trx).insertInto('documents').values({
      public_id: newPublicId(), unit_id: unit.id, direction: 'outgoing', type_code: input.typeCode, subject: input.subject.trim(), number_text: null,
      urgency: input.urgency, status: 'drafting', holder_official_id: who.id, holder_name: who.name, reply_to_id: input.replyToId,
      signer_name: input.source.kind === 'template' ? input.source.fields.signerName : null, signer_title: input.source.kind === 'template' ? input.source.fields.signerTitle : null,
      search_text: searchTextOf([input.subject, made.text, ...input.recipients.map((r) => r.name)]), created_by_id: who.id, created_by_name: who.name,
    }).returning('id').executeTakeFirstOrThrow();
    const docId = Number(row.id);
    await outgoingDb(trx).updateTable('documents').set({ draft_template: input.source.kind === 'template' ? input.source.fields : null }).where('id', '=', docId).execute();
    await insertFilesInTrx(trx, docId, unit.id, [{ kind: 'draft', version: 1, fileName: fileNameOf(made.fileName, 1), contentType: 'application/pdf', data: made.pdf, textContent: made.text || null }], who.id);
    await replaceRecipientsInTrx(trx, docId, unit.id, input.recipients);
    await insertEventInTrx(trx, { documentId: docId, unitId: unit.id, kind: 'drafted', author: who, at: ctx.now() });
    await recordAuditInTrx(trx, audit, { action: 'documents.outgoing_drafted', unitId: unit.id, targetType: 'document', targetId: docId, details: { type: input.typeCode, source: input.source.kind, replyTo: input.replyToId } });
    return docId;
  });
  return { ok: true, id };
}

/** A new version of a draft (its drafter, while drafting): the file, the metadata, the recipients. */
export async function saveDraftVersion(ctx: DocumentsContext, who: Who, audit: AuditActor, unit: Unit, doc: DocumentRow, version: number, input: DraftInput): Promise<DraftResult> {
  const state = { status: doc.status as 'drafting', createdById: doc.created_by_id === null ? null : Number(doc.created_by_id), holderId: doc.holder_official_id === null ? null : Number(doc.holder_official_id) };
  if (doc.direction !== 'outgoing' || !mayDo(state, who, 'save')) return { ok: false, error: 'documents.outgoing.error.not_allowed' };
  if (Number(doc.version) !== version) return { ok: false, error: 'documents.outgoing.error.stale' };
  const bad = checkMeta(input);
  if (bad) return { ok: false, error: bad };
  const made = await draftPdf(ctx, unit, input);
  if (!made.ok) return made;
  const id = Number(doc.id);
  return ctx.db.transaction().execute(async (trx): Promise<DraftResult> => {
    const now = await findDocument(trx, id, { forUpdate: true });
    if (!now || Number(now.version) !== version || now.status !== 'drafting') return { ok: false, error: 'documents.outgoing.error.stale' };
    const next = await nextDraftVersion(trx, id);
    await outgoingDb(trx).updateTable('documents').set({
      type_code: input.typeCode, subject: input.subject.trim(), urgency: input.urgency, draft_template: input.source.kind === 'template' ? input.source.fields : null,
      signer_name: input.source.kind === 'template' ? input.source.fields.signerName : now.signer_name, signer_title: input.source.kind === 'template' ? input.source.fields.signerTitle : now.signer_title,
      search_text: searchTextOf([input.subject, made.text, ...input.recipients.map((r) => r.name)]), updated_at: ctx.now(), version: version + 1,
    }).where('id', '=', id).execute();
    await insertFilesInTrx(trx, id, unit.id, [{ kind: 'draft', version: next, fileName: fileNameOf(made.fileName, next), contentType: 'application/pdf', data: made.pdf, textContent: made.text || null }], who.id);
    await replaceRecipientsInTrx(trx, id, unit.id, input.recipients);
    await insertEventInTrx(trx, { documentId: id, unitId: unit.id, kind: 'draft_version', author: who, body: String(next), at: ctx.now() });
    await recordAuditInTrx(trx, audit, { action: 'documents.outgoing_version_saved', unitId: unit.id, targetType: 'document', targetId: id, details: { version: next, source: input.source.kind } });
    return { ok: true, id };
  });
}

export { DOCX as DOCX_CONTENT_TYPE };
