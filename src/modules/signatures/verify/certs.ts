/**
 * A parsed certificate with what the verifier needs from it: names, validity, CA constraints, key usage,
 * and the original DER (fingerprints and ESS hashes are over the exact bytes the signer embedded).
 * Read with the DER reader (ber.ts) and cached by the SHA-256 of the bytes (parsed-cache.ts): the same few CA, TSA
 * and signer certificates come back in every document, and their public keys are made once.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { checkWellFormed } from './ber-check.ts';
import { type Node, TAG, algorithmOf, bitStringBytes, children, childrenOf, content, expect, integerHex, integerValue, oidOf, read, textOf, timeOf, whole } from './ber.ts';
import { OID, keyAlgorithmName, verifyRaw, toHex } from './crypto-util.ts';
import { ParsedCache } from './parsed-cache.ts';
import type { SignerSummary } from './types.ts';

/** One AttributeTypeAndValue of a Name, its value decoded when it is a string type. */
export interface NameAttribute {
  readonly type: string;
  readonly text: string | null;
}

export interface Cert {
  readonly der: Uint8Array;
  readonly fingerprint: string;
  /** Names exactly as encoded: comparing these bytes is the RFC 5280 match we need. */
  readonly subjectDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  readonly serial: string;
  readonly spki: Uint8Array;
  /** What the issuer signed, with which algorithm, and the signature. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly signatureValue: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly subject: readonly NameAttribute[];
  readonly issuer: readonly NameAttribute[];
  /** False for a v1 certificate without an extensions field. */
  readonly hasExtensions: boolean;
  readonly basicConstraints: { ca: boolean; pathLen: number | undefined };
  readonly keyUsage: ReadonlySet<number> | null;
  readonly extKeyUsage: readonly string[] | null;
  readonly subjectKeyId: string | null;
  /** The public key, made on first use (it throws for a key OpenSSL cannot read). */
  readonly publicKey: () => KeyObject;
  readonly keyAlgorithm: () => string;
  /** signedBy's answers by the issuer's fingerprint (see there). */
  readonly signedByAnswers: Map<string, boolean>;
}

const cache = new ParsedCache<Cert>(256);

function nameAttributes(bytes: Uint8Array, name: Node): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of childrenOf(bytes, name, TAG.sequence).map((n) => childrenOf(bytes, n, TAG.set))) {
    for (const atv of rdn) {
      const [type, value] = childrenOf(bytes, atv, TAG.sequence);
      out.push({ type: oidOf(bytes, type), text: value ? textOf(bytes, value) : null });
    }
  }
  return out;
}

/** extnValue contents by extnID, the first of each (as pkijs' `extensions.find` did). */
function extensionValues(bytes: Uint8Array, field: Node): Map<string, Uint8Array> {
  const values = new Map<string, Uint8Array>();
  for (const ext of childrenOf(bytes, children(bytes, field)[0], TAG.sequence)) {
    const parts = childrenOf(bytes, ext, TAG.sequence);
    const id = oidOf(bytes, parts[0]);
    const value = content(bytes, expect(parts[parts[1]?.tag === TAG.boolean ? 2 : 1], TAG.octetString));
    if (!values.has(id)) values.set(id, value);
  }
  return values;
}

/** Runs `parse` on the single element in `value`; undefined when it is malformed. */
function parsedExtension<T>(value: Uint8Array | undefined, parse: (bytes: Uint8Array, node: Node) => T): T | undefined {
  if (!value) return undefined;
  try {
    const node = read(value, 0);
    return parse(value, node);
  } catch {
    return undefined;
  }
}

function constraints(ext: Map<string, Uint8Array>): Cert['basicConstraints'] {
  // A malformed value counts as "not a CA", as pkijs' empty BasicConstraints did.
  return parsedExtension(ext.get(OID.basicConstraints), (bytes, node) => {
    const parts = childrenOf(bytes, node, TAG.sequence);
    const ca = parts[0]?.tag === TAG.boolean ? parts.shift()! : undefined;
    let pathLen: number | undefined;
    if (parts[0]) {
      try {
        pathLen = integerValue(bytes, parts[0]);
      } catch {
        pathLen = undefined; // beyond 48 bits: no limit that matters
      }
    }
    return { ca: !!ca && bytes[ca.contentStart] !== 0 && ca.contentEnd > ca.contentStart, pathLen };
  }) ?? { ca: false, pathLen: undefined };
}

function keyUsageBits(ext: Map<string, Uint8Array>): Set<number> | null {
  const value = ext.get(OID.keyUsage);
  if (!value) return null;
  // A malformed keyUsage allows nothing (stricter than ignoring it).
  const bits = new Set<number>();
  const raw = parsedExtension(value, bitStringBytes) ?? new Uint8Array();
  for (let i = 0; i < raw.length * 8; i++) if ((raw[i >> 3]! >> (7 - (i & 7))) & 1) bits.add(i);
  return bits;
}

