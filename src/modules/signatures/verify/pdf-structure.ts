/**
 * Where the signatures are in the file: revision boundaries from the raw bytes (%%EOF markers),
 * signature dictionaries from the parsed object graph (AcroForm /FT /Sig fields, plus any other dict with
 * /ByteRange and /Contents), the DSS, and the /ByteRange integrity rules of ISO 32000-1 §12.8.1.
 */
import { PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, type PDFDocument } from 'pdf-lib';
import { type Budget, arrayOf, decodeStream, dictOf, get, nameOf, resolve, textOf } from './pdf-objects.ts';
import type { Check } from './types.ts';

export interface Revision {
  /** Offset just after "%%EOF". */
  eof: number;
  /** Offset after the end-of-line that may follow it. */
  end: number;
}

const EOF_MARK = Buffer.from('%%EOF');

export function findRevisions(bytes: Uint8Array): Revision[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: Revision[] = [];
  for (let i = buf.indexOf(EOF_MARK); i !== -1; i = buf.indexOf(EOF_MARK, i + 5)) {
    let end = i + 5;
    if (buf[end] === 0x0d) end++;
    if (buf[end] === 0x0a) end++;
    out.push({ eof: i + 5, end });
  }
  return out;
}

/** The 1-based revision that a signed range ending at `offset` covers exactly, or null. */
export function revisionAt(revisions: readonly Revision[], offset: number): number | null {
  const index = revisions.findIndex((r) => offset >= r.eof && offset <= r.end);
  return index === -1 ? null : index + 1;
}

export interface SignatureDict {
  fieldName: string | null;
  dict: PDFDict;
  kind: 'signature' | 'document-timestamp';
  subFilter: string | null;
  /** /M as written (PDF date string), null when absent. */
  m: string | null;
}

function toSignatureDict(doc: PDFDocument, fieldName: string | null, dict: PDFDict): SignatureDict {
  const ctx = doc.context;
  const subFilter = nameOf(get(ctx, dict, 'SubFilter'));
  const isDocTs = nameOf(get(ctx, dict, 'Type')) === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161';
  return { fieldName, dict, kind: isDocTs ? 'document-timestamp' : 'signature', subFilter, m: textOf(get(ctx, dict, 'M')) };
}

function isSignatureValue(dict: PDFDict): boolean {
  return dict.has(PDFName.of('ByteRange')) && dict.has(PDFName.of('Contents'));
}

/** Signature fields of the AcroForm (names qualified with their parents), then orphan signature dicts. */
export function findSignatureDicts(doc: PDFDocument): SignatureDict[] {
  const ctx = doc.context;
  const found: SignatureDict[] = [];
  const seen = new Set<PDFDict>();
  const visit = (field: PDFDict, parentName: string | null, parentFt: string | null, depth: number): void => {
    if (seen.has(field) || depth > 32) return;
    seen.add(field);
    const partial = textOf(get(ctx, field, 'T'));
    const name = partial === null ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const ft = nameOf(get(ctx, field, 'FT')) ?? parentFt;
    const value = dictOf(ctx, field.get(PDFName.of('V')));
    if (ft === 'Sig' && value && isSignatureValue(value) && !seen.has(value)) {
      seen.add(value);
      found.push(toSignatureDict(doc, name, value));
    }
    for (const kid of arrayOf(ctx, get(ctx, field, 'Kids'))) {
      const kidDict = dictOf(ctx, kid);
      if (kidDict) visit(kidDict, name, ft, depth + 1);
    }
  };
  const acroForm = dictOf(ctx, doc.catalog.get(PDFName.of('AcroForm')));
  for (const field of arrayOf(ctx, get(ctx, acroForm, 'Fields'))) {
    const dict = dictOf(ctx, field);
    if (dict) visit(dict, null, null, 0);
  }
  // A signature dictionary no field points to is still a signature someone may rely on: report it.
  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    if (obj instanceof PDFDict && !seen.has(obj) && isSignatureValue(obj) && nameOf(get(ctx, obj, 'Type')) !== 'Annot') {
      seen.add(obj);
      found.push(toSignatureDict(doc, null, obj));
    }
  }
  return found;
}

export type ByteRange = [number, number, number, number];

