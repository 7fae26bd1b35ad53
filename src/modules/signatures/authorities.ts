/**
 * The built-in authorities of a standalone install, created on first use and kept in the database with their
 * keys encrypted: a root, a CA for the province (which issues every official's and seal's certificate), and
 * a timestamp authority (RFC 3161) whose tokens prove when a document was signed. Their CRLs are issued on
 * request and published at the install's address.
 */
import type { Db, Trx } from '../../platform/db/database.ts';
import { listUnits } from '../tenancy/index.ts';
import { nowOf } from './context.ts';
import type { SignaturesContext } from './context.ts';
import type { TimestampAuthority } from './domain/ports.ts';
import {
  createLocalSigner, createLocalTsa, createProvinceCa, createRootCa, decryptPrivateKey, encryptPrivateKey, issueCrl, issueTsaCertificate,
} from './pki/index.ts';
import type { CertifiedKey, RevocationReason } from './pki/index.ts';
import { insertAuthorityInTrx, listAuthorities, listRevokedBuiltIn, nextCrlNumberInTrx } from './store.ts';
import type { AuthorityKind, AuthorityRow } from './store.ts';

const YEAR_MS = 365.25 * 86400_000;
/** Our timestamp policy (a private OID arc; documented in docs/DECISIONS.md). */
export const TSA_POLICY = '1.3.6.1.4.1.55555.1.1';

export interface Authorities {
  root: CertifiedKey;
  provinceCa: CertifiedKey;
  tsa: TimestampAuthority & { respond(request: Uint8Array): Promise<Uint8Array>; certificate: Uint8Array };
}

/** Where the install publishes its CA certificates and CRLs. */
export const pkiUrls = (publicUrl: string) => ({
  rootCertificate: `${publicUrl}/pki/root.crt`,
  rootCrl: `${publicUrl}/pki/root.crl`,
  provinceCertificate: `${publicUrl}/pki/province-ca.crt`,
  provinceCrl: `${publicUrl}/pki/province-ca.crl`,
});

let cached: { db: Db; authorities: Promise<Authorities> } | undefined;

/** The authorities, created the first time (by whichever process gets there first), then cached. */
export function authorities(ctx: SignaturesContext): Promise<Authorities> {
  if (cached?.db !== ctx.db) {
    const loading = loadOrCreate(ctx);
    cached = { db: ctx.db, authorities: loading };
    loading.catch(() => { if (cached?.authorities === loading) cached = undefined; });
  }
  return cached.authorities;
}

async function loadOrCreate(ctx: SignaturesContext): Promise<Authorities> {
  let rows = await listAuthorities(ctx.db);
  if (rows.length < 3) {
    const created = await createAll(ctx, rows);
    // Generated outside the transaction (key generation is slow), stored in one; a concurrent creator's rows win.
    rows = await ctx.db.transaction().execute(async (trx) => {
      const kept: AuthorityRow[] = [];
      for (const a of created) kept.push(await insertAuthorityInTrx(trx, a));
      return kept;
    });
    rows = await listAuthorities(ctx.db);
  }
  const open = (kind: AuthorityKind): CertifiedKey => {
    const row = rows.find((r) => r.kind === kind)!;
    return { certificate: row.certificate, privateKey: decryptPrivateKey(row.sealed_key, ctx.masters) };
  };
  const root = open('root');
  const provinceCa = open('province_ca');
  const tsaKey = open('tsa');
  const tsa = createLocalTsa({ signer: createLocalSigner({ ...tsaKey, chain: [provinceCa.certificate, root.certificate] }), policy: TSA_POLICY, clock: () => nowOf(ctx) });
  return { root, provinceCa, tsa: Object.assign(tsa, { certificate: tsaKey.certificate }) };
}

