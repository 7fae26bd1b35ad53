/**
 * Certificate revocation lists (RFC 5280 §5): issue a v2 CRL signed by one of our CAs, read any CA's
 * CRL, and answer "is serial S revoked, and since when". Serial numbers are compared as lower-case hex
 * without leading zero bytes (asn1.ts serialHex), the form certificate-info returns.
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { RevocationSource } from '../domain/ports.ts';
import {
  certTime,
  equalBytes,
  keyAlgorithmOf,
  keyIdentifierOf,
  normaliseSerial,
  nameDer,
  parseCertificate,
  parseWith,
  serialHex,
  signWithKey,
  signatureAlgorithm,
  toDer,
} from './asn1.ts';
import type { CertifiedKey } from './ca.ts';
import { PkiError } from './errors.ts';
import { readName, type NameInfo } from './names.ts';

/** RFC 5280 §5.3.1 CRLReason values (7 is unused). */
const REASON_CODES = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = keyof typeof REASON_CODES;

const EXT = { authorityKeyId: '2.5.29.35', crlNumber: '2.5.29.20', reasonCode: '2.5.29.21' } as const;

export interface RevokedEntry {
  /** Hex, any case, leading zero bytes allowed. */
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly reason?: RevocationReason;
}

export interface CrlOptions {
  readonly issuer: CertifiedKey;
  /** Monotonically increasing per issuer (RFC 5280 §5.2.3); the caller keeps the counter. */
  readonly crlNumber: bigint;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly revoked: readonly RevokedEntry[];
}

/** A v2 CRL with authority key identifier, CRL number and a reason code per entry, as DER. */
export function issueCrl(options: CrlOptions): Uint8Array {
  if (options.crlNumber < 0n) throw new PkiError('pki.malformed', 'the CRL number must not be negative');
  if (!(options.thisUpdate < options.nextUpdate)) throw new PkiError('pki.invalid_validity', 'thisUpdate must be before nextUpdate');
  const issuerCert = parseCertificate(options.issuer.certificate);
  const algorithm = signatureAlgorithm(keyAlgorithmOf(options.issuer.privateKey));
  const crl = new pkijs.CertificateRevocationList({
    version: 1, // v2
    signature: algorithm,
    issuer: issuerCert.subject, // the parsed bytes, so the CRL issuer matches the certificates' issuer exactly
    thisUpdate: certTime(options.thisUpdate),
    nextUpdate: certTime(options.nextUpdate),
    signatureAlgorithm: algorithm,
    crlExtensions: new pkijs.Extensions({
      extensions: [
        extension(EXT.authorityKeyId, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: keyIdentifierOf(issuerCert) }) })),
        extension(EXT.crlNumber, asn1js.Integer.fromBigInt(options.crlNumber)),
      ],
    }),
  });
  // An empty revokedCertificates SEQUENCE is not allowed: the field is left out instead.
  if (options.revoked.length > 0) crl.revokedCertificates = options.revoked.map(revokedEntry);
  // toSchema(true) encodes the TBS from the fields just set (encodeTBS is not public in the typings).
  crl.tbsView = new Uint8Array(crl.toSchema(true).valueBlock.value[0]!.toBER(false));
  crl.signatureValue = new asn1js.BitString({ valueHex: signWithKey(options.issuer.privateKey, crl.tbsView) });
  return toDer(crl);
}

function revokedEntry(entry: RevokedEntry): pkijs.RevokedCertificate {
  const serial = normaliseSerial(entry.serialNumber);
  const revoked = new pkijs.RevokedCertificate({
    // A serial whose top bit is set gets a 00 byte back, or it would read as negative.
    userCertificate: new asn1js.Integer({ valueHex: Buffer.from(/^[89a-f]/.test(serial) ? `00${serial}` : serial, 'hex') }),
    revocationDate: certTime(entry.revokedAt),
  });
  // RFC 5280 §5.3.1: "unspecified" SHOULD be expressed by leaving the reason code out.
  if (entry.reason && entry.reason !== 'unspecified') {
    revoked.crlEntryExtensions = new pkijs.Extensions({
      extensions: [extension(EXT.reasonCode, new asn1js.Enumerated({ value: REASON_CODES[entry.reason] }))],
    });
  }
  return revoked;
}

