/** The signatures module's tables, and the only code that names them. */
import { sql } from 'kysely';
import type { Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { KeyAlgorithm } from './domain/ports.ts';

export type AuthorityKind = 'root' | 'province_ca' | 'tsa';
export type CertificatePurpose = 'official' | 'seal';

export interface SignaturesTables {
  pki_authorities: {
    id: Generated<number>;
    kind: AuthorityKind;
    algorithm: KeyAlgorithm;
    certificate: Uint8Array;
    sealed_key: Uint8Array;
    crl_number: Generated<number>;
    created_at: Generated<Date>;
  };
  signing_certificates: {
    id: Generated<number>;
    unit_id: number;
    official_id: number | null;
    purpose: CertificatePurpose;
    algorithm: KeyAlgorithm;
    certificate: Uint8Array;
    /** Base64 DER of the issuing CAs up to the root. */
    chain: string[];
    sealed_key: Uint8Array | null;
    source: 'built_in' | 'pkcs12' | 'remote';
    issuer_name: string;
    subject_name: string;
    serial: string;
    fingerprint: string;
    not_before: Date;
    not_after: Date;
    revoked_at: Date | null;
    revocation_reason: string | null;
    created_at: Generated<Date>;
    created_by_name: string;
  };
  signature_images: { official_id: number; image: Uint8Array; uploaded_at: Generated<Date> };
  signed_documents: {
    id: Generated<number>;
    public_id: string;
    unit_id: number;
    title: string;
    file_name: string;
    sha256: string;
    data: Uint8Array;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}

export const signaturesDb = (db: Db | Trx) => tables<SignaturesTables>(db);

export type AuthorityRow = Selectable<SignaturesTables['pki_authorities']>;
export type CertificateRow = Selectable<SignaturesTables['signing_certificates']>;
export type SignedDocumentRow = Selectable<SignaturesTables['signed_documents']>;

// --- authorities ---------------------------------------------------------------------------------

export async function listAuthorities(db: Db | Trx): Promise<AuthorityRow[]> {
  return signaturesDb(db).selectFrom('pki_authorities').selectAll().orderBy('id').execute();
}

/** Inserts the authority unless one of its kind exists (another process created it first): returns the row kept. */
export async function insertAuthorityInTrx(trx: Trx, a: { kind: AuthorityKind; algorithm: KeyAlgorithm; certificate: Uint8Array; sealedKey: Uint8Array }): Promise<AuthorityRow> {
  await signaturesDb(trx).insertInto('pki_authorities')
    .values({ kind: a.kind, algorithm: a.algorithm, certificate: a.certificate, sealed_key: a.sealedKey })
    .onConflict((oc) => oc.column('kind').doNothing()).execute();
  return signaturesDb(trx).selectFrom('pki_authorities').selectAll().where('kind', '=', a.kind).executeTakeFirstOrThrow();
}

/** The next CRL number of a CA, counted in the database so that every process issues increasing numbers. */
export async function nextCrlNumberInTrx(trx: Trx, kind: AuthorityKind): Promise<number> {
  const row = await signaturesDb(trx).updateTable('pki_authorities').set((eb) => ({ crl_number: eb('crl_number', '+', 1) }))
    .where('kind', '=', kind).returning('crl_number').executeTakeFirstOrThrow();
  return Number(row.crl_number);
}

// --- certificates --------------------------------------------------------------------------------

export async function findCurrentCertificate(db: Db | Trx, owner: { officialId: number } | { sealOf: number }): Promise<CertificateRow | undefined> {
  let q = signaturesDb(db).selectFrom('signing_certificates').selectAll().where('revoked_at', 'is', null);
  q = 'officialId' in owner ? q.where('official_id', '=', owner.officialId) : q.where('unit_id', '=', owner.sealOf).where('purpose', '=', 'seal');
  return q.executeTakeFirst();
}

export async function findCertificateById(db: Db | Trx, id: number): Promise<CertificateRow | undefined> {
  return signaturesDb(db).selectFrom('signing_certificates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCertificatesOfUnits(db: Db | Trx, unitIds: readonly number[], limit = 200): Promise<CertificateRow[]> {
  if (unitIds.length === 0) return [];
  return signaturesDb(db).selectFrom('signing_certificates').selectAll().where('unit_id', 'in', unitIds)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export type NewCertificate = Omit<CertificateRow, 'id' | 'created_at' | 'revoked_at' | 'revocation_reason'>;

export async function insertCertificateInTrx(trx: Trx, c: NewCertificate): Promise<CertificateRow> {
  return signaturesDb(trx).insertInto('signing_certificates').values({ ...c, chain: sql<never>`${JSON.stringify(c.chain)}::jsonb` }).returningAll().executeTakeFirstOrThrow();
}

export async function revokeCertificateInTrx(trx: Trx, id: number, at: Date, reason: string): Promise<boolean> {
  const r = await signaturesDb(trx).updateTable('signing_certificates').set({ revoked_at: at, revocation_reason: reason })
    .where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every revoked certificate of the built-in CA, for its CRL. */
export async function listRevokedBuiltIn(db: Db | Trx): Promise<{ serial: string; revoked_at: Date; revocation_reason: string | null }[]> {
  return signaturesDb(db).selectFrom('signing_certificates').select(['serial', 'revoked_at', 'revocation_reason'])
    .where('source', '=', 'built_in').where('revoked_at', 'is not', null).orderBy('revoked_at').execute() as Promise<{ serial: string; revoked_at: Date; revocation_reason: string | null }[]>;
}

// --- signature images ----------------------------------------------------------------------------

export async function findSignatureImage(db: Db | Trx, officialId: number): Promise<Uint8Array | undefined> {
  return (await signaturesDb(db).selectFrom('signature_images').select('image').where('official_id', '=', officialId).executeTakeFirst())?.image;
}

export async function saveSignatureImageInTrx(trx: Trx, officialId: number, image: Uint8Array): Promise<void> {
  await signaturesDb(trx).insertInto('signature_images').values({ official_id: officialId, image })
    .onConflict((oc) => oc.column('official_id').doUpdateSet({ image, uploaded_at: new Date() })).execute();
}

// --- signed documents ----------------------------------------------------------------------------

export async function findSignedDocument(db: Db | Trx, publicId: string): Promise<SignedDocumentRow | undefined> {
  return signaturesDb(db).selectFrom('signed_documents').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

/** Keeps the document under its link, replacing the bytes of an earlier signing under the same link. */
export async function saveSignedDocumentInTrx(trx: Trx, d: { publicId: string; unitId: number; title: string; fileName: string; sha256: string; data: Uint8Array }): Promise<void> {
  await signaturesDb(trx).insertInto('signed_documents')
    .values({ public_id: d.publicId, unit_id: d.unitId, title: d.title, file_name: d.fileName, sha256: d.sha256, data: d.data })
    .onConflict((oc) => oc.column('public_id').doUpdateSet({ sha256: d.sha256, data: d.data, file_name: d.fileName, updated_at: new Date() }))
    .execute();
}
