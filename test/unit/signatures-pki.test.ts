/**
 * The built-in PKI, checked with an independent implementation: every certificate, CRL, timestamp,
 * PKCS#12 file and signature below goes through the `openssl` command-line tool.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KeyAlgorithm } from '../../src/modules/signatures/domain/ports.ts';
import {
  certificateInfo,
  createLocalSigner,
  createLocalTsa,
  createProvinceCa,
  createRootCa,
  decryptPrivateKey,
  encryptPrivateKey,
  importPkcs12,
  issueCrl,
  issueOfficialCertificate,
  issueSealCertificate,
  issueTsaCertificate,
  parseCrl,
  reencryptPrivateKey,
  revocationOf,
  sealedKeyMasterId,
  staticRevocationSource,
  verifyCrl,
  type CertifiedKey,
  type PkiErrorCode,
} from '../../src/modules/signatures/pki/index.ts';
import { rc2DecryptEcb } from '../../src/modules/signatures/pki/rc2.ts';

const ALGORITHMS: KeyAlgorithm[] = ['RSA-2048', 'ECDSA-P256'];
const DAY = 86_400_000;
const NOW = Date.now();
const VALIDITY = { notBefore: new Date(Date.UTC(2025, 0, 1)), notAfter: new Date(NOW + 3650 * DAY) };
const UNIT = 'Ủy ban nhân dân xã Mường Đăng';
const POLICY = '2.999.1.1'; // the X.660 "example" arc
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-pki-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, data: string | Uint8Array): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, data);
  return target;
}

function pem(der: Uint8Array, label = 'CERTIFICATE'): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

/** Runs openssl; `out` is stdout and stderr together, since openssl splits its verdicts between them. */
function openssl(...args: string[]): { ok: boolean; out: string } {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: run.status === 0, out: `${run.stdout}${run.stderr}` };
}

function rejects(run: () => unknown, code: PkiErrorCode, message?: RegExp): void {
  assert.throws(run, (error: Error & { code?: string }) => error.name === 'PkiError' && error.code === code && (!message || message.test(error.message)));
}

interface Pki {
  root: CertifiedKey;
  province: CertifiedKey;
  official: CertifiedKey;
  seal: CertifiedKey;
  tsa: CertifiedKey;
  /** PEM files; chain = province + TSA (openssl ts -untrusted), cas = root + province. */
  files: Record<'root' | 'province' | 'official' | 'seal' | 'tsa' | 'chain' | 'cas' | 'officialKey', string>;
}

const pkis = {} as Record<KeyAlgorithm, Pki>;

before(async () => {
  for (const algorithm of ALGORITHMS) {
    const root = await createRootCa({ algorithm, commonName: 'Smart Commune Root CA (TEST)', organization: 'Sở Thông tin và Truyền thông', validity: VALIDITY });
    const province = await createProvinceCa({
      issuer: root, algorithm, commonName: 'CA tỉnh Điện Biên (TEST)', province: 'Điện Biên', validity: VALIDITY,
      crlUrl: 'http://commune.test/pki/root.crl', caIssuersUrl: 'http://commune.test/pki/root.cer',
    });
    const crlUrl = 'http://commune.test/pki/province.crl';
    const official = await issueOfficialCertificate({
      issuer: province, algorithm, validity: VALIDITY, crlUrl, fullName: 'Nguyễn Văn Ánh', title: 'Chủ tịch', unitName: UNIT,
      department: 'Văn phòng - Thống kê', idNumber: 'CCCD:001234567890', province: 'Điện Biên',
    });
    const seal = await issueSealCertificate({ issuer: province, algorithm, validity: VALIDITY, crlUrl, unitName: UNIT });
    const tsa = await issueTsaCertificate({ issuer: province, algorithm, validity: VALIDITY, commonName: 'Dấu thời gian xã Mường Đăng', organization: UNIT });
    const a = algorithm;
    pkis[algorithm] = {
      root, province, official, seal, tsa,
      files: {
        root: file(`${a}-root.pem`, pem(root.certificate)),
        province: file(`${a}-province.pem`, pem(province.certificate)),
        official: file(`${a}-official.pem`, pem(official.certificate)),
        seal: file(`${a}-seal.pem`, pem(seal.certificate)),
        tsa: file(`${a}-tsa.pem`, pem(tsa.certificate)),
        chain: file(`${a}-chain.pem`, pem(province.certificate) + pem(tsa.certificate)),
        cas: file(`${a}-cas.pem`, pem(root.certificate) + pem(province.certificate)),
        officialKey: file(`${a}-official.key`, official.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string),
      },
    };
  }
});

