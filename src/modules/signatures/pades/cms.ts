/**
 * CAdES detached CMS SignedData for PAdES baseline (ETSI EN 319 122-1 / 319 142-1), built with pkijs.
 *
 * Signed attributes: contentType, messageDigest and ESS signing-certificate-v2, and deliberately no
 * signing-time: PAdES B-B forbids it (the claimed time lives in the signature dictionary's /M). The raw
 * signature comes from the `Signer` port over the DER of the signed-attributes SET, so a local key, an HSM
 * or a remote signing service all fit. B-T adds the RFC 3161 token over the signature value as the unsigned
 * attribute id-aa-signatureTimeStampToken.
 *
 * Names are never rebuilt from strings: pkijs keeps the parsed bytes of the certificate's issuer
 * (`valueBeforeDecode`) and we copy the issuer bytes for ESS straight out of the certificate DER. Rebuilding
 * is what double-encoded Vietnamese DNs in node-forge (research §4).
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Signer, TimestampAuthority } from '../domain/ports.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export interface CmsOptions {
  signer: Signer;
  /** SHA-256 of the signed content (for PAdES: the two byte ranges). */
  contentDigest: Uint8Array;
  /** When given, the signature is timestamped (B-T). */
  tsa?: TimestampAuthority;
}

const sha256 = (data: Uint8Array) => new Uint8Array(crypto.createHash('sha256').update(data).digest());
/**
 * A copy of the bytes in an ArrayBuffer of their own. `Uint8Array.prototype.slice` on purpose: a Node Buffer's own
 * `slice` returns a view of its pool (the PostgreSQL driver hands bytea columns back as pooled Buffers).
 */
const toArrayBuffer = (u8: Uint8Array): ArrayBuffer => Uint8Array.prototype.slice.call(u8).buffer as ArrayBuffer;

/** DER tag + length + content, for the few structures we assemble byte by byte. */
export function derTlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const n = body.length;
  let len: number[];
  if (n < 0x80) len = [n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = [0x80 | bytes.length, ...bytes];
  }
  return new Uint8Array(Buffer.concat([Buffer.from([tag, ...len]), body]));
}

function parseDer(der: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(der));
  if (parsed.offset === -1) throw new Error(`PAdES: cannot parse ${what}: ${parsed.result.error}`);
  return parsed.result;
}

/** The exact DER bytes of the certificate's issuer Name and serial INTEGER, cut from the TBSCertificate. */
function issuerAndSerialBytes(certDer: Uint8Array): { issuer: Uint8Array; serial: Uint8Array } {
  const cert = parseDer(certDer, 'certificate') as asn1js.Sequence;
  const tbs = cert.valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  // TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, ... }
  const first = fields[0]!;
  const at = first.idBlock.tagClass === 3 && first.idBlock.tagNumber === 0 ? 1 : 0;
  const raw = (b: asn1js.AsnType | undefined) => new Uint8Array(b!.valueBeforeDecodeView);
  return { serial: raw(fields[at]), issuer: raw(fields[at + 2]) };
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } (RFC 5035), with one ESSCertIDv2:
 * SEQUENCE { certHash OCTET STRING, issuerSerial SEQUENCE { GeneralNames { [4] Name }, serial } }.
 * hashAlgorithm is omitted because it is SHA-256, the DEFAULT, which DER forbids encoding.
 */
export function signingCertificateV2(certDer: Uint8Array): Uint8Array {
  const { issuer, serial } = issuerAndSerialBytes(certDer);
  const generalNames = derTlv(0x30, derTlv(0xa4, issuer)); // directoryName [4] EXPLICIT Name
  const essCertId = derTlv(0x30, derTlv(0x04, sha256(certDer)), derTlv(0x30, generalNames, serial));
  return derTlv(0x30, derTlv(0x30, essCertId));
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** The signed attributes in DER SET OF order (sorted by encoding: OpenSSL and NSS re-encode before verifying). */
function signedAttributes(certDer: Uint8Array, contentDigest: Uint8Array): { attrs: pkijs.Attribute[]; der: Uint8Array } {
  const attrs = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(contentDigest) })),
    attribute(OID.signingCertificateV2, parseDer(signingCertificateV2(certDer), 'signing-certificate-v2')),
  ];
  const encoded = attrs.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER(false)) }));
  encoded.sort((x, y) => Buffer.compare(x.der, y.der));
  return { attrs: encoded.map((e) => e.a), der: derTlv(0x31, ...encoded.map((e) => e.der)) };
}

function signatureAlgorithm(signer: Signer, cert: pkijs.Certificate): pkijs.AlgorithmIdentifier {
  const keyAlg = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  const expected = signer.algorithm === 'RSA-2048' ? OID.rsaEncryption : OID.ecPublicKey;
  if (keyAlg !== expected) throw new Error(`PAdES: signer says ${signer.algorithm} but its certificate key is ${keyAlg}`);
  return signer.algorithm === 'RSA-2048'
    ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
}

/** Checks the raw signature against the certificate: a wrong key or a raw (r‖s) ECDSA value fails here, not at the reader. */
function assertSignatureMatches(certDer: Uint8Array, data: Uint8Array, signature: Uint8Array): void {
  const key = new crypto.X509Certificate(certDer).publicKey;
  if (!crypto.verify('sha256', data, key, signature)) {
    throw new Error('PAdES: the signer returned a signature that does not verify with its certificate (wrong key, or ECDSA not DER-encoded?)');
  }
}

/** Builds the detached CMS (DER ContentInfo) over `contentDigest`. */
export async function buildCms(options: CmsOptions): Promise<Uint8Array> {
  const { signer, contentDigest, tsa } = options;
  if (contentDigest.length !== 32) throw new Error('PAdES: contentDigest must be a SHA-256 digest');
  const cert = pkijs.Certificate.fromBER(toArrayBuffer(signer.certificate));
  const { attrs, der } = signedAttributes(signer.certificate, contentDigest);
  const sigAlg = signatureAlgorithm(signer, cert);
  const signature = await signer.sign(der);
  assertSignatureMatches(signer.certificate, der, signature);

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs }),
    signatureAlgorithm: sigAlg,
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });
  if (tsa) {
    // The imprint is over the signature value (the OCTET STRING's content), ETSI EN 319 122-1 §5.3.
    const token = await tsa.timestamp(sha256(signature));
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [attribute(OID.signatureTimeStampToken, parseDer(token, 'timestamp token'))],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [signer.certificate, ...signer.chain].map((c) => pkijs.Certificate.fromBER(toArrayBuffer(c))),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
