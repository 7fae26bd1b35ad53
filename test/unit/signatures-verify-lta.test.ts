/**
 * Document timestamps (/SubFilter /ETSI.RFC3161) in verifyPdf: the B-LTA level, and a document timestamp
 * giving a B-B signature its proven time. The signer has no document-timestamp operation (yet), so this
 * test appends one with its own small writer and a token from `openssl ts -reply`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, StandardFonts } from 'pdf-lib';
import { addDss, signPdf } from '../../src/modules/signatures/pades/index.ts';
import { verifyPdf, type SignatureReport } from '../../src/modules/signatures/verify/index.ts';
import { type TestPki, currentCrl, makeTestPki, opensslTsa, testSigner } from '../support/test-pki.ts';

const CONTENTS_HEX = 16384; // hex digits reserved for the token
let dir = '';
let pki: TestPki;
let crls: Uint8Array[];

/**
 * Appends a revision with a document timestamp field: the /DocTimeStamp dictionary, a /FT /Sig field
 * pointing to it, and the AcroForm (or catalog) rewritten with the field added; then frames the
 * /Contents hex string with /ByteRange, hashes the rest and writes the token in.
 */
async function addDocumentTimestamp(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const sigNumber = ctx.largestObjectNumber + 1;
  const fieldNumber = sigNumber + 1;
  const rootRef = ctx.trailerInfo.Root as PDFRef;
  const catalog = doc.catalog.clone() as PDFDict;
  const formRef = catalog.get(PDFName.of('AcroForm'));
  const form = (formRef instanceof PDFRef ? ctx.lookup(formRef, PDFDict) : (formRef as PDFDict)).clone() as PDFDict;
  const fields = form.lookup(PDFName.of('Fields'), PDFArray).asArray();
  form.set(PDFName.of('Fields'), ctx.obj([...fields, PDFRef.of(fieldNumber)]));
  if (!(formRef instanceof PDFRef)) catalog.set(PDFName.of('AcroForm'), form);

  let out = Buffer.from(pdf).toString('latin1');
  if (!out.endsWith('\n')) out += '\n';
  const offsets: Array<[number, number]> = [];
  const object = (n: number, body: string) => {
    offsets.push([n, out.length]);
    out += `${n} 0 obj\n${body}\nendobj\n`;
  };
  object(sigNumber, `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange [0 0000000000 0000000000 0000000000] /Contents <${'0'.repeat(CONTENTS_HEX)}> >>`);
  object(fieldNumber, `<< /FT /Sig /T (HorodatageDocument) /V ${sigNumber} 0 R >>`);
  if (formRef instanceof PDFRef) object(formRef.objectNumber, form.toString());
  else object(rootRef.objectNumber, catalog.toString());
  const xrefAt = out.length;
  out += 'xref\n0 1\n0000000000 65535 f \n';
  for (const [n, at] of offsets.sort((a, b) => a[0] - b[0])) out += `${n} 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  const prev = Number(/startxref\s+(\d+)/.exec(out.slice(out.lastIndexOf('startxref')))![1]);
  out += `trailer\n<< /Size ${fieldNumber + 1} /Root ${rootRef} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;

  const bytes = Buffer.from(out, 'latin1');
  const sigAt = offsets.find(([n]) => n === sigNumber)![1];
  const gapStart = bytes.indexOf('/Contents <', sigAt) + '/Contents '.length;
  const gapEnd = gapStart + CONTENTS_HEX + 2;
  const range = `[0 ${gapStart} ${gapEnd} ${bytes.length - gapEnd}]`.padEnd('[0 0000000000 0000000000 0000000000]'.length, ' ');
  bytes.write(range, bytes.indexOf('/ByteRange [', sigAt) + '/ByteRange '.length, 'latin1');
  const digest = crypto.createHash('sha256').update(bytes.subarray(0, gapStart)).update(bytes.subarray(gapEnd)).digest();
  const token = Buffer.from(await opensslTsa(pki).timestamp(new Uint8Array(digest))).toString('hex');
  bytes.write(token, gapStart + 1, 'latin1');
  return new Uint8Array(bytes);
}

async function unsignedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Giay xac nhan', { x: 50, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save({ useObjectStreams: false });
}

const sign = (pdf: Uint8Array, level: 'B-B' | 'B-T') =>
  signPdf(pdf, { signer: testSigner(pki, 'seal'), fieldName: 'ChuKyCoQuan', level, tsa: level === 'B-T' ? opensslTsa(pki) : undefined, signingTime: new Date() });

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-lta-'));
  pki = makeTestPki(dir, 'ECDSA');
  crls = [currentCrl(pki, 'root'), currentCrl(pki, 'intermediate')];
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const kinds = (signatures: SignatureReport[]) => signatures.map((s) => [s.kind, s.status, s.level]);

describe('document timestamps', () => {
  it('B-T signature + DSS + document timestamp → B-LTA, the timestamp itself valid', async () => {
    const withDss = await addDss(await sign(await unsignedPdf(), 'B-T'), { certificates: [pki.intermediateDer, pki.rootDer, pki.tsa.certDer], crls });
    const report = await verifyPdf(await addDocumentTimestamp(withDss), { trustRoots: [pki.rootDer] });
    assert.equal(report.status, 'valid', JSON.stringify(report.signatures.map((s) => s.checks)));
    assert.deepEqual(kinds(report.signatures), [['signature', 'valid', 'B-LTA'], ['document-timestamp', 'valid', null]]);
    const ts = report.signatures[1]!;
    assert.deepEqual([ts.subFilter, ts.fieldName, ts.signer?.commonName, ts.provenTimeSource], ['ETSI.RFC3161', 'HorodatageDocument', 'Dịch vụ cấp dấu thời gian (TEST)', 'document-timestamp']);
    assert.deepEqual([ts.checks.digest.reason, ts.checks.signature.reason, ts.checks.chain.reason, ts.checks.timestamp.reason, ts.checks.modifiedAfter.reason], ['digest_ok', 'signature_ok', 'chain_ok', 'timestamp_ok', 'last_revision']);
    assert.equal(report.signatures[0]!.checks.modifiedAfter.reason, 'unchanged_after_signing');
  });

  it('gives a B-B signature its proven time (B-T) and catches a changed byte in its range', async () => {
    const stamped = await addDocumentTimestamp(await sign(await unsignedPdf(), 'B-B'));
    const report = await verifyPdf(stamped, { trustRoots: [pki.rootDer], crls });
    const [signature, ts] = report.signatures;
    assert.deepEqual([signature!.checks.timestamp.reason, signature!.provenTimeSource, signature!.level], ['no_timestamp', 'document-timestamp', 'B-T']);
    assert.equal(signature!.provenTime, ts!.provenTime);
    assert.equal(report.status, 'valid');

    const bytes = new Uint8Array(stamped);
    const at = Buffer.from(bytes).lastIndexOf('/T (HorodatageDocument)') + 4;
    bytes[at] = 'h'.charCodeAt(0); // inside the document timestamp's range only
    const tampered = await verifyPdf(bytes, { trustRoots: [pki.rootDer], crls });
    assert.deepEqual(tampered.signatures.map((s) => s.checks.digest.reason), ['digest_ok', 'digest_mismatch']);
    assert.equal(tampered.status, 'invalid');
  });
});
