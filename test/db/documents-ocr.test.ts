/**
 * Text extraction for search (documents/text-extraction.ts, ocr.ts) with the real Debian tools: a page of Vietnamese
 * text drawn with the platform's PDF layout, rasterised with pdftoppm into a PNG "scan", registered as an incoming
 * document; the worker's batch OCRs it in Vietnamese (tesseract -l vie), keeps a searchable PDF next to it (poppler's
 * pdftotext reads the words back from its text layer), and the document is found by those words. The text PDF itself
 * goes through pdftotext. Skipped, with the reason, when tesseract or its Vietnamese data is missing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';
import { pdfText } from '../support/pdf-tools.ts';
import { seedDemo } from '../../src/seed/seed-demo.ts';
import { fold } from '../../src/modules/catalogue/index.ts';
import { geometry, Sheet } from '../../src/platform/pdf/sheet.ts';
import { registerIncomingInTrx } from '../../src/modules/documents/register-incoming.ts';
import { extractPendingTexts } from '../../src/modules/documents/text-extraction.ts';
import { ocrTools } from '../../src/modules/documents/ocr.ts';
import { searchDocuments } from '../../src/modules/documents/search.ts';

const tools = await ocrTools();
const skip = tools.ocr && tools.pdfText ? false : 'tesseract-ocr with tesseract-ocr-vie, or poppler-utils, is not installed (apt-get install -y tesseract-ocr tesseract-ocr-vie poppler-utils): OCR not tested';

/** Words printed on the page; OCR must read most of them back. */
const WORDS = ['Quyết', 'định', 'phòng', 'chống', 'thiên', 'tai', 'Mường', 'Đăng', 'kế', 'hoạch', 'năm', 'huyện'];

async function pagePdf(): Promise<Uint8Array> {
  const sheet = await Sheet.create(geometry('A4'), { title: 'Thử OCR', subject: 'Thử OCR', author: 'smart-commune', createdAt: new Date('2026-03-05T00:00:00Z') });
  sheet.text('ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG', { size: sheet.pt(14), style: 'bold', align: 'center', after: sheet.pt(12) });
  sheet.text('Quyết định phê duyệt kế hoạch phòng chống thiên tai năm 2026', { size: sheet.pt(18), style: 'bold', align: 'center', after: sheet.pt(12) });
  sheet.text('Căn cứ đề nghị của huyện, Ủy ban nhân dân xã Mường Đăng quyết định ban hành kế hoạch phòng chống thiên tai.', { size: sheet.pt(14) });
  return sheet.save();
}

/** How many of the words the text holds, ignoring diacritics and case (OCR may miss a mark or two). */
const wordsFound = (text: string) => {
  const have = new Set(fold(text).split(' '));
  return WORDS.filter((w) => have.has(fold(w)));
};

