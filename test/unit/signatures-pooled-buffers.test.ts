/**
 * Regression: the PostgreSQL driver hands bytea columns back as Node Buffers that are views of a shared pool.
 * Code that copied them with Buffer's own `slice()` parsed the whole pool instead of the certificate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { signPdf } from '../../src/modules/signatures/pades/index.ts';
import { verifyPdf } from '../../src/modules/signatures/verify/index.ts';
import { makeTestPki, testSigner } from '../support/test-pki.ts';

/** The bytes as a small Buffer made by Buffer.from(string), which Node carves out of its 8 KB pool. */
function pooled(bytes: Uint8Array): Buffer {
  const view = Buffer.from(Buffer.from(bytes).toString('base64'), 'base64');
  assert.ok(view.byteOffset > 0 || view.buffer.byteLength > view.byteLength, 'the test needs a pooled view');
  return view;
}

test('a signer whose certificate and chain are pooled Buffer views signs a PDF that verifies', async () => {
  const pki = makeTestPki(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-pooled-')), 'ECDSA');
  const plain = testSigner(pki);
  const signer = { ...plain, sign: plain.sign.bind(plain), certificate: pooled(plain.certificate), chain: plain.chain.map(pooled) };
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  const signed = await signPdf(await doc.save({ useObjectStreams: false }), { signer, fieldName: 'Test', level: 'B-B', signingTime: new Date() });
  const report = await verifyPdf(signed, { trustRoots: [pki.rootDer] });
  assert.equal(report.signatures.length, 1);
  assert.equal(report.signatures[0]!.checks.signature.status, 'passed');
  assert.equal(report.signatures[0]!.checks.chain.status, 'passed');
});
