/**
 * The checks of one signature dictionary: an approval signature (CAdES detached CMS over the byte
 * ranges) or a document timestamp (an RFC 3161 token whose imprint is the hash of the byte ranges).
 */
import type { PDFDocument } from 'pdf-lib';
import { type Cert, summarise } from './certs.ts';
import { type ChainResult, validateChain } from './chain.ts';
import { type ParsedCms, CmsError, checkDigest, checkSignature, checkSigningCertificate, findSigner, parseSignedData, signatureTimestampToken, signatureValue } from './cms.ts';
import { type ByteRange, type Revision, type SignatureDict, checkByteRange, parsePdfDate, signedBytes } from './pdf-structure.ts';
import { type Crl, type RevocationResult, checkRevocation, parseCrls } from './revocation.ts';
import { type RevisionCache, isWholeFile } from './revisions.ts';
import { examineToken, summariseToken } from './tsp.ts';
import type { Check, SignatureChecks, SignatureReport } from './types.ts';

export interface Context {
  bytes: Uint8Array;
  doc: PDFDocument;
  revisions: readonly Revision[];
  trustRoots: readonly Cert[];
  /** Certificates from the DSS. */
  pool: readonly Cert[];
  /** CRLs from the DSS and from the caller. */
  crls: readonly Crl[];
  now: Date;
  cache: RevisionCache;
}

/** A signature's report plus what the level and status computations need. */
export interface Examined {
  report: SignatureReport;
  range: ByteRange | null;
  provenTime: Date | null;
  revocation: RevocationResult | null;
}

const NOT_CHECKED: Check = { status: 'unknown', reason: 'not_checked' };

function emptyChecks(byteRange: Check): SignatureChecks {
  return { byteRange, digest: NOT_CHECKED, signature: NOT_CHECKED, signingCertificate: NOT_CHECKED, chain: NOT_CHECKED, revocation: NOT_CHECKED, timestamp: NOT_CHECKED, modifiedAfter: NOT_CHECKED };
}

function baseReport(sig: SignatureDict, checks: SignatureChecks, range: ByteRange | null, revision: number | null, ctx: Context): SignatureReport {
  return {
    kind: sig.kind,
    fieldName: sig.fieldName,
    subFilter: sig.subFilter,
    status: 'indeterminate',
    signer: null,
    claimedTime: parsePdfDate(sig.m),
    provenTime: null,
    provenTimeSource: null,
    level: null,
    byteRange: range ? [...range] : null,
    revision,
    coversWholeDocument: range !== null && revision !== null && isWholeFile(ctx.bytes, range[2] + range[3]),
    checks,
  };
}

/** Chain at `at`, then revocation along the path when it reached a trust root. */
function trustChecks(signer: Cert, extraCerts: readonly Cert[], extraCrls: readonly Crl[], provenTime: Date | null, ctx: Context): { chain: ChainResult; revocation: RevocationResult | null } {
  const chain = validateChain(signer, { trustRoots: ctx.trustRoots, pool: [...extraCerts, ...ctx.pool] }, provenTime ?? ctx.now);
  const complete = chain.check.reason !== 'untrusted_root' && chain.check.reason !== 'certificate_signature_invalid';
  const revocation = complete ? checkRevocation(chain.path, { crls: [...ctx.crls, ...extraCrls], provenTime, now: ctx.now }) : null;
  return { chain, revocation };
}

