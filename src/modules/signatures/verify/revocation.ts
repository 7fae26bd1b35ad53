/**
 * Revocation from CRLs (the document's DSS, the CMS, and CRLs the caller supplies). The point of a
 * proven (timestamped) signing time is that a certificate revoked *after* it does not invalidate the
 * signature (research §8.11); without a timestamp the only time we can rely on is now.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type Cert, commonName, nameDer } from './certs.ts';
import { bytesEqual, serialHex, verifyRaw } from './crypto-util.ts';
import type { Check } from './types.ts';

export interface Crl {
  pki: pkijs.CertificateRevocationList;
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Revoked serial (normalised hex) → revocation date. */
  revoked: Map<string, Date>;
  /** Came from the document's DSS (what makes a signature B-LT). */
  fromDss: boolean;
}

/** Parses CRLs, skipping anything unparsable (a junk DSS entry must not break verification). */
export function parseCrls(ders: readonly Uint8Array[], fromDss: boolean): Crl[] {
  const out: Crl[] = [];
  for (const der of ders) {
    try {
      const asn = asn1js.fromBER(der);
      if (asn.offset === -1) continue;
      const pki = new pkijs.CertificateRevocationList({ schema: asn.result });
      const revoked = new Map<string, Date>();
      for (const entry of pki.revokedCertificates ?? []) revoked.set(serialHex(entry.userCertificate.valueBlock.valueHexView), entry.revocationDate.value);
      out.push({ pki, issuerDer: nameDer(pki.issuer), thisUpdate: pki.thisUpdate.value, nextUpdate: pki.nextUpdate?.value ?? null, revoked, fromDss });
    } catch {
      // not a CRL
    }
  }
  return out;
}

function issuedBy(crl: Crl, issuer: Cert): boolean {
  if (!bytesEqual(crl.issuerDer, issuer.subjectDer)) return false;
  try {
    return verifyRaw(issuer.spki, crl.pki.signatureAlgorithm.algorithmId, null, crl.pki.tbsView, crl.pki.signatureValue.valueBlock.valueHexView);
  } catch {
    return false;
  }
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
