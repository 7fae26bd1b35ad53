/**
 * Digital signatures: the install's own certificate authority and timestamp authority, officials' and seals'
 * certificates (built-in or imported), PAdES signing of results and forms, and verification of any signed PDF.
 * Other modules use only this file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import type { NavItem } from '../../platform/views/layout.ts';
import { masterFromAppSecret } from './context.ts';
import type { SignaturesContext } from './context.ts';

export type { SignaturesContext } from './context.ts';
export type { Signer, TimestampAuthority, KeyAlgorithm } from './domain/ports.ts';
export { authorities, currentCrls, pkiUrls } from './authorities.ts';
export { enrolOfficial, enrolSeal, importCertificate, revokeCertificate, officialSigner, sealSigner } from './enrolment.ts';
export { FIELDS, SigningRefused, sealResult, signAsUnit, signResult, verificationUrl } from './sign-documents.ts';
export { addFillableFields, fillFields, FieldFillRefused } from './pades/form-fields.ts';
export type { FillableField } from './pades/form-fields.ts';
export { MAX_VERIFY_BYTES, trustRoots, verifyDocument, verifyWithTrust } from './verify-documents.ts';
export { VERIFY_EXIT, certificatesFromFile, exitCodeOf, installTrust, reportText } from './verify-cli.ts';
export { signaturesRoutes } from './http/routes.ts';
export { VerifyInputError, explain, DEFAULT_REASON_TEXT } from './verify/index.ts';
export type { VerificationReport, SignatureReport, Check, ReasonCode } from './verify/index.ts';
export { findCurrentCertificate, listCertificatesOfUnits, findSignedDocument, findSignatureImage } from './store.ts';
export type { CertificateRow, SignedDocumentRow } from './store.ts';

export const signaturesMigrations: MigrationSource = {
  module: 'signatures',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

/** The module's context from the configuration: key secrets (or one derived from the app secret), key type, trust anchors. */
export function signaturesContext(db: Db, config: Pick<Config, 'appSecret' | 'publicUrl' | 'signing'>): SignaturesContext {
  // The configured secrets first (the first encrypts new keys); the app-secret one last, so keys made before
  // SIGNING_KEY_SECRETS was set still open (and can be re-encrypted).
  const masters = [...config.signing.keySecrets, masterFromAppSecret(config.appSecret)];
  return { db, masters, publicUrl: config.publicUrl, algorithm: config.signing.algorithm, extraTrustRoots: config.signing.extraTrustRoots, remoteSigner: config.signing.remote };
}
export { saveSignatureImage, signatureImageProblem } from './manage-images.ts';

/** The certificates page, for holders of signatures.manage (it opens on their own unit). */
export const signaturesNav: NavItem = { href: '/admin/certificates', label: 'signatures.certs.nav', permission: 'signatures.manage' };
export { registerRemoteCertificate } from './enrolment.ts';
export { createRemoteSigner, RemoteSigningError } from './remote-signer.ts';