/** The earliest valid document timestamp whose range covers the revision ending at `end`. */
function documentTimestampTime(end: number, docTimestamps: readonly Examined[]): Date | null {
  const times = docTimestamps.filter((t) => t.provenTime && t.range && t.range[1] >= end).map((t) => t.provenTime!.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

export async function examineSignature(sig: SignatureDict, ctx: Context, docTimestamps: readonly Examined[]): Promise<Examined> {
  const framed = checkByteRange(ctx.bytes, ctx.doc, sig, ctx.revisions);
  const checks = emptyChecks(framed.check);
  const report = baseReport(sig, checks, framed.range, framed.revision, ctx);
  const result: Examined = { report, range: framed.range, provenTime: null, revocation: null };
  if (!framed.cms || !framed.range) return result;
  let cms: ParsedCms;
  try {
    cms = parseSignedData(framed.cms);
  } catch (error) {
    if (!(error instanceof CmsError)) throw error;
    checks.signature = { status: 'failed', reason: 'cms_malformed' };
    return result;
  }
  const signer = findSigner(cms);
  const content = signedBytes(ctx.bytes, framed.range);
  checks.digest = checkDigest(cms, content);
  checks.signature = checkSignature(cms, signer);
  checks.signingCertificate = checkSigningCertificate(cms, signer, sig.subFilter === 'ETSI.CAdES.detached');
  const token = signatureTimestampToken(cms);
  const trust = { trustRoots: ctx.trustRoots, pool: [...cms.certs, ...ctx.pool] };
  const examinedToken = token ? examineToken(token, signatureValue(cms), trust) : null;
  checks.timestamp = examinedToken ? summariseToken(examinedToken) : { status: 'unknown', reason: 'no_timestamp' };
  if (checks.timestamp.status === 'passed') {
    result.provenTime = examinedToken!.genTime;
    report.provenTimeSource = 'signature-timestamp';
  } else {
    result.provenTime = documentTimestampTime(framed.range[2] + framed.range[3], docTimestamps);
    if (result.provenTime) report.provenTimeSource = 'document-timestamp';
  }
  report.provenTime = result.provenTime?.toISOString() ?? null;
  if (signer) {
    report.signer = summarise(signer);
    const trusted = trustChecks(signer, cms.certs, parseCrls(cms.crls, false), result.provenTime, ctx);
    checks.chain = trusted.chain.check;
    checks.revocation = trusted.revocation?.check ?? NOT_CHECKED;
    result.revocation = trusted.revocation;
  }
  checks.modifiedAfter = await ctx.cache.modifiedAfter(framed.range[2] + framed.range[3]);
  return result;
}

export async function examineDocumentTimestamp(sig: SignatureDict, ctx: Context): Promise<Examined> {
  const framed = checkByteRange(ctx.bytes, ctx.doc, sig, ctx.revisions);
  const checks = emptyChecks(framed.check);
  const report = baseReport(sig, checks, framed.range, framed.revision, ctx);
  const result: Examined = { report, range: framed.range, provenTime: null, revocation: null };
  if (!framed.cms || !framed.range) return result;
  const token = examineToken(framed.cms, signedBytes(ctx.bytes, framed.range), { trustRoots: ctx.trustRoots, pool: ctx.pool });
  checks.digest = token.imprint.reason === 'timestamp_imprint_mismatch' ? { ...token.imprint, reason: 'digest_mismatch' } : token.imprint;
  checks.signature = token.digest.status !== 'passed' ? { status: 'failed', reason: 'signature_invalid', details: { cause: token.digest.reason } } : token.signature;
  checks.signingCertificate = token.signingCertificate;
  checks.timestamp = token.eku;
  if (token.tsa) {
    report.signer = summarise(token.tsa);
    // The TSA chain was validated at genTime inside examineToken; revocation is judged now, since no
    // later timestamp proves when a revocation happened.
    checks.chain = token.chain!.check;
    const complete = checks.chain.reason !== 'untrusted_root' && checks.chain.reason !== 'certificate_signature_invalid';
    result.revocation = complete ? checkRevocation(token.chain!.path, { crls: ctx.crls, provenTime: null, now: ctx.now }) : null;
    checks.revocation = result.revocation?.check ?? NOT_CHECKED;
  } else checks.chain = { status: 'failed', reason: 'signer_certificate_missing' };
  if (summariseToken(token).status === 'passed') result.provenTime = token.genTime;
  report.provenTime = result.provenTime?.toISOString() ?? null;
  report.provenTimeSource = result.provenTime ? 'document-timestamp' : null;
  checks.modifiedAfter = await ctx.cache.modifiedAfter(framed.range[2] + framed.range[3]);
  return result;
}
