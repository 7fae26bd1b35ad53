/**
 * Reading the CMS, X.509, CRL and TSTInfo structures the verifier needs, on top of the DER reader of
 * domain/der.ts: elements are offsets into the input, nothing is decoded until asked for. This replaced asn1js and
 * pkijs here, which built an object per element and spent about half of a verification doing so
 * (docs/PERFORMANCE.md). Besides DER it reads what BER senders put on the outside of a CMS (BouncyCastle's
 * `getEncoded()` writes indefinite lengths and may split an OCTET STRING), which asn1js accepted too.
 * Every function throws (RangeError) on a malformed or unexpected element; callers turn that into their own error.
 */
import { type Tlv, readTlv } from '../domain/der.ts';
import { serialHex } from './crypto-util.ts';

/** An element; its content runs from `contentStart` to `contentEnd` (before the end-of-contents octets of BER). */
export interface Node extends Tlv {
  readonly contentEnd: number;
}

/** Nesting of indefinite lengths a hostile input may use before we give up (each level is one recursion). */
const MAX_DEPTH = 64;

export const TAG = {
  boolean: 0x01, integer: 0x02, bitString: 0x03, octetString: 0x04, oid: 0x06,
  utcTime: 0x17, generalizedTime: 0x18, sequence: 0x30, set: 0x31,
} as const;

export function fail(what: string): never {
  throw new RangeError(`ASN.1: ${what}`);
}

/** The element at `at`; definite lengths through der.ts, the indefinite form of BER (constructed only) here. */
export function read(bytes: Uint8Array, at: number, limit = bytes.length, depth = 0): Node {
  if (at + 2 <= limit && bytes[at + 1] === 0x80) {
    const tag = bytes[at]!;
    if (!(tag & 0x20) || (tag & 0x1f) === 0x1f || depth > MAX_DEPTH) fail('bad indefinite length');
    for (let p = at + 2; ;) {
      if (p + 2 > limit) fail('no end-of-contents');
      if (bytes[p] === 0 && bytes[p + 1] === 0) return { tag, start: at, contentStart: at + 2, contentEnd: p, end: p + 2 };
      p = read(bytes, p, limit, depth + 1).end;
    }
  }
  const t = readTlv(bytes, at, limit);
  return { tag: t.tag, start: t.start, contentStart: t.contentStart, contentEnd: t.end, end: t.end };
}

