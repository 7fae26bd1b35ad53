/**
 * The verification report: plain JSON-able data, so that the HTTP layer, the public page and the CLI
 * can show it (and localise its reason codes) without knowing anything about PDF or CMS.
 */

export type CheckStatus = 'passed' | 'failed' | 'unknown';

/** Every outcome of every check, as a stable code: the caller turns it into words in its own language. */
export type ReasonCode =
  // byteRange
  | 'byte_range_ok'
  | 'byte_range_malformed'
  | 'byte_range_out_of_file'
  | 'byte_range_not_framing_contents'
  | 'byte_range_not_revision_end'
  // digest
  | 'digest_ok'
  | 'digest_mismatch'
  | 'digest_missing'
  // signature (CMS)
  | 'signature_ok'
  | 'signature_invalid'
  | 'cms_malformed'
  | 'signer_certificate_missing'
  | 'unsupported_algorithm'
  // signingCertificate (ESS)
  | 'signing_certificate_ok'
  | 'signing_certificate_missing'
  | 'signing_certificate_mismatch'
  // chain
  | 'chain_ok'
  | 'untrusted_root'
  | 'certificate_expired'
  | 'certificate_not_yet_valid'
  | 'certificate_signature_invalid'
  | 'not_a_ca'
  | 'path_length_exceeded'
  | 'key_usage_not_allowed'
  // revocation
  | 'not_revoked'
  | 'revoked'
  | 'revoked_after_signing'
  | 'no_revocation_data'
  | 'revocation_data_stale'
  // timestamp
  | 'timestamp_ok'
  | 'no_timestamp'
  | 'timestamp_invalid'
  | 'timestamp_imprint_mismatch'
  | 'timestamp_untrusted'
  | 'tsa_not_timestamping'
  // modifiedAfter
  | 'unchanged_after_signing'
  | 'form_filled_after_signing'
  | 'last_revision'
  | 'content_changed_after_signing'
  | 'revision_unreadable'
  // a check that could not run because an earlier one failed
  | 'not_checked';

/** Parameters for the human explanation; values are short data (names, dates, codes), never sentences. */
export type CheckDetails = Record<string, string | number | boolean | string[]>;

export interface Check {
  status: CheckStatus;
  reason: ReasonCode;
  details?: CheckDetails;
}

export interface SignatureChecks {
  /** The /ByteRange frames exactly the /Contents hex string, starts at 0 and ends a revision. */
  byteRange: Check;
  /** messageDigest (or the timestamp imprint) equals the hash of the signed ranges. */
  digest: Check;
  /** The signature over the signed attributes verifies with the signer's key. */
  signature: Check;
  /** The ESS signing-certificate(-v2) attribute names the signer's certificate. */
  signingCertificate: Check;
  /** The signer's certificate chains to a trust root and is usable at the proven time. */
  chain: Check;
  /** No certificate of the chain was revoked at the proven time. */
  revocation: Check;
  /** The signature timestamp token (or, for a document timestamp, the token itself). */
  timestamp: Check;
  /** Nothing a reader sees changed in a later revision. */
  modifiedAfter: Check;
}

export interface SignerSummary {
  commonName: string | null;
  organisation: string | null;
  title: string | null;
  /** Certificate serial number, lowercase hex without leading zero bytes. */
  serialNumber: string;
  issuerCommonName: string | null;
  /** SHA-256 of the certificate DER, lowercase hex. */
  fingerprintSha256: string;
  /** 'RSA-2048', 'ECDSA-P256', … */
  keyAlgorithm: string;
  notBefore: string;
  notAfter: string;
}

export type SignatureStatus = 'valid' | 'invalid' | 'indeterminate';
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface SignatureReport {
  /** An approval signature, or an RFC 3161 document timestamp (/SubFilter /ETSI.RFC3161). */
  kind: 'signature' | 'document-timestamp';
  fieldName: string | null;
  subFilter: string | null;
  status: SignatureStatus;
  signer: SignerSummary | null;
  /** /M of the signature dictionary, ISO 8601: what the signer's software claims. */
  claimedTime: string | null;
  /** From a valid timestamp only, ISO 8601. */
  provenTime: string | null;
  provenTimeSource: 'signature-timestamp' | 'document-timestamp' | null;
  level: PadesLevel | null;
  byteRange: number[] | null;
  /** 1-based number of the revision this signature ends (null when the range ends no revision). */
  revision: number | null;
  /** True when nothing but whitespace follows the signed bytes: no later revision, no appended data. */
  coversWholeDocument: boolean;
  checks: SignatureChecks;
}

export type OverallStatus = 'valid' | 'invalid' | 'indeterminate' | 'unsigned';

export interface VerificationReport {
  status: OverallStatus;
  /** In file order (earliest revision first). */
  signatures: SignatureReport[];
  revisions: number;
  fileSha256: string;
  verifiedAt: string;
}

export interface VerifyOptions {
  /** Trusted root certificates, DER. */
  trustRoots: readonly Uint8Array[];
  /** CRLs (DER) to use besides those in the document's DSS, e.g. the install's current CRLs. */
  crls?: readonly Uint8Array[];
  /** The verification time; defaults to the current time. */
  now?: Date;
  /** Inputs larger than this are refused (VerifyInputError 'too_large'); default 50 MiB. */
  maxBytes?: number;
}
