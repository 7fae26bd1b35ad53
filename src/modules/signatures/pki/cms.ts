/**
 * The CMS SignedData this server emits (RFC 5652, one SignerInfo, ESS signing-certificate-v2 of RFC 5035): the
 * timestamp authority's tokens (encapsulated TSTInfo) and the PAdES signatures (detached, pades/cms.ts). The raw
 * signature comes from a Signer (ports.ts), so a key can live in an HSM or a remote service.
 *
 * Assembled as DER byte by byte (domain/der.ts) rather than through pkijs objects, which cost most of a signature's
 * time (docs/PERFORMANCE.md, issue #5). The certificates, the issuer Name and the serial go in as their own bytes,
 * cut once per certificate (certificate-parts.ts): nothing is rebuilt from strings (research §8, pitfall 1).
 */
import crypto from 'node:crypto';
import type { Signer } from '../domain/ports.ts';
import { explicit, integer, NULL, octetString, oid, sequence, setOf, tlv } from '../domain/der.ts';
import { OID } from './asn1.ts';
import { certificateParts, type CertificateParts } from './certificate-parts.ts';
import { PkiError } from './errors.ts';

const ID_DATA = '1.2.840.113549.1.7.1';

/** AlgorithmIdentifier sha256: no parameters (RFC 5754 §2). */
export const SHA256_ALGORITHM: Uint8Array = sequence(oid(OID.sha256));
/** sha256WithRSAEncryption with NULL parameters (RFC 4055), ecdsa-with-SHA256 without (RFC 5758). */
const SIGNATURE_ALGORITHM = {
  'RSA-2048': { keyType: 'rsa', der: sequence(oid(OID.sha256WithRsa), NULL) },
  'ECDSA-P256': { keyType: 'ec', der: sequence(oid(OID.ecdsaWithSha256)) },
} as const;

/** Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF value }, DER. */
export function attribute(type: string, ...values: readonly Uint8Array[]): Uint8Array {
  return sequence(oid(type), setOf(values));
}

/** The ESS signing-certificate-v2 value (DER) naming this certificate: its SHA-256, issuer and serial. */
export function signingCertificateV2(certificateDer: Uint8Array): Uint8Array {
  return certificateParts(certificateDer).signingCertificateV2;
}

export interface SignedDataInput {
  readonly signer: Signer;
  readonly eContentType: string;
  /** The content, encapsulated in the SignedData. Omitted: a detached signature over `contentDigest`. */
  readonly eContent?: Uint8Array;
  /** SHA-256 of the detached content (PAdES: of the two byte ranges). */
  readonly contentDigest?: Uint8Array;
  /** Put the signer's certificate and chain into `certificates`. */
  readonly includeCertificates: boolean;
  /** Unsigned attributes (each a DER Attribute) made from the signature value: the B-T signature timestamp. */
  readonly unsignedAttributes?: (signature: Uint8Array) => Promise<readonly Uint8Array[]>;
}

/**
 * A ContentInfo wrapping SignedData with one SignerInfo, DER. Signed attributes: content-type, message-digest and
 * ESS signing-certificate-v2, in DER SET order; no signing-time (PAdES B-B forbids it, a token has genTime).
 */
export async function buildSignedData(input: SignedDataInput): Promise<Uint8Array> {
  const { signer } = input;
  const cert = certificateParts(signer.certificate);
  const algorithm = signatureAlgorithm(signer, cert);
  const digest = input.eContent ? sha256(input.eContent) : input.contentDigest;
  if (digest?.length !== 32) throw new PkiError('pki.malformed', 'a detached signature needs the SHA-256 digest of its content');
  const signedAttributes = setOf([
    attribute(OID.contentType, oid(input.eContentType)),
    attribute(OID.messageDigest, octetString(digest)),
    attribute(OID.signingCertificateV2, cert.signingCertificateV2),
  ]);
  // The signature covers the attributes encoded as a SET (tag 0x31); they are sent as [0] IMPLICIT.
  const signature = await signer.sign(signedAttributes);
  assertSignatureMatches(cert, signedAttributes, signature);
  const unsigned = input.unsignedAttributes ? await input.unsignedAttributes(signature) : [];
  const sentAttributes = Uint8Array.prototype.slice.call(signedAttributes);
  sentAttributes[0] = 0xa0;
  const signerInfo = sequence(
    integer(1), // issuerAndSerialNumber
    sequence(cert.issuer, cert.serial),
    SHA256_ALGORITHM,
    sentAttributes,
    algorithm,
    octetString(signature),
    ...(unsigned.length ? [setOf(unsigned, 0xa1)] : []),
  );
  const encapContentInfo = sequence(oid(input.eContentType), ...(input.eContent ? [explicit(0, octetString(input.eContent))] : []));
  // [0] IMPLICIT CertificateSet: the signer's first, then its chain, each as the bytes it was issued as.
  const certificates = input.includeCertificates ? [tlv(0xa0, cert.der, ...signer.chain.map((c) => certificateParts(c).der))] : [];
  const signedData = sequence(
    integer(input.eContentType === ID_DATA ? 1 : 3), // RFC 5652 §5.1: 3 when the content is not id-data
    tlv(0x31, SHA256_ALGORITHM),
    encapContentInfo,
    ...certificates,
    tlv(0x31, signerInfo),
  );
  return sequence(oid(OID.signedData), explicit(0, signedData));
}

function signatureAlgorithm(signer: Signer, cert: CertificateParts): Uint8Array {
  const expected = SIGNATURE_ALGORITHM[signer.algorithm];
  if (!expected) throw new PkiError('pki.unsupported_key', `unsupported signer algorithm ${String(signer.algorithm)}`);
  const actual = cert.publicKey.asymmetricKeyType;
  if (actual !== expected.keyType) throw new PkiError('pki.key_mismatch', `the signer says ${signer.algorithm} but its certificate key is ${actual}`);
  return expected.der;
}

/** Checks the raw signature against the certificate: a wrong key or a raw (r‖s) ECDSA value fails here, not at the reader. */
function assertSignatureMatches(cert: CertificateParts, data: Uint8Array, signature: Uint8Array): void {
  if (!crypto.verify('sha256', data, cert.publicKey, signature)) {
    throw new PkiError('pki.key_mismatch', 'the signer returned a signature that does not verify with its certificate (wrong key, or ECDSA not DER-encoded?)');
  }
}

const sha256 = (data: Uint8Array) => new Uint8Array(crypto.createHash('sha256').update(data).digest());
