/**
 * CMS SignedData (RFC 5652) as PAdES and RFC 3161 use it: one SignerInfo, signed attributes with
 * messageDigest and ESS signing-certificate(-v2). Read with the DER reader (ber.ts): each field is a view into the
 * input, and the checks are ours so that each failure has its own reason code.
 */
import { checkWellFormed } from './ber-check.ts';
import { type Node, TAG, algorithmOf, children, childrenOf, content, expect, fail, integerHex, octets, oidOf, read, whole } from './ber.ts';
import { type Cert, readCert } from './certs.ts';
import { OID, UnsupportedAlgorithmError, bytesEqual, digestName, hash, toHex, verifyRaw } from './crypto-util.ts';
import type { Check } from './types.ts';

export class CmsError extends Error {}

/**
 * The exact DER element at the start of `bytes`. /Contents is zero-padded to its reserved size; cutting
 * at the encoded length (instead of trimming zeros, which could eat a real trailing 00) keeps the padding out of
 * every later step. Indefinite-length BER keeps the whole buffer: ber.ts finds its end itself.
 */
export function derElement(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x30) throw new CmsError('not a DER SEQUENCE');
  const first = bytes[1]!;
  if (first < 0x80) return bytes.subarray(0, 2 + first);
  if (first === 0x80) return bytes;
  const n = first & 0x7f;
  if (n > 4 || bytes.length < 2 + n) throw new CmsError('bad DER length');
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i]!;
  if (2 + n + len > bytes.length) throw new CmsError('DER longer than its container');
  return bytes.subarray(0, 2 + n + len);
}

/** An Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY }, its values as elements of the CMS. */
export interface Attribute {
  type: string;
  values: Node[];
}

export interface SignerInfo {
  /** issuerAndSerialNumber (issuer Name as encoded, normalised serial) or subjectKeyIdentifier (hex). */
  sid: { issuer: Uint8Array; serial: string } | { ski: string } | null;
  digestAlgorithm: string;
  /** The signed attributes as the DER SET the signature covers ([0] retagged 0x31), null when absent. */
  signedAttrsDer: Uint8Array | null;
  signedAttrs: Attribute[];
  signatureAlgorithm: string;
  /** A view into the CMS bytes. */
  signature: Uint8Array;
  unsignedAttrs: Attribute[];
}

export interface ParsedCms {
  /** The ContentInfo; every Node refers to these bytes. */
  bytes: Uint8Array;
  signerInfo: SignerInfo;
  certs: Cert[];
  /** CRLs carried in the SignedData itself (DER). */
  crls: Uint8Array[];
  /** The encapsulated content (the TSTInfo of a timestamp token), null when detached. */
  eContent: Uint8Array | null;
  eContentType: string;
}

function attributes(bytes: Uint8Array, field: Node | undefined): Attribute[] {
  if (!field) return [];
  return children(bytes, field).map((attr) => {
    const [type, values] = childrenOf(bytes, attr, TAG.sequence);
    return { type: oidOf(bytes, type), values: childrenOf(bytes, values, TAG.set) };
  });
}

function signerIdentifier(bytes: Uint8Array, sid: Node | undefined): SignerInfo['sid'] {
  if (sid?.tag === TAG.sequence) {
    const [issuer, serial] = children(bytes, sid);
    return { issuer: whole(bytes, expect(issuer, TAG.sequence)), serial: integerHex(bytes, serial) };
  }
  // subjectKeyIdentifier [0]: primitive (IMPLICIT), or constructed around an OCTET STRING.
  if (sid?.tag === 0x80) return { ski: toHex(content(bytes, sid)) };
  if (sid?.tag === 0xa0) return { ski: toHex(content(bytes, expect(children(bytes, sid)[0], TAG.octetString))) };
  return null;
}

