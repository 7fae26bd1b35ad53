/**
 * A throw-away test PKI made with the `openssl` CLI (an implementation independent of the code under test):
 *
 *   root "Gốc thử nghiệm Việt Nam (TEST)"
 *     └─ intermediate "Commune CA Mường Đăng (TEST)", O=UBND xã Mường Đăng, pathlen 0, CRL DP
 *          ├─ official CN=Nguyễn Văn Ánh, title=Chủ tịch
 *          ├─ deputy   CN=Trần Thị Bích Ngọc, title=Phó Chủ tịch (a second official, for a third signature)
 *          ├─ seal     CN=Ủy ban nhân dân xã Mường Đăng
 *          └─ TSA      CN=Dịch vụ cấp dấu thời gian (TEST), EKU critical timeStamping
 *
 * Every name carries Vietnamese diacritics on purpose: they broke node-forge (research §4) and must not
 * break us. `keyType` picks RSA-2048 or ECDSA P-256 for every key. Besides the files, it offers a `Signer`
 * over a local key (`testSigner`), an RFC 3161 authority over `openssl ts -reply` (`opensslTsa`) and CRLs
 * from `openssl ca -gencrl` (`revoke`, `currentCrl`). Meant for tests only: it spawns child processes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Signer, TimestampAuthority } from '../../src/modules/signatures/domain/ports.ts';

export type TestKeyType = 'RSA' | 'ECDSA';

export interface TestIdentity {
  keyPem: string;
  certPem: string;
  certDer: Uint8Array;
  keyPath: string;
  certPath: string;
}

export interface TestPki {
  dir: string;
  keyType: TestKeyType;
  rootPem: string;
  rootDer: Uint8Array;
  rootPath: string;
  intermediatePem: string;
  intermediateDer: Uint8Array;
  /** intermediate + root, PEM (for `-untrusted` / `-certfile`). */
  chainPath: string;
  official: TestIdentity;
  deputy: TestIdentity;
  seal: TestIdentity;
  tsa: TestIdentity;
}

export const TEST_NAMES = {
  root: '/C=VN/O=Bộ Thông tin và Truyền thông (TEST)/CN=Gốc thử nghiệm Việt Nam (TEST)',
  intermediate: '/C=VN/ST=Tỉnh Điện Biên/O=UBND xã Mường Đăng/CN=Commune CA Mường Đăng (TEST)',
  official: '/C=VN/ST=Tỉnh Điện Biên/L=Xã Mường Đăng/O=UBND xã Mường Đăng/title=Chủ tịch/CN=Nguyễn Văn Ánh',
  deputy: '/C=VN/ST=Tỉnh Điện Biên/L=Xã Mường Đăng/O=UBND xã Mường Đăng/title=Phó Chủ tịch/CN=Trần Thị Bích Ngọc',
  seal: '/C=VN/ST=Tỉnh Điện Biên/L=Xã Mường Đăng/O=UBND xã Mường Đăng/CN=Ủy ban nhân dân xã Mường Đăng',
  tsa: '/C=VN/O=UBND xã Mường Đăng/CN=Dịch vụ cấp dấu thời gian (TEST)',
};

/**
 * The signer certificates carry EKU emailProtection and a CRL distribution point. Both matter to poppler 22.12's
 * `pdfsig`: it validates for NSS "email signer" usage and then reads PORT_GetError() even when
 * CERT_PKIXVerifyCert succeeded, so a harmless "extension not found" left over from looking up a missing
 * extension turns a trusted chain into "Unknown issue with Certificate" (found with gdb; later poppler
 * versions check the return value first). With both extensions present the last lookup succeeds. The same
 * stale error (REUSED_ISSUER_AND_SERIAL) hits a second signature by one ECDSA certificate in one file: give each
 * signature of a file its own identity (official, deputy, seal) when asserting "Certificate is Trusted.".
 */
