/**
 * Verification of signed documents by anyone (issue #5, "Verification"), over the real application and
 * real signatures: a result signed by the chairman of Xã Mường Đăng and sealed by its clerk through the
 * module's own workflow functions (signResult, sealResult), then
 *  - uploaded to the public page /xac-thuc (valid; a flipped byte; a later revision painting over the page;
 *    files that are no PDF, empty, encrypted, missing),
 *  - opened through its QR link /xac-thuc/<id> and downloaded from it,
 *  - sent to the JSON operation verifyDocument,
 *  - checked against the install's published CA certificates, CRLs and timestamp authority with OpenSSL
 *    (an implementation independent of ours),
 *  - verified with `smart-commune verify-pdf` as an operator runs it (a separate process, its own database).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { ensurePgliteTemplate } from '../support/template.ts';
import { makePdf } from '../support/files.ts';
import { CHAIRMAN, SEAL, TITLE, flipByte, paintOver, signedResult } from '../support/signed-pdf.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { vi } from '../../src/platform/i18n/vi.ts';
import { en } from '../../src/platform/i18n/en.ts';
import { escapeHtml } from '../../src/platform/views/html.ts';
import { seedDemo } from '../../src/seed/seed-demo.ts';
import { DEFAULT_REASON_TEXT } from '../../src/modules/signatures/index.ts';
import type { VerificationReport } from '../../src/modules/signatures/index.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/smart-commune.js');
const pem = (der: Uint8Array, label = 'CERTIFICATE') => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
const upload = (data: Uint8Array, filename = 'ket-qua.pdf') => [{ name: 'document', filename, type: 'application/pdf', data }];

describe('anyone verifies a signed document: the page, the QR link, the API, the published PKI and TSA, the command line', () => {
  let t: TestApp;
  let dir: string;
  let sealed: Uint8Array;
  let publicId: string;
  let rootDer: Uint8Array;
  let provinceDer: Uint8Array;

  before(async () => {
    t = await createTestApp();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-verify-'));
    ({ pdf: sealed, publicId } = await signedResult(t.database.db, t.config));
    fs.writeFileSync(path.join(dir, 'sealed.pdf'), sealed);
    fs.writeFileSync(path.join(dir, 'tampered.pdf'), flipByte(sealed));
    const anyone = t.anonymous();
    rootDer = (await anyone.get('/pki/root.crt')).rawPayload;
    provinceDer = (await anyone.get('/pki/province-ca.crt')).rawPayload;
    fs.writeFileSync(path.join(dir, 'root.crt'), rootDer);
    fs.writeFileSync(path.join(dir, 'root.pem'), pem(rootDer));
    fs.writeFileSync(path.join(dir, 'province-ca.pem'), pem(provinceDer));
  });
  after(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every reason code has a Vietnamese and an English text', () => {
    const codes = Object.keys(DEFAULT_REASON_TEXT);
    assert.ok(codes.length >= 40, `${codes.length} codes`);
    const missing = codes.filter((c) => !(`signatures.reason.${c}` in vi) || !(`signatures.reason.${c}` in en));
    assert.deepEqual(missing, []);
    // The same placeholders in all three, so no detail is lost in translation.
    const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    for (const c of codes) {
      const key = `signatures.reason.${c}` as keyof typeof vi;
      assert.equal(holes(vi[key]), holes(DEFAULT_REASON_TEXT[c as keyof typeof DEFAULT_REASON_TEXT]), `placeholders of ${c} (vi)`);
      assert.equal(holes(en[key]), holes(DEFAULT_REASON_TEXT[c as keyof typeof DEFAULT_REASON_TEXT]), `placeholders of ${c} (en)`);
    }
  });

  it('explains the check in plain words and offers an upload form that works without JavaScript', async () => {
    const res = await t.anonymous().get('/xac-thuc');
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(`<h1>${vi['signatures.verify.title']}</h1>`));
    assert.ok(res.body.includes(escapeHtml(vi['signatures.verify.how'])));
    assert.match(res.body, /<form method="post" action="\/xac-thuc" enctype="multipart\/form-data"><input type="hidden" name="_csrf" value="[^"]+">/);
    assert.match(res.body, /<label for="f-document">/);
    assert.match(res.body, /<input id="f-document" type="file" name="document" accept="application\/pdf,.pdf" required/);
    assert.match(res.body, /href="\/pki\/root\.crt"/);
  });

  it('an uploaded signed result is valid, naming the chairman, the seal, the proven times and the level', async () => {
    const res = await t.anonymous().postMultipart('/xac-thuc', {}, upload(sealed));
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    assert.match(res.body, /data-verdict="valid"/);
    assert.ok(res.body.includes(vi['signatures.report.verdict.valid']));
    assert.ok(res.body.includes(CHAIRMAN), 'the chairman is named');
    assert.ok(res.body.includes(SEAL), 'the seal is named');
    assert.ok(res.body.includes('Chủ tịch UBND xã'), 'the chairman\'s title');
    assert.equal([...res.body.matchAll(/data-signature="\d" data-status="valid"/g)].length, 2);
    assert.equal([...res.body.matchAll(/data-proven-time="\d{4}-/g)].length, 2, 'both times proven by a timestamp');
    assert.ok(res.body.includes(vi['signatures.report.level.B-LT']));
    for (const check of ['digest', 'signature', 'chain', 'revocation', 'timestamp']) assert.equal([...res.body.matchAll(new RegExp(`data-check="${check}" data-status="passed"`, 'g'))].length, 2, check);
    assert.ok(res.body.includes('(giờ Việt Nam)'));
    assert.doesNotMatch(res.body, /data-changed-after/);
    assert.doesNotMatch(res.body, /\{\w+\}/, 'every placeholder filled');

    const english = t.anonymous();
    await english.get('/lang/en?next=/xac-thuc');
    const inEnglish = await english.postMultipart('/xac-thuc', {}, upload(sealed));
    assert.equal(inEnglish.statusCode, 200);
    assert.ok(inEnglish.body.includes(en['signatures.report.verdict.valid']));
    assert.ok(inEnglish.body.includes(escapeHtml(en['signatures.reason.digest_ok'])));
    assert.ok(inEnglish.body.includes('(Vietnam time)'));
  });

  it('a flipped byte makes it invalid, and says the signed content was changed', async () => {
    const res = await t.anonymous().postMultipart('/xac-thuc', {}, upload(flipByte(sealed)));
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-verdict="invalid"/);
    assert.ok(res.body.includes(vi['signatures.report.sentence.invalid'].slice(0, 40)));
    assert.equal([...res.body.matchAll(/data-check="digest" data-status="failed" data-reason="digest_mismatch"/g)].length, 2);
    assert.ok(res.body.includes(escapeHtml(vi['signatures.reason.digest_mismatch'])));
  });

  it('a later revision painting over the page makes it invalid, and the change is named prominently', async () => {
    const res = await t.anonymous().postMultipart('/xac-thuc', {}, upload(await paintOver(sealed)));
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-verdict="invalid"/);
    const warning = /<section class="warning changed-after"[^>]*>([\s\S]*?)<\/section>/.exec(res.body);
    assert.ok(warning, 'a warning section');
    assert.ok(res.body.indexOf('changed-after') < res.body.indexOf('data-signature="1"'), 'before the signatures\' details');
    assert.ok(warning[1]!.includes(vi['signatures.report.changed.title']));
    assert.ok(warning[1]!.includes('nội dung trang 1'), warning[1]);
    assert.ok(warning[1]!.includes(CHAIRMAN) && warning[1]!.includes(SEAL), 'after which signatures');
    assert.equal([...res.body.matchAll(/class="warning changed-after"/g)].length, 1);
    // The cryptography alone accepts the file: that is exactly the pitfall the check exists for.
    assert.equal([...res.body.matchAll(/data-check="digest" data-status="passed"/g)].length, 2);
    assert.equal([...res.body.matchAll(/data-check="modifiedAfter" data-status="failed" data-reason="content_changed_after_signing"/g)].length, 2);
  });

  it('refuses what it cannot verify with a message a person can act on, never a 500', async () => {
    const client = t.anonymous();
    const cases: { data?: Uint8Array; status: number; key: keyof typeof vi }[] = [
      { data: Buffer.from('<html>not a pdf</html>'), status: 422, key: 'signatures.verify.not_pdf' },
      { data: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog'), status: 422, key: 'signatures.verify.malformed_pdf' },
      { data: Buffer.from(makePdf().toString('latin1').replace('/Root 1 0 R >>', '/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (x) /P -4 >> >>'), 'latin1'), status: 422, key: 'signatures.verify.encrypted_pdf' },
      { data: new Uint8Array(0), status: 400, key: 'signatures.verify.empty' },
      { status: 400, key: 'signatures.verify.file_required' },
    ];
    for (const c of cases) {
      const res = await client.postMultipart('/xac-thuc', {}, c.data ? upload(c.data) : []);
      assert.equal(res.statusCode, c.status, `${c.key}: ${res.body.slice(0, 300)}`);
      assert.ok(res.body.includes(escapeHtml(vi[c.key])), c.key);
      assert.match(res.body, /class="error-summary"/);
      assert.match(res.body, /<input id="f-document" type="file"[^>]* aria-invalid="true"/, 'the form is shown again, the field marked');
    }
    const noCsrf = await client.postMultipart('/xac-thuc', {}, upload(sealed), { csrf: null });
    assert.equal(noCsrf.statusCode, 403);
  });

  it('the QR link shows the stored original: its title, its report, and a download of the same bytes', async () => {
    const anyone = t.anonymous();
    const res = await anyone.get(`/xac-thuc/${publicId}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-verdict="valid"/);
    assert.ok(res.body.includes(escapeHtml(TITLE)));
    assert.ok(res.body.includes(CHAIRMAN) && res.body.includes(SEAL));
    assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');
    assert.ok(res.body.includes(`href="/xac-thuc/${publicId}/tai-ve"`));
    const file = await anyone.get(`/xac-thuc/${publicId}/tai-ve`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.match(String(file.headers['content-disposition']), /^attachment; filename="Giay khai sinh Lo Van An\.pdf"; filename\*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh%20L%C3%B2%20V%C4%83n%20An\.pdf$/);
    assert.ok(Buffer.compare(file.rawPayload, Buffer.from(sealed)) === 0, 'the download is the sealed original');

    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'short', 'a'.repeat(65), 'abc%2F..%2F..%2Fx', publicId.slice(0, -1) + (publicId.endsWith('A') ? 'B' : 'A')]) {
      for (const url of [`/xac-thuc/${id}`, `/xac-thuc/${id}/tai-ve`]) {
        const missing = await anyone.get(url);
        assert.equal(missing.statusCode, 404, url);
        assert.ok(missing.body.includes(escapeHtml(vi['signatures.verify.not_found'])), url);
      }
    }
  });

  it('verifyDocument: the JSON API answers the report to anyone, and 422 for what is not a PDF', async () => {
    const anyone = t.anonymous();
    const post = (body: unknown) => anyone.request({ method: 'POST', url: '/api/v1/documents/verify', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const ok = await post({ document: Buffer.from(sealed).toString('base64') });
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 300));
    const report = ok.json() as VerificationReport;
    assert.equal(report.status, 'valid');
    assert.deepEqual(report.signatures.map((s) => [s.fieldName, s.status, s.signer?.commonName, s.level]), [
      ['ChuKyNguoiCoThamQuyen', 'valid', CHAIRMAN, 'B-LT'], ['ChuKyCoQuan', 'valid', SEAL, 'B-LT'],
    ]);
    assert.equal(report.signatures[0]!.checks.chain.details?.length, 3, 'details survive the response schema');
    assert.match(report.signatures[0]!.provenTime ?? '', /^\d{4}-\d\d-\d\dT/);
    // Base64 with line breaks, as `base64` writes it, is accepted too.
    const wrapped = await post({ document: Buffer.from(sealed).toString('base64').replace(/.{76}/g, '$&\n') });
    assert.equal(wrapped.json().status, 'valid');

    const bad = await post({ document: Buffer.from(flipByte(sealed)).toString('base64') });
    assert.equal(bad.statusCode, 200);
    assert.equal(bad.json().status, 'invalid');
    assert.deepEqual((bad.json() as VerificationReport).signatures.map((s) => s.checks.digest.reason), ['digest_mismatch', 'digest_mismatch']);

    for (const [document, code] of [[Buffer.from('hello, not a pdf').toString('base64'), 'signatures.verify.not_pdf'], ['%%% not base64 %%%', 'signatures.verify.bad_base64'], ['', 'signatures.verify.empty']] as const) {
      const res = await post({ document });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error.code, code);
      assert.equal(res.json().error.message.vi, vi[code]);
      assert.equal(res.json().error.message.en, en[code]);
    }
    const missing = await post({});
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().error.message.en, /document/);
  });

  it('publishes the CA certificates and CRLs in DER, and OpenSSL reads and verifies them', async () => {
    const anyone = t.anonymous();
    for (const name of ['root', 'province-ca']) {
      const res = await anyone.get(`/pki/${name}.crt`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pkix-cert');
      fs.writeFileSync(path.join(dir, `${name}.crt`), res.rawPayload);
      const subject = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', path.join(dir, `${name}.crt`), '-noout', '-subject', '-nameopt', 'utf8'], { encoding: 'utf8' });
      assert.match(subject, name === 'root' ? /Root CA Tỉnh Điện Biên/ : /CN\s*=\s*CA Tỉnh Điện Biên/);
    }
    // The province CA is issued by the root.
    assert.match(execFileSync('openssl', ['verify', '-CAfile', path.join(dir, 'root.pem'), path.join(dir, 'province-ca.pem')], { encoding: 'utf8' }), /OK/);
    for (const [name, issuer] of [['province-ca', 'province-ca.pem'], ['root', 'root.pem']] as const) {
      const res = await anyone.get(`/pki/${name}.crl`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pkix-crl');
      assert.match(String(res.headers['cache-control']), /^public, max-age=(\d{2,3})$/);
      fs.writeFileSync(path.join(dir, `${name}.crl`), res.rawPayload);
      const verified = execFileSync('sh', ['-c', `openssl crl -inform DER -in '${path.join(dir, `${name}.crl`)}' -CAfile '${path.join(dir, issuer)}' -noout 2>&1 || true`], { encoding: 'utf8' });
      assert.match(verified, /verify OK/, `${name}.crl: ${verified}`);
    }
    // A CRL signed by another CA is refused by the same command (the check above can fail).
    assert.doesNotMatch(execFileSync('sh', ['-c', `openssl crl -inform DER -in '${path.join(dir, 'province-ca.crl')}' -CAfile '${path.join(dir, 'root.pem')}' -noout 2>&1 || true`], { encoding: 'utf8' }), /verify OK/);
  });

  it('answers RFC 3161 requests at /tsa, and openssl ts -verify accepts the reply', async () => {
    const data = path.join(dir, 'data.txt');
    fs.writeFileSync(data, 'Biên bản họp ngày 28/11/2026');
    const query = path.join(dir, 'q.tsq');
    execFileSync('openssl', ['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query]);
    const anyone = t.anonymous();
    const res = await anyone.request({ method: 'POST', url: '/tsa', payload: fs.readFileSync(query), headers: { 'content-type': 'application/timestamp-query' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/timestamp-reply');
    const reply = path.join(dir, 'reply.tsr');
    fs.writeFileSync(reply, res.rawPayload);
    const text = execFileSync('openssl', ['ts', '-reply', '-in', reply, '-text'], { encoding: 'utf8' });
    assert.match(text, /Status: Granted/);
    assert.match(text, /Policy OID: 1\.3\.6\.1\.4\.1\.55555\.1\.1/);
    const verify = (queryFile: string) => execFileSync('sh', ['-c', `openssl ts -verify -in '${reply}' -queryfile '${queryFile}' -CAfile '${path.join(dir, 'root.pem')}' -untrusted '${path.join(dir, 'province-ca.pem')}' 2>&1 || true`], { encoding: 'utf8' });
    assert.match(verify(query), /Verification: OK/);
    // Another document's query does not match the reply (the check above can fail).
    fs.writeFileSync(data, 'Biên bản khác');
    const other = path.join(dir, 'other.tsq');
    execFileSync('openssl', ['ts', '-query', '-data', data, '-sha256', '-cert', '-out', other]);
    assert.doesNotMatch(verify(other), /Verification: OK/);

    // Only timestamp queries, only small ones, and garbage gets an RFC 3161 rejection rather than an error page.
    const wrongType = await anyone.request({ method: 'POST', url: '/tsa', payload: fs.readFileSync(query), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(wrongType.statusCode, 415);
    const huge = await anyone.request({ method: 'POST', url: '/tsa', payload: Buffer.alloc(5000, 0x30), headers: { 'content-type': 'application/timestamp-query' } });
    assert.equal(huge.statusCode, 413);
    assert.ok(huge.body.includes('4 KB'), 'the limit is named');
    const garbage = await anyone.request({ method: 'POST', url: '/tsa', payload: Buffer.from('not DER'), headers: { 'content-type': 'application/timestamp-query' } });
    assert.equal(garbage.statusCode, 200);
    fs.writeFileSync(reply, garbage.rawPayload);
    assert.match(execFileSync('openssl', ['ts', '-reply', '-in', reply, '-text'], { encoding: 'utf8' }), /Status: Rejected/);
    // The parser is the /tsa route's alone.
    const elsewhere = await anyone.request({ method: 'POST', url: '/api/v1/documents/verify', payload: fs.readFileSync(query), headers: { 'content-type': 'application/timestamp-query' } });
    assert.equal(elsewhere.statusCode, 415);
  });

  it('limits uploads per address (429 with the wait), and the timestamp authority too', async () => {
    const client = t.anonymous();
    let res;
    for (let i = 0; i < 12; i++) {
      res = await client.postMultipart('/xac-thuc', {}, upload(Buffer.from('not a pdf')));
      if (res.statusCode === 429) break;
      assert.equal(res.statusCode, 422);
    }
    assert.equal(res!.statusCode, 429, 'at most 10 a minute');
    assert.ok(res!.body.includes(escapeHtml(vi['error.rate_limited'].slice(0, vi['error.rate_limited'].indexOf('{')))));
    let tsa;
    for (let i = 0; i < 62; i++) {
      tsa = await client.request({ method: 'POST', url: '/tsa', payload: Buffer.from('x'), headers: { 'content-type': 'application/timestamp-query' } });
      if (tsa.statusCode === 429) break;
    }
    assert.equal(tsa!.statusCode, 429, 'at most 60 a minute');
  });

  describe('smart-commune verify-pdf', () => {
    const SECRET = 'verify-pdf-cli-test-secret';
    /** The operator's own install: a database of its own (PGlite in a data directory, or PostgreSQL), with its own CA. */
    let install: { env: NodeJS.ProcessEnv; dispose(): Promise<void> };
    let ownSigned: string;

    const cli = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      try {
        const { stdout, stderr } = await run(process.execPath, [BIN, 'verify-pdf', ...args], {
          env: { ...process.env, DATABASE_URL: '', TRUST_ROOTS_FILE: '', DATA_DIR: path.join(dir, 'no-install'), APP_SECRET: SECRET, ...env }, timeout: 120_000,
        });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
      }
    };

    before(async () => {
      let database: Database;
      let env: NodeJS.ProcessEnv;
      let dispose: () => Promise<void>;
      if (process.env.DATABASE_URL) {
        const holder = await createTestDatabase();
        database = holder;
        env = { DATABASE_URL: holder.url! };
        dispose = () => holder.close();
      } else {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-verify-install-'));
        const template = fs.readFileSync(process.env.SC_PGLITE_TEMPLATE || (await ensurePgliteTemplate()));
        database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite'), pgliteLoadDataDir: new Blob([new Uint8Array(template)], { type: 'application/x-tar' }) });
        env = { DATA_DIR: dataDir };
        dispose = async () => fs.rmSync(dataDir, { recursive: true, force: true });
      }
      await seedDemo(database.db);
      const { pdf } = await signedResult(database.db, loadConfig({ DATA_DIR: dir, APP_SECRET: SECRET }), 'Giay khai sinh Lo Van Binh');
      ownSigned = path.join(dir, 'own-signed.pdf');
      fs.writeFileSync(ownSigned, pdf);
      if (!process.env.DATABASE_URL) await database.close();
      install = { env, dispose: async () => {
        if (process.env.DATABASE_URL) await database.close();
        await dispose();
      } };
    });
    after(() => install?.dispose());

    it('a signed result with the root given: exit 0, the signers and the checks in words', async () => {
      const res = await cli([path.join(dir, 'sealed.pdf'), '--trust-root', path.join(dir, 'root.crt')]);
      assert.equal(res.code, 0, res.stderr + res.stdout);
      assert.match(res.stdout, /Status: VALID/);
      assert.match(res.stdout, new RegExp(`Signer: +${CHAIRMAN}`));
      assert.match(res.stdout, new RegExp(`Signer: +${SEAL}`));
      assert.match(res.stdout, /Proven time: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00 \(signature-timestamp\)/);
      assert.match(res.stdout, /\[ok\] +integrity: The signed bytes are unchanged\./);
      assert.match(res.stderr, /no database at/, 'says the install\'s root was not found');
      // PEM works the same, and JSON is the report.
      const json = await cli([path.join(dir, 'sealed.pdf'), '--trust-root', path.join(dir, 'root.pem'), '--json', '--no-install-roots']);
      assert.equal(json.code, 0, json.stderr);
      const report = JSON.parse(json.stdout) as VerificationReport;
      assert.equal(report.status, 'valid');
      assert.deepEqual(report.signatures.map((s) => s.signer?.commonName), [CHAIRMAN, SEAL]);
    });

    it('a tampered file or no trusted root: exit 1 and the reason; unsigned: exit 2; not a PDF or a bad root file: exit 3', async () => {
      const tampered = await cli([path.join(dir, 'tampered.pdf'), '--trust-root', path.join(dir, 'root.crt')]);
      assert.equal(tampered.code, 1, tampered.stderr + tampered.stdout);
      assert.match(tampered.stdout, /Status: INVALID/);
      assert.match(tampered.stdout, /\[FAIL\] +integrity: The signed bytes were changed after signing\./);

      const noRoot = await cli([path.join(dir, 'sealed.pdf'), '--no-install-roots']);
      // The verifier judges a chain to no trusted root a failure (verify/status.ts), not an open question.
      assert.equal(noRoot.code, 1, noRoot.stderr + noRoot.stdout);
      assert.match(noRoot.stdout, /Status: INVALID/);
      assert.match(noRoot.stdout, /does not chain to a trusted root/);
      assert.match(noRoot.stderr, /no trusted root/);

      const unsigned = path.join(dir, 'unsigned.pdf');
      fs.writeFileSync(unsigned, makePdf());
      const plain = await cli([unsigned, '--no-install-roots', '--trust-root', path.join(dir, 'root.pem')]);
      assert.equal(plain.code, 2);
      assert.match(plain.stdout, /Status: UNSIGNED/);

      const notPdf = path.join(dir, 'not.pdf');
      fs.writeFileSync(notPdf, 'hello');
      const bad = await cli([notPdf, '--trust-root', path.join(dir, 'root.crt')]);
      assert.equal(bad.code, 3);
      assert.match(bad.stderr, /not a PDF file/);
      const badRoot = await cli([path.join(dir, 'sealed.pdf'), '--trust-root', notPdf]);
      assert.equal(badRoot.code, 3);
      assert.match(badRoot.stderr, /not a readable certificate file/);
      assert.equal((await cli([path.join(dir, 'missing.pdf')])).code, 3);
    });

    it('trusts the install\'s own root from its database, and only that unless told otherwise', async () => {
      const own = await cli([ownSigned], install.env);
      assert.equal(own.code, 0, own.stderr + own.stdout);
      assert.match(own.stdout, /Status: VALID/);
      assert.match(own.stdout, /Signer: +Lường Văn Chính/);
      assert.doesNotMatch(own.stderr, /note:/, own.stderr);
      // The web application's install is another CA: its document is not trusted here…
      const foreign = await cli([path.join(dir, 'sealed.pdf')], install.env);
      assert.equal(foreign.code, 1, foreign.stdout);
      assert.match(foreign.stdout, /does not chain to a trusted root/);
      // …until its root is given; and without the install's roots, the install's own document is not trusted.
      assert.equal((await cli([path.join(dir, 'sealed.pdf'), '--trust-root', path.join(dir, 'root.pem')], install.env)).code, 0);
      assert.equal((await cli([ownSigned, '--no-install-roots', '--trust-root', path.join(dir, 'root.pem')], install.env)).code, 1);
    });
  });
});
