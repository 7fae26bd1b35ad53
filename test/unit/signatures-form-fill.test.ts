/**
 * Form fields filled after a signature (the number and issue date of an outgoing document, pades/form-fields.ts): the
 * verifier lets exactly that pass — fields that were empty at signing get a value — and still flags a field changed
 * once set, a field added after signing, a moved widget, and a fill that also paints over the page. pdfsig agrees the
 * signatures stay valid.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import { addFillableFields, fillFields, FieldFillRefused } from '../../src/modules/signatures/pades/form-fields.ts';
import { IncrementalUpdate, signPdf } from '../../src/modules/signatures/pades/index.ts';
import { verifyPdf } from '../../src/modules/signatures/verify/index.ts';
import { pdfsigReport, pdfText } from '../support/pdf-tools.ts';
import { type TestPki, currentCrl, makeTestPki, opensslTsa, testSigner } from '../support/test-pki.ts';

let dir = '';
let pki: TestPki;
let signed: Uint8Array;
let crls: Uint8Array[];

async function withFields(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('QUYET DINH ve viec thu nghiem', { x: 150, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return addFillableFields(await doc.save({ useObjectStreams: false }), [
    { name: 'SoKyHieu', page: 0, rect: { x: 60, y: 760, width: 180, height: 18 }, size: 13, placeholder: '…/QĐ-UBND' },
    { name: 'NgayBanHanh', page: 0, rect: { x: 300, y: 760, width: 260, height: 18 }, size: 13, align: 'center', style: 'italic', placeholder: 'Mường Đăng, ngày … tháng … năm …' },
  ]);
}

const sign = (pdf: Uint8Array, field: string) => signPdf(pdf, { signer: testSigner(pki, field === 'ChuKyCoQuan' ? 'seal' : 'official'), fieldName: field, level: 'B-T', tsa: opensslTsa(pki), signingTime: new Date() });
const verify = (pdf: Uint8Array) => verifyPdf(pdf, { trustRoots: [pki.rootDer], crls });

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'form-fill-'));
  pki = makeTestPki(path.join(dir, 'rsa'), 'RSA');
  crls = [currentCrl(pki, 'root'), currentCrl(pki, 'intermediate')];
  signed = await sign(await withFields(), 'ChuKyNguoiCoThamQuyen');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('filling empty form fields after a signature', () => {
  it('is allowed and named; the text shows; a seal over it keeps both valid (ours and pdfsig)', async () => {
    const filled = await fillFields(signed, { SoKyHieu: '01/QĐ-UBND', NgayBanHanh: 'Mường Đăng, ngày 05 tháng 3 năm 2026' });
    const report = await verify(filled);
    assert.equal(report.status, 'valid');
    assert.deepEqual(report.signatures[0]!.checks.modifiedAfter, { status: 'passed', reason: 'form_filled_after_signing', details: { fields: ['NgayBanHanh', 'SoKyHieu'] } });
    assert.match(pdfText(filled), /01\/QĐ-UBND[\s\S]*Mường Đăng, ngày 05 tháng 3 năm 2026/);
    const sealed = await sign(filled, 'ChuKyCoQuan');
    const both = await verify(sealed);
    assert.equal(both.status, 'valid');
    assert.deepEqual(both.signatures.map((s) => s.checks.modifiedAfter.reason), ['form_filled_after_signing', 'last_revision']);
    assert.equal([...pdfsigReport(sealed, pki.rootDer).matchAll(/Signature is Valid\./g)].length, 2);
  });

  it('refuses to fill a missing field or one already filled', async () => {
    await assert.rejects(fillFields(signed, { Khac: 'x' }), (e) => e instanceof FieldFillRefused && e.why === 'missing');
    const once = await fillFields(signed, { SoKyHieu: '01/QĐ-UBND' });
    await assert.rejects(fillFields(once, { SoKyHieu: '02/QĐ-UBND' }), (e) => e instanceof FieldFillRefused && e.why === 'already_filled');
  });

  it('a value changed after the signature that covered it is flagged', async () => {
    const filled = await fillFields(signed, { SoKyHieu: '01/QĐ-UBND' });
    const sealed = await sign(filled, 'ChuKyCoQuan');
    // Rewrite the value behind the seal, bypassing fillFields' own refusal.
    const update = await IncrementalUpdate.load(sealed);
    const form = update.doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    const ref = form.lookup(PDFName.of('Fields'), PDFArray).asArray().find((r) => String(update.context.lookup(r, PDFDict).get(PDFName.of('T'))).includes('SoKyHieu'))!;
    const field = update.context.lookup(ref, PDFDict);
    field.delete(PDFName.of('V'));
    update.markChanged(ref as never);
    const cleared = await fillFields(update.write().bytes, { SoKyHieu: '99/QĐ-UBND' });
    const report = await verify(cleared);
    assert.equal(report.status, 'invalid');
    const seal = report.signatures.find((s) => s.fieldName === 'ChuKyCoQuan')!;
    assert.equal(seal.checks.modifiedAfter.reason, 'content_changed_after_signing');
  });

  it('moving a field, or adding a new field after signing, is flagged', async () => {
    const update = await IncrementalUpdate.load(signed);
    const form = update.doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    const ref = form.lookup(PDFName.of('Fields'), PDFArray).get(0);
    const field = update.context.lookup(ref, PDFDict);
    field.set(PDFName.of('Rect'), update.context.obj([0, 0, 595, 842].map((n) => PDFNumber.of(n))));
    update.markChanged(ref as never);
    const moved = await verify(update.write().bytes);
    assert.equal(moved.signatures[0]!.checks.modifiedAfter.reason, 'content_changed_after_signing');

    const more = await addFillableFieldsIncrementally(signed);
    const added = await verify(more);
    assert.equal(added.signatures[0]!.checks.modifiedAfter.reason, 'content_changed_after_signing');
  });
});

/** A new text field and widget appended after the signature (an attacker's overlay). */
async function addFillableFieldsIncrementally(pdf: Uint8Array): Promise<Uint8Array> {
  const update = await IncrementalUpdate.load(pdf);
  const page = update.doc.getPage(0);
  const widget = update.context.register(update.context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Tx', T: 'Moi', F: 4, P: page.ref, Rect: [100, 100, 300, 120] }));
  const form = update.doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
  const fieldsRef = form.get(PDFName.of('Fields'));
  form.lookup(PDFName.of('Fields'), PDFArray).push(widget);
  page.node.lookup(PDFName.of('Annots'), PDFArray).push(widget);
  update.markChanged(update.doc.catalog.get(PDFName.of('AcroForm')) as never);
  if (fieldsRef && 'objectNumber' in fieldsRef) update.markChanged(fieldsRef as never);
  update.markChanged(page.ref);
  const annots = page.node.get(PDFName.of('Annots'));
  if (annots && 'objectNumber' in annots) update.markChanged(annots as never);
  return update.write().bytes;
}