describe('OCR of scanned documents in Vietnamese, and the text layer of PDFs', { skip }, () => {
  let database: TestDatabase;
  let unitId: number;
  let scanDoc: number;
  let pdfDoc: number;
  let pdf: Uint8Array;

  before(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db);
    unitId = Number((await sql<{ id: string }>`select id from units where name = 'Xã Mường Đăng'`.execute(database.db)).rows[0]!.id);
    pdf = await pagePdf();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-ocr-test-'));
    fs.writeFileSync(path.join(dir, 'page.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', path.join(dir, 'page.pdf'), path.join(dir, 'scan')], { timeout: 60_000 });
    const png = new Uint8Array(fs.readFileSync(path.join(dir, 'scan.png')));
    fs.rmSync(dir, { recursive: true, force: true });
    const register = (subject: string, file: { kind: 'scan' | 'main'; fileName: string; contentType: string; data: Uint8Array }) => database.db.transaction().execute((trx) => registerIncomingInTrx(trx, {
      unitId, typeCode: 'QĐ', subject, numberText: null, documentDate: '2026-03-05', senderName: 'UBND huyện', channel: 'paper', receivedAt: new Date('2026-03-05T02:00:00Z'),
      by: { id: null, name: 'Văn thư' }, files: [file],
    }));
    scanDoc = (await register('Bản quét', { kind: 'scan', fileName: 'ban-quet.png', contentType: 'image/png', data: png })).id;
    pdfDoc = (await register('Tệp PDF', { kind: 'main', fileName: 'van-ban.pdf', contentType: 'application/pdf', data: pdf })).id;
  });
  after(() => database?.close());

  it('reads the PDF’s text layer and OCRs the scan; keeps the scan as a PDF with a text layer; finds the documents by those words', { timeout: 240_000 }, async () => {
    const summary = await extractPendingTexts(database.db, { limit: 10 });
    assert.equal(summary.done, 2, JSON.stringify(summary));
    assert.equal(summary.scans, 1, 'one searchable scan made (the text PDF needs none)');
    const files = (await sql<{ document_id: string; kind: string; version: number; content_type: string; text_content: string | null; data: Uint8Array }>`
      select document_id, kind, version, content_type, text_content, data from document_files where document_id in (${scanDoc}, ${pdfDoc}) order by id`.execute(database.db)).rows;
    const [scan, main, searchable] = files;
    assert.equal(files.length, 3);
    // The PDF's own text: exact.
    assert.equal(Number(main!.document_id), pdfDoc);
    assert.deepEqual(wordsFound(main!.text_content ?? ''), WORDS, main!.text_content ?? '');
    // The scan: OCR, tolerant (at least two thirds of the words, diacritics ignored).
    assert.equal(scan!.content_type, 'image/png');
    const ocrWords = wordsFound(scan!.text_content ?? '');
    assert.ok(ocrWords.length >= 8, `OCR read ${ocrWords.join(', ')} from: ${scan!.text_content}`);
    assert.match(scan!.text_content ?? '', /Mường|phòng|thiên/, 'with Vietnamese letters');
    // The searchable scan: a new file of kind scan, version 2, whose text layer poppler reads.
    assert.equal(Number(searchable!.document_id), scanDoc);
    assert.equal(searchable!.kind, 'scan');
    assert.equal(searchable!.version, 2);
    assert.equal(searchable!.content_type, 'application/pdf');
    assert.equal(searchable!.text_content, scan!.text_content);
    const layer = pdfText(searchable!.data);
    assert.ok(wordsFound(layer).length >= 8, `pdftotext read: ${layer}`);
    // Both documents are found by a word only their files hold ("Căn cứ đề nghị của huyện…").
    const found = await searchDocuments(database.db, unitId, { q: 'ủy ban nhân dân ban hành', dateField: 'received' }, { officialId: 0, seesAllConfidential: true });
    assert.deepEqual(found.hits.map((h) => h.id).sort(), [scanDoc, pdfDoc].sort());
    // Audited, and nothing is done twice.
    const audit = (await sql<{ n: string }>`select count(*) as n from audit_log where action = 'documents.text_extracted'`.execute(database.db)).rows[0]!;
    assert.equal(Number(audit.n), 2);
    const again = await extractPendingTexts(database.db, { limit: 10 });
    assert.deepEqual([again.done, again.failed, again.scans], [0, 0, 0]);
  });

  it('marks a damaged file as having no text instead of trying it for ever', { timeout: 60_000 }, async () => {
    const broken = await database.db.transaction().execute((trx) => registerIncomingInTrx(trx, {
      unitId, typeCode: 'CV', subject: 'Tệp hỏng', numberText: null, documentDate: null, senderName: 'X', channel: 'paper', receivedAt: new Date(),
      by: { id: null, name: 'Văn thư' }, files: [{ kind: 'main', fileName: 'hong.pdf', contentType: 'application/pdf', data: new TextEncoder().encode('%PDF-1.4 not really') }],
    }));
    const summary = await extractPendingTexts(database.db, { limit: 10 });
    assert.equal(summary.failed, 1);
    const row = (await sql<{ text_content: string | null }>`select text_content from document_files where document_id = ${broken.id}`.execute(database.db)).rows[0]!;
    assert.equal(row.text_content, '');
  });
});
