/**
 * The built-in PKI of a standalone install: pure functions over bytes and KeyObjects (no storage, no
 * HTTP). Other parts of the signatures module import from here.
 */
export {
  createProvinceCa,
  createRootCa,
  generateKeyPair,
  issueCertificate,
  issueOfficialCertificate,
  issueSealCertificate,
  issueTsaCertificate,
} from './ca.ts';
export type {
  CertificateKind,
  CertificateProfile,
  CertifiedKey,
  EndEntityOptions,
  OfficialOptions,
  ProvinceCaOptions,
  RootCaOptions,
  SealOptions,
  TsaCertificateOptions,
  Validity,
} from './ca.ts';
export { issueCrl, parseCrl, revocationOf, staticRevocationSource, verifyCrl } from './crl.ts';
export type { CrlInfo, CrlOptions, Revocation, RevocationReason, RevokedEntry } from './crl.ts';
export { createLocalTsa } from './tsa.ts';
export type { LocalTimestampAuthority, LocalTsaOptions } from './tsa.ts';
export { buildSignedData, signingCertificateV2 } from './cms.ts';
export type { SignedDataInput } from './cms.ts';
export { decryptPrivateKey, encryptPrivateKey, reencryptPrivateKey, sealedKeyMasterId } from './keys.ts';
export type { MasterSecret } from './keys.ts';
export { importPkcs12 } from './pkcs12.ts';
export type { ImportedIdentity } from './pkcs12.ts';
export { createLocalSigner } from './local-signer.ts';
export type { LocalSignerInput } from './local-signer.ts';
export { certificateFingerprint, certificateInfo, isWithinValidity } from './certificate-info.ts';
export type { CertificateInfo, NameInfo } from './certificate-info.ts';
export type { DistinguishedName } from './names.ts';
export { keyMatchesCertificate, normaliseSerial } from './asn1.ts';
export { PkiError } from './errors.ts';
export type { PkiErrorCode } from './errors.ts';
