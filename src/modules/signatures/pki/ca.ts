/**
 * The built-in certificate authority of a standalone install: a self-signed root, one CA per province
 * (path length 0: it issues only end-entity certificates), and certificates for officials, unit seals
 * and the timestamp authority. Keys are Node KeyObjects and certificates DER bytes, so the caller
 * decides where they are stored (private keys through keys.ts).
 *
 * Issuers are copied as parsed bytes into each certificate (never rebuilt from strings): a Vietnamese
 * name re-encoded differently would no longer match its CA (research §8, pitfall 1).
 */
import crypto, { type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyAlgorithm } from '../domain/ports.ts';
import {
  certTime,
  integer,
  keyAlgorithmOf,
  keyIdentifierOf,
  namedBits,
  parseCertificate,
  randomSerial,
  sha1,
  signWithKey,
  signatureAlgorithm,
  spkiDer,
  toDer,
} from './asn1.ts';
import { PkiError } from './errors.ts';
import { buildName, type DistinguishedName } from './names.ts';

/** A certificate (DER) with its private key: what a CA needs to issue, and what a signer needs to sign. */
export interface CertifiedKey {
  readonly certificate: Uint8Array;
  readonly privateKey: KeyObject;
}

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * What a certificate is for. `signer`: officials and seals (digitalSignature + nonRepudiation);
 * `tsa`: the timestamp authority (digitalSignature, EKU timeStamping critical, as RFC 3161 §2.3 asks).
 */
export type CertificateKind = 'root-ca' | 'province-ca' | 'signer' | 'tsa';

export interface CertificateProfile {
  readonly kind: CertificateKind;
  readonly subject: DistinguishedName;
  readonly validity: Validity;
  /** Where the issuer's CRL is published: goes into the CRL distribution points extension. */
  readonly crlUrl?: string;
  /** Where the issuer's certificate can be fetched (AIA caIssuers). */
  readonly caIssuersUrl?: string;
  /** An OCSP responder for the issuer (AIA ocsp); none is built in yet. */
  readonly ocspUrl?: string;
}

const EXT = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;
const KU = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
/**
 * Signers carry EKU emailProtection (non-critical): poppler's pdfsig (22.12, through NSS) reports a good chain
 * as "Unknown issue with Certificate" for signing certificates without it (found while testing the PAdES output).
 */
const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';

const generateKeyPairAsync = promisify(crypto.generateKeyPair);

/** A fresh RSA-2048 (e = 65537) or ECDSA P-256 key pair, generated off the main thread. */
export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return algorithm === 'RSA-2048'
    ? generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 0x10001 })
    : generateKeyPairAsync('ec', { namedCurve: 'prime256v1' });
}

/**
 * Issues a certificate for `subjectKey` (a public key, or a private key whose public half is used),
 * signed by `issuer`. The low-level entry point: use it for keys generated elsewhere (a token, a CSR).
 */
export function issueCertificate(issuer: CertifiedKey, subjectKey: KeyObject, profile: CertificateProfile): Uint8Array {
  if (profile.kind === 'root-ca') throw new PkiError('pki.wrong_certificate', 'a root is self-signed: use createRootCa');
  const issuerCert = parseCertificate(issuer.certificate);
  checkValidity(profile.validity, issuerCert);
  return signCertificate(profile, subjectKey, issuer.privateKey, issuerCert.subject, keyIdentifierOf(issuerCert));
}

export interface RootCaOptions {
  readonly algorithm: KeyAlgorithm;
  /** e.g. "Smart Commune Root CA". */
  readonly commonName: string;
  readonly organization?: string;
  readonly country?: string;
  readonly validity: Validity;
}

/** A self-signed root: CA, no path length limit, keyCertSign + cRLSign. */
export async function createRootCa(options: RootCaOptions): Promise<CertifiedKey> {
  const { privateKey } = await generateKeyPair(options.algorithm);
  const profile: CertificateProfile = {
    kind: 'root-ca',
    subject: { country: options.country ?? 'VN', organization: options.organization, commonName: options.commonName },
    validity: options.validity,
  };
  checkValidity(profile.validity, null);
  const subject = buildName(profile.subject);
  const certificate = signCertificate(profile, privateKey, privateKey, subject, subjectKeyId(privateKey));
  return { certificate, privateKey };
}

