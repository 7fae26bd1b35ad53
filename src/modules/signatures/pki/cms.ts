/**
 * The CMS SignedData the timestamp authority emits (RFC 5652 + RFC 5035 ESS signing-certificate-v2).
 * The raw signature comes from a Signer (ports.ts), so a TSA key can live in an HSM like an official's.
 * Kept free of TSA specifics so other encapsulated content types could reuse it.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Signer } from '../domain/ports.ts';
import { OID, parseCertificate, sha256, sha256Algorithm, signatureAlgorithm, toDer } from './asn1.ts';

/**
 * ESS signing-certificate-v2 (RFC 5035): binds the signature to one certificate by its SHA-256 and its
 * issuer + serial, so a second certificate for the same key cannot be swapped in. The issuer Name is
 * the certificate's own bytes (research §8, pitfall 1).
 */
export function signingCertificateV2(certificateDer: Uint8Array): pkijs.Attribute {
  const cert = parseCertificate(certificateDer);
  // GeneralNames holding one directoryName: [4] is EXPLICIT because Name is a CHOICE.
  const generalNames = new asn1js.Sequence({
    value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
  });
  const issuerSerial = new asn1js.Sequence({ value: [generalNames, new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView })] });
  // ESSCertIDv2.hashAlgorithm is DEFAULT sha256, so DER leaves it out.
  const essCertId = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(certificateDer) }), issuerSerial] });
  const value = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
  return new pkijs.Attribute({ type: OID.signingCertificateV2, values: [value] });
}

export interface SignedDataInput {
  readonly signer: Signer;
  readonly eContentType: string;
  readonly eContent: Uint8Array;
  /** Signed attributes besides content-type and message-digest, which are always added. */
  readonly extraSignedAttributes?: readonly pkijs.Attribute[];
  /** Put the signer's certificate and chain into `certificates`. */
  readonly includeCertificates: boolean;
}

/** A ContentInfo wrapping SignedData with one SignerInfo, DER. */
export async function buildSignedData(input: SignedDataInput): Promise<Uint8Array> {
  const { signer } = input;
  const cert = parseCertificate(signer.certificate);
  const attributes = sortedAttributes([
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: input.eContentType })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: sha256(input.eContent) })] }),
    ...(input.extraSignedAttributes ?? []),
  ]);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  // The signature covers the attributes encoded as a SET (tag 0x31), not as the [0] they are sent in.
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toSign[0] = 0x31;
  signedAttrs.encodedValue = toSign.slice().buffer;
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256Algorithm(),
    signedAttrs,
    signatureAlgorithm: signatureAlgorithm(signer.algorithm),
    signature: new asn1js.OctetString({ valueHex: await signer.sign(toSign) }),
  });
  const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: input.eContentType });
  // Assigned after construction: the constructor would split it into a BER constructed OCTET STRING.
  encapContentInfo.eContent = new asn1js.OctetString({ valueHex: input.eContent });
  const signedData = new pkijs.SignedData({
    digestAlgorithms: [sha256Algorithm()],
    encapContentInfo,
    signerInfos: [signerInfo],
  });
  if (input.includeCertificates) signedData.certificates = [cert, ...signer.chain.map(parseCertificate)];
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return toDer(contentInfo);
}

/** DER orders a SET OF by the encodings of its members (X.690 §11.6). */
function sortedAttributes(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  return attributes
    .map((attribute) => ({ attribute, der: Buffer.from(toDer(attribute)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map((entry) => entry.attribute);
}
