/**
 * Safe access to pdf-lib's object graph for hostile input: lookups that never throw on a wrong type,
 * stream decoding with an output budget (a Flate bomb must not exhaust memory), the page tree walked
 * with a cycle guard (pdf-lib's own traversal recurses without one), and a canonical text form of an
 * object graph so that two revisions can be compared by value, not by object number.
 */
import zlib from 'node:zlib';
import { PDFArray, PDFBool, PDFDict, PDFHexString, PDFName, PDFNumber, PDFObject, PDFRawStream, PDFRef, PDFString, PDFNull, type PDFContext } from 'pdf-lib';
import { sha256Hex } from './crypto-util.ts';

/** Thrown when a revision is too big or too deep to compare; the caller reports "unknown", not a crash. */
export class TooComplexError extends Error {}

export function resolve(context: PDFContext, obj: PDFObject | undefined): PDFObject | undefined {
  let current = obj;
  for (let i = 0; current instanceof PDFRef && i < 32; i++) current = context.lookup(current);
  return current instanceof PDFRef ? undefined : current;
}

export function dictOf(context: PDFContext, obj: PDFObject | undefined): PDFDict | undefined {
  const value = resolve(context, obj);
  if (value instanceof PDFRawStream) return value.dict;
  return value instanceof PDFDict ? value : undefined;
}

export function get(context: PDFContext, dict: PDFDict | undefined, key: string): PDFObject | undefined {
  return dict ? resolve(context, dict.get(PDFName.of(key))) : undefined;
}

export function nameOf(obj: PDFObject | undefined): string | null {
  return obj instanceof PDFName ? obj.decodeText() : null;
}

export function textOf(obj: PDFObject | undefined): string | null {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : null;
}

export function arrayOf(context: PDFContext, obj: PDFObject | undefined): PDFObject[] {
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

/**
 * Stream contents with a lone /FlateDecode undone (what content streams and DSS entries use); other
 * filters are left encoded, which only makes the comparison stricter (a re-encoding counts as a change).
 */
export function decodeStream(context: PDFContext, stream: PDFRawStream, budget: Budget): Uint8Array {
  const filters = arrayOf(context, stream.dict.get(PDFName.of('Filter'))).map(nameOf);
  const parms = get(context, stream.dict, 'DecodeParms');
  if (filters.length !== 1 || filters[0] !== 'FlateDecode' || (parms !== undefined && parms !== PDFNull)) return stream.contents;
  let out: Buffer;
  try {
    // Z_SYNC_FLUSH tolerates a truncated stream (common, and harmless here).
    out = zlib.inflateSync(stream.contents, { maxOutputLength: Math.max(1, budget.bytes), finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TooComplexError('decoded stream too large');
    return stream.contents;
  }
  budget.bytes -= out.length;
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

export interface PageLeaf {
  dict: PDFDict;
  /** Inheritable attributes resolved from the ancestors (ISO 32000-1 §7.7.3.4). */
  inherited: Map<string, PDFObject>;
}

const INHERITABLE = ['Resources', 'MediaBox', 'CropBox', 'Rotate'];

/** The pages in order, from the catalog's page tree, guarding against cycles and absurd depth. */
export function pageLeaves(context: PDFContext, catalog: PDFDict): PageLeaf[] {
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

/**
 * A canonical text of an object graph: dictionary keys sorted, references followed (cycles cut),
 * streams replaced by their dictionary plus the SHA-256 of their decoded contents. Equal text means the
 * same thing is drawn, whatever object numbers a later revision used.
 */
export function canonicaliser(context: PDFContext, budget: Budget): (obj: PDFObject | undefined) => string {
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
    if (o instanceof PDFArray) return `[${o.asArray().map((v) => visit(v, depth + 1)).join(' ')}]`;
    if (o instanceof PDFRawStream) {
      const filters = arrayOf(context, o.dict.get(PDFName.of('Filter'))).map(nameOf).join(',');
      return `stream(${dictText(o.dict, depth)} ${filters} ${sha256Hex(decodeStream(context, o, budget))})`;
    }
    if (o instanceof PDFString || o instanceof PDFHexString) return `s:${Buffer.from(o.asBytes()).toString('hex')}`;
    if (o instanceof PDFName || o instanceof PDFNumber || o instanceof PDFBool) return o.toString();
    return o === PDFNull ? 'null' : o.toString();
  };
  const dictText = (d: PDFDict, depth: number): string => {
    // Sorted before visiting: with cycles cut, the text must not depend on the order keys were written.
    const entries = d
      .entries()
      .filter(([k]) => !SKIPPED_KEYS.has(k.decodeText()))
      .sort(([a], [b]) => (a.toString() < b.toString() ? -1 : a.toString() > b.toString() ? 1 : 0))
      .map(([k, v]) => `${k.toString()} ${visit(v, depth + 1)}`);
    return `<<${entries.join(' ')}>>`;
  };
  return (obj) => visit(obj, 0);
}