function signerInfo(bytes: Uint8Array, node: Node): SignerInfo {
  // SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] signedAttrs OPTIONAL, signatureAlgorithm, signature, [1] unsignedAttrs OPTIONAL }
  const f = childrenOf(bytes, node, TAG.sequence);
  expect(f[0], TAG.integer);
  let i = 3;
  const signed = f[i]?.tag === 0xa0 ? f[i++] : undefined;
  const signatureAlgorithm = algorithmOf(bytes, f[i++]);
  const signature = octets(bytes, f[i++] ?? expect(undefined, TAG.octetString));
  const unsigned = f[i]?.tag === 0xa1 ? f[i++] : undefined;
  // Nothing may follow: an element there is not an unsigned attribute set we can read (the pkijs schema refused it).
  if (f.length > i) fail('unexpected element at the end of the SignerInfo');
  let signedAttrsDer: Uint8Array | null = null;
  if (signed) {
    signedAttrsDer = Uint8Array.prototype.slice.call(whole(bytes, signed));
    signedAttrsDer[0] = TAG.set;
  }
  return {
    sid: signerIdentifier(bytes, f[1]),
    digestAlgorithm: algorithmOf(bytes, f[2]),
    signedAttrsDer,
    signedAttrs: attributes(bytes, signed),
    signatureAlgorithm,
    signature,
    unsignedAttrs: attributes(bytes, unsigned),
  };
}

/** Parses a ContentInfo holding SignedData with exactly one signer. Throws CmsError. */
export function parseSignedData(input: Uint8Array): ParsedCms {
  try {
    const element = derElement(input);
    const root = read(element, 0);
    const bytes = element.subarray(0, root.end);
    // As asn1js did: structurally broken BER anywhere (a certificate copy nobody uses included) makes the CMS malformed.
    checkWellFormed(bytes, root);
    const [contentType, explicit] = childrenOf(bytes, root, TAG.sequence);
    if (oidOf(bytes, contentType) !== OID.signedData) throw new CmsError('not SignedData');
    // SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo, [0] certificates OPTIONAL, [1] crls OPTIONAL, signerInfos }
    const sd = childrenOf(bytes, childrenOf(bytes, explicit, 0xa0)[0], TAG.sequence);
    expect(sd[0], TAG.integer);
    expect(sd[1], TAG.set);
    const [eContentType, eContent] = childrenOf(bytes, sd[2], TAG.sequence);
    let i = 3;
    const certs = sd[i]?.tag === 0xa0 ? children(bytes, sd[i++]!) : [];
    const crls = sd[i]?.tag === 0xa1 ? children(bytes, sd[i++]!) : [];
    const signers = childrenOf(bytes, sd[i++], TAG.set);
    if (sd.length > i) throw new CmsError('unexpected element at the end of the SignedData');
    if (signers.length !== 1) throw new CmsError('expected one signer');
    return {
      bytes,
      signerInfo: signerInfo(bytes, signers[0]!),
      // Other CertificateChoices ([0]–[3]: attribute certificates…) and other revocation formats are skipped.
      certs: certs.filter((c) => c.tag === TAG.sequence).map((c) => readCert(whole(bytes, c))),
      crls: crls.filter((c) => c.tag === TAG.sequence).map((c) => whole(bytes, c)),
      eContent: eContent ? octets(bytes, childrenOf(bytes, eContent, 0xa0)[0] ?? expect(undefined, TAG.octetString)) : null,
      eContentType: oidOf(bytes, eContentType),
    };
  } catch (error) {
    if (error instanceof CmsError) throw error;
    throw new CmsError(error instanceof Error ? error.message : String(error));
  }
}

/** The certificate the SignerInfo's sid names (issuer + serial, or subject key identifier). */
export function findSigner(cms: ParsedCms): Cert | null {
  const sid = cms.signerInfo.sid;
  if (!sid) return null;
  if ('ski' in sid) return sid.ski ? (cms.certs.find((c) => c.subjectKeyId === sid.ski) ?? null) : null;
  return cms.certs.find((c) => c.serial === sid.serial && bytesEqual(c.issuerDer, sid.issuer)) ?? null;
}

/** The first value of a signed attribute, as an element of the CMS. */
function signedAttr(cms: ParsedCms, oid: string): Node | undefined {
  return cms.signerInfo.signedAttrs.find((a) => a.type === oid)?.values[0];
}

/** The raw signature value: what a signature timestamp's imprint covers. */
export function signatureValue(cms: ParsedCms): Uint8Array {
  return cms.signerInfo.signature;
}

