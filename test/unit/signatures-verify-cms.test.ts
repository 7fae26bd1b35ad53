/**
 * The verifier's CMS, chain, CRL and timestamp checks against structures made by an independent tool:
 * the openssl CLI (`cms -sign -cades`, `ca -revoke/-gencrl`, `ts -reply`). No PDF involved.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Cert, parseCert, summarise } from '../../src/modules/signatures/verify/certs.ts';
import { validateChain } from '../../src/modules/signatures/verify/chain.ts';
import { CmsError, checkDigest, checkSignature, checkSigningCertificate, findSigner, parseSignedData, signatureValue } from '../../src/modules/signatures/verify/cms.ts';
import { checkRevocation, parseCrls } from '../../src/modules/signatures/verify/revocation.ts';
import { examineToken, summariseToken } from '../../src/modules/signatures/verify/tsp.ts';

const EXT = `[ca]
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
[subca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
[leaf]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
subjectKeyIdentifier=hash
[tsa]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=critical,timeStamping
`;
const CA_CNF = '[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n';
const TSA_CNF = '[tsa]\ndefault_tsa = t\n[t]\nserial = tsaserial\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\ness_cert_id_alg = sha256\n';

let dir = '';
const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const file = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const pem = (name: string): Uint8Array => new Uint8Array(Buffer.from(fs.readFileSync(path.join(dir, name), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'));
const cert = (name: string): Cert => parseCert(pem(name))!;

/** A key + certificate `name` with `subject`, issued by `issuer` (self-signed when null). */
function issue(name: string, subject: string, issuer: string | null, ext: string, key = 'rsa:2048'): void {
  const keyArgs = key === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', key];
  if (!issuer) {
    ssl('req', '-x509', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3650', '-utf8', '-subj', subject, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    return;
  }
  ssl('req', '-new', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-utf8', '-subj', subject);
  ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-days', '365', '-extfile', 'ext.cnf', '-extensions', ext, '-out', `${name}.pem`);
}

function cmsSign(signer: string, out: string, extra: string[] = ['-cades']): void {
  ssl('cms', '-sign', '-binary', ...extra, '-md', 'sha256', '-outform', 'DER', '-nosmimecap', '-signer', `${signer}.pem`, '-inkey', `${signer}.key`, '-certfile', 'int.pem', '-in', 'data.bin', '-out', out);
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cms-'));
  fs.writeFileSync(path.join(dir, 'ext.cnf'), EXT);
  fs.writeFileSync(path.join(dir, 'ca.cnf'), CA_CNF);
  fs.writeFileSync(path.join(dir, 'tsa.cnf'), TSA_CNF);
  fs.writeFileSync(path.join(dir, 'root.cnf'), CA_CNF.replace('index.txt', 'root-index.txt'));
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'root-index.txt'), '');
  fs.writeFileSync(path.join(dir, 'crlnumber'), '01\n');
  fs.writeFileSync(path.join(dir, 'tsaserial'), '01\n');
  fs.writeFileSync(path.join(dir, 'data.bin'), 'Giấy chứng nhận — signed bytes\n');
  issue('root', '/CN=Gốc thử nghiệm/O=Bộ Nội vụ', null, '');
  issue('other', '/CN=Another root', null, '');
  issue('int', '/CN=Commune CA Mường Đăng (TEST)', 'root', 'ca');
  issue('official', '/CN=Nguyễn Văn Ánh/O=UBND xã Mường Đăng/title=Chủ tịch', 'int', 'leaf', 'ec');
  issue('seal', '/CN=Ủy ban nhân dân xã Mường Đăng/O=UBND xã Mường Đăng', 'int', 'leaf');
  issue('tsa', '/CN=Dấu thời gian (TEST)', 'int', 'tsa');
  issue('sub', '/CN=Sub CA', 'int', 'subca'); // int has pathlen:0, so anything below "sub" breaks it
  issue('deep', '/CN=Too deep', 'sub', 'leaf');
  issue('fake', '/CN=Issued by a leaf', 'seal', 'leaf');
  cmsSign('official', 'official.der');
  cmsSign('seal', 'seal.der');
  cmsSign('official', 'plain.der', []); // no -cades: no ESS signing-certificate-v2
  cmsSign('seal', 'keyid.der', ['-cades', '-keyid']); // signer named by subjectKeyIdentifier
  ssl('ca', '-config', 'root.cnf', '-gencrl', '-keyfile', 'root.key', '-cert', 'root.pem', '-out', 'root.crl');
  ssl('ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'int.key', '-cert', 'int.pem', '-out', 'empty.crl');
  ssl('ca', '-config', 'ca.cnf', '-revoke', 'official.pem', '-keyfile', 'int.key', '-cert', 'int.pem');
  ssl('ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'int.key', '-cert', 'int.pem', '-out', 'revoked.crl');
  // Same issuer name as the intermediate, another key: its CRL must not count.
  issue('impostor', '/CN=Commune CA Mường Đăng (TEST)', null, '');
  ssl('ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'impostor.key', '-cert', 'impostor.pem', '-out', 'forged.crl');
  ssl('ts', '-query', '-data', 'data.bin', '-sha256', '-cert', '-no_nonce', '-out', 'q.tsq');
  ssl('ts', '-reply', '-queryfile', 'q.tsq', '-inkey', 'tsa.key', '-signer', 'tsa.pem', '-chain', 'int.pem', '-config', 'tsa.cnf', '-token_out', '-out', 'token.der');
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

const data = (): Uint8Array => file('data.bin');
const trust = () => ({ trustRoots: [cert('root.pem')], pool: [cert('int.pem')] });

describe('CMS SignedData made by openssl cms -sign -cades', () => {
  it('passes digest, signature and ESS for ECDSA and RSA, and names the signer with diacritics', () => {
    for (const [name, algorithm] of [['official', 'ECDSA-P256'], ['seal', 'RSA-2048']] as const) {
      const cms = parseSignedData(file(`${name}.der`));
      const signer = findSigner(cms);
      assert.ok(signer, name);
      assert.equal(signer.fingerprint, cert(`${name}.pem`).fingerprint);
      assert.equal(checkDigest(cms, data()).reason, 'digest_ok');
      assert.equal(checkSignature(cms, signer).reason, 'signature_ok');
      assert.equal(checkSigningCertificate(cms, signer, true).reason, 'signing_certificate_ok');
      assert.equal(summarise(signer).keyAlgorithm, algorithm);
    }
    const official = summarise(cert('official.pem'));
    assert.deepEqual([official.commonName, official.organisation, official.title, official.issuerCommonName], ['Nguyễn Văn Ánh', 'UBND xã Mường Đăng', 'Chủ tịch', 'Commune CA Mường Đăng (TEST)']);
  });

  it('finds a signer named by subjectKeyIdentifier', () => {
    const cms = parseSignedData(file('keyid.der'));
    assert.equal(findSigner(cms)?.fingerprint, cert('seal.pem').fingerprint);
    assert.equal(checkSignature(cms, findSigner(cms)).reason, 'signature_ok');
  });

  it('reports changed content as digest_mismatch and a changed signature value as signature_invalid', () => {
    const changed = data();
    changed[3]! ^= 0x01;
    const cms = parseSignedData(file('seal.der'));
    assert.equal(checkDigest(cms, changed).reason, 'digest_mismatch');
    signatureValue(cms)[10]! ^= 0x01;
    assert.deepEqual(checkSignature(cms, findSigner(cms)), { status: 'failed', reason: 'signature_invalid' });
  });

  it('requires ESS signing-certificate-v2 for PAdES and catches a substituted certificate', () => {
    const plain = parseSignedData(file('plain.der'));
    assert.equal(checkSigningCertificate(plain, findSigner(plain), true).status, 'failed');
    assert.equal(checkSigningCertificate(plain, findSigner(plain), false).status, 'unknown');
    const cms = parseSignedData(file('official.der'));
    assert.equal(checkSigningCertificate(cms, cert('seal.pem'), true).reason, 'signing_certificate_mismatch');
  });

  it('ignores /Contents zero padding and rejects garbage with CmsError', () => {
    const padded = new Uint8Array(file('official.der').length + 4000);
    padded.set(file('official.der'));
    assert.equal(checkDigest(parseSignedData(padded), data()).reason, 'digest_ok');
    assert.throws(() => parseSignedData(new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0])), CmsError);
    assert.throws(() => parseSignedData(new TextEncoder().encode('not a CMS at all')), CmsError);
    // A CRL is DER too, but not a ContentInfo.
    assert.throws(() => parseSignedData(file('empty.crl')), CmsError);
  });
});

describe('certificate chains', () => {
  const now = new Date();
  it('reaches the trust root through the intermediate', () => {
    const result = validateChain(cert('official.pem'), trust(), now);
    assert.equal(result.check.reason, 'chain_ok');
    assert.deepEqual(result.path.map((c) => c.fingerprint), [cert('official.pem'), cert('int.pem'), cert('root.pem')].map((c) => c.fingerprint));
  });

  it('fails with untrusted_root for another root, or when the issuer is missing', () => {
    assert.equal(validateChain(cert('official.pem'), { trustRoots: [cert('other.pem')], pool: [cert('int.pem'), cert('root.pem')] }, now).check.reason, 'untrusted_root');
    assert.equal(validateChain(cert('official.pem'), { trustRoots: [cert('root.pem')], pool: [] }, now).check.reason, 'untrusted_root');
  });

  it('checks validity at the given time', () => {
    assert.equal(validateChain(cert('official.pem'), trust(), new Date(now.getTime() + 2 * 365 * 86400_000)).check.reason, 'certificate_expired');
    assert.equal(validateChain(cert('official.pem'), trust(), new Date('2001-01-01')).check.reason, 'certificate_not_yet_valid');
  });

  it('enforces CA constraints: a leaf cannot issue, pathlen 0 forbids a sub-CA', () => {
    assert.equal(validateChain(cert('fake.pem'), { ...trust(), pool: [cert('int.pem'), cert('seal.pem')] }, now).check.reason, 'not_a_ca');
    assert.equal(validateChain(cert('deep.pem'), { ...trust(), pool: [cert('int.pem'), cert('sub.pem')] }, now).check.reason, 'path_length_exceeded');
  });
});

describe('revocation from CRLs made by openssl ca', () => {
  const path3 = () => validateChain(cert('official.pem'), trust(), new Date()).path;
  const now = new Date();
  const revokedAt = () => parseCrls([pem('revoked.crl')], false)[0]!.revoked.get(cert('official.pem').serial)!;

  it('fails when revoked before the proven time, or when there is no proven time', () => {
    const crls = parseCrls([pem('revoked.crl')], true);
    const later = new Date(revokedAt().getTime() + 1000);
    assert.equal(checkRevocation(path3(), { crls, provenTime: later, now }).check.reason, 'revoked');
    assert.equal(checkRevocation(path3(), { crls, provenTime: null, now }).check.reason, 'revoked');
  });

  it('passes with a note when revoked after the timestamped signing time', () => {
    const crls = parseCrls([pem('revoked.crl'), pem('root.crl')], true);
    const result = checkRevocation(path3(), { crls, provenTime: new Date(revokedAt().getTime() - 60_000), now });
    assert.equal(result.check.status, 'passed');
    assert.equal(result.check.reason, 'revoked_after_signing');
  });

  it('passes with CRLs that do not list the chain, and is unknown when one is missing', () => {
    const good = checkRevocation(path3(), { crls: parseCrls([pem('empty.crl'), pem('root.crl')], true), provenTime: null, now });
    assert.equal(good.check.reason, 'not_revoked');
    assert.equal(good.coveredByDss, true);
    // Without the root's CRL the intermediate is not covered: unknown, not passed.
    const partial = checkRevocation(path3(), { crls: parseCrls([pem('empty.crl')], false), provenTime: null, now });
    assert.deepEqual([partial.check.status, partial.check.reason, partial.coveredByDss], ['unknown', 'no_revocation_data', false]);
    assert.equal(checkRevocation(path3(), { crls: [], provenTime: null, now }).check.status, 'unknown');
  });

  it('treats a CRL older than the signing time that is no longer current as stale', () => {
    const crls = parseCrls([pem('empty.crl'), pem('root.crl')], true);
    const farFuture = new Date(now.getTime() + 90 * 86400_000);
    assert.equal(checkRevocation(path3(), { crls, provenTime: farFuture, now: farFuture }).check.reason, 'revocation_data_stale');
  });

  it('ignores a CRL not signed by the issuer', () => {
    const result = checkRevocation(path3(), { crls: parseCrls([pem('forged.crl')], true), provenTime: null, now });
    assert.equal(result.check.reason, 'no_revocation_data');
  });
});

describe('RFC 3161 tokens made by openssl ts -reply', () => {
  it('proves its genTime when it covers the data and the TSA is trusted', () => {
    const result = examineToken(file('token.der'), data(), trust());
    const check = summariseToken(result);
    assert.equal(check.reason, 'timestamp_ok');
    assert.ok(result.genTime && Math.abs(result.genTime.getTime() - Date.now()) < 10 * 60_000);
    assert.equal(result.tsa?.fingerprint, cert('tsa.pem').fingerprint);
  });

  it('fails for other data and for an untrusted TSA root', () => {
    assert.equal(summariseToken(examineToken(file('token.der'), new TextEncoder().encode('other'), trust())).reason, 'timestamp_imprint_mismatch');
    assert.equal(summariseToken(examineToken(file('token.der'), data(), { trustRoots: [cert('other.pem')], pool: [] })).reason, 'timestamp_untrusted');
  });

  it('fails for a token that is not a timestamp', () => {
    assert.equal(summariseToken(examineToken(file('seal.der'), data(), trust())).reason, 'timestamp_invalid');
    assert.equal(summariseToken(examineToken(new Uint8Array([1, 2, 3]), data(), trust())).reason, 'timestamp_invalid');
  });
});
