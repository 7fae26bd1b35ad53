/**
 * verifyPdf end to end on PDFs signed by our PAdES signer with the openssl test PKI, and the tamper
 * tests of issue #5 (research §5): a flipped byte, a revoked certificate, a valid incremental update
 * that paints over a name, a wrong trust root; plus unsigned and non-PDF input.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, StandardFonts } from 'pdf-lib';
import { addDss, signPdf } from '../../src/modules/signatures/pades/index.ts';
import { VerifyInputError, explain, verifyPdf, type SignatureReport, type VerificationReport } from '../../src/modules/signatures/verify/index.ts';
import { makePng } from '../support/png.ts';
import { type TestPki, currentCrl, makeTestPki, opensslTsa, revoke, testSigner } from '../support/test-pki.ts';

const CITIZEN = 'Certificate for: Lo Van Pang';
let dir = '';
let rsa: TestPki;
let unsigned: Uint8Array;
let signed: Uint8Array; // official, then seal: 3 revisions
let crls: Uint8Array[];

async function makeUnsigned(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(CITIZEN, { x: 50, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save({ useObjectStreams: false });
}

/** Official (visible, blue image) then agency seal over it, each B-T, as two incremental updates. */
async function signTwice(pki: TestPki, pdf: Uint8Array): Promise<Uint8Array> {
  const official = await signPdf(pdf, {
    signer: testSigner(pki, 'official'), fieldName: 'ChuKyNguoiCoThamQuyen', level: 'B-T', tsa: opensslTsa(pki), signingTime: new Date(),
    appearance: { kind: 'official', rect: { x: 300, y: 100, width: 200, height: 80 }, image: makePng(60, 30), name: 'Nguyễn Văn Ánh', title: 'Chủ tịch' },
  });
  return signPdf(official, {
    signer: testSigner(pki, 'seal'), fieldName: 'ChuKyCoQuan', level: 'B-T', tsa: opensslTsa(pki), signingTime: new Date(),
    appearance: { kind: 'seal', image: makePng(100, 100), agencyName: 'UBND xã Mường Đăng', over: 'ChuKyNguoiCoThamQuyen' },
  });
}

/** The byte offset of the last `startxref` value: the /Prev of the next revision. */
function lastStartxref(bytes: Uint8Array): number {
  const text = Buffer.from(bytes).toString('latin1');
  return Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))![1]);
}

/**
 * A tiny incremental-update writer (independent of the signer's): appends a content stream to page 1's
 * /Contents, rewrites the page object, and adds a classic xref section + trailer with /Prev. The result
 * is a perfectly valid PDF whose earlier signatures still verify cryptographically.
 */
