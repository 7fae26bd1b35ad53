/**
 * Revocation from CRLs (the document's DSS, the CMS, and CRLs the caller supplies). The point of a
 * proven (timestamped) signing time is that a certificate revoked *after* it does not invalidate the
 * signature (research §8.11); without a timestamp the only time we can rely on is now.
 */
import { checkWellFormed } from './ber-check.ts';
import { TAG, algorithmOf, bitStringBytes, children, childrenOf, expect, integerHex, read, timeOf, whole } from './ber.ts';
import { type Cert, commonName } from './certs.ts';
import { bytesEqual, verifyRaw } from './crypto-util.ts';
import { ParsedCache } from './parsed-cache.ts';
import type { Check } from './types.ts';

/** A CRL as read once per process (never changed afterwards: it is shared by every document that carries it). */
interface ParsedCrl {
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Revoked serial (normalised hex) → revocation date. */
  revoked: ReadonlyMap<string, Date>;
  tbs: Uint8Array;
  signatureAlgorithm: string;
  signatureValue: Uint8Array;
  /** issuedBy's answers by the issuer certificate's fingerprint (as signedBy's, certs.ts). */
  issuedByAnswers: Map<string, boolean>;
}

export interface Crl extends ParsedCrl {
  /** Came from the document's DSS (what makes a signature B-LT). */
  fromDss: boolean;
}

/** The install's CRLs and those of the DSS: a few per CA. */
const cache = new ParsedCache<ParsedCrl>(64);

/** CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue } (RFC 5280 §5.1). */
function parseCrl(der: Uint8Array): ParsedCrl {
  checkWellFormed(der);
  const [tbsNode, sigAlg, sigValue] = childrenOf(der, read(der, 0), TAG.sequence);
  // TBSCertList ::= SEQUENCE { version OPTIONAL, signature, issuer, thisUpdate, nextUpdate OPTIONAL, revokedCertificates OPTIONAL, [0] crlExtensions OPTIONAL }
  const f = childrenOf(der, tbsNode, TAG.sequence);
  let i = f[0]?.tag === TAG.integer ? 1 : 0;
  expect(f[i++], TAG.sequence);
  const issuer = expect(f[i++], TAG.sequence);
  const thisUpdate = timeOf(der, f[i++]);
  const nextUpdate = f[i]?.tag === TAG.utcTime || f[i]?.tag === TAG.generalizedTime ? timeOf(der, f[i++]) : null;
  const revoked = new Map<string, Date>();
  if (f[i]?.tag === TAG.sequence) {
    for (const entry of children(der, f[i]!)) {
      const [serial, date] = childrenOf(der, entry, TAG.sequence);
      revoked.set(integerHex(der, serial), timeOf(der, date));
    }
  }
  return {
    issuerDer: whole(der, issuer),
    thisUpdate,
    nextUpdate,
    revoked,
    tbs: whole(der, tbsNode!),
    signatureAlgorithm: algorithmOf(der, sigAlg),
    signatureValue: bitStringBytes(der, sigValue),
    issuedByAnswers: new Map(),
  };
}

/** Parses CRLs, skipping anything unparsable (a junk DSS entry must not break verification). */
export function parseCrls(ders: readonly Uint8Array[], fromDss: boolean): Crl[] {
  const out: Crl[] = [];
  for (const bytes of ders) {
    try {
      const der = bytes.subarray(0, read(bytes, 0).end);
      const { sha256, value } = cache.find(der);
      // Our own copy of the bytes for the cache: the caller's buffer may be reused.
      const parsed = value ?? cache.add(sha256, parseCrl(Uint8Array.prototype.slice.call(der)));
      out.push({ ...parsed, fromDss });
    } catch {
      // not a CRL
    }
  }
  return out;
}

/** The CRL names the certificate as its issuer and is signed by its key (the answer kept, as signedBy's). */
function issuedBy(crl: Crl, issuer: Cert): boolean {
  if (!bytesEqual(crl.issuerDer, issuer.subjectDer)) return false;
  const known = crl.issuedByAnswers.get(issuer.fingerprint);
  if (known !== undefined) return known;
  let answer: boolean;
  try {
    answer = verifyRaw(issuer.publicKey, crl.signatureAlgorithm, null, crl.tbs, crl.signatureValue);
  } catch {
    answer = false;
  }
  if (crl.issuedByAnswers.size >= 16) crl.issuedByAnswers.clear();
  crl.issuedByAnswers.set(issuer.fingerprint, answer);
  return answer;
}

export interface RevocationInput {
  crls: readonly Crl[];
  /** The timestamp-proven signing time, or null when only "now" can be relied on. */
  provenTime: Date | null;
  now: Date;
}

export interface RevocationResult {
  check: Check;
  /** Every checked certificate had a CRL from the DSS (validation data embedded: B-LT). */
  coveredByDss: boolean;
}

type CertOutcome = { kind: 'good' } | { kind: 'revoked'; at: Date } | { kind: 'none' } | { kind: 'stale' };

function certOutcome(cert: Cert, crls: readonly Crl[], at: Date, now: Date): CertOutcome {
  const dates = crls.map((c) => c.revoked.get(cert.serial)).filter((d): d is Date => d !== undefined);
  if (dates.length) return { kind: 'revoked', at: new Date(Math.min(...dates.map((d) => d.getTime()))) };
  if (!crls.length) return { kind: 'none' };
  // A CRL speaks for the signing time if it was issued after it, or if it is the current one.
  const fresh = crls.some((c) => c.thisUpdate >= at || (c.thisUpdate <= now && (!c.nextUpdate || now <= c.nextUpdate)));
  return fresh ? { kind: 'good' } : { kind: 'stale' };
}

/** Checks every certificate of `path` except the trust root (which nobody above it can revoke). */
export function checkRevocation(path: readonly Cert[], input: RevocationInput): RevocationResult {
  const at = input.provenTime ?? input.now;
  let coveredByDss = true;
  let unknown: Check | null = null;
  let note: Check | null = null;
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i]!;
    const crls = input.crls.filter((c) => issuedBy(c, path[i + 1]!));
    if (!crls.some((c) => c.fromDss)) coveredByDss = false;
    const subject = commonName(cert) ?? cert.serial;
    const outcome = certOutcome(cert, crls, at, input.now);
    if (outcome.kind === 'revoked') {
      const details = { subject, revokedAt: outcome.at.toISOString(), at: at.toISOString() };
      if (outcome.at <= at || !input.provenTime) return { check: { status: 'failed', reason: 'revoked', details }, coveredByDss };
      note ??= { status: 'passed', reason: 'revoked_after_signing', details };
    } else if (outcome.kind === 'none') unknown ??= { status: 'unknown', reason: 'no_revocation_data', details: { subject } };
    else if (outcome.kind === 'stale') unknown ??= { status: 'unknown', reason: 'revocation_data_stale', details: { subject } };
  }
  if (path.length < 2) coveredByDss = false;
  return { check: unknown ?? note ?? { status: 'passed', reason: 'not_revoked', details: { at: at.toISOString() } }, coveredByDss };
}
