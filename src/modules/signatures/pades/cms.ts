/**
 * CAdES detached CMS SignedData for PAdES baseline (ETSI EN 319 122-1 / 319 142-1), assembled as DER by the pki
 * part (pki/cms.ts `buildSignedData`, shared with the timestamp authority's tokens).
 *
 * Signed attributes: contentType, messageDigest and ESS signing-certificate-v2, and deliberately no
 * signing-time: PAdES B-B forbids it (the claimed time lives in the signature dictionary's /M). The raw
 * signature comes from the `Signer` port over the DER of the signed-attributes SET, so a local key, an HSM
 * or a remote signing service all fit. B-T adds the RFC 3161 token over the signature value as the unsigned
 * attribute id-aa-signatureTimeStampToken, inserted as the authority's own bytes.
 *
 * Names are never rebuilt from strings: the issuer Name and serial are the certificate's own bytes, cut from
 * its DER (pki/certificate-parts.ts). Rebuilding is what double-encoded Vietnamese DNs in node-forge (research §4).
 */
import crypto from 'node:crypto';
import type { Signer, TimestampAuthority } from '../domain/ports.ts';
import { childrenOf, oid, readTlv } from '../domain/der.ts';
import { attribute, buildSignedData } from '../pki/cms.ts';

export { signingCertificateV2 } from '../pki/cms.ts';

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
 * The token as the authority sent it, checked to be one DER ContentInfo of SignedData filling the bytes exactly
 * (an outside RFC 3161 server's answer goes into the PDF as it is, so nothing malformed may slip in).
 */
function checkedToken(token: Uint8Array): Uint8Array {
  try {
    const outer = readTlv(token, 0);
    const [type, content, ...rest] = childrenOf(token, outer);
    const signedData = oid(OID.signedData);
    const isSignedData = type !== undefined && Buffer.from(token.subarray(type.start, type.end)).equals(signedData);
    if (outer.tag !== 0x30 || outer.end !== token.length || !isSignedData || content?.tag !== 0xa0 || rest.length) throw new Error('shape');
    if (readTlv(token, content.contentStart, content.end).tag !== 0x30) throw new Error('shape');
  } catch {
    throw new Error('PAdES: the timestamp authority returned something that is not a DER TimeStampToken');
  }
  return token;
}

/** Builds the detached CMS (DER ContentInfo) over `contentDigest`. */
export async function buildCms(options: CmsOptions): Promise<Uint8Array> {
  const { signer, contentDigest, tsa } = options;
  if (contentDigest.length !== 32) throw new Error('PAdES: contentDigest must be a SHA-256 digest');
  return buildSignedData({
    signer,
    eContentType: OID.data,
    contentDigest,
    includeCertificates: true,
    // The imprint is over the signature value (the OCTET STRING's content), ETSI EN 319 122-1 §5.3.
    unsignedAttributes: tsa
      ? async (signature) => [attribute(OID.signatureTimeStampToken, checkedToken(await tsa.timestamp(sha256(signature))))]
      : undefined,
  });
}