async function appendPageContent(pdf: Uint8Array, content: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(0);
  const pageRef = page.ref;
  const streamNumber = doc.context.largestObjectNumber + 1;
  const pageDict = page.node.clone() as PDFDict;
  const old = pageDict.get(PDFName.of('Contents'));
  const contents = old instanceof PDFArray ? old.asArray() : [old!];
  pageDict.set(PDFName.of('Contents'), doc.context.obj([...contents, PDFRef.of(streamNumber)]));
  let out = Buffer.from(pdf).toString('latin1');
  if (!out.endsWith('\n')) out += '\n';
  const streamAt = out.length;
  out += `${streamNumber} 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`;
  const pageAt = out.length;
  out += `${pageRef.objectNumber} 0 obj\n${pageDict.toString()}\nendobj\n`;
  const xrefAt = out.length;
  const entry = (offset: number) => `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `xref\n0 1\n0000000000 65535 f \n${pageRef.objectNumber} 1\n${entry(pageAt)}${streamNumber} 1\n${entry(streamAt)}`;
  out += `trailer\n<< /Size ${streamNumber + 1} /Root ${doc.context.trailerInfo.Root} /Prev ${lastStartxref(pdf)} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function fontName(pdf: PDFDocument): string {
  const fonts = pdf.getPage(0).node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
  return fonts.keys()[0]!.decodeText();
}

const bySigner = (report: VerificationReport, field: string): SignatureReport => report.signatures.find((s) => s.fieldName === field)!;
const reasons = (s: SignatureReport) => Object.fromEntries(Object.entries(s.checks).map(([k, c]) => [k, c.reason]));

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-pdf-'));
  rsa = makeTestPki(path.join(dir, 'rsa'), 'RSA');
  unsigned = await makeUnsigned();
  signed = await signTwice(rsa, unsigned);
  crls = [currentCrl(rsa, 'root'), currentCrl(rsa, 'intermediate')];
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('verifyPdf on a document signed by the official, then sealed', () => {
  it('is valid: both signatures pass every check, B-T, with signer names and proven times', async () => {
    const report = await verifyPdf(signed, { trustRoots: [rsa.rootDer], crls });
    assert.equal(report.status, 'valid', JSON.stringify(report.signatures.map(reasons)));
    assert.equal(report.revisions, 3);
    assert.deepEqual(report.signatures.map((s) => s.fieldName), ['ChuKyNguoiCoThamQuyen', 'ChuKyCoQuan']);
    const official = bySigner(report, 'ChuKyNguoiCoThamQuyen');
    const seal = bySigner(report, 'ChuKyCoQuan');
    assert.deepEqual(reasons(official), {
      byteRange: 'byte_range_ok', digest: 'digest_ok', signature: 'signature_ok', signingCertificate: 'signing_certificate_ok',
      chain: 'chain_ok', revocation: 'not_revoked', timestamp: 'timestamp_ok', modifiedAfter: 'unchanged_after_signing',
    });
    assert.equal(seal.checks.modifiedAfter.reason, 'last_revision');
    assert.deepEqual([official.coversWholeDocument, seal.coversWholeDocument], [false, true]);
    assert.deepEqual([official.revision, seal.revision], [2, 3]);
    assert.deepEqual([official.signer?.commonName, official.signer?.title, official.signer?.organisation], ['Nguyễn Văn Ánh', 'Chủ tịch', 'UBND xã Mường Đăng']);
    assert.equal(seal.signer?.commonName, 'Ủy ban nhân dân xã Mường Đăng');
    assert.equal(official.signer?.keyAlgorithm, 'RSA-2048');
    assert.equal(official.subFilter, 'ETSI.CAdES.detached');
    for (const s of [official, seal]) {
      assert.equal(s.level, 'B-T');
      assert.equal(s.provenTimeSource, 'signature-timestamp');
      assert.ok(Math.abs(Date.parse(s.provenTime!) - Date.parse(s.claimedTime!)) < 60_000);
    }
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(report)));
  });

  it('reaches B-LT once the DSS holds the certificates and CRLs, without any extra CRL', async () => {
    const withDss = await addDss(signed, { certificates: [rsa.intermediateDer, rsa.rootDer, rsa.tsa.certDer], crls });
    const report = await verifyPdf(withDss, { trustRoots: [rsa.rootDer] });
    assert.equal(report.status, 'valid');
    assert.deepEqual(report.signatures.map((s) => [s.level, s.checks.modifiedAfter.reason]), [['B-LT', 'unchanged_after_signing'], ['B-LT', 'unchanged_after_signing']]);
  });

  it('is indeterminate without revocation data', async () => {
    const report = await verifyPdf(signed, { trustRoots: [rsa.rootDer] });
    assert.equal(report.status, 'indeterminate');
    assert.deepEqual(report.signatures.map((s) => s.checks.revocation.reason), ['no_revocation_data', 'no_revocation_data']);
  });
});

