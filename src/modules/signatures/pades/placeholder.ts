/**
 * The signature field and its placeholder (ISO 32000-1 §12.7.4.5, §12.8.1): a merged field + widget
 * annotation (/FT /Sig, unique /T, /Rect, /P, /F 4, /AP /N) listed in AcroForm /Fields and the page's
 * /Annots, and its /V signature dictionary written byte by byte so that we know where /ByteRange and the
 * reserved /Contents hex string land in the file. After the update is written, `fillSignature` frames
 * everything except that hex string, hashes it and puts the CMS in.
 */
import crypto from 'node:crypto';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import type { IncrementalUpdate } from './incremental.ts';
import type { Rect } from './appearance.ts';

/** Default room for the CMS: 16 KB (an RSA B-T CMS with a three-certificate chain measured 7.2 KB, research §8.5). */
export const DEFAULT_CONTENTS_SIZE = 16 * 1024;

const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';
const name = (n: string) => PDFName.of(n);

/** The text of a /T, /Reason… string, whichever of the two string forms it uses. */
function text(obj: PDFObject | undefined): string | undefined {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : undefined;
}

/** A text string: literal when plain ASCII (readable in the file), else UTF-16BE hex with BOM. */
export function pdfText(value: string): PDFString | PDFHexString {
  return /^[\x20-\x7e]*$/.test(value) && !/[()\\]/.test(value) ? PDFString.of(value) : PDFHexString.fromText(value);
}

/** `D:20261128185635+07'00'`: the claimed signing time in Vietnam time, for /M. */
export function pdfDate(date: Date): string {
  const t = new Date(date.getTime() + 7 * 3600_000).toISOString();
  return `D:${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}+07'00'`;
}

interface FieldEntry {
  fullName: string;
  dict: PDFDict;
}

/** Every terminal field of the AcroForm with its fully qualified name (parent names joined by dots). */
export function listFields(update: IncrementalUpdate): FieldEntry[] {
  const { context } = update;
  const form = update.doc.catalog.lookupMaybe(name('AcroForm'), PDFDict);
  const out: FieldEntry[] = [];
  const visit = (ref: PDFObject, prefix: string, depth: number) => {
    const dict = context.lookupMaybe(ref, PDFDict);
    if (!dict || depth > 32) return;
    const partial = text(dict.get(name('T')));
    const fullName = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
    const kids = dict.lookupMaybe(name('Kids'), PDFArray);
    const named = kids?.asArray().filter((k) => context.lookupMaybe(k, PDFDict)?.has(name('T')));
    if (kids && named && named.length > 0) for (const kid of named) visit(kid, fullName, depth + 1);
    else out.push({ fullName, dict });
  };
  for (const ref of form?.lookupMaybe(name('Fields'), PDFArray)?.asArray() ?? []) visit(ref, '', 0);
  return out;
}

/** Where an existing signature field's widget is: page index and rectangle. */
export function locateField(update: IncrementalUpdate, fieldName: string): { page: number; rect: Rect } {
  const field = listFields(update).find((f) => f.fullName === fieldName);
  if (!field) throw new Error(`PAdES: no field named "${fieldName}" to place the seal over`);
  const widget = field.dict.has(name('Rect'))
    ? field.dict
    : update.context.lookupMaybe(field.dict.lookupMaybe(name('Kids'), PDFArray)?.get(0), PDFDict) ?? field.dict;
  const numbers = widget.lookupMaybe(name('Rect'), PDFArray)?.asArray().map((v) => update.context.lookup(v, PDFNumber).asNumber());
  if (!numbers || numbers.length !== 4) throw new Error(`PAdES: field "${fieldName}" has no rectangle`);
  const [x1, y1, x2, y2] = numbers as [number, number, number, number];
  const pageRef = widget.get(name('P'));
  const page = Math.max(0, update.doc.getPages().findIndex((p) => p.ref === pageRef));
  return { page, rect: { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) } };
}

/** Pushes `item` onto the array at `key` of `dict`, marking whichever indirect object actually changes. */
function pushTo(update: IncrementalUpdate, dict: PDFDict, dictRef: PDFRef, key: string, item: PDFRef): void {
  const raw = dict.get(name(key));
  if (raw instanceof PDFRef) {
    update.context.lookup(raw, PDFArray).push(item);
    update.markChanged(raw);
  } else {
    if (raw instanceof PDFArray) raw.push(item);
    else dict.set(name(key), update.context.obj([item]));
    update.markChanged(dictRef);
  }
}

