/**
 * What a reader sees, reduced to comparable values, so that a signed revision can be compared with the
 * final file (research §5 test c: a valid incremental update can paint over a name while every
 * signature still verifies). Compared: page count; per page the decoded content streams, the resources
 * they draw with, page geometry, and annotations other than signature widgets; the values of the form
 * fields; the catalog entries that can change what is shown or run.
 * Allowed to change, because they are what a later signature, DSS or document timestamp needs: new
 * signature fields and widgets (with their appearance), /AcroForm (its /Fields grows), /Annots growing
 * by signature widgets, /DSS, /Metadata, /Extensions.
 * Also allowed, as DocMDP level 2 allows "filling in forms": a text field that existed EMPTY (no /V, or an empty
 * string) in the signed revision may get a value, and its widgets only a new /V and /AP (drawn inside their
 * unchanged /Rect). Such fields are reported by name (`filledFields`). Anything else about a text field — a value
 * changed once set, a moved or new widget, a new field — still counts as a change.
 */
import { PDFDict, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { sha256Hex } from './crypto-util.ts';
import type { ObjectGraph } from './pdf-load.ts';
import { type Budget, type PageLeaf, arrayOf, canonicaliser, decodeStream, dictOf, get, nameOf, pageLeaves, resolve, textOf } from './pdf-objects.ts';

export interface PageSnapshot {
  content: string;
  resources: string;
  geometry: string;
  /** Canonical texts of the annotations that are not signature widgets, sorted. */
  annotations: string[];
  /** Text-field widgets by object reference → their field's name and the canonical of their /V and /AP. */
  textWidgets: Map<string, { field: string; look: string }>;
}

export interface Snapshot {
  pages: PageSnapshot[];
  /** Fully qualified name → canonical value, for fields other than signatures. */
  fields: Map<string, string>;
  /** Signature widgets by object reference → canonical of what they show (an existing one must stay). */
  signatureWidgets: Map<string, string>;
  /** Names of the text fields (/FT /Tx). */
  textFields: Set<string>;
  catalog: string;
}

const ALLOWED_CATALOG_KEYS = new Set(['AcroForm', 'DSS', 'Pages', 'Metadata', 'Extensions']);

/** 'unsigned' / 'signed' for a signature widget (its field has no /V yet, or has one), null for others. */
function signatureWidgetState(doc: ObjectGraph, annot: PDFDict): 'unsigned' | 'signed' | null {
  if (nameOf(get(doc.context, annot, 'Subtype')) !== 'Widget') return null;
  let field: PDFDict | undefined = annot;
  for (let depth = 0; field && depth < 32; depth++) {
    const ft = nameOf(get(doc.context, field, 'FT'));
    if (ft) return ft !== 'Sig' ? null : field.has(PDFName.of('V')) ? 'signed' : 'unsigned';
    field = dictOf(doc.context, field.get(PDFName.of('Parent')));
  }
  return null;
}

/** The fully qualified name of the text field (/FT /Tx) a widget belongs to, or null. */
function textFieldOf(doc: ObjectGraph, annot: PDFDict): string | null {
  if (nameOf(get(doc.context, annot, 'Subtype')) !== 'Widget') return null;
  const names: string[] = [];
  let type: string | null = null;
  let field: PDFDict | undefined = annot;
  for (let depth = 0; field && depth < 32; depth++) {
    type ??= nameOf(get(doc.context, field, 'FT'));
    const partial = textOf(get(doc.context, field, 'T'));
    if (partial !== null) names.unshift(partial);
    field = dictOf(doc.context, field.get(PDFName.of('Parent')));
  }
  return type === 'Tx' ? names.join('.') : null;
}

function contentHash(doc: ObjectGraph, page: PDFDict, budget: Budget): string {
  const parts: Uint8Array[] = [];
  for (const item of arrayOf(doc.context, page.get(PDFName.of('Contents')))) {
    const stream = resolve(doc.context, item);
    if (stream instanceof PDFRawStream) parts.push(decodeStream(doc.context, stream, budget), new Uint8Array([0x0a]));
  }
  return sha256Hex(...parts);
}

function pageSnapshot(doc: ObjectGraph, leaf: PageLeaf, canon: (o: PDFObject | undefined) => string, widgets: Map<string, string>, budget: Budget): PageSnapshot {
  const annotations: string[] = [];
  const textWidgets = new Map<string, { field: string; look: string }>();
  for (const ref of arrayOf(doc.context, leaf.dict.get(PDFName.of('Annots')))) {
    const annot = dictOf(doc.context, ref);
    if (!annot) continue;
    const state = signatureWidgetState(doc, annot);
    const textField = state === null && ref instanceof PDFRef ? textFieldOf(doc, annot) : null;
    if (textField !== null) {
      // Compared without what filling changes; that part is kept apart and judged with the field's value.
      const bare = annot.clone();
      bare.delete(PDFName.of('V'));
      bare.delete(PDFName.of('AP'));
      annotations.push(canon(bare));
      textWidgets.set(ref.toString(), { field: textField, look: `${canon(annot.get(PDFName.of('V')))} ${canon(annot.get(PDFName.of('AP')))}` });
    } else if (state === null) annotations.push(canon(annot));
    // A field prepared empty in the template gets its appearance when it is signed: only the look of
    // an already signed field is frozen.
    else if (state === 'signed' && ref instanceof PDFRef) {
      const shown = ['Rect', 'AP', 'F', 'MK'].map((k) => `${k}:${canon(annot.get(PDFName.of(k)))}`).join(' ');
      widgets.set(ref.toString(), shown);
    }
  }
  const inherited = (k: string): string => canon(leaf.inherited.get(k));
  return {
    content: contentHash(doc, leaf.dict, budget),
    resources: inherited('Resources'),
    geometry: ['MediaBox', 'CropBox', 'Rotate'].map(inherited).join('|') + canon(leaf.dict.get(PDFName.of('UserUnit'))),
    annotations: annotations.sort(),
    textWidgets,
  };
}

function fieldValues(doc: ObjectGraph, canon: (o: PDFObject | undefined) => string, textFields: Set<string>): Map<string, string> {
  const ctx = doc.context;
  const values = new Map<string, string>();
  const seen = new Set<PDFDict>();
  const visit = (field: PDFDict, parent: string, ft: string | null, depth: number): void => {
    if (seen.has(field) || depth > 32) return;
    seen.add(field);
    const partial = textOf(get(ctx, field, 'T'));
    const name = partial === null ? parent : parent ? `${parent}.${partial}` : partial;
    const type = nameOf(get(ctx, field, 'FT')) ?? ft;
    if (type === 'Tx') textFields.add(name);
    if (type !== 'Sig' && field.has(PDFName.of('V'))) values.set(name, canon(field.get(PDFName.of('V'))));
    for (const kid of arrayOf(ctx, get(ctx, field, 'Kids'))) {
      const dict = dictOf(ctx, kid);
      if (dict) visit(dict, name, type, depth + 1);
    }
  };
  const acroForm = dictOf(ctx, doc.catalog.get(PDFName.of('AcroForm')));
  for (const f of arrayOf(ctx, get(ctx, acroForm, 'Fields'))) {
    const dict = dictOf(ctx, f);
    if (dict) visit(dict, '', null, 0);
  }
  return values;
}

/** Throws TooComplexError when the document exceeds the budget. */
export function snapshot(doc: ObjectGraph, budget: Budget): Snapshot {
  const canon = canonicaliser(doc.context, budget);
  const signatureWidgets = new Map<string, string>();
  const pages = pageLeaves(doc.context, doc.catalog).map((leaf) => pageSnapshot(doc, leaf, canon, signatureWidgets, budget));
  const catalog = doc.catalog
    .entries()
    .filter(([k]) => !ALLOWED_CATALOG_KEYS.has(k.decodeText()))
    .map(([k, v]) => `${k.toString()} ${canon(v)}`)
    .sort()
    .join(' ');
  const textFields = new Set<string>();
  return { pages, fields: fieldValues(doc, canon, textFields), signatureWidgets, textFields, catalog };
}

/** An empty value: none, or an empty string (literal, hex, or a bare UTF-16 byte order mark). */
const isEmpty = (canonical: string | undefined) => canonical === undefined || canonical === 's:' || canonical === 's:feff';

/** Text fields that were empty and existed in the signed revision, and have a value in the final file. */
export function filledFields(signed: Snapshot, final: Snapshot): string[] {
  return [...signed.textFields].filter((name) => isEmpty(signed.fields.get(name)) && final.textFields.has(name) && !isEmpty(final.fields.get(name))).sort();
}

/** What differs between a signed revision and the final file, as short codes; empty when nothing. */
export function compareSnapshots(signed: Snapshot, final: Snapshot): string[] {
  const changes: string[] = [];
  const fillable = new Set([...signed.textFields].filter((name) => isEmpty(signed.fields.get(name))));
  if (signed.pages.length !== final.pages.length) changes.push('page_count');
  signed.pages.forEach((page, i) => {
    const other = final.pages[i];
    if (!other) return;
    const n = i + 1;
    if (page.content !== other.content) changes.push(`page_${n}_content`);
    if (page.resources !== other.resources) changes.push(`page_${n}_resources`);
    if (page.geometry !== other.geometry) changes.push(`page_${n}_geometry`);
    if (page.annotations.join('\n') !== other.annotations.join('\n')) changes.push(`page_${n}_annotations`);
    for (const [ref, widget] of page.textWidgets) {
      const now = other.textWidgets.get(ref);
      if (!now || now.field !== widget.field) changes.push(`page_${n}_annotations`);
      else if (now.look !== widget.look && !fillable.has(widget.field)) changes.push(`page_${n}_annotations`);
    }
    for (const ref of other.textWidgets.keys()) if (!page.textWidgets.has(ref)) changes.push(`page_${n}_annotations`);
  });
  const names = new Set([...signed.fields.keys(), ...final.fields.keys()]);
  for (const name of [...names].sort()) {
    if (signed.fields.get(name) === final.fields.get(name)) continue;
    if (fillable.has(name) && final.textFields.has(name)) continue;
    changes.push(`field_${name}`);
  }
  for (const [ref, shown] of signed.signatureWidgets) if (final.signatureWidgets.get(ref) !== shown) changes.push('signature_appearance');
  if (signed.catalog !== final.catalog) changes.push('catalog');
  return [...new Set(changes)];
}
