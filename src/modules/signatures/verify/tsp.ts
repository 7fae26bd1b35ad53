/**
 * RFC 3161 timestamp tokens: the signature timestamp of a B-T signature (imprint = hash of the
 * SignerInfo signature value) and document timestamps (imprint = hash of the signed byte ranges).
 * A token proves a time only when it is intact, made by a timestamping certificate, and trusted.
 */
import { TAG, algorithmOf, childrenOf, content, expect, oidOf, read, timeOf } from './ber.ts';
import type { Cert } from './certs.ts';
import { type ChainInput, type ChainResult, validateChain } from './chain.ts';
import { CmsError, checkDigest, checkSignature, checkSigningCertificate, findSigner, parseSignedData } from './cms.ts';
import { OID, bytesEqual, digestName, hash } from './crypto-util.ts';
import type { Check } from './types.ts';

export interface TokenResult {
  tsa: Cert | null;
  genTime: Date | null;
  /** The token's messageImprint against the data it should cover. */
  imprint: Check;
  /** The token's own CMS: messageDigest of the TSTInfo, signature, ESS. */
  digest: Check;
  signature: Check;
  signingCertificate: Check;
  /** The TSA certificate has the timeStamping extended key usage. */
  eku: Check;
  chain: ChainResult | null;
}

const NOT_CHECKED: Check = { status: 'unknown', reason: 'not_checked' };

function broken(reason: string): TokenResult {
  const invalid: Check = { status: 'failed', reason: 'timestamp_invalid', details: { cause: reason } };
  return { tsa: null, genTime: null, imprint: NOT_CHECKED, digest: invalid, signature: invalid, signingCertificate: NOT_CHECKED, eku: NOT_CHECKED, chain: null };
}

interface TstInfo {
  imprintAlgorithm: string;
  imprint: Uint8Array;
  genTime: Date;
}

/**
 * TSTInfo ::= SEQUENCE { version, policy, messageImprint SEQUENCE { hashAlgorithm, hashedMessage }, serialNumber,
 * genTime GeneralizedTime, … } (RFC 3161 §2.4.2); what follows genTime is not needed.
 */
function parseTstInfo(bytes: Uint8Array): TstInfo {
  const f = childrenOf(bytes, read(bytes, 0), TAG.sequence);
  expect(f[0], TAG.integer);
  oidOf(bytes, f[1]);
  const [algorithm, hashed] = childrenOf(bytes, f[2], TAG.sequence);
  expect(f[3], TAG.integer);
  return { imprintAlgorithm: algorithmOf(bytes, algorithm), imprint: content(bytes, expect(hashed, TAG.octetString)), genTime: timeOf(bytes, expect(f[4], TAG.generalizedTime)) };
}

function checkImprint(info: TstInfo, data: Uint8Array | readonly Uint8Array[]): Check {
  try {
    const algorithm = digestName(info.imprintAlgorithm);
    return bytesEqual(info.imprint, hash(algorithm, ...(data instanceof Uint8Array ? [data] : data)))
      ? { status: 'passed', reason: 'digest_ok', details: { algorithm } }
      : { status: 'failed', reason: 'timestamp_imprint_mismatch', details: { algorithm } };
  } catch {
    return { status: 'unknown', reason: 'unsupported_algorithm' };
  }
}

/** Examines a TimeStampToken (DER ContentInfo) that should cover `data` (given whole, or in parts). */
export function examineToken(token: Uint8Array, data: Uint8Array | readonly Uint8Array[], trust: ChainInput): TokenResult {
  let cms;
  let info: TstInfo;
  try {
    cms = parseSignedData(token);
    if (cms.eContentType !== OID.tstInfo || !cms.eContent) return broken('not_tstinfo');
    info = parseTstInfo(cms.eContent);
  } catch (error) {
    return broken(error instanceof CmsError ? 'cms_malformed' : 'tstinfo_malformed');
  }
  const tsa = findSigner(cms);
  const eku: Check = tsa && tsa.extKeyUsage?.includes(OID.ekuTimeStamping) ? { status: 'passed', reason: 'timestamp_ok' } : { status: 'failed', reason: 'tsa_not_timestamping' };
  return {
    tsa,
    genTime: info.genTime,
    imprint: checkImprint(info, data),
    digest: checkDigest(cms, cms.eContent),
    signature: checkSignature(cms, tsa),
    signingCertificate: checkSigningCertificate(cms, tsa, true),
    eku,
    // The TSA certificate must be valid when it stamped: at genTime.
    chain: tsa ? validateChain(tsa, { trustRoots: trust.trustRoots, pool: [...cms.certs, ...trust.pool] }, info.genTime) : null,
  };
}

/** One check for "is this signature timestamp good": the first problem found, else passed with genTime. */
export function summariseToken(result: TokenResult): Check {
  for (const part of [result.digest, result.signature, result.signingCertificate]) {
    if (part.status !== 'passed') return { status: 'failed', reason: 'timestamp_invalid', details: { cause: part.reason } };
  }
  if (result.imprint.status !== 'passed') return { ...result.imprint, status: 'failed', reason: result.imprint.reason === 'timestamp_imprint_mismatch' ? 'timestamp_imprint_mismatch' : 'timestamp_invalid' };
  if (result.eku.status !== 'passed') return result.eku;
  const chain = result.chain?.check;
  if (!chain || chain.status !== 'passed') return { status: 'failed', reason: 'timestamp_untrusted', details: { cause: chain?.reason ?? 'signer_certificate_missing' } };
  return { status: 'passed', reason: 'timestamp_ok', details: { genTime: result.genTime!.toISOString() } };
}