export interface ProvinceCaOptions {
  readonly issuer: CertifiedKey;
  readonly algorithm: KeyAlgorithm;
  /** e.g. "CA tỉnh Điện Biên". */
  readonly commonName: string;
  readonly organization?: string;
  readonly province?: string;
  readonly validity: Validity;
  /** The URL of the root's CRL (this certificate's revocation status). */
  readonly crlUrl: string;
  readonly caIssuersUrl?: string;
}

/** The province CA: pathlen 0, so it can issue end-entity certificates only. */
export async function createProvinceCa(options: ProvinceCaOptions): Promise<CertifiedKey> {
  const { privateKey } = await generateKeyPair(options.algorithm);
  const certificate = issueCertificate(options.issuer, privateKey, {
    kind: 'province-ca',
    subject: { country: 'VN', province: options.province, organization: options.organization, commonName: options.commonName },
    validity: options.validity,
    crlUrl: options.crlUrl,
    caIssuersUrl: options.caIssuersUrl,
  });
  return { certificate, privateKey };
}

/** What every end-entity certificate needs besides its name. */
export interface EndEntityOptions {
  readonly issuer: CertifiedKey;
  readonly algorithm: KeyAlgorithm;
  readonly validity: Validity;
  /** The URL of the issuing (province) CA's CRL. */
  readonly crlUrl?: string;
  readonly caIssuersUrl?: string;
}

export interface OfficialOptions extends EndEntityOptions {
  /** CN: full name with diacritics, e.g. "Nguyễn Văn Ánh". */
  readonly fullName: string;
  /** title: e.g. "Chủ tịch". */
  readonly title: string;
  /** O: the unit the official signs for, e.g. "Ủy ban nhân dân xã Mường Đăng". */
  readonly unitName: string;
  /** OU: e.g. "Văn phòng - Thống kê". */
  readonly department?: string;
  /** serialNumber: e.g. "CCCD:001234567890". */
  readonly idNumber?: string;
  readonly province?: string;
}

export async function issueOfficialCertificate(options: OfficialOptions): Promise<CertifiedKey> {
  return issueWithNewKey(options, 'signer', {
    country: 'VN',
    province: options.province,
    organization: options.unitName,
    organizationalUnit: options.department,
    title: options.title,
    commonName: options.fullName,
    serialNumber: options.idNumber,
  });
}

export interface SealOptions extends EndEntityOptions {
  /** CN and O: e.g. "Ủy ban nhân dân xã Mường Đăng". */
  readonly unitName: string;
  readonly province?: string;
}

/** The unit's seal ("con dấu"): the organisation itself signs, so CN and O are both the unit name. */
export async function issueSealCertificate(options: SealOptions): Promise<CertifiedKey> {
  return issueWithNewKey(options, 'signer', {
    country: 'VN',
    province: options.province,
    organization: options.unitName,
    commonName: options.unitName,
  });
}

export interface TsaCertificateOptions extends EndEntityOptions {
  readonly commonName: string;
  readonly organization?: string;
}

export async function issueTsaCertificate(options: TsaCertificateOptions): Promise<CertifiedKey> {
  return issueWithNewKey(options, 'tsa', { country: 'VN', organization: options.organization, commonName: options.commonName });
}

async function issueWithNewKey(options: EndEntityOptions, kind: CertificateKind, subject: DistinguishedName): Promise<CertifiedKey> {
  const { privateKey } = await generateKeyPair(options.algorithm);
  const certificate = issueCertificate(options.issuer, privateKey, {
    kind,
    subject,
    validity: options.validity,
    crlUrl: options.crlUrl,
    caIssuersUrl: options.caIssuersUrl,
  });
  return { certificate, privateKey };
}

