/**
 * Default English explanations of the reason codes, for the CLI and logs. The web pages localise the
 * codes through the i18n catalogues instead; `{name}` placeholders take the check's details.
 */
import type { Check, ReasonCode } from './types.ts';

export const DEFAULT_REASON_TEXT: Record<ReasonCode, string> = {
  byte_range_ok: 'The signed byte ranges cover the file except the signature value.',
  byte_range_malformed: 'The /ByteRange is missing or malformed.',
  byte_range_out_of_file: 'The /ByteRange points outside the file.',
  byte_range_not_framing_contents: 'The gap in the /ByteRange is not exactly the signature value.',
  byte_range_not_revision_end: 'The signed bytes do not end at the end of a revision.',
  digest_ok: 'The signed bytes are unchanged.',
  digest_mismatch: 'The signed bytes were changed after signing.',
  digest_missing: 'The signature carries no message digest.',
  signature_ok: 'The cryptographic signature is valid.',
  signature_invalid: 'The cryptographic signature is not valid.',
  cms_malformed: 'The signature value is not a readable CMS SignedData.',
  signer_certificate_missing: "The signer's certificate is not in the signature.",
  unsupported_algorithm: 'The algorithm {algorithm} is not supported.',
  signing_certificate_ok: "The signed attributes name the signer's certificate.",
  signing_certificate_missing: "The signed attributes do not name the signer's certificate (ESS).",
  signing_certificate_mismatch: "The certificate named in the signed attributes is not the signer's.",
  chain_ok: 'The certificate chains to a trusted root.',
  untrusted_root: 'The certificate of {subject} does not chain to a trusted root.',
  certificate_expired: 'The certificate of {subject} expired on {notAfter}.',
  certificate_not_yet_valid: 'The certificate of {subject} was not yet valid at {at}.',
  certificate_signature_invalid: 'The certificate of {subject} is not validly signed by its issuer.',
  not_a_ca: '{subject} is not allowed to issue certificates.',
  path_length_exceeded: 'The chain is longer than {subject} allows.',
  key_usage_not_allowed: 'The certificate of {subject} is not for signing.',
  not_revoked: 'No certificate of the chain was revoked.',
  revoked: 'The certificate of {subject} was revoked on {revokedAt}.',
  revoked_after_signing: 'The certificate of {subject} was revoked on {revokedAt}, after the proven signing time.',
  no_revocation_data: 'No revocation information for the certificate of {subject}.',
  revocation_data_stale: 'The revocation information for the certificate of {subject} is too old.',
  timestamp_ok: 'The timestamp is valid.',
  no_timestamp: 'The signature has no timestamp; its time is only claimed.',
  timestamp_invalid: 'The timestamp is not valid ({cause}).',
  timestamp_imprint_mismatch: 'The timestamp does not cover this signature.',
  timestamp_untrusted: 'The timestamp authority is not trusted ({cause}).',
  tsa_not_timestamping: 'The timestamp was not made with a timestamping certificate.',
  unchanged_after_signing: 'Nothing visible changed after signing.',
  form_filled_after_signing: 'After signing, only empty form fields were filled in: {fields}.',
  last_revision: 'The signature covers the whole document.',
  content_changed_after_signing: 'The document was changed after signing: {changes}.',
  revision_unreadable: 'The signed revision could not be compared with the final document.',
  not_checked: 'Not checked.',
};

/** A check's English explanation with its details filled in. */
export function explain(check: Check): string {
  return DEFAULT_REASON_TEXT[check.reason].replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = check.details?.[key];
    return value === undefined ? `{${key}}` : Array.isArray(value) ? value.join(', ') : String(value);
  });
}