function parse(der: Uint8Array, fingerprint: string): Cert {
  const [tbsNode, sigAlg, sigValue] = childrenOf(der, read(der, 0), TAG.sequence);
  const fields = childrenOf(der, tbsNode, TAG.sequence);
  const at = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, innerAlg, issuer, validity, subject, spki] = fields.slice(at, at + 6);
  expect(innerAlg, TAG.sequence);
  const [notBefore, notAfter] = childrenOf(der, validity, TAG.sequence);
  const extField = fields.slice(at + 6).find((f) => f.tag === 0xa3);
  const ext = extField ? extensionValues(der, extField) : new Map<string, Uint8Array>();
  let key: KeyObject | undefined;
  let keyName: string | undefined;
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }: the key itself
  // is read by OpenSSL when it is first needed.
  const [keyAlg, keyBits] = childrenOf(der, spki, TAG.sequence);
  algorithmOf(der, keyAlg);
  expect(keyBits, TAG.bitString);
  const spkiBytes = whole(der, spki!);
  const publicKey = () => (key ??= crypto.createPublicKey({ key: Buffer.from(spkiBytes.buffer, spkiBytes.byteOffset, spkiBytes.length), format: 'der', type: 'spki' }));
  return {
    der,
    fingerprint,
    subjectDer: whole(der, expect(subject, TAG.sequence)),
    issuerDer: whole(der, expect(issuer, TAG.sequence)),
    serial: integerHex(der, serial),
    spki: spkiBytes,
    tbs: whole(der, tbsNode!),
    signatureAlgorithm: algorithmOf(der, sigAlg),
    signatureValue: bitStringBytes(der, sigValue),
    notBefore: timeOf(der, notBefore).getTime(),
    notAfter: timeOf(der, notAfter).getTime(),
    subject: nameAttributes(der, subject!),
    issuer: nameAttributes(der, issuer!),
    hasExtensions: extField !== undefined,
    basicConstraints: constraints(ext),
    keyUsage: keyUsageBits(ext),
    extKeyUsage: ext.has(OID.extKeyUsage) ? (parsedExtension(ext.get(OID.extKeyUsage), (b, n) => childrenOf(b, n, TAG.sequence).map((p) => oidOf(b, p))) ?? []) : null,
    subjectKeyId: parsedExtension(ext.get(OID.subjectKeyIdentifier), (b, n) => toHex(b.subarray(expect(n, TAG.octetString).contentStart, n.contentEnd))) ?? null,
    publicKey,
    keyAlgorithm: () => (keyName ??= keyAlgorithmName(publicKey)),
    signedByAnswers: new Map(),
  };
}

/** The certificate at the start of `bytes` (anything after it is ignored); throws RangeError if it is not one. */
export function readCert(bytes: Uint8Array): Cert {
  const root = read(bytes, 0);
  const der = bytes.subarray(0, root.end);
  const { sha256, value } = cache.find(der);
  if (value) return value;
  checkWellFormed(der, root);
  // Our own copy: the caller's buffer (a pooled Buffer, a CMS it goes on to change) must not change a cached parse.
  return cache.add(sha256, parse(Uint8Array.prototype.slice.call(der), sha256.toString('hex')));
}

/** Parses DER; returns null for anything that is not a certificate (callers skip junk in DSS and CMS). */
export function parseCert(der: Uint8Array): Cert | null {
  try {
    return readCert(der);
  } catch {
    return null;
  }
}

/** The first value of an attribute type in a Name (CN, O, title…), decoded from any string type. */
export function nameAttribute(name: readonly NameAttribute[], oid: string): string | null {
  for (const a of name) if (a.type === oid && a.text !== null) return a.text;
  return null;
}

/**
 * Verifies that `cert` was signed by the key of `issuer`. The answer is kept on the (cached) certificate by the
 * issuer's fingerprint: both are identified by the SHA-256 of their exact DER, which covers the signature and the
 * key, and verifying is deterministic, so the same pair always gets the same answer. The chains of one document
 * share their CAs, and an install's documents share all of them.
 */
export function signedBy(cert: Cert, issuer: Cert): boolean {
  const known = cert.signedByAnswers.get(issuer.fingerprint);
  if (known !== undefined) return known;
  let answer: boolean;
  try {
    answer = verifyRaw(issuer.publicKey, cert.signatureAlgorithm, null, cert.tbs, cert.signatureValue);
  } catch {
    answer = false;
  }
  if (cert.signedByAnswers.size >= 16) cert.signedByAnswers.clear();
  cert.signedByAnswers.set(issuer.fingerprint, answer);
  return answer;
}

export const KEY_USAGE = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;

export function validity(cert: Cert): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(cert.notBefore), notAfter: new Date(cert.notAfter) };
}

export function isSelfIssued(cert: Cert): boolean {
  return Buffer.from(cert.subjectDer).equals(Buffer.from(cert.issuerDer));
}

export function commonName(cert: Cert): string | null {
  return nameAttribute(cert.subject, '2.5.4.3');
}

/** What the report shows about a signer or a timestamp authority. */
export function summarise(cert: Cert): SignerSummary {
  const { notBefore, notAfter } = validity(cert);
  return {
    commonName: commonName(cert),
    organisation: nameAttribute(cert.subject, '2.5.4.10'),
    title: nameAttribute(cert.subject, '2.5.4.12'),
    serialNumber: cert.serial,
    issuerCommonName: nameAttribute(cert.issuer, '2.5.4.3'),
    fingerprintSha256: cert.fingerprint,
    keyAlgorithm: cert.keyAlgorithm(),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
  };
}
