/**
 * The seams of the signatures module. Local keys, a remote signing service or an HSM all fit `Signer`;
 * the built-in timestamp authority or an RFC 3161 server over HTTP both fit `TimestampAuthority`.
 */

export type KeyAlgorithm = 'RSA-2048' | 'ECDSA-P256';

/** Makes raw signatures with one key: the PAdES code never sees the private key. */
export interface Signer {
  readonly algorithm: KeyAlgorithm;
  /** The signer's certificate, DER. */
  readonly certificate: Uint8Array;
  /** The issuing CA certificates from the signer's issuer up to and including the root, DER. */
  readonly chain: readonly Uint8Array[];
  /**
   * Signs `data` with SHA-256: RSA PKCS#1 v1.5, or ECDSA with a DER-encoded (r, s).
   * For PAdES `data` is the DER of the signed attributes SET.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** An RFC 3161 timestamp authority. */
export interface TimestampAuthority {
  /** A TimeStampToken (DER ContentInfo of SignedData) over the SHA-256 `digest`. */
  timestamp(digest: Uint8Array): Promise<Uint8Array>;
}

/** Revocation data a signer can embed (B-LT) and a verifier can use. */
export interface RevocationSource {
  /** Current CRLs (DER) for the issuers of these certificates. */
  crlsFor(certificates: readonly Uint8Array[]): Promise<Uint8Array[]>;
}
