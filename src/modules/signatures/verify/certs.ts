/**
 * A parsed certificate with what the verifier needs from it: names, validity, CA constraints, key usage,
 * and the original DER (fingerprints and ESS hashes are over the exact bytes the signer embedded).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, keyAlgorithmName, serialHex, sha256Hex, verifyRaw, toHex } from './crypto-util.ts';
import type { SignerSummary } from './types.ts';

export interface Cert {
  der: Uint8Array;
  pki: pkijs.Certificate;
  fingerprint: string;
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  serial: string;
  spki: Uint8Array;
}

/** Parses DER; returns null for anything that is not a certificate (callers skip junk in DSS and CMS). */
export function parseCert(der: Uint8Array): Cert | null {
  try {
    const asn = asn1js.fromBER(der);
    if (asn.offset === -1) return null;
    const pki = new pkijs.Certificate({ schema: asn.result });
    return fromPki(pki, der.slice(0, asn.offset));
  } catch {
    return null;
  }
}

/** Wraps an already parsed pkijs certificate (from a CMS), re-encoding it: the TBS part keeps its bytes. */
export function fromPki(pki: pkijs.Certificate, der?: Uint8Array): Cert {
  const bytes = der ?? new Uint8Array(pki.toSchema(false).toBER(false));
  return {
    der: bytes,
    pki,
    fingerprint: sha256Hex(bytes),
    subjectDer: nameDer(pki.subject),
    issuerDer: nameDer(pki.issuer),
    serial: serialHex(pki.serialNumber.valueBlock.valueHexView),
    spki: new Uint8Array(pki.subjectPublicKeyInfo.toSchema().toBER(false)),
  };
}

/** The Name exactly as encoded in the certificate: comparing these bytes is the RFC 5280 match we need. */
export function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  if (name.valueBeforeDecode.byteLength > 0) return new Uint8Array(name.valueBeforeDecode);
  return new Uint8Array(name.toSchema().toBER(false));
}

/** The first value of an attribute type in a Name (CN, O, title…), decoded from any string type. */
export function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  for (const tv of name.typesAndValues) {
    if (tv.type !== oid) continue;
    const block = (tv.value as { valueBlock?: { value?: unknown } }).valueBlock;
    if (typeof block?.value === 'string') return block.value;
  }
  return null;
}

/** Verifies that `cert` was signed by the key of `issuer`. */
export function signedBy(cert: Cert, issuer: Cert): boolean {
  try {
    const sig = cert.pki.signatureValue.valueBlock.valueHexView;
    return verifyRaw(issuer.spki, cert.pki.signatureAlgorithm.algorithmId, null, cert.pki.tbsView, sig);
  } catch {
    return false;
  }
}

function extension(cert: Cert, oid: string): pkijs.Extension | undefined {
  return cert.pki.extensions?.find((e) => e.extnID === oid);
}

/** basicConstraints: cA flag and pathLenConstraint (undefined = unlimited). */
export function basicConstraints(cert: Cert): { ca: boolean; pathLen: number | undefined } {
  const value = extension(cert, OID.basicConstraints)?.parsedValue as pkijs.BasicConstraints | undefined;
  if (!value) return { ca: false, pathLen: undefined };
  const raw = value.pathLenConstraint as unknown;
  const pathLen = typeof raw === 'number' ? raw : (raw as asn1js.Integer | undefined)?.valueBlock?.valueDec;
  return { ca: value.cA === true, pathLen };
}

/** keyUsage bits (0 = digitalSignature … 8 = decipherOnly), or null when the extension is absent. */
export function keyUsageBits(cert: Cert): Set<number> | null {
  const value = extension(cert, OID.keyUsage)?.parsedValue as asn1js.BitString | undefined;
  if (!value?.valueBlock) return null;
  const bytes = value.valueBlock.valueHexView;
  const bits = new Set<number>();
  for (let i = 0; i < bytes.length * 8; i++) if ((bytes[i >> 3]! >> (7 - (i & 7))) & 1) bits.add(i);
  return bits;
}

export const KEY_USAGE = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;

/** extendedKeyUsage purposes, or null when absent. */
export function extKeyUsage(cert: Cert): string[] | null {
  const value = extension(cert, OID.extKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined;
  return value ? value.keyPurposes : null;
}

export function subjectKeyId(cert: Cert): string | null {
  const value = extension(cert, OID.subjectKeyIdentifier)?.parsedValue as asn1js.OctetString | undefined;
  return value?.valueBlock ? toHex(value.valueBlock.valueHexView) : null;
}

export function validity(cert: Cert): { notBefore: Date; notAfter: Date } {
  return { notBefore: cert.pki.notBefore.value, notAfter: cert.pki.notAfter.value };
}

export function isSelfIssued(cert: Cert): boolean {
  return Buffer.from(cert.subjectDer).equals(Buffer.from(cert.issuerDer));
}

export function commonName(cert: Cert): string | null {
  return nameAttribute(cert.pki.subject, '2.5.4.3');
}

/** What the report shows about a signer or a timestamp authority. */
export function summarise(cert: Cert): SignerSummary {
  const { notBefore, notAfter } = validity(cert);
  return {
    commonName: commonName(cert),
    organisation: nameAttribute(cert.pki.subject, '2.5.4.10'),
    title: nameAttribute(cert.pki.subject, '2.5.4.12'),
    serialNumber: cert.serial,
    issuerCommonName: nameAttribute(cert.pki.issuer, '2.5.4.3'),
    fingerprintSha256: cert.fingerprint,
    keyAlgorithm: keyAlgorithmName(cert.spki),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
  };
}