for (const algorithm of ALGORITHMS) {
  describe(`built-in CA, ${algorithm}`, () => {
    it('openssl verifies the official, seal and TSA certificates up to the root', () => {
      const { files } = pkis[algorithm];
      const run = openssl('verify', '-CAfile', files.root, '-untrusted', files.province, files.official, files.seal, files.tsa);
      assert.ok(run.ok, run.out);
      assert.match(run.out, new RegExp(`${algorithm}-official.pem: OK\n.*seal.pem: OK\n.*tsa.pem: OK`));
      assert.ok(openssl('verify', '-purpose', 'timestampsign', '-CAfile', files.root, '-untrusted', files.province, files.tsa).ok);
      assert.equal(openssl('verify', '-purpose', 'timestampsign', '-CAfile', files.root, '-untrusted', files.province, files.official).ok, false);
    });

    it('writes Vietnamese names as UTF8String that openssl prints back unchanged', () => {
      const { files } = pkis[algorithm];
      assert.equal(
        openssl('x509', '-in', files.official, '-noout', '-subject', '-issuer', '-nameopt', 'utf8').out,
        'subject=C=VN, ST=Điện Biên, O=Ủy ban nhân dân xã Mường Đăng, OU=Văn phòng - Thống kê, title=Chủ tịch, CN=Nguyễn Văn Ánh, serialNumber=CCCD:001234567890\n' +
          'issuer=C=VN, ST=Điện Biên, CN=CA tỉnh Điện Biên (TEST)\n',
      );
      assert.equal(openssl('x509', '-in', files.seal, '-noout', '-subject', '-nameopt', 'utf8').out, `subject=C=VN, O=${UNIT}, CN=${UNIT}\n`);
      const types = openssl('asn1parse', '-in', files.official).out;
      assert.match(types, /UTF8STRING\s+:Nguyễn Văn Ánh/);
      assert.match(types, /PRINTABLESTRING\s+:VN/);
    });

    it('sets the extensions each role needs and a random 16-byte positive serial', () => {
      const { files } = pkis[algorithm];
      const text = (f: string) => openssl('x509', '-in', f, '-noout', '-text').out;
      const province = text(files.province);
      assert.match(province, /Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
      assert.match(province, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
      assert.match(province, /CRL Distribution Points:\s+Full Name:\s+URI:http:\/\/commune.test\/pki\/root.crl/);
      assert.match(province, /CA Issuers - URI:http:\/\/commune.test\/pki\/root.cer/);
      const official = text(files.official);
      assert.match(official, /Basic Constraints: critical\s+CA:FALSE/);
      assert.match(official, /Key Usage: critical\s+Digital Signature, Non Repudiation\n/);
      assert.match(official, /URI:http:\/\/commune.test\/pki\/province.crl/);
      assert.match(official, algorithm === 'RSA-2048' ? /Signature Algorithm: sha256WithRSAEncryption/ : /Signature Algorithm: ecdsa-with-SHA256/);
      assert.match(text(files.tsa), /Extended Key Usage: critical\s+Time Stamping\n/);
      const serials = [files.official, files.seal].map((f) => openssl('x509', '-in', f, '-noout', '-serial').out);
      for (const serial of serials) assert.match(serial, /^serial=[4-7][0-9A-F]{31}\n$/);
      assert.notEqual(serials[0], serials[1]);
    });
  });
}

describe('built-in CA, refusals', () => {
  it('refuses a certificate that would outlive its issuer, and a bad country code', async () => {
    const { province } = pkis['ECDSA-P256'];
    const tooLong = { notBefore: VALIDITY.notBefore, notAfter: new Date(VALIDITY.notAfter.getTime() + DAY) };
    await assert.rejects(issueSealCertificate({ issuer: province, algorithm: 'ECDSA-P256', validity: tooLong, unitName: UNIT }), { code: 'pki.invalid_validity' });
    await assert.rejects(createRootCa({ algorithm: 'ECDSA-P256', commonName: 'X', country: 'Vietnam', validity: VALIDITY }), { code: 'pki.invalid_name' });
  });

  it('stores names in NFC whatever form they were typed in', async () => {
    const { province } = pkis['ECDSA-P256'];
    const seal = await issueSealCertificate({ issuer: province, algorithm: 'ECDSA-P256', validity: VALIDITY, unitName: UNIT.normalize('NFD') });
    assert.equal(certificateInfo(seal.certificate).subject.commonName, UNIT);
  });
});

for (const algorithm of ALGORITHMS) {
  describe(`CRL, ${algorithm}`, () => {
    const revokedAt = new Date(Math.floor(NOW / 1000) * 1000 - DAY);
    let crl: Uint8Array;
    let crlFile: string;
    before(() => {
      const { province, official } = pkis[algorithm];
      crl = issueCrl({
        issuer: province, crlNumber: 7n, thisUpdate: new Date(NOW - 3600_000), nextUpdate: new Date(NOW + 7 * DAY),
        revoked: [{ serialNumber: certificateInfo(official.certificate).serialNumber.toUpperCase(), revokedAt, reason: 'keyCompromise' }],
      });
      crlFile = file(`${algorithm}-province.crl`, pem(crl, 'X509 CRL'));
    });

    it('openssl verifies the CRL and sees the official revoked, the seal not', () => {
      const { files } = pkis[algorithm];
      assert.match(openssl('crl', '-in', crlFile, '-CAfile', files.province, '-verify', '-noout').out, /verify OK/);
      const text = openssl('crl', '-in', crlFile, '-noout', '-text').out;
      assert.match(text, /Version 2/);
      assert.match(text, /CRL Number: \n\s+7\n/);
      assert.match(text, new RegExp(`Serial Number: ${certificateInfo(pkis[algorithm].official.certificate).serialNumber.toUpperCase()}`));
      assert.match(text, /CRL Reason Code: \n\s+Key Compromise/);
      const check = (f: string) => openssl('verify', '-crl_check', '-CAfile', files.root, '-untrusted', files.province, '-CRLfile', crlFile, f);
      const revoked = check(files.official);
      assert.equal(revoked.ok, false);
      assert.match(revoked.out, /certificate revoked/);
      assert.ok(check(files.seal).ok);
    });

    it('answers "is serial S revoked, since when" and checks who signed the CRL', () => {
      const { official, seal, province, root } = pkis[algorithm];
      const info = parseCrl(crl);
      assert.equal(info.crlNumber, 7n);
      assert.equal(info.issuer.commonName, 'CA tỉnh Điện Biên (TEST)');
      const serial = certificateInfo(official.certificate).serialNumber;
      assert.deepEqual(revocationOf(info, serial), { revokedAt, reason: 'keyCompromise' });
      assert.deepEqual(revocationOf(info, `00:${serial.toUpperCase()}`), { revokedAt, reason: 'keyCompromise' });
      assert.equal(revocationOf(info, certificateInfo(seal.certificate).serialNumber), null);
      assert.equal(verifyCrl(crl, province.certificate), true);
      assert.equal(verifyCrl(crl, root.certificate), false);
      const tampered = crl.slice();
      tampered[tampered.length - 5]! ^= 0x01;
      assert.equal(verifyCrl(tampered, province.certificate), false);
    });
  });
}

describe('CRL, interoperability', () => {
  it('reads a CRL made by `openssl ca -gencrl`, with its reasons and dates', () => {
    const { province, official, files } = pkis['RSA-2048'];
    const serial = certificateInfo(official.certificate).serialNumber.toUpperCase();
    file('index.txt', `R\t351231000000Z\t260101083000Z,cessationOfOperation\t${serial}\tunknown\t/CN=x\n`);
    file('crlnumber', '2A\n');
    const config = file('ca.cnf', `[ca]\ndefault_ca = x\n[x]\ndatabase = ${dir}/index.txt\ncrlnumber = ${dir}/crlnumber\ndefault_md = sha256\ndefault_crl_days = 7\n`);
    const key = file('province.key', province.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    const out = path.join(dir, 'openssl.crl');
    const run = openssl('ca', '-gencrl', '-config', config, '-keyfile', key, '-cert', files.province, '-out', out);
    assert.ok(run.ok, run.out);
    const der = new Uint8Array(Buffer.from(fs.readFileSync(out, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const info = parseCrl(der);
    assert.equal(info.crlNumber, 42n);
    assert.deepEqual(revocationOf(info, serial), { revokedAt: new Date(Date.UTC(2026, 0, 1, 8, 30)), reason: 'cessationOfOperation' });
    assert.equal(verifyCrl(der, province.certificate), true);
  });

  it('a RevocationSource hands out the CRL of each certificate’s issuer', async () => {
    const { province, root, official } = pkis['ECDSA-P256'];
    const window = { thisUpdate: new Date(NOW), nextUpdate: new Date(NOW + DAY), revoked: [] };
    const provinceCrl = issueCrl({ issuer: province, crlNumber: 1n, ...window });
    const rootCrl = issueCrl({ issuer: root, crlNumber: 1n, ...window });
    const source = staticRevocationSource([rootCrl, provinceCrl]);
    assert.deepEqual(await source.crlsFor([official.certificate]), [provinceCrl]);
    assert.deepEqual(await source.crlsFor([official.certificate, province.certificate]), [provinceCrl, rootCrl]);
  });
});

for (const algorithm of ALGORITHMS) {
  describe(`timestamp authority, ${algorithm}`, () => {
    const genTime = new Date(Date.UTC(2026, 10, 28, 11, 56, 35, 250));
    const data = Buffer.from('Giấy chứng nhận — bản ký số');
    const digest = crypto.createHash('sha256').update(data).digest();
    const tsaOf = (pki: Pki) =>
      createLocalTsa({
        signer: createLocalSigner({ privateKey: pki.tsa.privateKey, certificate: pki.tsa.certificate, chain: [pki.province.certificate, pki.root.certificate] }),
        policy: POLICY, clock: () => genTime, accuracy: { seconds: 1, millis: 500 },
      });

    it('issues tokens that `openssl ts -verify` accepts for the right digest only', async () => {
      const { files } = pkis[algorithm];
      const token = file(`${algorithm}-tok.der`, await tsaOf(pkis[algorithm]).timestamp(digest));
      const verify = (hex: string) => openssl('ts', '-verify', '-in', token, '-token_in', '-digest', hex, '-CAfile', files.root, '-untrusted', files.chain);
      assert.match(verify(digest.toString('hex')).out, /Verification: OK/);
      const wrong = verify(crypto.createHash('sha256').update('other').digest('hex'));
      assert.equal(wrong.ok, false);
      assert.match(wrong.out, /message imprint mismatch/);
      const text = openssl('ts', '-reply', '-in', token, '-token_in', '-token_out', '-text').out;
      assert.match(text, /Policy OID: 2\.999\.1\.1\n/);
      assert.match(text, /Time stamp: Nov 28 11:56:35\.25 2026 GMT/);
      assert.match(text, /Accuracy: 0x01 seconds, 0x01F4 millis, unspecified micros/);
      assert.match(text, /Serial number: 0x[4-7][0-9A-F]{31}\n/);
      const cms = openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', token).out;
      assert.match(cms, /object: id-smime-aa-signingCertificateV2/);
      assert.doesNotMatch(cms, /signingTime/);
    });

    it('answers a TimeStampReq written by `openssl ts -query`', async () => {
      const { files } = pkis[algorithm];
      const tsa = tsaOf(pkis[algorithm]);
      const dataFile = file('data.bin', data);
      const query = path.join(dir, `${algorithm}-q.tsq`);
      assert.ok(openssl('ts', '-query', '-data', dataFile, '-sha256', '-cert', '-out', query).ok);
      const reply = file(`${algorithm}-r.tsr`, await tsa.respond(fs.readFileSync(query)));
      assert.match(openssl('ts', '-verify', '-in', reply, '-queryfile', query, '-CAfile', files.root, '-untrusted', files.chain).out, /Verification: OK/);
      const nonce = /Nonce: (0x[0-9A-F]+)/.exec(openssl('ts', '-query', '-in', query, '-text').out)![1];
      const replyText = openssl('ts', '-reply', '-in', reply, '-text').out;
      assert.match(replyText, /Status: Granted\./);
      assert.match(replyText, new RegExp(`Nonce: ${nonce}\n`));
      // Without certReq the token carries no certificates (RFC 3161 §2.4.1).
      const bare = path.join(dir, `${algorithm}-bare.tsq`);
      assert.ok(openssl('ts', '-query', '-data', dataFile, '-sha256', '-no_nonce', '-out', bare).ok);
      const bareReply = file(`${algorithm}-bare.tsr`, await tsa.respond(fs.readFileSync(bare)));
      const bareToken = path.join(dir, `${algorithm}-bare.der`);
      assert.ok(openssl('ts', '-reply', '-in', bareReply, '-token_out', '-out', bareToken).ok);
      assert.match(openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', bareToken).out, /certificates:\s+<ABSENT>/);
      // The client then supplies the TSA certificate itself.
      assert.match(openssl('ts', '-verify', '-in', bareReply, '-queryfile', bare, '-CAfile', files.root, '-untrusted', files.chain).out, /Verification: OK/);
    });
  });
}

describe('timestamp authority, refusals', () => {
  const pki = () => pkis['ECDSA-P256'];
  const signer = () => createLocalSigner({ privateKey: pki().tsa.privateKey, certificate: pki().tsa.certificate });
  const statusOf = async (tsa: ReturnType<typeof createLocalTsa>, request: Uint8Array) =>
    openssl('ts', '-reply', '-in', file('refused.tsr', await tsa.respond(request)), '-text').out;

  it('rejects SHA-1, a foreign policy and garbage with the RFC 3161 failure codes', async () => {
    const tsa = createLocalTsa({ signer: signer(), policy: POLICY });
    const dataFile = file('d.bin', 'x');
    const query = (...extra: string[]) => {
      const out = path.join(dir, 'refused.tsq');
      assert.ok(openssl('ts', '-query', '-data', dataFile, ...extra, '-out', out).ok);
      return fs.readFileSync(out);
    };
    assert.match(await statusOf(tsa, query('-sha1')), /Status: Rejected\.\n.*\nFailure info: unrecognized or unsupported algorithm identifier/);
    assert.match(await statusOf(tsa, query('-sha256', '-tspolicy', '1.2.3.4')), /Failure info: the requested TSA policy is not supported by the TSA/);
    assert.match(await statusOf(tsa, Buffer.from('not a request')), /Failure info: the data submitted has the wrong format/);
    const broken = createLocalTsa({ signer: { ...signer(), sign: () => Promise.reject(new Error('HSM unplugged')) }, policy: POLICY });
    assert.match(await statusOf(broken, query('-sha256')), /Failure info: the request cannot be handled due to system failure/);
  });

  it('refuses a signer whose certificate is not a TSA certificate, and a digest that is not SHA-256', async () => {
    const { official } = pki();
    rejects(() => createLocalTsa({ signer: createLocalSigner(official), policy: POLICY }), 'pki.wrong_certificate');
    await assert.rejects(createLocalTsa({ signer: signer(), policy: POLICY }).timestamp(new Uint8Array(20)), { code: 'pki.malformed' });
  });
});

describe('private keys encrypted at rest', () => {
  const master = { id: '2026-01', secret: crypto.randomBytes(32) };
  const next = { id: '2026-07', secret: crypto.randomBytes(32) };
  const pkcs8 = (key: KeyObject) => key.export({ format: 'der', type: 'pkcs8' });

  it('round-trips RSA and ECDSA keys, with a fresh salt and IV each time', () => {
    for (const algorithm of ALGORITHMS) {
      const key = pkis[algorithm].official.privateKey;
      const sealed = encryptPrivateKey(key, master);
      assert.deepEqual(pkcs8(decryptPrivateKey(sealed, [master])), pkcs8(key));
      assert.equal(Buffer.from(sealed).includes(pkcs8(key).subarray(-32)), false, 'no plaintext in the sealed form');
      assert.notDeepEqual(encryptPrivateKey(key, master), sealed);
      assert.equal(sealedKeyMasterId(sealed), '2026-01');
    }
  });

  it('fails clearly on a wrong or missing master secret and on any altered byte', () => {
    const sealed = encryptPrivateKey(pkis['ECDSA-P256'].seal.privateKey, master);
    rejects(() => decryptPrivateKey(sealed, [{ id: master.id, secret: crypto.randomBytes(32) }]), 'key.wrong_master');
    rejects(() => decryptPrivateKey(sealed, [next]), 'key.unknown_master', /"2026-01"/);
    for (const at of [2 + 7 + 8 + 3, 2 + 7 + 8 + 16 + 2, sealed.length - 40, sealed.length - 1]) {
      const flipped = sealed.slice();
      flipped[at]! ^= 0x40; // salt, IV, ciphertext, tag
      rejects(() => decryptPrivateKey(flipped, [master]), 'key.corrupt');
    }
    rejects(() => decryptPrivateKey(sealed.subarray(0, 40), [master]), 'key.corrupt');
    rejects(() => decryptPrivateKey(Uint8Array.of(2, ...sealed.subarray(1)), [master]), 'key.unsupported_version');
    rejects(() => encryptPrivateKey(pkis['ECDSA-P256'].seal.privateKey, { id: 'short', secret: crypto.randomBytes(16) }), 'key.invalid_master');
  });

  it('re-seals a key under a new master secret so the old one can be retired', () => {
    const key = pkis['RSA-2048'].seal.privateKey;
    const rotated = reencryptPrivateKey(encryptPrivateKey(key, master), [master], next);
    assert.equal(sealedKeyMasterId(rotated), '2026-07');
    assert.deepEqual(pkcs8(decryptPrivateKey(rotated, [next])), pkcs8(key));
  });
});

for (const algorithm of ALGORITHMS) {
  describe(`PKCS#12 import, ${algorithm}`, () => {
    const variants: Record<string, { args: string[]; info: RegExp[] }> = {
      'OpenSSL 3 defaults': { args: [], info: [/PBES2, PBKDF2, AES-256-CBC/, /MAC: sha256/] },
      '-legacy (3DES key, RC2-40 certificates)': { args: ['-legacy'], info: [/pbeWithSHA1And3-KeyTripleDES-CBC/, /pbeWithSHA1And40BitRC2-CBC/, /MAC: sha1/] },
      'Windows-style 3DES everywhere': { args: ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], info: [/Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC/, /MAC: sha1/] },
    };
    const make = (name: string, password: string, ...args: string[]) => {
      const { files } = pkis[algorithm];
      const out = path.join(dir, `${algorithm}-${name}.p12`);
      const run = openssl('pkcs12', '-export', '-inkey', files.officialKey, '-in', files.official, '-certfile', files.cas, '-passout', `pass:${password}`, '-out', out, ...args);
      assert.ok(run.ok, run.out);
      return out;
    };

    for (const [name, { args, info }] of Object.entries(variants)) {
      it(`imports ${name}: key, certificate and ordered chain`, async () => {
        const { official, province, root } = pkis[algorithm];
        const p12 = make(name.replace(/\W+/g, '_'), 'mật khẩu 123', ...args);
        const printed = openssl('pkcs12', '-info', '-noout', '-in', p12, '-passin', 'pass:mật khẩu 123', ...(args.includes('-legacy') ? ['-legacy'] : [])).out;
        for (const pattern of info) assert.match(printed, pattern);
        const imported = importPkcs12(fs.readFileSync(p12), 'mật khẩu 123');
        assert.equal(imported.algorithm, algorithm);
        assert.deepEqual(imported.certificate, official.certificate);
        assert.deepEqual(imported.chain, [province.certificate, root.certificate]);
        assert.deepEqual(imported.privateKey.export({ format: 'jwk' }), official.privateKey.export({ format: 'jwk' }));
        const signature = await createLocalSigner(imported).sign(Buffer.from('ký'));
        assert.ok(crypto.verify('sha256', Buffer.from('ký'), crypto.createPublicKey(official.privateKey), signature));
        rejects(() => importPkcs12(fs.readFileSync(p12), 'mat khau 123'), 'pkcs12.wrong_password');
      });
    }
  });
}

describe('PKCS#12 import, refusals', () => {
  const files = () => pkis['ECDSA-P256'].files;
  const p12 = (name: string, ...args: string[]) => {
    const out = path.join(dir, `${name}.p12`);
    const run = openssl('pkcs12', '-export', '-in', files().official, '-passout', 'pass:x', '-out', out, ...args);
    assert.ok(run.ok, run.out);
    return fs.readFileSync(out);
  };

  it('names an algorithm it cannot decrypt, and refuses files without a key or a MAC', () => {
    const rc4 = p12('rc4', '-inkey', files().officialKey, '-legacy', '-certpbe', 'PBE-SHA1-RC4-128');
    rejects(() => importPkcs12(rc4, 'x'), 'pkcs12.unsupported_algorithm', /pbeWithSHAAnd128BitRC4 \(1\.2\.840\.113549\.1\.12\.1\.1\)/);
    rejects(() => importPkcs12(p12('nokey', '-nokeys'), 'x'), 'pkcs12.no_private_key');
    rejects(() => importPkcs12(p12('nomac', '-inkey', files().officialKey, '-nomac'), 'x'), 'pkcs12.no_mac');
    rejects(() => importPkcs12(Buffer.from('definitely not DER'), 'x'), 'pki.malformed');
  });

  it('refuses a key type the signers do not support, naming it', () => {
    const key = file('p384.key', crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    const cert = path.join(dir, 'p384.pem');
    assert.ok(openssl('req', '-x509', '-key', key, '-subj', '/CN=Trần Thị Bình/O=Sở Tư pháp', '-utf8', '-days', '30', '-out', cert).ok);
    const out = path.join(dir, 'p384.p12');
    assert.ok(openssl('pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', 'pass:x', '-out', out).ok);
    rejects(() => importPkcs12(fs.readFileSync(out), 'x'), 'pki.unsupported_key', /EC-secp384r1/);
    // certificate-info still reads such certificates, and names made by openssl.
    const info = certificateInfo(new Uint8Array(Buffer.from(fs.readFileSync(cert, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64')));
    assert.equal(info.subject.commonName, 'Trần Thị Bình');
    assert.equal(info.subject.organization, 'Sở Tư pháp');
    assert.equal(info.keyAlgorithm, 'EC-secp384r1');
    assert.equal(info.selfIssued, true);
  });
});

describe('RC2 (for -legacy PKCS#12 certificates)', () => {
  it('decrypts the RFC 2268 §5 test vectors', () => {
    const vectors = [
      ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
      ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
      ['88', 64, '0000000000000000', '61a8a244adacccf0'],
      ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    ] as const;
    for (const [key, bits, plain, cipher] of vectors) {
      assert.equal(Buffer.from(rc2DecryptEcb(Buffer.from(key, 'hex'), bits, Buffer.from(cipher, 'hex'))).toString('hex'), plain, key);
    }
  });
});

for (const algorithm of ALGORITHMS) {
  describe(`local signer, ${algorithm}`, () => {
    it('signs SHA-256 data that `openssl dgst -verify` accepts', async () => {
      const { official, province, root, files } = pkis[algorithm];
      const signer = createLocalSigner({ ...official, chain: [province.certificate, root.certificate] });
      assert.equal(signer.algorithm, algorithm);
      assert.deepEqual(signer.chain, [province.certificate, root.certificate]);
      const data = file('signed.bin', 'Nội dung cần ký');
      const signature = await signer.sign(fs.readFileSync(data));
      if (algorithm === 'RSA-2048') assert.equal(signature.length, 256);
      else assert.equal(signature[0], 0x30, 'ECDSA signature is DER (r, s)');
      const pub = file('pub.pem', openssl('x509', '-in', files.official, '-noout', '-pubkey').out);
      const run = openssl('dgst', '-sha256', '-verify', pub, '-signature', file('sig.bin', signature), data);
      assert.match(run.out, /Verified OK/);
      const forged = signature.slice();
      forged[forged.length - 3]! ^= 1;
      assert.equal(openssl('dgst', '-sha256', '-verify', pub, '-signature', file('sig.bin', forged), data).ok, false);
    });

    it('refuses a key that is not the certificate’s', () => {
      const { official, seal } = pkis[algorithm];
      rejects(() => createLocalSigner({ privateKey: seal.privateKey, certificate: official.certificate }), 'pki.key_mismatch');
      rejects(() => createLocalSigner({ privateKey: crypto.createPublicKey(official.privateKey), certificate: official.certificate }), 'pki.unsupported_key');
    });
  });
}

describe('certificate info', () => {
  for (const algorithm of ALGORITHMS) {
    it(`reads what openssl reads, ${algorithm}`, () => {
      const { official, root, files } = pkis[algorithm];
      const info = certificateInfo(official.certificate);
      assert.deepEqual(
        { ...info.subject },
        {
          country: 'VN', province: 'Điện Biên', organization: UNIT, organizationalUnit: 'Văn phòng - Thống kê', title: 'Chủ tịch',
          commonName: 'Nguyễn Văn Ánh', serialNumber: 'CCCD:001234567890',
          text: `C=VN, ST=Điện Biên, O=${UNIT}, OU=Văn phòng - Thống kê, title=Chủ tịch, CN=Nguyễn Văn Ánh, serialNumber=CCCD:001234567890`,
        },
      );
      assert.equal(info.issuer.commonName, 'CA tỉnh Điện Biên (TEST)');
      const printed = openssl('x509', '-in', files.official, '-noout', '-serial', '-fingerprint', '-sha256', '-startdate', '-enddate').out;
      assert.match(printed, new RegExp(`serial=${info.serialNumber.toUpperCase()}\n`));
      assert.equal(/Fingerprint=([0-9A-F:]+)/.exec(printed)![1]!.replace(/:/g, '').toLowerCase(), info.sha256Fingerprint);
      assert.equal(new Date(/notBefore=(.*)/.exec(printed)![1]!).getTime(), info.notBefore.getTime());
      assert.equal(new Date(/notAfter=(.*)/.exec(printed)![1]!).getTime(), info.notAfter.getTime());
      assert.equal(info.keyAlgorithm, algorithm);
      assert.deepEqual([info.isCa, info.selfIssued], [false, false]);
      const rootInfo = certificateInfo(root.certificate);
      assert.deepEqual([rootInfo.isCa, rootInfo.selfIssued, rootInfo.subject.organization], [true, true, 'Sở Thông tin và Truyền thông']);
    });
  }
});
