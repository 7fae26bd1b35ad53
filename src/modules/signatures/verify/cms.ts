/**
 * CMS SignedData (RFC 5652) as PAdES and RFC 3161 use it: one SignerInfo, signed attributes with
 * messageDigest and ESS signing-certificate(-v2). Parsing is pkijs; the checks are ours so that each
 * failure has its own reason code.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type Cert, fromPki, nameDer, subjectKeyId } from './certs.ts';
import { OID, UnsupportedAlgorithmError, bytesEqual, digestName, hash, serialHex, toHex, verifyRaw } from './crypto-util.ts';
import type { Check } from './types.ts';

export class CmsError extends Error {}

export interface ParsedCms {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  certs: Cert[];
  /** CRLs carried in the SignedData itself (DER). */
  crls: Uint8Array[];
  /** The encapsulated content (the TSTInfo of a timestamp token), null when detached. */
  eContent: Uint8Array | null;
  eContentType: string;
}

/**
 * The exact DER element at the start of `bytes`. /Contents is zero-padded to its reserved size; cutting
 * at the encoded length (instead of trimming zeros, which could eat a real trailing 00) also halves pkijs'
 * parse time. Indefinite-length BER keeps the whole buffer: asn1js finds its end itself.
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

/** Parses a ContentInfo holding SignedData with exactly one signer. Throws CmsError. */
export function parseSignedData(bytes: Uint8Array): ParsedCms {
  try {
    const der = derElement(bytes);
    const asn = asn1js.fromBER(der);
    if (asn.offset === -1) throw new CmsError(asn.result.error || 'BER');
    const info = new pkijs.ContentInfo({ schema: asn.result });
    if (info.contentType !== OID.signedData) throw new CmsError('not SignedData');
    const signedData = new pkijs.SignedData({ schema: info.content });
    if (signedData.signerInfos.length !== 1) throw new CmsError('expected one signer');
    const certs = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map((c) => fromPki(c));
    const crls = (signedData.crls ?? []).filter((c): c is pkijs.CertificateRevocationList => c instanceof pkijs.CertificateRevocationList);
    const eContent = signedData.encapContentInfo.eContent;
    return {
      signedData,
      signerInfo: signedData.signerInfos[0]!,
      certs,
      crls: crls.map((c) => new Uint8Array(c.toSchema(false).toBER(false))),
      eContent: eContent ? new Uint8Array(eContent.getValue()) : null,
      eContentType: signedData.encapContentInfo.eContentType,
    };
  } catch (error) {
    if (error instanceof CmsError) throw error;
    throw new CmsError(error instanceof Error ? error.message : String(error));
  }
}

/** The certificate the SignerInfo's sid names (issuer + serial, or subject key identifier). */
export function findSigner(cms: ParsedCms): Cert | null {
  const sid = cms.signerInfo.sid as unknown;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const issuer = nameDer(sid.issuer);
    const serial = serialHex(sid.serialNumber.valueBlock.valueHexView);
    return cms.certs.find((c) => c.serial === serial && bytesEqual(c.issuerDer, issuer)) ?? null;
  }
  // subjectKeyIdentifier [0]: pkijs leaves the raw block (primitive, or constructed around an OCTET STRING).
  const block = sid as { valueBlock?: { value?: asn1js.BaseBlock[]; valueHexView?: Uint8Array } } | undefined;
  const inner = block?.valueBlock?.value?.[0] as asn1js.OctetString | undefined;
  const skiBytes = inner?.valueBlock?.valueHexView ?? block?.valueBlock?.valueHexView;
  if (skiBytes?.length) {
    const ski = toHex(skiBytes);
    return cms.certs.find((c) => subjectKeyId(c) === ski) ?? null;
  }
  return null;
}

function signedAttr(cms: ParsedCms, oid: string): unknown {
  return cms.signerInfo.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
}

/** The raw signature value: what a signature timestamp's imprint covers. */
export function signatureValue(cms: ParsedCms): Uint8Array {
  return cms.signerInfo.signature.valueBlock.valueHexView;
}

/** The unsigned signature-time-stamp attribute, as the DER of its token. */
export function signatureTimestampToken(cms: ParsedCms): Uint8Array | null {
  const attr = cms.signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken);
  const value = attr?.values[0] as asn1js.BaseBlock | undefined;
  return value ? value.valueBeforeDecodeView : null;
}

/** messageDigest = hash of the content, with the SignerInfo's digest algorithm. */
export function checkDigest(cms: ParsedCms, content: Uint8Array): Check {
  const attr = signedAttr(cms, OID.messageDigest) as asn1js.OctetString | undefined;
  if (!attr?.valueBlock) return { status: 'failed', reason: 'digest_missing' };
  let algorithm: string;
  try {
    algorithm = digestName(cms.signerInfo.digestAlgorithm.algorithmId);
  } catch {
    return { status: 'unknown', reason: 'unsupported_algorithm', details: { algorithm: cms.signerInfo.digestAlgorithm.algorithmId } };
  }
  return bytesEqual(attr.valueBlock.valueHexView, hash(algorithm, content))
    ? { status: 'passed', reason: 'digest_ok', details: { algorithm } }
    : { status: 'failed', reason: 'digest_mismatch', details: { algorithm } };
}

/** The signature over the DER SET of the signed attributes (pkijs keeps those bytes, retagged 0x31). */
export function checkSignature(cms: ParsedCms, signer: Cert | null): Check {
  if (!signer) return { status: 'failed', reason: 'signer_certificate_missing' };
  const attrs = cms.signerInfo.signedAttrs;
  if (!attrs || attrs.encodedValue.byteLength === 0) return { status: 'failed', reason: 'digest_missing' };
  try {
    const ok = verifyRaw(signer.spki, cms.signerInfo.signatureAlgorithm.algorithmId, cms.signerInfo.digestAlgorithm.algorithmId, new Uint8Array(attrs.encodedValue), signatureValue(cms));
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
    const first = ((v2 ?? v1) as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const certId = first.valueBlock.value[0] as asn1js.Sequence;
    const parts = certId.valueBlock.value;
    let algorithm = v2 ? 'sha256' : 'sha1';
    let i = 0;
    if (v2 && parts[0] instanceof asn1js.Sequence) {
      algorithm = digestName(new pkijs.AlgorithmIdentifier({ schema: parts[0] }).algorithmId);
      i = 1;
    }
    const certHash = (parts[i] as asn1js.OctetString).valueBlock.valueHexView;
    return bytesEqual(certHash, hash(algorithm, signer.der))
      ? { status: 'passed', reason: 'signing_certificate_ok', details: { algorithm } }
      : { status: 'failed', reason: 'signing_certificate_mismatch' };
  } catch {
    return { status: 'failed', reason: 'signing_certificate_mismatch' };
  }
}
