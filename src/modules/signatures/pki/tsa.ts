/**
 * The built-in RFC 3161 timestamp authority, in-process (research §7: spawning `openssl ts` per
 * signature cost more than the signing). `timestamp()` serves the PAdES code through the
 * TimestampAuthority port; `respond()` answers a DER TimeStampReq with a DER TimeStampResp, so the
 * same authority can be published at /tsa (Content-Type application/timestamp-reply).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Signer, TimestampAuthority } from '../domain/ports.ts';
import { generalizedTime, integer, integerContent, integerOf, octetString, oid, sequence, tlv } from '../domain/der.ts';
import { OID, namedBits, parseCertificate, randomSerial } from './asn1.ts';
import { buildSignedData, SHA256_ALGORITHM } from './cms.ts';
import { PkiError } from './errors.ts';

const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

export interface LocalTsaOptions {
  /** Signs with the TSA key; its certificate must carry the critical EKU timeStamping only. */
  readonly signer: Signer;
  /** The TSA policy OID written into every token (RFC 3161 §2.4.2 `policy`). */
  readonly policy: string;
  /** The trusted clock; genTime comes from here. Defaults to the system clock. */
  readonly clock?: () => Date;
  /** How far genTime may be from UTC, if the operator can state it. */
  readonly accuracy?: { readonly seconds?: number; readonly millis?: number; readonly micros?: number };
  /** Token serial numbers; by default 16 random bytes, unique without a shared counter. */
  readonly serialNumber?: () => Uint8Array;
}

export interface LocalTimestampAuthority extends TimestampAuthority {
  /** Answers a DER TimeStampReq with a DER TimeStampResp; never throws on a bad request. */
  respond(request: Uint8Array): Promise<Uint8Array>;
}

/** RFC 3161 §2.4.2 PKIFailureInfo bits. */
const FAIL = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15, unacceptedExtension: 16, systemFailure: 25 } as const;
type Failure = keyof typeof FAIL;

/** A request the TSA declines: becomes a `rejection` response, never an exception to the caller. */
class Refusal extends Error {
  constructor(
    readonly failure: Failure,
    readonly text: string,
  ) {
    super(text);
  }
}

export function createLocalTsa(options: LocalTsaOptions): LocalTimestampAuthority {
  checkTsaCertificate(options.signer.certificate);
  const clock = options.clock ?? (() => new Date());
  const nextSerial = options.serialNumber ?? randomSerial;

  /** One token over a SHA-256 digest: TSTInfo (RFC 3161 §2.4.2) inside SignedData, signed with ESS signing-certificate-v2. */
  async function token(digest: Uint8Array, nonce: Uint8Array | undefined, withCertificates: boolean): Promise<Uint8Array> {
    const tstInfo = sequence(
      integer(1),
      oid(options.policy),
      sequence(SHA256_ALGORITHM, octetString(digest)), // messageImprint
      integerOf(nextSerial()),
      generalizedTime(clock()),
      ...(options.accuracy ? [accuracy(options.accuracy)] : []),
      // The request's nonce is echoed as received, byte for byte.
      ...(nonce ? [integerOf(nonce)] : []),
    );
    return buildSignedData({ signer: options.signer, eContentType: OID.tstInfo, eContent: tstInfo, includeCertificates: withCertificates });
  }

  return {
    async timestamp(digest) {
      if (digest.byteLength !== 32) throw new PkiError('pki.malformed', `a SHA-256 digest is 32 bytes, got ${digest.byteLength}`);
      // Through the port the certificates are always included: the token is embedded in a PDF and
      // must be verifiable offline.
      return token(digest, undefined, true);
    },

    async respond(request) {
      let checked: { digest: Uint8Array; nonce?: Uint8Array; certReq: boolean };
      try {
        checked = checkRequest(request, options.policy);
      } catch (error) {
        if (error instanceof Refusal) return rejection(error);
        throw error;
      }
      try {
        // RFC 3161 §2.4.2: certificates only when certReq is true, and then they MUST be there.
        return grant(await token(checked.digest, checked.nonce, checked.certReq));
      } catch {
        // The signer failed (an HSM or a remote service down): the client gets a proper answer.
        return rejection(new Refusal('systemFailure', 'the timestamp could not be signed'));
      }
    },
  };
}

