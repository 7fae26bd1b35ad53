/**
 * Certificate path building and validation (a practical subset of RFC 5280 §6): issuer by name and
 * signature, validity at one moment (the proven signing time, else now), basicConstraints, keyUsage and
 * pathLenConstraint for CAs. Policies and name constraints are not processed: our CAs do not use them.
 */
import { type Cert, KEY_USAGE, commonName, isSelfIssued, signedBy, validity } from './certs.ts';
import { bytesEqual } from './crypto-util.ts';
import type { Check } from './types.ts';

const MAX_PATH = 8;

export interface ChainInput {
  trustRoots: readonly Cert[];
  /** Untrusted certificates that may help to build the path: the CMS set, the DSS. */
  pool: readonly Cert[];
}

export interface ChainResult {
  check: Check;
  /** Leaf first; ends at the trust root when the chain is complete. */
  path: Cert[];
}

interface Built {
  path: Cert[];
  trusted: boolean;
  badSignature: boolean;
}

function isRoot(cert: Cert, roots: readonly Cert[]): boolean {
  return roots.some((r) => r.fingerprint === cert.fingerprint);
}

/** Walks issuer links from the leaf; trust roots are preferred so a pool copy cannot shadow them. */
function buildPath(leaf: Cert, input: ChainInput): Built {
  const path = [leaf];
  const candidates = [...input.trustRoots, ...input.pool];
  while (path.length <= MAX_PATH) {
    const current = path[path.length - 1]!;
    if (isRoot(current, input.trustRoots)) return { path, trusted: true, badSignature: false };
    // A self-signed certificate that is not a trust root ends the path: a trust root with the same name
    // but another key must read as "untrusted root", not as a forged signature.
    if (isSelfIssued(current) && signedBy(current, current)) return { path, trusted: false, badSignature: false };
    const named = candidates.filter((c) => bytesEqual(c.subjectDer, current.issuerDer) && !path.some((p) => p.fingerprint === c.fingerprint));
    const issuer = named.find((c) => signedBy(current, c));
    if (!issuer) return { path, trusted: false, badSignature: named.length > 0 };
    path.push(issuer);
  }
  return { path, trusted: false, badSignature: false };
}

function timeCheck(path: readonly Cert[], at: Date): Check | null {
  // The trust anchor's own dates are not part of path validation (RFC 5280 §6.1): it is configured trust.
  for (const cert of path.slice(0, -1)) {
    const { notBefore, notAfter } = validity(cert);
    const subject = commonName(cert) ?? cert.serial;
    if (at < notBefore) return { status: 'failed', reason: 'certificate_not_yet_valid', details: { subject, notBefore: notBefore.toISOString(), at: at.toISOString() } };
    if (at > notAfter) return { status: 'failed', reason: 'certificate_expired', details: { subject, notAfter: notAfter.toISOString(), at: at.toISOString() } };
  }
  return null;
}

function caCheck(path: readonly Cert[]): Check | null {
  for (let i = 1; i < path.length; i++) {
    const ca = path[i]!;
    const subject = commonName(ca) ?? ca.serial;
    const bc = ca.basicConstraints;
    const usage = ca.keyUsage;
    const isAnchor = i === path.length - 1;
    // A v1 self-signed root without extensions is still acceptable as configured trust.
    if (!bc.ca && !(isAnchor && !ca.hasExtensions)) return { status: 'failed', reason: 'not_a_ca', details: { subject } };
    if (usage && !usage.has(KEY_USAGE.keyCertSign)) return { status: 'failed', reason: 'not_a_ca', details: { subject } };
    // Intermediate CAs below this one, not counting self-issued ones (RFC 5280 §4.2.1.9).
    const below = path.slice(1, i).filter((c) => !isSelfIssued(c)).length;
    if (bc.pathLen !== undefined && below > bc.pathLen) return { status: 'failed', reason: 'path_length_exceeded', details: { subject } };
  }
  return null;
}

function leafUsageCheck(leaf: Cert): Check | null {
  const usage = leaf.keyUsage;
  if (usage && !usage.has(KEY_USAGE.digitalSignature) && !usage.has(KEY_USAGE.nonRepudiation)) {
    return { status: 'failed', reason: 'key_usage_not_allowed', details: { subject: commonName(leaf) ?? leaf.serial } };
  }
  return null;
}

/** Validates the chain of `leaf` at `at`. */
export function validateChain(leaf: Cert, input: ChainInput, at: Date): ChainResult {
  const built = buildPath(leaf, input);
  const last = built.path[built.path.length - 1]!;
  if (built.badSignature) return { path: built.path, check: { status: 'failed', reason: 'certificate_signature_invalid', details: { subject: commonName(last) ?? last.serial } } };
  if (!built.trusted) return { path: built.path, check: { status: 'failed', reason: 'untrusted_root', details: { subject: commonName(last) ?? last.serial } } };
  const problem = timeCheck(built.path, at) ?? caCheck(built.path) ?? leafUsageCheck(leaf);
  return { path: built.path, check: problem ?? { status: 'passed', reason: 'chain_ok', details: { length: built.path.length, at: at.toISOString() } } };
}
