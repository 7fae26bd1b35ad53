/**
 * Certificates of officials and unit seals: issued by the built-in province CA when an official is enrolled
 * (or on first signing), imported from a real CA's PKCS#12, revoked. One certificate is in use per official
 * and per seal; a new one revokes the old ("superseded"). Every change is audited.
 */
import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { listOfficialsOfUnit } from '../identity/index.ts';
import type { Official } from '../identity/index.ts';
import { findUnit } from '../tenancy/index.ts';
import type { Unit } from '../tenancy/index.ts';
import { authorities, forgetCrls, pkiUrls } from './authorities.ts';
import { nowOf } from './context.ts';
import type { SignaturesContext } from './context.ts';
import type { Signer } from './domain/ports.ts';
import {
  certificateFingerprint, certificateInfo, createLocalSigner, decryptPrivateKey, encryptPrivateKey, importPkcs12, issueOfficialCertificate, issueSealCertificate,
} from './pki/index.ts';
import { PkiError } from './pki/index.ts';
import type { CertifiedKey } from './pki/index.ts';
import { createRemoteSigner } from './remote-signer.ts';
import { findCertificateById, findCurrentCertificate, insertCertificateInTrx, revokeCertificateInTrx } from './store.ts';
import type { CertificateRow, NewCertificate } from './store.ts';

const YEAR_MS = 365.25 * 86400_000;
/** Officials' and seals' certificates of the built-in CA: three years, as Vietnamese CAs commonly issue. */
const VALID_YEARS = 3;

const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

function rowFor(ctx: SignaturesContext, owner: { unitId: number; officialId: number | null }, key: CertifiedKey, chain: readonly Uint8Array[], source: 'built_in' | 'pkcs12', by: string, sealed = true): NewCertificate {
  const info = certificateInfo(key.certificate);
  // createLocalSigner refuses other keys by name first (pki/asn1.ts keyAlgorithmOf).
  const algorithm = createLocalSigner(key).algorithm;
  return {
    unit_id: owner.unitId, official_id: owner.officialId, purpose: owner.officialId === null ? 'seal' : 'official', algorithm,
    certificate: key.certificate, chain: chain.map(b64), sealed_key: sealed ? encryptPrivateKey(key.privateKey, ctx.masters[0]!) : null, source,
    issuer_name: info.issuer.commonName ?? '', subject_name: info.subject.commonName ?? '', serial: info.serialNumber, fingerprint: certificateFingerprint(key.certificate),
    not_before: info.notBefore, not_after: info.notAfter, created_by_name: by,
  };
}

/** Stores a new certificate for its owner, revoking the one in use ("superseded"), with the audit entry. */
async function replaceInTrx(trx: Trx, audit: AuditActor, row: NewCertificate, action: string): Promise<CertificateRow> {
  const owner = row.official_id === null ? { sealOf: Number(row.unit_id) } : { officialId: Number(row.official_id) };
  const current = await findCurrentCertificate(trx, owner);
  if (current) {
    await revokeCertificateInTrx(trx, Number(current.id), new Date(), 'superseded');
    forgetCrls();
  }
  const saved = await insertCertificateInTrx(trx, row);
  await recordAuditInTrx(trx, audit, {
    action, unitId: Number(row.unit_id), targetType: 'certificate', targetId: row.serial,
    details: { purpose: row.purpose, officialId: row.official_id, subject: row.subject_name, issuer: row.issuer_name, source: row.source, fingerprint: row.fingerprint, replaced: current ? current.serial : null },
  });
  return saved;
}

async function officialOf(ctx: SignaturesContext, unitId: number, officialId: number): Promise<{ official: Official; unit: Unit }> {
  const [official, unit] = await Promise.all([listOfficialsOfUnit(ctx.db, unitId).then((all) => all.find((o) => o.id === officialId)), findUnit(ctx.db, unitId)]);
  if (!official || !unit) throw new Error(`no official ${officialId} in unit ${unitId}`);
  return { official, unit };
}

/** Issues an official's certificate from the built-in province CA (CN: full name, title: position, O: the unit's seal name). */
export async function enrolOfficial(ctx: SignaturesContext, audit: AuditActor, unitId: number, officialId: number): Promise<CertificateRow> {
  const [{ official, unit }, a] = await Promise.all([officialOf(ctx, unitId, officialId), authorities(ctx)]);
  const now = nowOf(ctx);
  const urls = pkiUrls(ctx.publicUrl);
  const key = await issueOfficialCertificate({
    issuer: a.provinceCa, algorithm: ctx.algorithm, validity: { notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + VALID_YEARS * YEAR_MS) },
    crlUrl: urls.provinceCrl, caIssuersUrl: urls.provinceCertificate, fullName: official.fullName, title: official.position || official.roles.join(', '), unitName: unit.sealName || unit.name,
  });
  const row = rowFor(ctx, { unitId, officialId }, key, [a.provinceCa.certificate, a.root.certificate], 'built_in', audit.name);
  return ctx.db.transaction().execute((trx) => replaceInTrx(trx, audit, row, 'signatures.certificate_issued'));
}