function checkRequest(request: Uint8Array, policy: string): { digest: Uint8Array; nonce?: Uint8Array; certReq: boolean } {
  let req: pkijs.TimeStampReq;
  try {
    const parsed = asn1js.fromBER(request);
    if (parsed.offset !== request.byteLength) throw new Error('trailing bytes');
    req = new pkijs.TimeStampReq({ schema: parsed.result });
  } catch {
    throw new Refusal('badDataFormat', 'the request is not a DER TimeStampReq');
  }
  if (req.version !== 1) throw new Refusal('badRequest', `unsupported request version ${req.version}`);
  if (req.messageImprint.hashAlgorithm.algorithmId !== OID.sha256) throw new Refusal('badAlg', 'only SHA-256 message imprints are accepted');
  const digest = req.messageImprint.hashedMessage.valueBlock.valueHexView;
  if (digest.byteLength !== 32) throw new Refusal('badDataFormat', 'the SHA-256 message imprint must be 32 bytes');
  if (req.reqPolicy !== undefined && req.reqPolicy !== policy) throw new Refusal('unacceptedPolicy', `this TSA issues tokens under policy ${policy} only`);
  if (req.extensions && req.extensions.length > 0) throw new Refusal('unacceptedExtension', 'request extensions are not supported');
  const nonce = req.nonce?.valueBlock.valueHexView.slice();
  if (nonce?.length === 0) throw new Refusal('badDataFormat', 'the nonce is empty');
  return { digest: digest.slice(), nonce, certReq: req.certReq === true };
}

/** TimeStampResp ::= SEQUENCE { status PKIStatusInfo { granted (0) }, timeStampToken }: the token as its own bytes. */
function grant(token: Uint8Array): Uint8Array {
  return sequence(sequence(integer(0)), token);
}

/** Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] IMPLICIT INTEGER OPTIONAL, micros [1] IMPLICIT INTEGER OPTIONAL }. */
function accuracy(a: NonNullable<LocalTsaOptions['accuracy']>): Uint8Array {
  return sequence(
    ...(a.seconds !== undefined ? [integer(a.seconds)] : []),
    ...(a.millis !== undefined ? [tlv(0x80, integerContent(a.millis))] : []),
    ...(a.micros !== undefined ? [tlv(0x81, integerContent(a.micros))] : []),
  );
}

function rejection(refusal: Refusal): Uint8Array {
  const status = new pkijs.PKIStatusInfo({
    status: 2, // rejection
    statusStrings: [new asn1js.Utf8String({ value: refusal.text })],
    failInfo: namedBits([FAIL[refusal.failure]]),
  });
  return new Uint8Array(new asn1js.Sequence({ value: [status.toSchema()] }).toBER(false));
}

/**
 * RFC 3161 §2.3: the TSA certificate has one extended key usage, timeStamping, marked critical.
 * Checked once at start-up, since OpenSSL and Adobe reject every token otherwise.
 */
function checkTsaCertificate(certificateDer: Uint8Array): void {
  const cert = parseCertificate(certificateDer);
  const eku = cert.extensions?.find((e) => e.extnID === '2.5.29.37');
  const purposes = eku?.parsedValue instanceof pkijs.ExtKeyUsage ? eku.parsedValue.keyPurposes : [];
  if (!eku?.critical || purposes.length !== 1 || purposes[0] !== TIME_STAMPING) {
    throw new PkiError('pki.wrong_certificate', 'the TSA certificate must have exactly the critical extended key usage timeStamping');
  }
}
