/**
 * The files' text for search, outside the registration transaction: a small queue over `document_files` (files of
 * kind main, scan, attachment or signed, PDF/JPEG/PNG, whose `text_content` is still null), polled by a worker that
 * main.ts starts with the other background work. For each file, its text (ocr.ts: the PDF's text layer, or OCR in
 * Vietnamese) is stored in `text_content` and folded into the document's `search_text` (appended: whatever the
 * registration or the drafting put there stays). An OCR'd scan is also kept as a PDF with a text layer: a new file
 * of kind 'scan' with the next version, next to the original scan (which stays as it was received).
 *
 * Several processes may poll: a file's update only counts when its text_content is still null (the loser of a race
 * throws its work away), and the document row is locked while its search_text grows. A file the tools fail on
 * (damaged, too slow) gets '' (no text) and is not tried again; when the tools are missing nothing is touched, so
 * the files wait for them. Each step is in the audit log under the system actor (documents.text_extracted).
 * Documents' `version` is not changed: the text is not a state change anyone's form could conflict with.
 */
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { recordAuditInTrx, SYSTEM_ACTOR } from '../audit/index.ts';
import { EXTRACT_LIMITS, extractText, ocrTools } from './ocr.ts';
import type { ExtractLimits, Extracted } from './ocr.ts';
import { insertFilesInTrx, searchTextOf } from './register-incoming.ts';
import { documentsDb } from './store.ts';

export const EXTRACTED_KINDS = ['main', 'scan', 'attachment', 'signed'] as const;
export const EXTRACTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export interface ExtractionSummary {
  /** The last file id looked at: the next batch starts after it (files waiting for a tool do not block the others). */
  lastId: number;
  /** Files given a text (possibly empty). */
  done: number;
  /** Files the tools failed on (marked '' so they are not tried again). */
  failed: number;
  /** Searchable scans added. */
  scans: number;
  /** Files skipped because the tools they need are missing. */
  waiting: number;
}

/** How many files wait for their text (for the status hint). */
export async function countPendingExtractions(db: Db, unitId?: number): Promise<number> {
  let q = documentsDb(db).selectFrom('document_files').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('text_content', 'is', null).where('kind', 'in', [...EXTRACTED_KINDS]).where('content_type', 'in', [...EXTRACTED_TYPES]);
  if (unitId !== undefined) q = q.where('unit_id', '=', unitId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const ocrName = (fileName: string) => `${path.parse(fileName).name.slice(0, 180) || 'scan'}-ocr.pdf`;

async function store(db: Db, file: { id: number; document_id: number; unit_id: number; file_name: string }, got: Extracted | 'failed'): Promise<{ stored: boolean; scan: boolean }> {
  return db.transaction().execute(async (trx) => {
    const text = got === 'failed' ? '' : got.text;
    // Lock the document first (the order every writer of a document follows), then claim the file.
    await sql`select id from documents where id = ${file.document_id} for update`.execute(trx);
    const claimed = await documentsDb(trx).updateTable('document_files').set({ text_content: text }).where('id', '=', file.id).where('text_content', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return { stored: false, scan: false };
    let scan = false;
    if (got !== 'failed' && got.searchablePdf) {
      const last = await documentsDb(trx).selectFrom('document_files').select((eb) => eb.fn.max('version').as('v')).where('document_id', '=', file.document_id).where('kind', '=', 'scan').executeTakeFirst();
      await insertFilesInTrx(trx, file.document_id, file.unit_id, [{ kind: 'scan', version: Number(last?.v ?? 0) + 1, fileName: ocrName(file.file_name), contentType: 'application/pdf', data: got.searchablePdf, textContent: text }], null);
      scan = true;
    }
    if (text !== '') {
      await sql`update documents set search_text = left(ltrim(search_text || ' ' || ${searchTextOf([text])}), 200000) where id = ${file.document_id}`.execute(trx);
    }
    await recordAuditInTrx(trx, SYSTEM_ACTOR, {
      action: 'documents.text_extracted', targetType: 'document', targetId: file.document_id, unitId: file.unit_id,
      details: { fileId: file.id, method: got === 'failed' ? 'failed' : got.method, characters: text.length, searchableScan: scan },
    });
    return { stored: true, scan };
  });
}

/** Extracts the text of up to `limit` waiting files, oldest first. */
export async function extractPendingTexts(db: Db, options: { limit?: number; after?: number; limits?: ExtractLimits; onError?: (error: unknown) => void } = {}): Promise<ExtractionSummary> {
  const summary: ExtractionSummary = { lastId: 0, done: 0, failed: 0, scans: 0, waiting: 0 };
  const tools = await ocrTools();
  if (!tools.pdfText && !tools.ocr) return summary;
  const limits = options.limits ?? EXTRACT_LIMITS;
  const files = await documentsDb(db).selectFrom('document_files').select(['id', 'document_id', 'unit_id', 'file_name', 'content_type', 'size_bytes'])
    .where('id', '>', options.after ?? 0).where('text_content', 'is', null).where('kind', 'in', [...EXTRACTED_KINDS]).where('content_type', 'in', [...EXTRACTED_TYPES])
    .orderBy('id').limit(options.limit ?? 5).execute();
  for (const f of files) {
    const file = { id: Number(f.id), document_id: Number(f.document_id), unit_id: Number(f.unit_id), file_name: f.file_name };
    summary.lastId = file.id;
    let got: Extracted | 'failed' | null = 'failed';
    // Too large: never read (it would be the same next time).
    if (Number(f.size_bytes) <= limits.maxBytes) {
      const row = await documentsDb(db).selectFrom('document_files').select('data').where('id', '=', file.id).executeTakeFirst();
      if (!row) continue;
      try {
        got = await extractText(row.data, f.content_type, limits);
      } catch (error) {
        options.onError?.(error);
        got = 'failed';
      }
    }
    if (got === null) {
      summary.waiting++;
      continue;
    }
    const { stored, scan } = await store(db, file, got);
    if (!stored) continue;
    if (got === 'failed') summary.failed++;
    else summary.done++;
    if (scan) summary.scans++;
  }
  return summary;
}

/** Polls every `everyMs` (one batch at a time); returns the stop function. */
export function startTextExtractionWorker(db: Db, everyMs = 10_000, onError: (error: unknown) => void = () => undefined): () => void {
  let running = false;
  let after = 0;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    extractPendingTexts(db, { after, onError }).then((s) => {
      // From the start again once the end is reached.
      after = s.lastId;
    }).catch(onError).finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