/** Issues the unit's seal certificate (CN and O: the name on the seal). */
export async function enrolSeal(ctx: SignaturesContext, audit: AuditActor, unitId: number): Promise<CertificateRow> {
  const [unit, a] = await Promise.all([findUnit(ctx.db, unitId), authorities(ctx)]);
  if (!unit) throw new Error(`no unit ${unitId}`);
  const now = nowOf(ctx);
  const urls = pkiUrls(ctx.publicUrl);
  const key = await issueSealCertificate({
    issuer: a.provinceCa, algorithm: ctx.algorithm, validity: { notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + VALID_YEARS * YEAR_MS) },
    crlUrl: urls.provinceCrl, caIssuersUrl: urls.provinceCertificate, unitName: unit.sealName || unit.name,
  });
  const row = rowFor(ctx, { unitId, officialId: null }, key, [a.provinceCa.certificate, a.root.certificate], 'built_in', audit.name);
  return ctx.db.transaction().execute((trx) => replaceInTrx(trx, audit, row, 'signatures.certificate_issued'));
}

/**
 * Imports a PKCS#12 from a real CA for an official (or for the unit's seal when `officialId` is null). The file's
 * MAC, password and key/certificate match are checked by `importPkcs12`; errors carry a `PkiError` code.
 */
export async function importCertificate(ctx: SignaturesContext, audit: AuditActor, owner: { unitId: number; officialId: number | null }, p12: Uint8Array, password: string): Promise<CertificateRow> {
  const identity = await importPkcs12(p12, password);
  const row = rowFor(ctx, owner, { certificate: identity.certificate, privateKey: identity.privateKey }, identity.chain, 'pkcs12', audit.name);
  return ctx.db.transaction().execute((trx) => replaceInTrx(trx, audit, row, 'signatures.certificate_imported'));
}

/** Revokes a certificate of the units in reach; the next CRL lists it. */
export async function revokeCertificate(ctx: SignaturesContext, audit: AuditActor, certificateId: number, reason: 'keyCompromise' | 'affiliationChanged' | 'cessationOfOperation' | 'unspecified'): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findCertificateById(trx, certificateId);
    if (!row || !(await revokeCertificateInTrx(trx, certificateId, nowOf(ctx), reason))) return false;
    forgetCrls();
    await recordAuditInTrx(trx, audit, { action: 'signatures.certificate_revoked', unitId: Number(row.unit_id), targetType: 'certificate', targetId: row.serial, details: { reason, subject: row.subject_name } });
    return true;
  });
}

/** The signer of a stored certificate: its key decrypted for this use only, or the remote signing service. */
export function signerOf(ctx: SignaturesContext, row: CertificateRow): Signer {
  if (!row.sealed_key) {
    if (!ctx.remoteSigner) throw new Error('the key of this certificate is not held by this server and no remote signing service is configured (SIGNING_REMOTE_URL)');
    return createRemoteSigner(ctx.remoteSigner, { algorithm: row.algorithm, certificate: new Uint8Array(row.certificate), chain: row.chain.map(unb64) });
  }
  return createLocalSigner({ privateKey: decryptPrivateKey(row.sealed_key, ctx.masters), certificate: row.certificate, chain: row.chain.map(unb64) });
}

/**
 * Registers a certificate whose private key stays in a remote signing service or HSM: only the certificate (and
 * its issuing chain) is stored; signatures are asked of the service (SIGNING_REMOTE_URL).
 */
export async function registerRemoteCertificate(ctx: SignaturesContext, audit: AuditActor, owner: { unitId: number; officialId: number | null }, certificate: Uint8Array, chain: readonly Uint8Array[]): Promise<CertificateRow> {
  const info = certificateInfo(certificate);
  if (info.keyAlgorithm !== 'RSA-2048' && info.keyAlgorithm !== 'ECDSA-P256') throw new PkiError('pki.unsupported_key', `unsupported key ${info.keyAlgorithm}: only RSA-2048 and ECDSA P-256 are supported`);
  const row: NewCertificate = {
    unit_id: owner.unitId, official_id: owner.officialId, purpose: owner.officialId === null ? 'seal' : 'official', algorithm: info.keyAlgorithm,
    certificate, chain: chain.map(b64), sealed_key: null, source: 'remote', issuer_name: info.issuer.commonName ?? '', subject_name: info.subject.commonName ?? '',
    serial: info.serialNumber, fingerprint: certificateFingerprint(certificate), not_before: info.notBefore, not_after: info.notAfter, created_by_name: audit.name,
  };
  return ctx.db.transaction().execute((trx) => replaceInTrx(trx, audit, row, 'signatures.certificate_registered_remote'));
}

/** The official's signer: their certificate in use, issued now by the built-in CA if they have none. */
export async function officialSigner(ctx: SignaturesContext, audit: AuditActor, unitId: number, officialId: number): Promise<{ signer: Signer; row: CertificateRow }> {
  const row = (await findCurrentCertificate(ctx.db, { officialId })) ?? (await enrolOfficial(ctx, audit, unitId, officialId));
  return { signer: signerOf(ctx, row), row };
}

/** The unit's seal signer, issued now by the built-in CA if it has none. */
export async function sealSigner(ctx: SignaturesContext, audit: AuditActor, unitId: number): Promise<{ signer: Signer; row: CertificateRow }> {
  const row = (await findCurrentCertificate(ctx.db, { sealOf: unitId })) ?? (await enrolSeal(ctx, audit, unitId));
  return { signer: signerOf(ctx, row), row };
}