describe('tamper tests', () => {
  it('a flipped byte inside both signed ranges → digest_mismatch for both', async () => {
    const bytes = new Uint8Array(signed);
    const at = Buffer.from(bytes).indexOf('/ModDate (D:20') + 12;
    assert.ok(at > 12 && at < 1000);
    bytes[at]! ^= 0x01; // a digit of the date in the unsigned original: the file still parses
    const report = await verifyPdf(bytes, { trustRoots: [rsa.rootDer], crls });
    assert.equal(report.status, 'invalid');
    assert.deepEqual(report.signatures.map((s) => [s.status, s.checks.digest.reason]), [['invalid', 'digest_mismatch'], ['invalid', 'digest_mismatch']]);
    assert.match(explain(report.signatures[0]!.checks.digest), /changed after signing/);
  });

  it("the official's certificate revoked before signing → revoked, the seal stays valid", async () => {
    const ec = makeTestPki(path.join(dir, 'ec'), 'ECDSA');
    const intermediateCrl = revoke(ec, ec.official.certDer);
    const pdf = await signTwice(ec, unsigned);
    const report = await verifyPdf(pdf, { trustRoots: [ec.rootDer], crls: [intermediateCrl, currentCrl(ec, 'root')] });
    assert.equal(report.status, 'invalid');
    const official = bySigner(report, 'ChuKyNguoiCoThamQuyen');
    assert.deepEqual([official.status, official.checks.revocation.reason, official.signer?.keyAlgorithm], ['invalid', 'revoked', 'ECDSA-P256']);
    assert.ok(Date.parse(String(official.checks.revocation.details?.revokedAt)) <= Date.parse(official.provenTime!));
    const seal = bySigner(report, 'ChuKyCoQuan');
    assert.deepEqual([seal.status, seal.checks.revocation.reason], ['valid', 'not_revoked']);
  });

  it('a valid incremental update painting over the name → content_changed_after_signing for both', async () => {
    const font = fontName(await PDFDocument.load(signed));
    const paint = `q 1 1 1 rg 45 690 400 30 re f Q BT /${font} 14 Tf 50 700 Td (Certificate for: Tran Thi Mai) Tj ET`;
    const tampered = await appendPageContent(signed, paint);
    const report = await verifyPdf(tampered, { trustRoots: [rsa.rootDer], crls });
    assert.equal(report.status, 'invalid');
    assert.equal(report.revisions, 4);
    for (const s of report.signatures) {
      // The cryptography alone accepts it: that is exactly the pitfall.
      assert.deepEqual([s.checks.byteRange.reason, s.checks.digest.reason, s.checks.signature.reason], ['byte_range_ok', 'digest_ok', 'signature_ok']);
      assert.equal(s.checks.modifiedAfter.reason, 'content_changed_after_signing');
      assert.deepEqual(s.checks.modifiedAfter.details?.changes, ['page_1_content']);
      assert.equal(s.coversWholeDocument, false);
    }
  });

  it('a wrong trust root → untrusted_root', async () => {
    const other = makeTestPki(path.join(dir, 'other'), 'ECDSA'); // same root name, another key
    const report = await verifyPdf(signed, { trustRoots: [other.rootDer], crls });
    assert.equal(report.status, 'invalid');
    assert.deepEqual(report.signatures.map((s) => [s.checks.chain.reason, s.checks.timestamp.reason]), [['untrusted_root', 'timestamp_untrusted'], ['untrusted_root', 'timestamp_untrusted']]);
  });

  it('a /ByteRange pointing outside the file → byte_range_out_of_file, no exception', async () => {
    const text = Buffer.from(signed).toString('latin1');
    // The signer pads /ByteRange with spaces: room for a 12-digit length in place of the last number.
    const m = /\/ByteRange\s*\[\s*0\s+\d+\s+\d+\s+(\d+\s*\] *)/.exec(text)!;
    assert.ok(m[1]!.length >= 13);
    const bytes = new Uint8Array(signed);
    bytes.set(Buffer.from('999999999999]'.padEnd(m[1]!.length, ' '), 'latin1'), m.index + m[0].length - m[1]!.length);
    const report = await verifyPdf(bytes, { trustRoots: [rsa.rootDer], crls });
    assert.equal(report.status, 'invalid');
    assert.equal(bySigner(report, 'ChuKyNguoiCoThamQuyen').checks.byteRange.reason, 'byte_range_out_of_file');
    // The edited number lies inside the seal's signed range.
    assert.equal(bySigner(report, 'ChuKyCoQuan').checks.digest.reason, 'digest_mismatch');
  });
});

describe('input that is not a signed PDF', () => {
  it('an unsigned PDF → unsigned', async () => {
    const report = await verifyPdf(unsigned, { trustRoots: [rsa.rootDer] });
    assert.deepEqual([report.status, report.signatures.length, report.revisions], ['unsigned', 0, 1]);
  });

  it('non-PDF bytes, an oversized file, or garbage after a PDF header → VerifyInputError', async () => {
    const code = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (e instanceof VerifyInputError ? e.code : `other: ${String(e)}`));
    assert.equal(await code(verifyPdf(new TextEncoder().encode('PK\u0003\u0004 this is a zip'), { trustRoots: [] })), 'not_pdf');
    assert.equal(await code(verifyPdf(signed, { trustRoots: [], maxBytes: 1000 })), 'too_large');
    assert.equal(await code(verifyPdf(new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog'), { trustRoots: [] })), 'malformed_pdf');
  });

  it('a truncated signed PDF gives a report or VerifyInputError, never another error', async () => {
    const [, gapStart, gapEnd] = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(Buffer.from(signed).toString('latin1'))!.map(Number);
    // Inside the header, inside the unsigned body, inside the first signature value, just before the end.
    for (const cut of [200, 1000, Math.floor((gapStart! + gapEnd!) / 2), signed.length - 10]) {
      const result = await verifyPdf(signed.subarray(0, cut), { trustRoots: [rsa.rootDer], crls }).then(
        (r) => r.status,
        (e: unknown) => (e instanceof VerifyInputError ? 'input-error' : `other: ${String(e)}`),
      );
      assert.ok(['invalid', 'unsigned', 'indeterminate', 'input-error'].includes(result), `cut at ${cut}: ${result}`);
      assert.notEqual(result, 'valid', `cut at ${cut}`);
    }
  });
});
