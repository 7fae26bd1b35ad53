/**
 * Small crypto helpers shared by the CMS, chain, CRL and timestamp code. Raw signatures are verified
 * with Node's crypto (OpenSSL) rather than pkijs' WebCrypto engine: synchronous, faster, and one place
 * decides which algorithms we accept.
 */
import crypto, { type KeyObject } from 'node:crypto';

export const OID = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

const DIGESTS: Readonly<Record<string, string>> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** Signature algorithm OIDs that name their hash (X.509, CRLs, and CMS signers that use them). */
const SIGNATURE_HASH: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  [OID.ed25519]: null,
};

export class UnsupportedAlgorithmError extends Error {
  constructor(readonly oid: string) {
    super(`unsupported algorithm ${oid}`);
  }
}

/** Node's name for a digest algorithm OID; throws UnsupportedAlgorithmError for others. */
export function digestName(oid: string): string {
  const name = Object.hasOwn(DIGESTS, oid) ? DIGESTS[oid] : undefined;
  if (!name) throw new UnsupportedAlgorithmError(oid);
  return name;
}

export function hash(algorithm: string, ...parts: Uint8Array[]): Uint8Array {
  const h = crypto.createHash(algorithm);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function sha256Hex(...parts: Uint8Array[]): string {
  return Buffer.from(hash('sha256', ...parts)).toString('hex');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A serial number as lowercase hex without the sign/padding zero bytes, so both sides compare equal. */
export function serialHex(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return toHex(bytes.subarray(i));
}

/**
 * Verifies `signature` over `data` with a public key (made only once the algorithm is known to be supported: a
 * certificate's key is made on first use and kept, certs.ts).
 * `signatureOid` picks the hash; plain key OIDs (rsaEncryption, id-ecPublicKey, which CMS signers often
 * put in signatureAlgorithm) fall back to `digestOid`. ECDSA signatures are DER (r, s), Node's default.
 */
export function verifyRaw(publicKey: () => KeyObject, signatureOid: string, digestOid: string | null, data: Uint8Array, signature: Uint8Array): boolean {
  let hashName: string | null;
  if (Object.hasOwn(SIGNATURE_HASH, signatureOid)) hashName = SIGNATURE_HASH[signatureOid]!;
  else if ((signatureOid === OID.rsaEncryption || signatureOid === OID.ecPublicKey) && digestOid) hashName = digestName(digestOid);
  else throw new UnsupportedAlgorithmError(signatureOid);
  const key = publicKey();
  try {
    return crypto.verify(hashName, data, key, signature);
  } catch {
    // OpenSSL throws on structurally broken signatures (bad DER, wrong length): that is just "invalid".
    return false;
  }
}

/** 'RSA-2048', 'ECDSA-P256', 'Ed25519', … from a public key. */
export function keyAlgorithmName(publicKey: () => KeyObject): string {
  try {
    const key = publicKey();
    const d = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return `RSA-${d.modulusLength ?? '?'}`;
    if (key.asymmetricKeyType === 'ec') {
      const curves: Record<string, string> = { prime256v1: 'P256', secp384r1: 'P384', secp521r1: 'P521' };
      return `ECDSA-${curves[d.namedCurve ?? ''] ?? d.namedCurve ?? '?'}`;
    }
    if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
    return key.asymmetricKeyType ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