async function createAll(ctx: SignaturesContext, existing: readonly AuthorityRow[]) {
  const have = (kind: AuthorityKind) => existing.find((r) => r.kind === kind);
  const now = nowOf(ctx);
  const province = (await listUnits(ctx.db)).find((u) => u.parentId === null);
  const provinceName = province?.name ?? 'smart-commune';
  const urls = pkiUrls(ctx.publicUrl);
  const open = (row: AuthorityRow): CertifiedKey => ({ certificate: row.certificate, privateKey: decryptPrivateKey(row.sealed_key, ctx.masters) });
  const validity = (years: number) => ({ notBefore: new Date(now.getTime() - 3600_000), notAfter: new Date(now.getTime() + years * YEAR_MS) });

  const root = have('root') ? open(have('root')!) : await createRootCa({ algorithm: ctx.algorithm, commonName: `Root CA ${provinceName}`, organization: provinceName, validity: validity(20) });
  const provinceCa = have('province_ca') ? open(have('province_ca')!) : await createProvinceCa({
    issuer: root, algorithm: ctx.algorithm, commonName: `CA ${provinceName}`, organization: provinceName, validity: validity(10), crlUrl: urls.rootCrl, caIssuersUrl: urls.rootCertificate,
  });
  const tsa = have('tsa') ? open(have('tsa')!) : await issueTsaCertificate({
    issuer: provinceCa, algorithm: ctx.algorithm, commonName: `TSA ${provinceName}`, organization: provinceName, validity: validity(10), crlUrl: urls.provinceCrl, caIssuersUrl: urls.provinceCertificate,
  });
  const sealed = (kind: AuthorityKind, key: CertifiedKey) => ({ kind, algorithm: ctx.algorithm, certificate: key.certificate, sealedKey: encryptPrivateKey(key.privateKey, ctx.masters[0]!) });
  return [
    ...(have('root') ? [] : [sealed('root', root)]),
    ...(have('province_ca') ? [] : [sealed('province_ca', provinceCa)]),
    ...(have('tsa') ? [] : [sealed('tsa', tsa)]),
  ];
}

const REASONS: ReadonlySet<string> = new Set(['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn']);

/**
 * A fresh CRL of a built-in CA, valid for a day. The province CA's lists every revoked built-in certificate; the
 * root's lists none (the province CA and the TSA are replaced, not revoked, in this version).
 */
export async function currentCrl(ctx: SignaturesContext, which: 'root' | 'province_ca', trx?: Trx): Promise<Uint8Array> {
  const a = await authorities(ctx);
  const now = nowOf(ctx);
  const run = async (t: Trx) => {
    const revoked = which === 'province_ca' ? await listRevokedBuiltIn(t) : [];
    return issueCrl({
      issuer: which === 'root' ? a.root : a.provinceCa,
      crlNumber: BigInt(await nextCrlNumberInTrx(t, which)),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 86400_000),
      revoked: revoked.map((r) => ({ serialNumber: r.serial, revokedAt: r.revoked_at, reason: (REASONS.has(r.revocation_reason ?? '') ? r.revocation_reason : 'unspecified') as RevocationReason })),
    });
  };
  return trx ? run(trx) : ctx.db.transaction().execute(run);
}

/** CRLs are reissued at most this often per process (and at once after a revocation in this process). */
const CRL_TTL_MS = 5 * 60_000;
let crlCache: { db: Db; at: number; crls: Promise<Uint8Array[]> } | undefined;

/** The current CRLs of the root and the province CA, shared by signing (B-LT) and verification for a few minutes. */
export function currentCrls(ctx: SignaturesContext): Promise<Uint8Array[]> {
  const now = Date.now();
  if (!crlCache || crlCache.db !== ctx.db || now - crlCache.at > CRL_TTL_MS) {
    const crls = Promise.all([currentCrl(ctx, 'root'), currentCrl(ctx, 'province_ca')]);
    crlCache = { db: ctx.db, at: now, crls };
    crls.catch(() => { if (crlCache?.crls === crls) crlCache = undefined; });
  }
  return crlCache.crls;
}

/** After a revocation: the next CRL lists it. */
export function forgetCrls(): void {
  crlCache = undefined;
}

/** Forgets the cached authorities (tests that switch databases do not need it: the cache is per database). */
export function forgetAuthorities(): void {
  cached = undefined;
}
