/**
 * A small DER writer (X.690 distinguished encoding rules) and reader, for the structures signing assembles byte by
 * byte: the CMS SignedData of a PAdES signature and of a timestamp token, and the TSTInfo (pki/cms.ts, pki/tsa.ts).
 * Nothing here rebuilds a value from text: names, serials and certificates go in as the bytes they were read as,
 * so a Vietnamese distinguished name stays exactly what its CA encoded (research §4).
 */

/** Tag (one byte: low tag numbers only) + definite length + the parts' bytes, concatenated. */
export function tlv(tag: number, ...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const lengthBytes = n < 0x80 ? 0 : n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
  const out = new Uint8Array(2 + lengthBytes + n);
  out[0] = tag;
  if (lengthBytes === 0) out[1] = n;
  else {
    out[1] = 0x80 | lengthBytes;
    for (let i = lengthBytes, v = n; i >= 1; i--, v = Math.floor(v / 256)) out[1 + i] = v & 0xff;
  }
  let at = 2 + lengthBytes;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const sequence = (...parts: readonly Uint8Array[]): Uint8Array => tlv(0x30, ...parts);

/** [n] EXPLICIT (context-specific, constructed) around the parts. */
export const explicit = (n: number, ...parts: readonly Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...parts);

export const octetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);

export const NULL: Uint8Array = Uint8Array.of(0x05, 0x00);

/**
 * A SET OF in DER order: the members sorted by their encodings (X.690 §11.6). What matters for signed attributes:
 * OpenSSL and NSS re-encode them before checking the signature. `tag` 0xa0 / 0xa1 writes the same content as the
 * [0] / [1] IMPLICIT SET of a SignerInfo.
 */
export function setOf(members: readonly Uint8Array[], tag = 0x31): Uint8Array {
  return tlv(tag, ...[...members].sort((a, b) => Buffer.compare(a, b)));
}

/** The content octets of an INTEGER: two's complement, as few bytes as possible (X.690 §8.3.2). */
export function integerContent(value: number): Uint8Array {
  if (!Number.isSafeInteger(value)) throw new RangeError(`DER: ${value} is not a safe integer`);
  const bytes: number[] = [];
  let v = BigInt(value);
  for (;;) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
    const top = bytes[0]! & 0x80;
    if ((v === 0n && !top) || (v === -1n && top)) break;
  }
  return Uint8Array.from(bytes);
}

export const integer = (value: number): Uint8Array => tlv(0x02, integerContent(value));

/** An INTEGER whose content octets are given as they are (a serial number, a nonce echoed byte for byte). */
export function integerOf(content: Uint8Array): Uint8Array {
  if (content.length === 0) throw new RangeError('DER: an INTEGER has at least one content octet');
  return tlv(0x02, content);
}

const oids = new Map<string, Uint8Array>();

/** An OBJECT IDENTIFIER from its dotted form, encoded once per process. */
export function oid(dotted: string): Uint8Array {
  const known = oids.get(dotted);
  if (known) return known;
  if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(dotted)) throw new RangeError(`DER: not an object identifier: ${dotted}`);
  const arcs = dotted.split('.').map(BigInt);
  if (arcs[0]! < 2n && arcs[1]! >= 40n) throw new RangeError(`DER: not an object identifier: ${dotted}`);
  const body: number[] = [];
  for (const arc of [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]) {
    const group = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
    body.push(...group);
  }
  const encoded = tlv(0x06, Uint8Array.from(body));
  if (oids.size < 256) oids.set(dotted, encoded);
  return encoded;
}

/**
 * GeneralizedTime in UTC, `YYYYMMDDHHMMSS[.fff]Z` with the milliseconds only when not zero and without trailing
 * zeros, as RFC 3161 §2.4.2 and X.690 §11.7 ask.
 */
export function generalizedTime(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 0 || year > 9999) throw new RangeError('DER: the time is not a representable date');
  const iso = date.toISOString(); // 2026-11-28T11:56:35.250Z
  const ms = date.getUTCMilliseconds();
  const text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}` +
    `${ms ? `.${String(ms).padStart(3, '0').replace(/0+$/, '')}` : ''}Z`;
  return tlv(0x18, Buffer.from(text, 'latin1'));
}

// --- reading ------------------------------------------------------------------------------------------------

/** Where one element lies in a byte array: its tag byte at `start`, its content from `contentStart` to `end`. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** The element at `at`, definite lengths only; throws on anything that runs past `limit`. */
export function readTlv(bytes: Uint8Array, at: number, limit = bytes.length): Tlv {
  if (at + 2 > limit) throw new RangeError('DER: truncated element');
  const tag = bytes[at]!;
  if ((tag & 0x1f) === 0x1f) throw new RangeError('DER: high tag numbers are not expected here');
  let length = bytes[at + 1]!;
  let contentStart = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('DER: indefinite or oversized length');
    if (contentStart + count > limit) throw new RangeError('DER: truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new RangeError('DER: element longer than its container');
  return { tag, start: at, contentStart, end };
}

/** The elements inside a constructed one, in order; they must fill it exactly. */
export function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The whole element's bytes (a view). */
export const bytesOf = (bytes: Uint8Array, t: Tlv): Uint8Array => bytes.subarray(t.start, t.end);