function signCertificate(
  profile: CertificateProfile,
  subjectKey: KeyObject,
  issuerKey: KeyObject,
  issuerName: pkijs.RelativeDistinguishedNames,
  authorityKeyId: Uint8Array,
): Uint8Array {
  const spki = pkijs.PublicKeyInfo.fromBER(spkiDer(subjectKey));
  keyAlgorithmOf(crypto.createPublicKey(subjectKey)); // refuses unsupported subject keys
  const algorithm = signatureAlgorithm(keyAlgorithmOf(issuerKey));
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: integer(randomSerial()),
    signature: algorithm,
    issuer: issuerName,
    notBefore: certTime(profile.validity.notBefore),
    notAfter: certTime(profile.validity.notAfter),
    subject: buildName(profile.subject),
    subjectPublicKeyInfo: spki,
    signatureAlgorithm: algorithm,
  });
  cert.extensions = extensionsFor(profile, subjectKeyId(subjectKey), authorityKeyId);
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.signatureValue = new asn1js.BitString({ valueHex: signWithKey(issuerKey, cert.tbsView) });
  return toDer(cert);
}

function extensionsFor(profile: CertificateProfile, keyId: Uint8Array, authorityKeyId: Uint8Array): pkijs.Extension[] {
  const isCa = profile.kind === 'root-ca' || profile.kind === 'province-ca';
  const basic = new pkijs.BasicConstraints(profile.kind === 'province-ca' ? { cA: true, pathLenConstraint: 0 } : { cA: isCa });
  const usage = isCa
    ? [KU.keyCertSign, KU.cRLSign]
    : profile.kind === 'tsa'
      ? [KU.digitalSignature]
      : [KU.digitalSignature, KU.nonRepudiation];
  const extensions = [
    extension(EXT.basicConstraints, true, basic),
    extension(EXT.keyUsage, true, namedBits(usage)),
    extension(EXT.subjectKeyId, false, new asn1js.OctetString({ valueHex: keyId })),
  ];
  if (profile.kind !== 'root-ca') {
    const aki = new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: authorityKeyId }) });
    extensions.push(extension(EXT.authorityKeyId, false, aki));
  }
  if (profile.kind === 'tsa') extensions.push(extension(EXT.extKeyUsage, true, new pkijs.ExtKeyUsage({ keyPurposes: [TIME_STAMPING] })));
  if (profile.kind === 'signer') extensions.push(extension(EXT.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: [EMAIL_PROTECTION] })));
  if (profile.crlUrl) {
    const point = new pkijs.DistributionPoint({ distributionPoint: [uri(profile.crlUrl)] });
    extensions.push(extension(EXT.crlDistributionPoints, false, new pkijs.CRLDistributionPoints({ distributionPoints: [point] })));
  }
  const access = [
    ...(profile.ocspUrl ? [new pkijs.AccessDescription({ accessMethod: '1.3.6.1.5.5.7.48.1', accessLocation: uri(profile.ocspUrl) })] : []),
    ...(profile.caIssuersUrl ? [new pkijs.AccessDescription({ accessMethod: '1.3.6.1.5.5.7.48.2', accessLocation: uri(profile.caIssuersUrl) })] : []),
  ];
  if (access.length > 0) extensions.push(extension(EXT.authorityInfoAccess, false, new pkijs.InfoAccess({ accessDescriptions: access })));
  return extensions;
}

function extension(extnID: string, critical: boolean, value: { toSchema(): asn1js.AsnType } | asn1js.AsnType): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: toDer(value).buffer });
}

function uri(url: string): pkijs.GeneralName {
  // IA5String only: an internationalised host must be given in its punycode (xn--) form.
  if (!/^[\x21-\x7e]+$/.test(url)) throw new PkiError('pki.invalid_name', `URL must be ASCII without spaces: ${url}`);
  return new pkijs.GeneralName({ type: 6, value: url });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bytes. */
function subjectKeyId(key: KeyObject): Uint8Array {
  const spki = pkijs.PublicKeyInfo.fromBER(spkiDer(key));
  return sha1(spki.subjectPublicKey.valueBlock.valueHexView);
}

/** Refuses an empty validity, and one reaching outside the issuer's (the chain would fail then). */
function checkValidity(validity: Validity, issuer: pkijs.Certificate | null): void {
  if (!(validity.notBefore.getTime() < validity.notAfter.getTime())) {
    throw new PkiError('pki.invalid_validity', 'notBefore must be before notAfter');
  }
  // Compared in whole seconds, the precision certificates store.
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
  if (issuer && (seconds(validity.notBefore) < seconds(issuer.notBefore.value) || seconds(validity.notAfter) > seconds(issuer.notAfter.value))) {
    throw new PkiError('pki.invalid_validity', 'the certificate would be valid outside its issuer’s validity period');
  }
}
