/**
 * What signing needs from a certificate, cut out of its DER once per process and kept by the SHA-256 of the
 * bytes: the issuer Name and serial INTEGER exactly as encoded (for the SignerInfo's issuerAndSerialNumber and
 * ESS), the public key (to check each raw signature) and the ESS signing-certificate-v2 value. A signature
 * used to parse the same few certificates nine times with pkijs (~0.8 ms each, docs/PERFORMANCE.md).
 *
 * The key is the hash of the bytes given, so different bytes are never served another certificate's parts. The
 * bytes are copied (`Uint8Array.prototype.slice`): a caller's pooled Buffer view may be reused after the call.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { bytesOf, childrenOf, octetString, readTlv, sequence, tlv } from '../domain/der.ts';
import { PkiError } from './errors.ts';

export interface CertificateParts {
  /** The certificate, DER, in a buffer of its own. */
  readonly der: Uint8Array;
  readonly sha256: Uint8Array;
  /** The TBSCertificate's issuer Name (SEQUENCE) and serialNumber (INTEGER), tag and length included. */
  readonly issuer: Uint8Array;
  readonly serial: Uint8Array;
  readonly publicKey: KeyObject;
  /**
   * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } (RFC 5035) with one ESSCertIDv2:
   * SEQUENCE { certHash OCTET STRING, issuerSerial SEQUENCE { GeneralNames { [4] Name }, serial } }.
   * hashAlgorithm is left out because it is SHA-256, the DEFAULT, which DER forbids encoding.
   */
  readonly signingCertificateV2: Uint8Array;
}

/** Certificates of the signers, their chains and the TSAs: a handful per install; the oldest go past this many. */
const LIMIT = 256;
const cache = new Map<string, CertificateParts>();

export function certificateParts(der: Uint8Array): CertificateParts {
  const hash = crypto.createHash('sha256').update(der).digest();
  const key = hash.toString('base64');
  const known = cache.get(key);
  if (known) return known;
  const parts = cut(Uint8Array.prototype.slice.call(der), new Uint8Array(hash));
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, parts);
  return parts;
}

function cut(der: Uint8Array, sha256: Uint8Array): CertificateParts {
  let issuer: Uint8Array;
  let serial: Uint8Array;
  let publicKey: KeyObject;
  try {
    const cert = readTlv(der, 0);
    if (cert.tag !== 0x30 || cert.end !== der.length) throw new Error('not one SEQUENCE');
    const tbs = childrenOf(der, cert)[0];
    if (tbs?.tag !== 0x30) throw new Error('no TBSCertificate');
    // TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, ... }
    const fields = childrenOf(der, tbs);
    const at = fields[0]?.tag === 0xa0 ? 1 : 0;
    const [serialTlv, , issuerTlv] = fields.slice(at, at + 3);
    if (serialTlv?.tag !== 0x02 || issuerTlv?.tag !== 0x30) throw new Error('no serial or issuer');
    serial = bytesOf(der, serialTlv);
    issuer = bytesOf(der, issuerTlv);
    // OpenSSL parses it too: what we cut is then from a certificate it accepts, and the key comes from there.
    publicKey = new crypto.X509Certificate(der).publicKey;
  } catch {
    throw new PkiError('pki.malformed', 'certificate: not a valid DER X.509 certificate');
  }
  const generalNames = sequence(tlv(0xa4, issuer)); // directoryName [4] EXPLICIT Name (Name is a CHOICE)
  const essCertId = sequence(octetString(sha256), sequence(generalNames, serial));
  return { der, sha256, issuer, serial, publicKey, signingCertificateV2: sequence(sequence(essCertId)) };
}
