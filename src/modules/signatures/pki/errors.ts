/**
 * Failures of the built-in PKI that a caller can act on. `code` is stable (the web adapter can map it
 * to a message key later); `message` is English, for logs and operators.
 */
export type PkiErrorCode =
  | 'pki.malformed' // bytes that are not the DER structure expected
  | 'pki.unsupported_key' // a key type or size outside RSA-2048 / ECDSA P-256
  | 'pki.key_mismatch' // the private key does not belong to the certificate
  | 'pki.invalid_name' // a DN value the chosen ASN.1 string type cannot hold
  | 'pki.wrong_certificate' // a certificate without the usage its role needs (e.g. a TSA without EKU timeStamping)
  | 'pki.invalid_validity' // empty validity, or a certificate that would outlive its issuer
  | 'key.invalid_master' // a master secret too short, or an id that is empty or longer than 255 bytes
  | 'key.unknown_master' // no master secret with the id an encrypted key names
  | 'key.wrong_master' // the master secret with that id is not the one the key was sealed with
  | 'key.corrupt' // the sealed key was altered or truncated
  | 'key.unsupported_version'
  | 'pkcs12.wrong_password'
  | 'pkcs12.unsupported_algorithm'
  | 'pkcs12.no_mac'
  | 'pkcs12.no_private_key'
  | 'pkcs12.no_certificate';

export class PkiError extends Error {
  constructor(
    readonly code: PkiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PkiError';
  }
}
