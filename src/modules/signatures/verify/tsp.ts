/**
 * RFC 3161 timestamp tokens: the signature timestamp of a B-T signature (imprint = hash of the
 * SignerInfo signature value) and document timestamps (imprint = hash of the signed byte ranges).
 * A token proves a time only when it is intact, made by a timestamping certificate, and trusted.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type Cert, extKeyUsage } from './certs.ts';
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

function checkImprint(info: pkijs.TSTInfo, data: Uint8Array): Check {
  try {
    const algorithm = digestName(info.messageImprint.hashAlgorithm.algorithmId);
    return bytesEqual(info.messageImprint.hashedMessage.valueBlock.valueHexView, hash(algorithm, data))
      ? { status: 'passed', reason: 'digest_ok', details: { algorithm } }
      : { status: 'failed', reason: 'timestamp_imprint_mismatch', details: { algorithm } };
  } catch {
    return { status: 'unknown', reason: 'unsupported_algorithm' };
  }
}

/** Examines a TimeStampToken (DER ContentInfo) that should cover `data`. */
export function examineToken(token: Uint8Array, data: Uint8Array, trust: ChainInput): TokenResult {
  let cms;
  let info: pkijs.TSTInfo;
  try {
    cms = parseSignedData(token);
    if (cms.eContentType !== OID.tstInfo || !cms.eContent) return broken('not_tstinfo');
    const asn = asn1js.fromBER(cms.eContent);
    if (asn.offset === -1) return broken('tstinfo_malformed');
    info = new pkijs.TSTInfo({ schema: asn.result });
  } catch (error) {
    return broken(error instanceof CmsError ? 'cms_malformed' : 'tstinfo_malformed');
  }
  const tsa = findSigner(cms);
  const eku: Check = tsa && extKeyUsage(tsa)?.includes(OID.ekuTimeStamping) ? { status: 'passed', reason: 'timestamp_ok' } : { status: 'failed', reason: 'tsa_not_timestamping' };
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