/** /ByteRange as four safe non-negative integers of the form [0 a b c] with a < b, else null. */
export function readByteRange(doc: PDFDocument, sig: SignatureDict): ByteRange | null {
  const items = arrayOf(doc.context, get(doc.context, sig.dict, 'ByteRange')).map((o) => resolve(doc.context, o));
  if (items.length !== 4 || !items.every((o) => o instanceof PDFNumber)) return null;
  const n = items.map((o) => (o as PDFNumber).asNumber());
  if (!n.every((x) => Number.isSafeInteger(x) && x >= 0)) return null;
  const [a, b, c, d] = n as ByteRange;
  return a === 0 && b > 0 && c > b && d >= 0 ? [a, b, c, d] : null;
}

/**
 * The gap between the two ranges must be exactly the /Contents hex string of this dictionary, and the
 * second range must end a revision: otherwise unsigned bytes could carry content the reader sees.
 * Returns the CMS bytes from the gap (what was really excluded from the hash).
 */
export function checkByteRange(bytes: Uint8Array, doc: PDFDocument, sig: SignatureDict, revisions: readonly Revision[]): { check: Check; range: ByteRange | null; cms: Uint8Array | null; revision: number | null } {
  const range = readByteRange(doc, sig);
  if (!range) return { check: { status: 'failed', reason: 'byte_range_malformed' }, range: null, cms: null, revision: null };
  const [, gapStart, gapEnd, tail] = range;
  const end = gapEnd + tail;
  if (end > bytes.length) return { check: { status: 'failed', reason: 'byte_range_out_of_file', details: { end, size: bytes.length } }, range: null, cms: null, revision: null };
  const gap = Buffer.from(bytes.buffer, bytes.byteOffset + gapStart, gapEnd - gapStart);
  const hex = gap.subarray(1, gap.length - 1).toString('latin1');
  const contents = resolve(doc.context, sig.dict.get(PDFName.of('Contents')));
  // Node's hex decoding stops at the first pair that is not hex: all of it decoded means all of it is hex.
  const decoded = gap[0] === 0x3c && gap[gap.length - 1] === 0x3e && hex.length % 2 === 0 ? Buffer.from(hex, 'hex') : null;
  const cms = decoded && decoded.length * 2 === hex.length ? new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length) : null;
  // The same hex text is the same bytes (all hex, checked above); pdf-lib's asBytes decodes 32 kB pair by pair.
  if (!cms || !(contents instanceof PDFHexString) || (contents.asString() !== hex && !Buffer.from(contents.asBytes()).equals(cms))) {
    return { check: { status: 'failed', reason: 'byte_range_not_framing_contents' }, range, cms: null, revision: null };
  }
  const revision = revisionAt(revisions, end);
  if (revision === null) return { check: { status: 'failed', reason: 'byte_range_not_revision_end', details: { end } }, range, cms, revision };
  return { check: { status: 'passed', reason: 'byte_range_ok', details: { revision } }, range, cms, revision };
}

/** The signed bytes: the two ranges, as views (hashed one after the other, never copied into one buffer). */
export function signedBytes(bytes: Uint8Array, range: ByteRange): [Uint8Array, Uint8Array] {
  const [a, b, c, d] = range;
  return [bytes.subarray(a, a + b), bytes.subarray(c, c + d)];
}

/** Certificates and CRLs of the document security store (/DSS in the catalog, PAdES part 4). */
export function readDss(doc: PDFDocument, budget: Budget): { present: boolean; certs: Uint8Array[]; crls: Uint8Array[] } {
  const ctx = doc.context;
  const dss = dictOf(ctx, doc.catalog.get(PDFName.of('DSS')));
  const streams = (key: string): Uint8Array[] =>
    arrayOf(ctx, get(ctx, dss, key))
      .map((o) => resolve(ctx, o))
      .filter((o): o is PDFRawStream => o instanceof PDFRawStream)
      .map((s) => decodeStream(ctx, s, budget));
  return { present: dss !== undefined, certs: streams('Certs'), crls: streams('CRLs') };
}

/** "D:20261128185635+07'00'" → ISO 8601 (UTC), or null if it is not a PDF date. */
export function parsePdfDate(text: string | null): string | null {
  const m = text?.match(/^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?$/);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const offset = !sign || sign.toUpperCase() === 'Z' ? 'Z' : `${sign}${oh}:${om}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