/** The unsigned signature-time-stamp attribute, as the DER of its token. */
export function signatureTimestampToken(cms: ParsedCms): Uint8Array | null {
  const value = cms.signerInfo.unsignedAttrs.find((a) => a.type === OID.signatureTimeStampToken)?.values[0];
  return value ? whole(cms.bytes, value) : null;
}

/**
 * messageDigest = hash of the content, with the SignerInfo's digest algorithm. `content` may come in parts (the two
 * signed ranges of a PDF), hashed without joining them.
 */
export function checkDigest(cms: ParsedCms, content: Uint8Array | readonly Uint8Array[]): Check {
  const attr = signedAttr(cms, OID.messageDigest);
  if (!attr) return { status: 'failed', reason: 'digest_missing' };
  let algorithm: string;
  try {
    algorithm = digestName(cms.signerInfo.digestAlgorithm);
  } catch {
    return { status: 'unknown', reason: 'unsupported_algorithm', details: { algorithm: cms.signerInfo.digestAlgorithm } };
  }
  // A constructed value has no octets of its own here: it cannot match (DER makes it primitive).
  const expected = attr.tag & 0x20 ? new Uint8Array() : cms.bytes.subarray(attr.contentStart, attr.contentEnd);
  return bytesEqual(expected, hash(algorithm, ...(content instanceof Uint8Array ? [content] : content)))
    ? { status: 'passed', reason: 'digest_ok', details: { algorithm } }
    : { status: 'failed', reason: 'digest_mismatch', details: { algorithm } };
}

/** The signature over the DER SET of the signed attributes (the [0] bytes as received, retagged 0x31). */
export function checkSignature(cms: ParsedCms, signer: Cert | null): Check {
  if (!signer) return { status: 'failed', reason: 'signer_certificate_missing' };
  const attrs = cms.signerInfo.signedAttrsDer;
  if (!attrs) return { status: 'failed', reason: 'digest_missing' };
  try {
    const ok = verifyRaw(signer.publicKey, cms.signerInfo.signatureAlgorithm, cms.signerInfo.digestAlgorithm, attrs, signatureValue(cms));
    return ok ? { status: 'passed', reason: 'signature_ok' } : { status: 'failed', reason: 'signature_invalid' };
  } catch (error) {
    if (error instanceof UnsupportedAlgorithmError) return { status: 'unknown', reason: 'unsupported_algorithm', details: { algorithm: error.oid } };
    return { status: 'failed', reason: 'signature_invalid' };
  }
}

/**
 * ESS signing-certificate-v2 (or v1, SHA-1) binds the signer's certificate into the signed attributes,
 * so that a certificate substituted in the unsigned certificate set is caught. `required` for PAdES
 * baseline (ETSI.CAdES.detached) and timestamp tokens; optional for legacy adbe.pkcs7.detached.
 */
export function checkSigningCertificate(cms: ParsedCms, signer: Cert | null, required: boolean): Check {
  if (!signer) return { status: 'failed', reason: 'signer_certificate_missing' };
  const v2 = signedAttr(cms, OID.signingCertificateV2);
  const v1 = v2 ? undefined : signedAttr(cms, OID.signingCertificate);
  if (!v2 && !v1) return { status: required ? 'failed' : 'unknown', reason: 'signing_certificate_missing' };
  try {
    // SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), … }; the first ESSCertID names the signer.
    const { bytes } = cms;
    const first = childrenOf(bytes, v2 ?? v1, TAG.sequence)[0];
    const parts = childrenOf(bytes, childrenOf(bytes, first, TAG.sequence)[0], TAG.sequence);
    let algorithm = v2 ? 'sha256' : 'sha1';
    let i = 0;
    if (v2 && parts[0]?.tag === TAG.sequence) {
      algorithm = digestName(algorithmOf(bytes, parts[0]));
      i = 1;
    }
    const certHash = content(bytes, expect(parts[i], TAG.octetString));
    return bytesEqual(certHash, hash(algorithm, signer.der))
      ? { status: 'passed', reason: 'signing_certificate_ok', details: { algorithm } }
      : { status: 'failed', reason: 'signing_certificate_mismatch' };
  } catch {
    return { status: 'failed', reason: 'signing_certificate_mismatch' };
  }
}
