/**
 * The whole-tree well-formedness asn1js enforced before pkijs read a CMS, a certificate or a CRL: every constructed
 * element must hold well-formed elements, all the way down. ber.ts only reads the fields the checks use, so without
 * this a corrupted element the verifier never looks at (a certificate copy it does not need, inside a timestamp
 * token) would pass where asn1js rejected the whole structure as malformed. The rules are asn1js' (4.0) own:
 * - no constructed form of a primitive-only type, no [UNIVERSAL 15] (der.ts already refuses tag numbers above 30);
 * - the segments of a constructed OCTET or BIT STRING are of that type;
 * - a BIT STRING's unused-bits count is at most 7; a tag 0 (end-of-contents) has no content;
 * - an OBJECT IDENTIFIER does not end in the middle of an arc;
 * - a BMPString has an even length, a UniversalString a multiple of 4 (character strings are not read into, even
 *   when constructed);
 * - a GeneralizedTime has a form asn1js can read;
 * - at most 100 levels and 10,000 elements.
 * The contents of a primitive OCTET STRING are not elements (asn1js did not read into them either).
 */
import { type Node, children, fail, read } from './ber.ts';

const PRIMITIVE_ONLY = new Set([1, 2, 5, 6, 9, 13, 14, 23, 24, 31, 32, 33, 34]);
const CHARACTER_STRINGS = new Set([12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 29, 30]);
const MAX_DEPTH = 100;
const MAX_NODES = 10_000;

/** What asn1js' GeneralizedTime.fromString accepted (it threw otherwise, failing the whole parse). */
function generalizedTimeReadable(text: string): boolean {
  let time: string;
  if (text.endsWith('Z')) {
    time = text.slice(0, -1);
    if (time.includes('+') || time.includes('-')) return false;
  } else {
    if (Number.isNaN(Number(text[text.length - 1]))) return false;
    time = text;
    let at = time.indexOf('+');
    if (at === -1) at = time.indexOf('-');
    if (at !== -1) {
      const offset = time.slice(at + 1);
      time = time.slice(0, at);
      if (offset.length !== 2 && offset.length !== 4) return false;
      if (Number.isNaN(parseInt(offset.slice(0, 2), 10)) || (offset.length === 4 && Number.isNaN(parseInt(offset.slice(2, 4), 10)))) return false;
    }
  }
  let point = time.indexOf('.');
  if (point === -1) point = time.indexOf(',');
  let dateTime = time;
  if (point !== -1) {
    if (Number.isNaN(Number(`0${time.slice(point)}`))) return false;
    dateTime = time.slice(0, point);
  }
  if (![8, 10, 12, 14].includes(dateTime.length) || (dateTime.length === 8 && point !== -1)) return false;
  return /^\d+$/.test(dateTime);
}

/** asn1js took the content of a character string as raw bytes, constructed or not, and checked only these lengths. */
function checkString(node: Node): void {
  const length = node.contentEnd - node.contentStart;
  if ((node.tag & 0x1f) === 30 && length % 2) fail('BMPString of odd length');
  if ((node.tag & 0x1f) === 28 && length % 4) fail('UniversalString length not a multiple of 4');
}

function checkPrimitive(bytes: Uint8Array, node: Node): void {
  const body = bytes.subarray(node.contentStart, node.contentEnd);
  switch (node.tag) {
    case 0x00:
      // asn1js read any tag 0 as the two bytes of an end-of-contents and went on after them, out of step.
      if (body.length) fail('end-of-contents with a length');
      break;
    case 0x03:
      if (body.length && body[0]! > 7) fail('BIT STRING unused bits above 7');
      break;
    case 0x06:
    case 0x0d:
      if (body.length && body[body.length - 1]! & 0x80) fail('OBJECT IDENTIFIER ends inside an arc');
      break;
    case 0x18:
      if (!generalizedTimeReadable(Buffer.from(body).toString('latin1'))) fail('unreadable GeneralizedTime');
      break;
  }
}

/** Throws RangeError unless the element at the start of `bytes` is well-formed throughout (see the file comment). */
export function checkWellFormed(bytes: Uint8Array, root: Node = read(bytes, 0)): void {
  let nodes = 0;
  const walk = (node: Node, depth: number): void => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) fail('too many or too deeply nested elements');
    const universal = (node.tag & 0xc0) === 0;
    const number = node.tag & 0x1f; // low tag numbers only (der.ts refuses the others): never 37 or more
    if (universal && number === 15) fail('[UNIVERSAL 15] is reserved');
    if (universal && CHARACTER_STRINGS.has(number)) return checkString(node);
    if (!(node.tag & 0x20)) return checkPrimitive(bytes, node);
    if (universal && number === 0 && node.contentEnd > node.contentStart) fail('[UNIVERSAL 0] is reserved');
    if (universal && PRIMITIVE_ONLY.has(number)) fail('constructed encoding of a primitive type');
    for (const child of children(bytes, node)) {
      if (universal && (number === 3 || number === 4) && (child.tag & 0xdf) !== number) fail('a string segment of another type');
      walk(child, depth + 1);
    }
  };
  walk(root, 0);
}