export interface Revocation {
  readonly revokedAt: Date;
  readonly reason: RevocationReason;
}

export interface CrlInfo {
  readonly issuer: NameInfo;
  /** The issuer Name's DER, to compare with a certificate's issuer. */
  readonly issuerDer: Uint8Array;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
  readonly crlNumber: bigint | null;
  /** serialHex → revocation. */
  readonly revoked: ReadonlyMap<string, Revocation>;
}

export function parseCrl(der: Uint8Array): CrlInfo {
  const crl = parseWith(der, 'CRL', (schema) => new pkijs.CertificateRevocationList({ schema }));
  const revoked = new Map<string, Revocation>();
  for (const entry of crl.revokedCertificates ?? []) {
    revoked.set(serialHex(entry.userCertificate), { revokedAt: entry.revocationDate.value, reason: reasonOf(entry) });
  }
  const numberExt = crl.crlExtensions?.extensions.find((e) => e.extnID === EXT.crlNumber);
  const number = numberExt ? asn1js.fromBER(numberExt.extnValue.valueBlock.valueHexView).result : null;
  return {
    issuer: readName(crl.issuer),
    issuerDer: nameDer(crl.issuer),
    thisUpdate: crl.thisUpdate.value,
    nextUpdate: crl.nextUpdate?.value ?? null,
    crlNumber: number instanceof asn1js.Integer ? number.toBigInt() : null,
    revoked,
  };
}

function reasonOf(entry: pkijs.RevokedCertificate): RevocationReason {
  const ext = entry.crlEntryExtensions?.extensions.find((e) => e.extnID === EXT.reasonCode);
  if (!ext) return 'unspecified';
  const value = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result;
  const code = value instanceof asn1js.Enumerated ? value.valueBlock.valueDec : 0;
  return (Object.keys(REASON_CODES) as RevocationReason[]).find((k) => REASON_CODES[k] === code) ?? 'unspecified';
}

/**
 * The revocation of `serialNumber` (hex) in this CRL, or null when it is not listed. Whether the
 * revocation matters for a signature depends on the proven signing time (research §8, pitfall 11):
 * that comparison belongs to the verifier.
 */
export function revocationOf(crl: CrlInfo, serialNumber: string): Revocation | null {
  return crl.revoked.get(normaliseSerial(serialNumber)) ?? null;
}

/** Hash of each signature algorithm a real CA's CRL may use. */
const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/** Whether `issuerCertificate` issued this CRL: the issuer names match and the signature verifies. */
export function verifyCrl(crlDer: Uint8Array, issuerCertificate: Uint8Array): boolean {
  const crl = parseWith(crlDer, 'CRL', (schema) => new pkijs.CertificateRevocationList({ schema }));
  const issuer = parseCertificate(issuerCertificate);
  if (!equalBytes(nameDer(crl.issuer), nameDer(issuer.subject))) return false;
  const hash = SIGNATURE_HASHES[crl.signatureAlgorithm.algorithmId];
  if (!hash || crl.signatureAlgorithm.algorithmId !== crl.signature.algorithmId) return false;
  const key = crypto.createPublicKey({ key: Buffer.from(toDer(issuer.subjectPublicKeyInfo)), format: 'der', type: 'spki' });
  return crypto.verify(hash, crl.tbsView, { key, dsaEncoding: 'der' }, crl.signatureValue.valueBlock.valueHexView);
}

/**
 * A RevocationSource over CRLs already at hand (the ones this install publishes, or ones fetched
 * earlier): for each certificate, the CRLs whose issuer is that certificate's issuer.
 */
export function staticRevocationSource(crls: readonly Uint8Array[]): RevocationSource {
  const parsed = crls.map((der) => ({ der, issuerDer: parseCrl(der).issuerDer }));
  return {
    async crlsFor(certificates) {
      const found = new Set<Uint8Array>();
      for (const cert of certificates) {
        const issuer = nameDer(parseCertificate(cert).issuer);
        for (const crl of parsed) if (equalBytes(crl.issuerDer, issuer)) found.add(crl.der);
      }
      return [...found];
    },
  };
}

function extension(extnID: string, value: { toSchema(): asn1js.AsnType } | asn1js.AsnType): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical: false, extnValue: toDer(value).buffer });
}

