/**
 * Import of an official's PKCS#12 (.p12 / .pfx) issued by a real CA: the password is checked through
 * the file's MAC before anything is decrypted, the private key must belong to one of the certificates,
 * and the other certificates are ordered into the chain from that certificate's issuer upwards.
 * pkijs parses the structures; pbe.ts decrypts (OpenSSL 3 defaults, -legacy 3DES/RC2, Windows 3DES).
 */
import crypto, { type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyAlgorithm } from '../domain/ports.ts';
import { equalBytes, keyAlgorithmOf, keyMatchesCertificate, nameDer, parseCertificate, parseWith, toDer } from './asn1.ts';
import { PkiError } from './errors.ts';
import { decryptWithPassword, macMatches } from './pbe.ts';

export interface ImportedIdentity {
  readonly algorithm: KeyAlgorithm;
  readonly privateKey: KeyObject;
  /** The end-entity certificate: the one whose public key matches the private key. */
  readonly certificate: Uint8Array;
  /** CA certificates found in the file, from the certificate's issuer up to the root if present. */
  readonly chain: Uint8Array[];
}

const ID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
} as const;

export function importPkcs12(file: Uint8Array, password: string): ImportedIdentity {
  const pfx = parseWith(file, 'PKCS#12', (schema) => new pkijs.PFX({ schema }));
  if (pfx.authSafe.contentType !== ID.data) {
    // Public-key integrity mode (SignedData) is in the standard but nothing we know of writes it.
    throw new PkiError('pkcs12.unsupported_algorithm', `unsupported PKCS#12 integrity mode: ${pfx.authSafe.contentType}`);
  }
  const content = octets(pfx.authSafe.content, 'PKCS#12 authSafe');
  if (!pfx.macData) throw new PkiError('pkcs12.no_mac', 'the PKCS#12 file has no MAC, so its password and integrity cannot be checked');
  if (!macMatches(pfx.macData, content, password)) {
    throw new PkiError('pkcs12.wrong_password', 'wrong password for this PKCS#12 file (or the file is damaged)');
  }
  const { keys, certificates } = readBags(content, password);
  if (keys.length === 0) throw new PkiError('pkcs12.no_private_key', 'the PKCS#12 file contains no private key');
  if (keys.length > 1) throw new PkiError('pki.malformed', `the PKCS#12 file contains ${keys.length} private keys; export one identity per file`);
  if (certificates.length === 0) throw new PkiError('pkcs12.no_certificate', 'the PKCS#12 file contains no certificate');
  const privateKey = keys[0]!;
  const algorithm = keyAlgorithmOf(privateKey);
  const certificate = certificates.find((cert) => keyMatchesCertificate(privateKey, cert));
  if (!certificate) throw new PkiError('pki.key_mismatch', 'no certificate in the PKCS#12 file matches its private key');
  return { algorithm, privateKey, certificate, chain: chainFor(certificate, certificates) };
}

/** Every key and X.509 certificate in the authenticated safe, decrypting the parts that are encrypted. */
function readBags(content: Uint8Array, password: string): { keys: KeyObject[]; certificates: Uint8Array[] } {
  const safe = parseWith(content, 'PKCS#12 AuthenticatedSafe', (schema) => new pkijs.AuthenticatedSafe({ schema }));
  const keys: KeyObject[] = [];
  const certificates: Uint8Array[] = [];
  for (const info of safe.safeContents) {
    const bytes = safeContentsBytes(info, password);
    const contents = parseWith(bytes, 'PKCS#12 SafeContents', (schema) => new pkijs.SafeContents({ schema }));
    for (const bag of contents.safeBags) {
      if (bag.bagId === ID.keyBag) keys.push(privateKeyFrom(toDer(bag.bagValue as pkijs.PrivateKeyInfo)));
      else if (bag.bagId === ID.shroudedKeyBag) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        const data = octets(shrouded.encryptedData, 'shrouded key');
        keys.push(privateKeyFrom(decryptWithPassword(shrouded.encryptionAlgorithm, data, password)));
      } else if (bag.bagId === ID.certBag) {
        const certBag = bag.bagValue as pkijs.CertBag;
        // SDSI certificates and CRL bags have no use here; they are skipped.
        if (certBag.certId === ID.x509Certificate) certificates.push(octets(certBag.certValue, 'certificate bag'));
      }
    }
  }
  return { keys, certificates };
}

function safeContentsBytes(info: pkijs.ContentInfo, password: string): Uint8Array {
  if (info.contentType === ID.data) return octets(info.content, 'PKCS#12 SafeContents');
  if (info.contentType === ID.encryptedData) {
    const encrypted = new pkijs.EncryptedData({ schema: info.content });
    const eci = encrypted.encryptedContentInfo;
    if (!eci.encryptedContent) throw new PkiError('pki.malformed', 'PKCS#12: encrypted SafeContents without content');
    return decryptWithPassword(eci.contentEncryptionAlgorithm, octets(eci.encryptedContent, 'encrypted SafeContents'), password);
  }
  // EnvelopedData (public-key privacy mode) would need the recipient's key: not an import from a password.
  throw new PkiError('pkcs12.unsupported_algorithm', `unsupported PKCS#12 privacy mode: ${info.contentType}`);
}

/**
 * The bytes of an OCTET STRING, also when implicitly tagged (EncryptedContentInfo's [0]) or split into
 * pieces by a BER writer (a constructed string of primitive pieces).
 */
function octets(value: unknown, what: string): Uint8Array {
  if (value instanceof asn1js.OctetString) return new Uint8Array(value.getValue());
  if (value instanceof asn1js.Constructed) return Buffer.concat(value.valueBlock.value.map((piece) => octets(piece, what)));
  if (value instanceof asn1js.Primitive) return value.valueBlock.valueHexView.slice();
  throw new PkiError('pki.malformed', `${what}: expected an OCTET STRING`);
}

function privateKeyFrom(pkcs8: Uint8Array): KeyObject {
  try {
    return crypto.createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  } catch {
    throw new PkiError('pki.malformed', 'the PKCS#12 private key is not a readable PKCS#8 key');
  }
}

/**
 * Orders the CA certificates by walking issuer names up from `leaf`; unrelated certificates are
 * dropped. Stops at a self-signed certificate or when the next issuer is not in the file.
 */
function chainFor(leaf: Uint8Array, certificates: readonly Uint8Array[]): Uint8Array[] {
  const parsed = certificates.map((der) => ({ der, cert: parseCertificate(der) }));
  const chain: Uint8Array[] = [];
  const used = new Set<Uint8Array>([leaf]);
  let current = parseCertificate(leaf);
  while (!equalBytes(nameDer(current.issuer), nameDer(current.subject))) {
    const issuer = parsed.find((p) => !used.has(p.der) && equalBytes(nameDer(p.cert.subject), nameDer(current.issuer)));
    if (!issuer) break;
    chain.push(issuer.der);
    used.add(issuer.der);
    current = issuer.cert;
  }
  return chain;
}
