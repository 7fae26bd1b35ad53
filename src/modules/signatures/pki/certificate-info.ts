/**
 * What the verifier and the UI show about a certificate, read from its DER: names (with diacritics as
 * encoded, whatever string type the CA chose), serial, validity, key type and SHA-256 fingerprint.
 * Synchronous and side-effect free.
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { certSpkiDer, describeKey, equalBytes, hex, nameDer, parseCertificate, serialHex, sha256 } from './asn1.ts';
import { readName, type NameInfo } from './names.ts';

export type { NameInfo } from './names.ts';

export interface CertificateInfo {
  readonly subject: NameInfo;
  readonly issuer: NameInfo;
  /** Lower-case hex without leading zero bytes (the form CRL lookups use). */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** "RSA-2048", "ECDSA-P256", or another description such as "RSA-4096" or "EC-secp384r1". */
  readonly keyAlgorithm: string;
  /** SHA-256 of the whole certificate, lower-case hex without separators. */
  readonly sha256Fingerprint: string;
  /** basicConstraints cA. */
  readonly isCa: boolean;
  /** Whether subject and issuer are the same name (a root, or a self-issued certificate). */
  readonly selfIssued: boolean;
}

export function certificateInfo(der: Uint8Array): CertificateInfo {
  const cert = parseCertificate(der);
  const subject = readName(cert.subject);
  const issuer = readName(cert.issuer);
  const publicKey = crypto.createPublicKey({ key: Buffer.from(certSpkiDer(der)), format: 'der', type: 'spki' });
  return {
    subject,
    issuer,
    serialNumber: serialHex(cert.serialNumber),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    keyAlgorithm: describeKey(publicKey),
    sha256Fingerprint: certificateFingerprint(der),
    isCa: isCa(cert.extensions?.find((e) => e.extnID === '2.5.29.19')?.extnValue.valueBlock.valueHexView),
    selfIssued: equalBytes(nameDer(cert.subject), nameDer(cert.issuer)),
  };
}

export function certificateFingerprint(der: Uint8Array): string {
  return hex(sha256(der));
}

/** Whether the certificate is within its validity period at `at` (inclusive, as RFC 5280 says). */
export function isWithinValidity(info: Pick<CertificateInfo, 'notBefore' | 'notAfter'>, at: Date): boolean {
  return info.notBefore.getTime() <= at.getTime() && at.getTime() <= info.notAfter.getTime();
}

function isCa(basicConstraints: Uint8Array | undefined): boolean {
  if (!basicConstraints) return false;
  const parsed = asn1js.fromBER(basicConstraints).result;
  const first = parsed instanceof asn1js.Sequence ? parsed.valueBlock.value[0] : undefined;
  return first instanceof asn1js.Boolean && first.valueBlock.value;
}
