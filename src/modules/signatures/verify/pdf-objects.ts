/**
 * Safe access to pdf-lib's object graph for hostile input: lookups that never throw on a wrong type,
 * stream decoding with an output budget (a Flate bomb must not exhaust memory), the page tree walked
 * with a cycle guard (pdf-lib's own traversal recurses without one), and a canonical text form of an
 * object graph so that two revisions can be compared by value, not by object number.
 */
import zlib from 'node:zlib';
import { PDFArray, PDFBool, PDFDict, PDFHexString, PDFName, PDFNumber, PDFObject, PDFRawStream, PDFRef, PDFString, PDFNull } from 'pdf-lib';
import { sha256Hex } from './crypto-util.ts';

/** Resolves references: pdf-lib's PDFContext, or the objects of one earlier revision (pdf-load.ts). */
export interface ObjectLookup {
  lookup(ref: PDFRef): PDFObject | undefined;
}

/** Thrown when a revision is too big or too deep to compare; the caller reports "unknown", not a crash. */
export class TooComplexError extends Error {}

export function resolve(context: ObjectLookup, obj: PDFObject | undefined): PDFObject | undefined {
  let current = obj;
  for (let i = 0; current instanceof PDFRef && i < 32; i++) current = context.lookup(current);
  return current instanceof PDFRef ? undefined : current;
}

export function dictOf(context: ObjectLookup, obj: PDFObject | undefined): PDFDict | undefined {
  const value = resolve(context, obj);
  if (value instanceof PDFRawStream) return value.dict;
  return value instanceof PDFDict ? value : undefined;
}

export function get(context: ObjectLookup, dict: PDFDict | undefined, key: string): PDFObject | undefined {
  return dict ? resolve(context, dict.get(PDFName.of(key))) : undefined;
}

export function nameOf(obj: PDFObject | undefined): string | null {
  return obj instanceof PDFName ? obj.decodeText() : null;
}

export function textOf(obj: PDFObject | undefined): string | null {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : null;
}

export function arrayOf(context: ObjectLookup, obj: PDFObject | undefined): PDFObject[] {
  const value = resolve(context, obj);
  return value instanceof PDFArray ? value.asArray() : value === undefined ? [] : [value];
}

/** Decoded bytes still allowed for one comparison. */
export interface Budget {
  bytes: number;
  nodes: number;
}

export function newBudget(): Budget {
  return { bytes: 256 * 1024 * 1024, nodes: 500_000 };
}

/** A lone /FlateDecode without parameters: the one filter undone (what content streams and DSS entries use). */
function inflatable(context: ObjectLookup, stream: PDFRawStream): boolean {
  const filters = arrayOf(context, stream.dict.get(PDFName.of('Filter'))).map(nameOf);
  const parms = get(context, stream.dict, 'DecodeParms');
  return filters.length === 1 && filters[0] === 'FlateDecode' && (parms === undefined || parms === PDFNull);
}

/**
 * Inflated contents by the raw contents array of the stream (one per parsed stream, shared by every revision of
 * the one parse, pdf-load.ts): a font is inflated once per verification, not once per revision compared. Only
 * successes are kept; the budget is charged on every use exactly as if it had been inflated again.
 */
const inflated = new WeakMap<Uint8Array, Uint8Array>();
/** Length and SHA-256 of what decodeStream gives, per parsed stream. */
type Digest = { length: number; sha256: string };
const inflatedDigests = new WeakMap<Uint8Array, Digest>();
const rawDigests = new WeakMap<Uint8Array, string>();
/**
 * The same by the SHA-256 of the raw contents, across documents: every document of an install embeds the same
 * fonts. Inflating is a function of the raw bytes alone, so equal raw bytes give this digest.
 */
const digests = new Map<string, Digest>();
const DIGESTS_KEPT = 256;
/** Below this, inflating again costs about what hashing the raw bytes for the key does. */
const DIGEST_FROM = 256;

