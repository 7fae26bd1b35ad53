/**
 * Verification of any signed PDF against the install's trust anchors: the built-in root and the configured
 * ones (the national root CA, a commercial CA). The current CRLs of the built-in CAs are passed along so a
 * certificate revoked after its document was made is still judged at the document's proven time.
 */
import { authorities, currentCrls } from './authorities.ts';
import { nowOf } from './context.ts';
import type { SignaturesContext } from './context.ts';
import { verifyPdf } from './verify/index.ts';
import type { VerificationReport } from './verify/index.ts';

/** The largest PDF anyone may have verified here (a one-stop result is well under 5 MB). */
export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;

export async function trustRoots(ctx: SignaturesContext): Promise<Uint8Array[]> {
  return [(await authorities(ctx)).root.certificate, ...ctx.extraTrustRoots];
}

/** Verifies a PDF; throws `VerifyInputError` (not a PDF, too large, malformed, encrypted) for the caller to answer 422. */
export async function verifyDocument(ctx: SignaturesContext, bytes: Uint8Array): Promise<VerificationReport> {
  const [roots, crls] = await Promise.all([trustRoots(ctx), currentCrls(ctx)]);
  return verifyPdf(bytes, { trustRoots: roots, crls, now: nowOf(ctx), maxBytes: MAX_VERIFY_BYTES });
}

/** Verifies a PDF against explicit trust roots and CRLs (the command line, which must not create authorities). */
export async function verifyWithTrust(bytes: Uint8Array, trust: { roots: readonly Uint8Array[]; crls?: readonly Uint8Array[] }): Promise<VerificationReport> {
  return verifyPdf(bytes, { trustRoots: trust.roots, crls: trust.crls ?? [] });
}