const EXTENSIONS = `
[ req ]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
[ dn ]
[ v3_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_int ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:http://ca.test/root.crl
[ v3_signer ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:http://ca.test/intermediate.crl
[ v3_tsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:http://ca.test/intermediate.crl
`;

/** `openssl ca` (revocation and CRLs only) and `openssl ts -reply` settings, relative to `dir`. */
function caConfig(dir: string): string {
  const section = (name: string, file: string) => `
[ ${name} ]
database = ${dir}/${file}-index.txt
crlnumber = ${dir}/${file}-crlnumber
certificate = ${dir}/${file}.crt
private_key = ${dir}/${file}.key
default_md = sha256
default_crl_days = 30
crl_extensions = crl_ext
unique_subject = no
`;
  return `[ ca ]
default_ca = ca_intermediate
${section('ca_root', 'root')}
${section('ca_intermediate', 'intermediate')}
[ crl_ext ]
authorityKeyIdentifier = keyid:always
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = ${dir}/tsa-serial
crypto_device = builtin
signer_cert = ${dir}/tsa.crt
certs = ${dir}/chain.pem
signer_key = ${dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5.6
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;
}

export function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

function genKey(keyType: TestKeyType, keyPath: string): void {
  const opts = keyType === 'RSA' ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  openssl(['genpkey', ...opts, '-out', keyPath]);
}

const serial = () => `0x${crypto.randomBytes(12).toString('hex').replace(/^./, '1')}`;

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(new crypto.X509Certificate(pem).raw);
}

function identity(dir: string, name: string): TestIdentity {
  const keyPath = path.join(dir, `${name}.key`);
  const certPath = path.join(dir, `${name}.crt`);
  const certPem = fs.readFileSync(certPath, 'utf8');
  return { keyPem: fs.readFileSync(keyPath, 'utf8'), certPem, certDer: pemToDer(certPem), keyPath, certPath };
}

/** Issues `<name>.crt` for a new key, signed by `<issuer>.crt`. */
function issue(dir: string, keyType: TestKeyType, name: string, subject: string, issuer: string, extensions: string): void {
  const p = (f: string) => path.join(dir, f);
  genKey(keyType, p(`${name}.key`));
  openssl(['req', '-new', '-config', p('ext.cnf'), '-utf8', '-key', p(`${name}.key`), '-subj', subject, '-out', p(`${name}.csr`)]);
  openssl(['x509', '-req', '-in', p(`${name}.csr`), '-CA', p(`${issuer}.crt`), '-CAkey', p(`${issuer}.key`), '-set_serial', serial(),
    '-days', '3650', '-sha256', '-extfile', p('ext.cnf'), '-extensions', extensions, '-out', p(`${name}.crt`)]);
}

/** Makes the whole PKI in `dir` (created if missing). Takes ~0.5 s for RSA, less for ECDSA. */
export function makeTestPki(dir: string, keyType: TestKeyType): TestPki {
  fs.mkdirSync(dir, { recursive: true });
  const p = (f: string) => path.join(dir, f);
  fs.writeFileSync(p('ext.cnf'), EXTENSIONS);
  fs.writeFileSync(p('ca.cnf'), caConfig(dir));
  for (const ca of ['root', 'intermediate']) {
    fs.writeFileSync(p(`${ca}-index.txt`), '');
    fs.writeFileSync(p(`${ca}-crlnumber`), '1000\n');
  }
  fs.writeFileSync(p('tsa-serial'), '01\n');
  genKey(keyType, p('root.key'));
  openssl(['req', '-x509', '-new', '-config', p('ext.cnf'), '-utf8', '-key', p('root.key'), '-subj', TEST_NAMES.root, '-set_serial', serial(),
    '-days', '7300', '-sha256', '-extensions', 'v3_root', '-out', p('root.crt')]);
  issue(dir, keyType, 'intermediate', TEST_NAMES.intermediate, 'root', 'v3_int');
  issue(dir, keyType, 'official', TEST_NAMES.official, 'intermediate', 'v3_signer');
  issue(dir, keyType, 'deputy', TEST_NAMES.deputy, 'intermediate', 'v3_signer');
  issue(dir, keyType, 'seal', TEST_NAMES.seal, 'intermediate', 'v3_signer');
  issue(dir, keyType, 'tsa', TEST_NAMES.tsa, 'intermediate', 'v3_tsa');
  const rootPem = fs.readFileSync(p('root.crt'), 'utf8');
  const intermediatePem = fs.readFileSync(p('intermediate.crt'), 'utf8');
  fs.writeFileSync(p('chain.pem'), intermediatePem + rootPem);
  return {
    dir, keyType, rootPem, rootDer: pemToDer(rootPem), rootPath: p('root.crt'), intermediatePem, intermediateDer: pemToDer(intermediatePem),
    chainPath: p('chain.pem'), official: identity(dir, 'official'), deputy: identity(dir, 'deputy'), seal: identity(dir, 'seal'), tsa: identity(dir, 'tsa'),
  };
}

/** Which of the two CAs issued `certDer`. */
function issuerOf(pki: TestPki, certDer: Uint8Array): 'root' | 'intermediate' {
  const cert = new crypto.X509Certificate(certDer);
  return cert.checkIssued(new crypto.X509Certificate(pki.intermediateDer)) ? 'intermediate' : 'root';
}

/** The current CRL (DER) of one CA: whatever has been revoked so far, possibly nothing. */
export function currentCrl(pki: TestPki, ca: 'root' | 'intermediate'): Uint8Array {
  const out = path.join(pki.dir, `${ca}.crl.pem`);
  openssl(['ca', '-config', path.join(pki.dir, 'ca.cnf'), '-name', `ca_${ca}`, '-gencrl', '-out', out]);
  return new Uint8Array(openssl(['crl', '-in', out, '-outform', 'DER']));
}

/** Revokes `certDer` (keyCompromise) with its issuing CA and returns that CA's new CRL (DER). */
export function revoke(pki: TestPki, certDer: Uint8Array): Uint8Array {
  const ca = issuerOf(pki, certDer);
  const pem = path.join(pki.dir, `revoke-${crypto.randomBytes(4).toString('hex')}.pem`);
  fs.writeFileSync(pem, new crypto.X509Certificate(certDer).toString());
  openssl(['ca', '-config', path.join(pki.dir, 'ca.cnf'), '-name', `ca_${ca}`, '-revoke', pem, '-crl_reason', 'keyCompromise']);
  return currentCrl(pki, ca);
}

/** A `Signer` over one identity's local key, with Node crypto. */
export function testSigner(pki: TestPki, who: 'official' | 'deputy' | 'seal' | 'tsa' = 'official'): Signer {
  const id = pki[who];
  const key = crypto.createPrivateKey(id.keyPem);
  return {
    algorithm: pki.keyType === 'RSA' ? 'RSA-2048' : 'ECDSA-P256',
    certificate: id.certDer,
    chain: [pki.intermediateDer, pki.rootDer],
    async sign(data) {
      return new Uint8Array(crypto.sign('sha256', data, key));
    },
  };
}

/** An RFC 3161 authority backed by `openssl ts -reply` with the test TSA certificate (tests only). */
export function opensslTsa(pki: TestPki): TimestampAuthority {
  return {
    async timestamp(digest) {
      const tag = crypto.randomBytes(6).toString('hex');
      const query = path.join(pki.dir, `ts-${tag}.tsq`);
      const token = path.join(pki.dir, `ts-${tag}.der`);
      openssl(['ts', '-query', '-digest', Buffer.from(digest).toString('hex'), '-sha256', '-cert', '-out', query]);
      openssl(['ts', '-reply', '-config', path.join(pki.dir, 'ca.cnf'), '-queryfile', query, '-token_out', '-out', token]);
      return new Uint8Array(fs.readFileSync(token));
    },
  };
}
