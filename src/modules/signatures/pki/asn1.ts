/**
 * Small DER helpers shared by the PKI files. Everything here is synchronous and works on bytes, so the
 * results can be stored anywhere. We sign with Node's crypto rather than pkijs's WebCrypto engine: one
 * code path for RSA and ECDSA, no global engine to configure, and KeyObjects straight from storage.
 */
import crypto, { type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyAlgorithm } from '../domain/ports.ts';
import { PkiError } from './errors.ts';

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
} as const;

/** DER of a pkijs object or an asn1js value. */
export function toDer(value: { toSchema(): asn1js.AsnType } | asn1js.AsnType): Uint8Array<ArrayBuffer> {
  const schema = 'toSchema' in value ? value.toSchema() : value;
  return new Uint8Array(schema.toBER(false));
}

/** Parses BER, refusing garbage and trailing bytes with a PkiError naming `what`. */
export function fromDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1 || parsed.offset !== bytes.byteLength) {
    throw new PkiError('pki.malformed', `${what}: not a valid DER structure`);
  }
  return parsed.result;
}

/** Runs a pkijs schema parse, turning its exceptions into a PkiError. */
export function parseWith<T>(bytes: Uint8Array, what: string, build: (schema: asn1js.AsnType) => T): T {
  const schema = fromDer(bytes, what);
  try {
    return build(schema);
  } catch {
    throw new PkiError('pki.malformed', `${what}: unexpected ASN.1 structure`);
  }
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return parseWith(der, 'certificate', (schema) => new pkijs.Certificate({ schema }));
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * A serial as lower-case hex without leading zero bytes, so "00ab…" written by one CA and "ab…" are
 * the same key in a CRL lookup.
 */
export function serialHex(serial: asn1js.Integer | Uint8Array): string {
  const bytes = serial instanceof Uint8Array ? serial : serial.valueBlock.valueHexView;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return hex(bytes.subarray(start));
}

/**
 * 16 random bytes read as a positive INTEGER: the top bit is cleared (positive) and the next one set
 * (no leading zero byte to strip, so the DER is always exactly 16 bytes). 126 bits of entropy.
 */
export function randomSerial(): Uint8Array {
  const bytes = new Uint8Array(crypto.randomBytes(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes;
}

/** A serial typed or stored as hex ("00AB:CD" or "abcd") in the serialHex form; throws if not hex. */
export function normaliseSerial(text: string): string {
  const digits = text.replace(/[:\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(digits)) throw new PkiError('pki.malformed', `not a hex serial number: ${text}`);
  return serialHex(new Uint8Array(Buffer.from(digits.length % 2 ? `0${digits}` : digits, 'hex')));
}

export function integer(bytes: Uint8Array): asn1js.Integer {
  return new asn1js.Integer({ valueHex: bytes });
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after; whole seconds. */
export function certTime(date: Date): pkijs.Time {
  const value = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return new pkijs.Time({ type: value.getUTCFullYear() < 2050 ? 0 : 1, value });
}

/**
 * A DER named bit string (key usage, PKIFailureInfo): bit 0 is the most significant bit of the first
 * byte, and trailing zero bits are dropped as X.690 §11.2.2 requires.
 */
export function namedBits(bits: readonly number[]): asn1js.BitString {
  const top = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(top / 8) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (top & 7) });
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(crypto.createHash('sha256').update(data).digest());
}

export function sha1(data: Uint8Array): Uint8Array {
  return new Uint8Array(crypto.createHash('sha1').update(data).digest());
}

/** The two key types the product supports (ports.ts); anything else is refused by name. */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && details.modulusLength === 2048) return 'RSA-2048';
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return 'ECDSA-P256';
  throw new PkiError('pki.unsupported_key', `unsupported key ${describeKey(key)}: only RSA-2048 and ECDSA P-256 are supported`);
}

/** "RSA-4096", "EC-secp384r1", "ed25519": for messages and certificate-info. */
export function describeKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return `RSA-${details.modulusLength ?? '?'}`;
  if (key.asymmetricKeyType === 'ec') return details.namedCurve === 'prime256v1' ? 'ECDSA-P256' : `EC-${details.namedCurve ?? '?'}`;
  return key.asymmetricKeyType ?? key.type;
}

/** sha256WithRSAEncryption (NULL parameters, as RFC 4055 asks) or ecdsa-with-SHA256 (no parameters). */
export function signatureAlgorithm(algorithm: KeyAlgorithm): pkijs.AlgorithmIdentifier {
  return algorithm === 'RSA-2048'
    ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
}

export function sha256Algorithm(): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
}

/** SHA-256 signature: PKCS#1 v1.5 for RSA, DER (r, s) for ECDSA. */
export function signWithKey(key: KeyObject, data: Uint8Array): Uint8Array {
  return new Uint8Array(crypto.sign('sha256', data, { key, dsaEncoding: 'der' }));
}

/** The DER SubjectPublicKeyInfo of a public key, or of the public half of a private key. */
export function spkiDer(key: KeyObject): Uint8Array<ArrayBuffer> {
  const publicKey = key.type === 'private' ? crypto.createPublicKey(key) : key;
  return new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
}

/**
 * Whether `privateKey` is the key of the certificate. Compared as JWK (modulus and exponent, or curve
 * point) rather than as SPKI bytes, since one EC key has several valid encodings.
 */
export function keyMatchesCertificate(privateKey: KeyObject, certificateDer: Uint8Array): boolean {
  const certKey = crypto.createPublicKey({ key: Buffer.from(certSpkiDer(certificateDer)), format: 'der', type: 'spki' });
  const a = crypto.createPublicKey(privateKey).export({ format: 'jwk' });
  const b = certKey.export({ format: 'jwk' });
  return a.kty === b.kty && a.n === b.n && a.e === b.e && a.crv === b.crv && a.x === b.x && a.y === b.y;
}

export function certSpkiDer(certificateDer: Uint8Array): Uint8Array {
  return toDer(parseCertificate(certificateDer).subjectPublicKeyInfo);
}

/** The raw DER of a certificate's subject or issuer Name, as encoded (never rebuilt from strings). */
export function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  return toDer(name);
}

/**
 * A certificate's key identifier: its subject key identifier extension when present (whatever method
 * its CA used), else RFC 5280 §4.2.1.2 method 1, SHA-1 of the subjectPublicKey bits.
 */
export function keyIdentifierOf(cert: pkijs.Certificate): Uint8Array {
  const ski = cert.extensions?.find((e) => e.extnID === '2.5.29.14');
  const parsed = ski ? asn1js.fromBER(ski.extnValue.valueBlock.valueHexView).result : null;
  if (parsed instanceof asn1js.OctetString) return parsed.valueBlock.valueHexView;
  return sha1(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a).equals(Buffer.from(b));
}