/** Lists the widget in AcroForm /Fields (creating the AcroForm if needed) and sets /SigFlags 3 (signatures exist, append only). */
function addToAcroForm(update: IncrementalUpdate, widgetRef: PDFRef): void {
  const { context, rootRef } = update;
  const catalog = update.doc.catalog;
  const raw = catalog.get(name('AcroForm'));
  let form: PDFDict;
  let formRef: PDFRef;
  if (raw instanceof PDFRef) {
    [form, formRef] = [context.lookup(raw, PDFDict), raw];
  } else if (raw instanceof PDFDict) {
    [form, formRef] = [raw, rootRef];
  } else {
    form = context.obj({});
    formRef = context.register(form);
    catalog.set(name('AcroForm'), formRef);
    update.markChanged(rootRef);
  }
  pushTo(update, form, formRef, 'Fields', widgetRef);
  const flags = form.lookupMaybe(name('SigFlags'), PDFNumber)?.asNumber() ?? 0;
  form.set(name('SigFlags'), PDFNumber.of(flags | 3));
}

export interface FieldOptions {
  fieldName: string;
  pageIndex: number;
  rect: [number, number, number, number];
  appearance: PDFRef;
  signature: PDFRef;
}

/** Adds the signature field + widget to the form and to its page. */
export function addSignatureField(update: IncrementalUpdate, o: FieldOptions): PDFRef {
  if (!o.fieldName || o.fieldName.includes('.')) throw new Error('PAdES: a field name must be non-empty and contain no period');
  if (listFields(update).some((f) => f.fullName === o.fieldName)) throw new Error(`PAdES: the PDF already has a field named "${o.fieldName}"`);
  const pages = update.doc.getPages();
  const page = pages[o.pageIndex];
  if (!page) throw new Error(`PAdES: page ${o.pageIndex} does not exist (the document has ${pages.length})`);
  const widget = update.context.obj({
    Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: pdfText(o.fieldName), V: o.signature,
    F: 4, P: page.ref, Rect: o.rect, AP: { N: o.appearance },
  });
  const widgetRef = update.context.register(widget);
  addToAcroForm(update, widgetRef);
  // Read /Annots raw: pdf-lib's page helpers would "normalise" the page (rewrap /Contents, copy /Resources).
  pushTo(update, page.node, page.ref, 'Annots', widgetRef);
  return widgetRef;
}

export interface SignatureDictOptions {
  signingTime: Date;
  reason?: string;
  location?: string;
  contentsSize: number;
}

export interface Placeholder {
  bytes: Uint8Array;
  /** Offsets inside `bytes`. */
  byteRangeAt: number;
  contentsAt: number;
}

/** The /V dictionary with a fixed-width /ByteRange and `contentsSize` zero bytes of /Contents. */
export function signatureDictionary(o: SignatureDictOptions): Placeholder {
  const head = '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached';
  const extra = [`/M ${PDFString.of(pdfDate(o.signingTime)).toString()}`];
  if (o.reason) extra.push(`/Reason ${pdfText(o.reason).toString()}`);
  if (o.location) extra.push(`/Location ${pdfText(o.location).toString()}`);
  const beforeRange = `${head} ${extra.join(' ')} /ByteRange `;
  const beforeContents = `${beforeRange}${BYTE_RANGE_PLACEHOLDER} /Contents `;
  const text = `${beforeContents}<${'0'.repeat(o.contentsSize * 2)}> >>`;
  return { bytes: Buffer.from(text, 'latin1'), byteRangeAt: beforeRange.length, contentsAt: beforeContents.length };
}

/**
 * Fills the placeholder at absolute offsets in `file` (mutated): writes /ByteRange, hashes the two ranges,
 * asks `makeCms` for the CMS over that digest and writes its hex into /Contents.
 */
export async function fillSignature(
  file: Uint8Array, byteRangeAt: number, contentsAt: number, makeCms: (digest: Uint8Array) => Promise<Uint8Array>,
): Promise<void> {
  const close = file.indexOf(0x3e, contentsAt); // '>'
  if (file[contentsAt] !== 0x3c || close < 0) throw new Error('PAdES: placeholder /Contents not found where expected');
  const end = close + 1;
  const range = `[0 ${contentsAt} ${end} ${file.length - end}]`;
  if (range.length > BYTE_RANGE_PLACEHOLDER.length) throw new Error('PAdES: file too large for the /ByteRange placeholder');
  file.set(Buffer.from(range.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), 'latin1'), byteRangeAt);
  const digest = crypto.createHash('sha256').update(file.subarray(0, contentsAt)).update(file.subarray(end)).digest();
  const cms = await makeCms(new Uint8Array(digest));
  const hex = Buffer.from(cms).toString('hex').toUpperCase();
  const room = end - contentsAt - 2;
  if (hex.length > room) {
    throw new Error(`PAdES: the CMS is ${cms.length} bytes but only ${room / 2} were reserved: raise contentsSize`);
  }
  file.set(Buffer.from(hex, 'latin1'), contentsAt + 1);
}
