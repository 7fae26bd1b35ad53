/**
 * From checks to verdicts. A signature is invalid when something is proven wrong (integrity, signature,
 * certificate binding, chain, revocation, later changes); indeterminate when something needed could not
 * be established (no revocation data, unreadable revision, unsupported algorithm, a broken timestamp);
 * valid otherwise. A missing timestamp is not a defect (B-B), nor a missing ESS attribute in a legacy
 * adbe.pkcs7.detached signature.
 */
import type { Examined } from './signature.ts';
import type { OverallStatus, PadesLevel, SignatureChecks, SignatureReport, SignatureStatus } from './types.ts';

const DECISIVE: (keyof SignatureChecks)[] = ['byteRange', 'digest', 'signature', 'signingCertificate', 'chain', 'revocation', 'modifiedAfter'];
const MUST_BE_KNOWN: (keyof SignatureChecks)[] = ['byteRange', 'digest', 'signature', 'chain', 'revocation', 'modifiedAfter'];

export function signatureStatus(checks: SignatureChecks): SignatureStatus {
  if (DECISIVE.some((k) => checks[k].status === 'failed')) return 'invalid';
  if (checks.timestamp.status === 'failed') return 'indeterminate';
  if (MUST_BE_KNOWN.some((k) => checks[k].status === 'unknown')) return 'indeterminate';
  return 'valid';
}

/**
 * The PAdES baseline level the signature reaches (ETSI EN 319 142-1): B-B when its cryptography holds,
 * B-T with a proven time, B-LT when the DSS supplied the revocation data for the whole chain, B-LTA when
 * a valid document timestamp covers a revision that already holds the DSS.
 */
export function padesLevel(sig: Examined, ltaCovered: boolean): PadesLevel | null {
  const c = sig.report.checks;
  if (sig.report.kind !== 'signature') return null;
  if ([c.byteRange, c.digest, c.signature].some((x) => x.status !== 'passed') || c.signingCertificate.status === 'failed') return null;
  if (!sig.provenTime) return 'B-B';
  if (!(sig.revocation?.coveredByDss && c.revocation.status === 'passed')) return 'B-T';
  return ltaCovered ? 'B-LTA' : 'B-LT';
}

export function overallStatus(signatures: readonly SignatureReport[]): OverallStatus {
  if (!signatures.length) return 'unsigned';
  if (signatures.some((s) => s.status === 'invalid')) return 'invalid';
  if (signatures.some((s) => s.status === 'indeterminate')) return 'indeterminate';
  return 'valid';
}
