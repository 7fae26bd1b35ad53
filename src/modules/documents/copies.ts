/**
 * Electronic copies (bản sao điện tử, NĐ 30/2020 Art. 25–27): sao y (SY, the whole document), trích sao (TrS, some
 * pages) and sao lục (SL, a copy of a copy, the whole). The clerk makes one from a signed or issued outgoing
 * document or a registered incoming one; the copy is signed by the unit with the copy signature top right (form,
 * agency, time: `signAsUnit` with `copyForm`), kept as a file of kind 'copy', with a 'copied' event.
 *
 * Numbering: NĐ 30 numbers copies in the outgoing register ("Số: 05/SY-UBND"): the number is the next of the
 * unit's outgoing register for the year (`nextNumberInTrx`, the same sequence as outgoing documents), with the
 * copy kind in place of the type. It is taken before signing (it is written in the signature's appearance) in its
 * own short transaction, because signing must not run inside a transaction holding the register's lock; a copy
 * whose signing then fails leaves that number unused, like a cancelled number in the paper register.
 */
import { PDFDocument } from 'pdf-lib';
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { signAsUnit } from '../signatures/index.ts';
import type { DocumentsContext } from './context.ts';
import { COPY_KINDS } from './domain/document-types.ts';
import type { CopyKind } from './domain/document-types.ts';
import { numberText, vietnamYear } from './domain/numbering.ts';
import { issuerAbbreviation } from './domain/outgoing-texts.ts';
import { bumpVersionInTrx, documentOfUnit, latestPdf } from './exchange-store.ts';
import { insertFilesInTrx } from './register-incoming.ts';
import { defaultRegisterInTrx, documentsDb, insertEventInTrx, nextNumberInTrx } from './store.ts';
import type { DocumentRow } from './store.ts';
import { findUnit } from '../tenancy/index.ts';

const vi = translator('vi');

/** The copy form as printed in the copy signature (official wording, Vietnamese only, NĐ 30 Phụ lục I). */
export const COPY_FORM: Record<CopyKind, string> = { SY: 'SAO Y', TrS: 'TRÍCH SAO', SL: 'SAO LỤC' };
export const isCopyKind = (s: string): s is CopyKind => COPY_KINDS.some((k) => k.code === s);

/** "05/SY-UBND": the copy's number and symbol. */
export const copyNumberAndSymbol = (n: number, kind: CopyKind, issuer: string) => `${numberText(n)}/${kind}-${issuer}`;

/** Whether a document can be copied: signed or issued if outgoing, registered (not returned) if incoming. */
export const copyable = (doc: Pick<DocumentRow, 'direction' | 'status' | 'incoming_number'>) =>
  doc.direction === 'outgoing' ? doc.status === 'signed' || doc.status === 'issued' : doc.incoming_number !== null && doc.status !== 'returned';

export const MAX_PAGES_TEXT = 100;

/** Pages "1-3, 5" of a document of `count` pages: 0-based indexes in order, or null when not a valid selection. */
export function parsePages(text: string, count: number): number[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0 || text.length > MAX_PAGES_TEXT) return null;
  const pages = new Set<number>();
  for (const part of parts) {
    const m = /^(\d{1,4})(?:\s*-\s*(\d{1,4}))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to < from || to > count) return null;
    for (let p = from; p <= to; p++) pages.add(p - 1);
  }
  return [...pages].sort((a, b) => a - b);
}

async function extract(pdf: Uint8Array, pages: readonly number[]): Promise<Uint8Array> {
  const source = await PDFDocument.load(pdf, { updateMetadata: false });
  const out = await PDFDocument.create();
  for (const page of await out.copyPages(source, [...pages])) out.addPage(page);
  return out.save();
}

export type CopyOutcome = { ok: true; fileId: number; numberText: string } | { ok: false; error: 'documents.exchange.error.pages' };

export async function makeCopy(ctx: DocumentsContext, by: { id: number; name: string }, audit: AuditActor, unitId: number, documentId: number, version: number, kind: CopyKind, pagesText: string): Promise<CopyOutcome> {
  const doc = await documentOfUnit(ctx.db, unitId, documentId);
  if (!doc) throw new AppError('error.not_found', 404);
  if (!copyable(doc)) throw new AppError('documents.exchange.error.not_copyable', 409);
  if (Number(doc.version) !== version) throw new AppError('documents.exchange.error.stale', 409);
  if (!ctx.signatures) throw new AppError('documents.exchange.error.signing_off', 409);
  const source = await latestPdf(ctx.db, documentId, doc.direction === 'outgoing' ? ['signed', 'main'] : ['main', 'scan', 'attachment']);
  if (!source) throw new AppError('documents.exchange.error.no_pdf', 409);
  let pdf = source.data;
  let pages: number[] | null = null;
  if (kind === 'TrS') {
    let count: number;
    try {
      count = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    } catch {
      throw new AppError('documents.exchange.error.pdf_unreadable', 422);
    }
    pages = parsePages(pagesText, count);
    if (!pages) return { ok: false, error: 'documents.exchange.error.pages' };
    pdf = await extract(pdf, pages);
  }
  const unit = (await findUnit(ctx.db, unitId))!;
  const at = ctx.now();
  const year = vietnamYear(at);
  const number = await ctx.db.transaction().execute(async (trx) => nextNumberInTrx(trx, await defaultRegisterInTrx(trx, unitId, 'outgoing'), year));
  const symbol = copyNumberAndSymbol(number, kind, issuerAbbreviation(unit.kind));
  const signed = await signAsUnit(ctx.signatures, audit, {
    unitId, pdf, copyForm: `${COPY_FORM[kind]} - ${vi('documents.exchange.copy.number', { number: symbol })}`,
    labels: { signedBy: vi('signatures.appearance.signed_by'), time: vi('signatures.appearance.time') },
  });
  const fileName = `ban-sao-${symbol.replace(/[^\p{L}\p{N}-]+/gu, '-')}-${year}.pdf`;
  const fileId = await ctx.db.transaction().execute(async (trx) => {
    if (!(await bumpVersionInTrx(trx, documentId, version, at))) throw new AppError('documents.exchange.error.stale', 409);
    await insertFilesInTrx(trx, documentId, unitId, [{ kind: 'copy', fileName, contentType: 'application/pdf', data: signed }], by.id);
    const row = await documentsDb(trx).selectFrom('document_files').select('id').where('document_id', '=', documentId).where('kind', '=', 'copy').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const pagesNote = pages ? vi('documents.exchange.copy.pages', { pages: pagesText.trim() }) : '';
    await insertEventInTrx(trx, { documentId, unitId, kind: 'copied', author: by, body: [vi(`documents.exchange.copy.kind.${kind}`), symbol, pagesNote].filter(Boolean).join(' '), at });
    await recordAuditInTrx(trx, audit, { action: 'documents.copied', unitId, targetType: 'document', targetId: documentId, details: { kind, numberText: symbol, year, fileId: Number(row.id), sourceFileId: source.id, pages: pages?.map((p) => p + 1) ?? null } });
    return Number(row.id);
  });
  return { ok: true, fileId, numberText: symbol };
}