function charge(budget: Budget, length: number): void {
  // zlib refuses more output than maxOutputLength, which was max(1, budget) (see inflate).
  if (length > Math.max(1, budget.bytes)) throw new TooComplexError('decoded stream too large');
  budget.bytes -= length;
}

function inflate(stream: PDFRawStream, budget: Budget): Uint8Array | null {
  const known = inflated.get(stream.contents);
  if (known) {
    charge(budget, known.length);
    return known;
  }
  let out: Buffer;
  try {
    // Z_SYNC_FLUSH tolerates a truncated stream (common, and harmless here).
    out = zlib.inflateSync(stream.contents, { maxOutputLength: Math.max(1, budget.bytes), finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TooComplexError('decoded stream too large');
    return null;
  }
  budget.bytes -= out.length;
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.length);
  inflated.set(stream.contents, bytes);
  return bytes;
}

/**
 * Stream contents with a lone /FlateDecode undone; other filters are left encoded, which only makes the
 * comparison stricter (a re-encoding counts as a change). The result is shared: do not change it.
 */
export function decodeStream(context: ObjectLookup, stream: PDFRawStream, budget: Budget): Uint8Array {
  if (!inflatable(context, stream)) return stream.contents;
  return inflate(stream, budget) ?? stream.contents;
}

/** sha256Hex(decodeStream(…)), with the same budget charges, from the caches where it can. */
export function decodedSha256(context: ObjectLookup, stream: PDFRawStream, budget: Budget): string {
  const raw = stream.contents;
  if (!inflatable(context, stream)) {
    let sha256 = rawDigests.get(raw);
    if (sha256 === undefined) rawDigests.set(raw, (sha256 = sha256Hex(raw)));
    return sha256;
  }
  let known = inflatedDigests.get(raw);
  const rawKey = known === undefined && raw.length >= DIGEST_FROM ? sha256Hex(raw) : undefined;
  if (rawKey !== undefined) known = digests.get(rawKey);
  if (known !== undefined) {
    charge(budget, known.length);
    inflatedDigests.set(raw, known);
    return known.sha256;
  }
  const bytes = inflate(stream, budget); // charges the budget
  if (!bytes) return sha256Hex(raw); // inflating failed: nothing is kept for a failure
  known = { length: bytes.length, sha256: sha256Hex(bytes) };
  inflatedDigests.set(raw, known);
  if (rawKey !== undefined) {
    if (digests.size >= DIGESTS_KEPT) digests.delete(digests.keys().next().value!);
    digests.set(rawKey, known);
  }
  return known.sha256;
}

export interface PageLeaf {
  dict: PDFDict;
  /** Inheritable attributes resolved from the ancestors (ISO 32000-1 §7.7.3.4). */
  inherited: Map<string, PDFObject>;
}

const INHERITABLE = ['Resources', 'MediaBox', 'CropBox', 'Rotate'];

/** The pages in order, from the catalog's page tree, guarding against cycles and absurd depth. */
export function pageLeaves(context: ObjectLookup, catalog: PDFDict): PageLeaf[] {
  const leaves: PageLeaf[] = [];
  const seen = new Set<PDFDict>();
  const walk = (node: PDFDict, inherited: Map<string, PDFObject>, depth: number): void => {
    if (seen.has(node) || depth > 64) throw new TooComplexError('page tree cycle or too deep');
    seen.add(node);
    const own = new Map(inherited);
    for (const key of INHERITABLE) {
      const v = node.get(PDFName.of(key));
      if (v !== undefined) own.set(key, v);
    }
    const kids = get(context, node, 'Kids');
    if (nameOf(get(context, node, 'Type')) === 'Pages' || kids instanceof PDFArray) {
      for (const kid of arrayOf(context, kids)) {
        const dict = dictOf(context, kid);
        if (dict) walk(dict, own, depth + 1);
      }
    } else leaves.push({ dict: node, inherited: own });
  };
  const root = dictOf(context, catalog.get(PDFName.of('Pages')));
  if (root) walk(root, new Map(), 0);
  return leaves;
}

/** Keys that point back up the graph (or only carry bookkeeping) and would drag in unrelated objects. */
const SKIPPED_KEYS = new Set(['Parent', 'P', 'Length', 'Filter', 'DecodeParms']);
/** Whether a key is skipped, by the key (pdf-lib makes one PDFName per name): decodeText undoes #xx escapes each time. */
const skipped = new WeakMap<PDFName, boolean>();
function isSkipped(key: PDFName): boolean {
  let known = skipped.get(key);
  if (known === undefined) skipped.set(key, (known = SKIPPED_KEYS.has(key.decodeText())));
  return known;
}

/** Arrays of numbers only (widths, boxes, matrices): their text needs no lookup, so it is the same in every revision. */
const numberArrays = new WeakMap<PDFArray, string | null>();
function numbersText(array: PDFArray): string | null {
  let known = numberArrays.get(array);
  if (known === undefined) {
    const items = array.asArray();
    known = items.every((v) => v instanceof PDFNumber) ? `[${items.map((v) => v.toString()).join(' ')}]` : null;
    numberArrays.set(array, known);
  }
  return known;
}

/**
 * A canonical text of an object graph: dictionary keys sorted, references followed (cycles cut),
 * streams replaced by their dictionary plus the SHA-256 of their decoded contents. Equal text means the
 * same thing is drawn, whatever object numbers a later revision used.
 */
export function canonicaliser(context: ObjectLookup, budget: Budget): (obj: PDFObject | undefined) => string {
  // One memo per document: fonts and images shared by many pages are decoded and hashed once.
  const memo = new Map<PDFObject, string>();
  const visit = (o: PDFObject | undefined, depth: number): string => {
    if (--budget.nodes < 0 || depth > 100) throw new TooComplexError('object graph too large');
    if (o === undefined) return '~';
    if (o instanceof PDFRef) {
      const target = context.lookup(o);
      if (target === undefined) return 'null';
      const known = memo.get(target);
      if (known !== undefined) return known;
      memo.set(target, '@cycle');
      // Long texts are replaced by their hash, so a graph that shares objects many times (a DAG built
      // to explode) costs one visit per object and stays small.
      const text = visit(target, depth + 1);
      const stored = text.length > 128 ? `h:${sha256Hex(Buffer.from(text))}` : text;
      memo.set(target, stored);
      return stored;
    }
    if (o instanceof PDFDict) return dictText(o, depth);
    if (o instanceof PDFArray) {
      const numbers = numbersText(o);
      if (numbers === null) return `[${o.asArray().map((v) => visit(v, depth + 1)).join(' ')}]`;
      // The same charges as visiting each number: one node each, one level deeper.
      const size = o.size();
      if (size > 0 && depth + 1 > 100) throw new TooComplexError('object graph too large');
      budget.nodes -= size;
      if (budget.nodes < 0) throw new TooComplexError('object graph too large');
      return numbers;
    }
    if (o instanceof PDFRawStream) {
      const filters = arrayOf(context, o.dict.get(PDFName.of('Filter'))).map(nameOf).join(',');
      return `stream(${dictText(o.dict, depth)} ${filters} ${decodedSha256(context, o, budget)})`;
    }
    if (o instanceof PDFString || o instanceof PDFHexString) return `s:${Buffer.from(o.asBytes()).toString('hex')}`;
    if (o instanceof PDFName || o instanceof PDFNumber || o instanceof PDFBool) return o.toString();
    return o === PDFNull ? 'null' : o.toString();
  };
  const dictText = (d: PDFDict, depth: number): string => {
    // Sorted before visiting: with cycles cut, the text must not depend on the order keys were written.
    const entries = d
      .entries()
      .filter(([k]) => !isSkipped(k))
      .sort(([a], [b]) => (a.toString() < b.toString() ? -1 : a.toString() > b.toString() ? 1 : 0))
      .map(([k, v]) => `${k.toString()} ${visit(v, depth + 1)}`);
    return `<<${entries.join(' ')}>>`;
  };
  return (obj) => visit(obj, 0);
}
