/**
 * PAdES B-LT: the Document Security Store (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3), added as an
 * incremental update: the catalog gets /DSS with /Certs and /CRLs (and /OCSPs), each entry a stream holding
 * one DER object, so that the signatures can be validated offline once the certificates have expired.
 * A DSS already in the file is kept and extended; objects already present (same bytes) are not added again.
 */
import crypto from 'node:crypto';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { IncrementalUpdate } from './incremental.ts';

export interface DssInput {
  certificates: readonly Uint8Array[];
  crls?: readonly Uint8Array[];
  ocsps?: readonly Uint8Array[];
}

const hash = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/** The existing entries of one DSS array, with the hashes of their decoded contents. */
function existing(update: IncrementalUpdate, dss: PDFDict | undefined, key: string): { refs: PDFObject[]; hashes: Set<string> } {
  const array = dss?.lookupMaybe(PDFName.of(key), PDFArray);
  const refs = array?.asArray() ?? [];
  const hashes = new Set<string>();
  for (const ref of refs) {
    const stream = update.context.lookup(ref);
    if (stream instanceof PDFRawStream) hashes.add(hash(decodePDFRawStream(stream).decode()));
  }
  return { refs, hashes };
}

/** Returns `pdfBytes` followed by a revision that adds (or extends) the catalog's /DSS. */
export async function addDss(pdfBytes: Uint8Array, input: DssInput): Promise<Uint8Array> {
  const update = await IncrementalUpdate.load(pdfBytes);
  const { context, rootRef } = update;
  const catalog = update.doc.catalog;
  const old = catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
  // A fresh DSS dictionary: copying the old one's other entries (/VRI…) keeps them, and the old object is left as it was.
  const dss = context.obj({});
  for (const [key, value] of old?.entries() ?? []) dss.set(key, value);
  const groups: Array<[string, readonly Uint8Array[]]> = [['Certs', input.certificates], ['CRLs', input.crls ?? []], ['OCSPs', input.ocsps ?? []]];
  for (const [key, items] of groups) {
    const { refs, hashes } = existing(update, old, key);
    const added: PDFRef[] = [];
    for (const der of items) {
      const h = hash(der);
      if (hashes.has(h)) continue;
      hashes.add(h);
      added.push(context.register(context.flateStream(der)));
    }
    if (refs.length + added.length > 0) dss.set(PDFName.of(key), context.obj([...refs, ...added]));
  }
  catalog.set(PDFName.of('DSS'), context.register(dss));
  update.markChanged(rootRef);
  return update.write().bytes;
}
