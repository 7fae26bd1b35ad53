/**
 * The Signer port with the key elsewhere: a signing service (here a real HTTP server in this process, holding
 * the key as an HSM front would) signs what the PAdES builder sends; the document verifies; a wrong token, a
 * service that signs with another key, and a service that does not answer are each refused clearly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { createRemoteSigner } from '../../src/modules/signatures/remote-signer.ts';
import { signPdf } from '../../src/modules/signatures/pades/index.ts';
import { verifyPdf } from '../../src/modules/signatures/verify/index.ts';
import { certificateFingerprint } from '../../src/modules/signatures/pki/index.ts';
import { makeTestPki } from '../support/test-pki.ts';
import type { TestPki } from '../support/test-pki.ts';

const TOKEN = 'hsm-token-for-tests';

describe('remote signer', () => {
  let pki: TestPki;
  let server: http.Server;
  let url: string;
  let mode: 'ok' | 'other_key' | 'silent' = 'ok';
  const requests: { keyId: string; algorithm: string; bytes: number }[] = [];

  before(async () => {
    pki = makeTestPki(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-remote-')), 'RSA');
    const keys: Record<string, crypto.KeyObject> = { [certificateFingerprint(pki.official.certDer)]: crypto.createPrivateKey(pki.official.keyPem) };
    const otherKey = crypto.createPrivateKey(pki.deputy.keyPem);
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (mode === 'silent') return; // never answers
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end();
        const { keyId, algorithm, data } = JSON.parse(body) as { keyId: string; algorithm: string; data: string };
        requests.push({ keyId, algorithm, bytes: Buffer.from(data, 'base64').length });
        const key = mode === 'other_key' ? otherKey : keys[keyId];
        if (!key) return res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ signature: crypto.sign('sha256', Buffer.from(data, 'base64'), key).toString('base64') }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sign`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const blank = async () => {
    const doc = await PDFDocument.create();
    doc.addPage([300, 300]);
    return doc.save({ useObjectStreams: false });
  };
  const identity = () => ({ algorithm: 'RSA-2048' as const, certificate: pki.official.certDer, chain: [pki.intermediateDer, pki.rootDer] });

  it('signs through the service: only the signed attributes travel, and the PDF verifies', async () => {
    mode = 'ok';
    const signer = createRemoteSigner({ url, token: TOKEN }, identity());
    const signed = await signPdf(await blank(), { signer, fieldName: 'ChuKy', level: 'B-B', signingTime: new Date() });
    const report = await verifyPdf(signed, { trustRoots: [pki.rootDer] });
    assert.equal(report.signatures[0]!.checks.signature.status, 'passed');
    assert.equal(report.signatures[0]!.checks.chain.status, 'passed');
    assert.equal(report.signatures[0]!.signer?.commonName, 'Nguyễn Văn Ánh');
    const last = requests.at(-1)!;
    assert.equal(last.keyId, certificateFingerprint(pki.official.certDer));
    assert.equal(last.algorithm, 'SHA256withRSA');
    assert.ok(last.bytes > 50 && last.bytes < 1000, `the signed attributes, not the document (${last.bytes} bytes)`);
  });

  it('a wrong token is refused with the service\'s answer', async () => {
    mode = 'ok';
    const signer = createRemoteSigner({ url, token: 'wrong' }, identity());
    await assert.rejects(signPdf(await blank(), { signer, fieldName: 'ChuKy', level: 'B-B', signingTime: new Date() }), /remote signing service: answered 401/);
  });

  it('a signature made with another key never reaches the document', async () => {
    mode = 'other_key';
    const signer = createRemoteSigner({ url, token: TOKEN }, identity());
    await assert.rejects(signPdf(await blank(), { signer, fieldName: 'ChuKy', level: 'B-B', signingTime: new Date() }), /does not verify with its certificate/);
  });

  it('a service that does not answer times out', async () => {
    mode = 'silent';
    const signer = createRemoteSigner({ url, token: TOKEN, timeoutMs: 300 }, identity());
    await assert.rejects(signPdf(await blank(), { signer, fieldName: 'ChuKy', level: 'B-B', signingTime: new Date() }), /remote signing service: unreachable \(timed out\)/);
  });
});