/** The elements inside a constructed one, in order; they must fill it exactly. */
export function children(bytes: Uint8Array, parent: Node): Node[] {
  if (!(parent.tag & 0x20)) fail('primitive element where a constructed one was expected');
  const out: Node[] = [];
  for (let at = parent.contentStart; at < parent.contentEnd;) {
    const child = read(bytes, at, parent.contentEnd);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** `node`, checked to carry `tag`. */
export function expect(node: Node | undefined, tag: number): Node {
  if (node?.tag !== tag) fail(`expected tag 0x${tag.toString(16)}, found ${node ? `0x${node.tag.toString(16)}` : 'nothing'}`);
  return node;
}

/** The children of a constructed element with `tag`. */
export const childrenOf = (bytes: Uint8Array, node: Node | undefined, tag: number): Node[] => children(bytes, expect(node, tag));

/** The whole element, tag and length included (a view). */
export const whole = (bytes: Uint8Array, node: Node): Uint8Array => bytes.subarray(node.start, node.end);

/** The content octets of a primitive element (a view). */
export function content(bytes: Uint8Array, node: Node): Uint8Array {
  if (node.tag & 0x20) fail('constructed element where a primitive one was expected');
  return bytes.subarray(node.contentStart, node.contentEnd);
}

/** An OCTET STRING's value: primitive as a view, constructed (BER) as its segments joined. */
export function octets(bytes: Uint8Array, node: Node, depth = 0): Uint8Array {
  if (node.tag === TAG.octetString) return content(bytes, node);
  if (node.tag !== (TAG.octetString | 0x20) || depth > MAX_DEPTH) fail('not an OCTET STRING');
  return Buffer.concat(children(bytes, node).map((c) => octets(bytes, c, depth + 1)));
}

/** An OBJECT IDENTIFIER in dotted form. */
export function oidOf(bytes: Uint8Array, node: Node | undefined): string {
  const body = content(bytes, expect(node, TAG.oid));
  if (body.length === 0 || body[body.length - 1]! & 0x80) fail('truncated OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let value = 0;
  for (const byte of body) {
    value = value * 128 + (byte & 0x7f);
    if (!Number.isSafeInteger(value)) fail('OBJECT IDENTIFIER arc too large');
    if (byte & 0x80) continue;
    if (arcs.length === 0) arcs.push(value < 40 ? 0 : value < 80 ? 1 : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  return arcs.join('.');
}

/** An INTEGER as normalised lowercase hex (serial numbers: no sign or padding zero bytes). */
export const integerHex = (bytes: Uint8Array, node: Node | undefined): string => serialHex(content(bytes, expect(node, TAG.integer)));

/** A small INTEGER's value (two's complement); throws beyond 48 bits. */
export function integerValue(bytes: Uint8Array, node: Node | undefined): number {
  const body = content(bytes, expect(node, TAG.integer));
  if (body.length === 0 || body.length > 6) fail('INTEGER empty or too large');
  let value = body[0]! & 0x80 ? -1 : 0;
  for (const byte of body) value = value * 256 + byte;
  return value;
}

/** A BIT STRING's bytes without its unused-bits count (what X.509 signatures and key usage bits are). */
export function bitStringBytes(bytes: Uint8Array, node: Node | undefined): Uint8Array {
  const body = content(bytes, expect(node, TAG.bitString));
  if (body.length === 0 || body[0]! > 7) fail('bad BIT STRING');
  return body.subarray(1);
}

const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/;

/**
 * UTCTime (YY < 50 is 20YY, RFC 5280 §4.1.2.5.1) or GeneralizedTime, in the UTC forms RFC 5280 and RFC 3161 allow;
 * fractions of a second are cut to the millisecond, as asn1js did.
 */
export function timeOf(bytes: Uint8Array, node: Node | undefined): Date {
  const text = Buffer.from(content(bytes, node ?? fail('missing time'))).toString('latin1');
  let m: RegExpExecArray | null;
  let parts: number[];
  let ms = 0;
  if (node!.tag === TAG.utcTime && (m = UTC_TIME.exec(text))) {
    parts = m.slice(1, 7).map(Number);
    parts[0]! += parts[0]! >= 50 ? 1900 : 2000;
  } else if (node!.tag === TAG.generalizedTime && (m = GENERALIZED_TIME.exec(text))) {
    parts = m.slice(1, 7).map(Number);
    if (m[7]) ms = Math.floor(Number(`0.${m[7]}`) * 1000);
  } else fail('not a UTC time');
  const [y, mo, d, h, mi, s] = parts as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  if (Number.isNaN(date.getTime())) fail('invalid date');
  return date;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LATIN1_STRINGS = new Set([0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1d]);

/** A directory string's text (UTF8String, BMPString, UniversalString and the byte-per-character ones), or null. */
export function textOf(bytes: Uint8Array, node: Node): string | null {
  if (node.tag & 0x20) return null;
  const body = bytes.subarray(node.contentStart, node.contentEnd);
  if (node.tag === 0x0c) {
    try {
      return utf8.decode(body);
    } catch {
      return Buffer.from(body).toString('latin1'); // asn1js kept the raw bytes as characters
    }
  }
  if (node.tag === 0x1e) return body.length % 2 === 0 ? Buffer.from(body).swap16().toString('utf16le') : null; // UTF-16BE
  if (node.tag === 0x1c) {
    if (body.length % 4 !== 0) return null;
    const view = new DataView(body.buffer, body.byteOffset, body.length);
    let out = '';
    for (let i = 0; i < body.length; i += 4) {
      const cp = view.getUint32(i);
      out += String.fromCodePoint(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
    }
    return out;
  }
  return LATIN1_STRINGS.has(node.tag) ? Buffer.from(body).toString('latin1') : null;
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }: the OID. */
export const algorithmOf = (bytes: Uint8Array, node: Node | undefined): string => oidOf(bytes, childrenOf(bytes, node, TAG.sequence)[0]);
