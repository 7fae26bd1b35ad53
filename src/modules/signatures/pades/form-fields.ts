/**
 * Text fields a document is signed with empty and filled afterwards: the number and the issue date of an outgoing
 * document (số, ký hiệu; ngày ban hành), which the clerk writes after the leader signed (NĐ 30/2020 Art. 15–16).
 *
 * - `addFillableFields` puts the fields on a PDF that holds no signature yet (a whole rewrite): a merged field and
 *   widget (/FT /Tx, read-only for viewers, printed), no /V, and an appearance showing a placeholder ("…").
 * - `fillFields` gives each named field its value and an appearance in ONE incremental update: earlier signatures
 *   keep their bytes. Only existing, empty text fields may be filled; nothing else changes. The verifier treats
 *   exactly that as allowed after a signature (verify/diff.ts: the DocMDP level-2 "fill in forms" change) and
 *   names the fields in its report.
 * Text is Noto Sans (assets/fonts), embedded whole like the signature appearances.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFFont, type PDFObject } from 'pdf-lib';
import { embedCommittedFont } from '../../one-stop-forms/index.ts';
import { IncrementalUpdate } from './incremental.ts';
import { pdfText } from './placeholder.ts';

export interface FillableField {
  /** The field's /T: letters and digits only. */
  name: string;
  /** 0-based page index. */
  page: number;
  /** Bottom-left corner and size, in points. */
  rect: { x: number; y: number; width: number; height: number };
  size: number;
  align?: 'left' | 'center';
  style?: 'regular' | 'italic';
  /** Shown until the field is filled (e.g. "…/QĐ-UBND"). */
  placeholder?: string;
}

export class FieldFillRefused extends Error {
  constructor(readonly field: string, readonly why: 'missing' | 'not_text' | 'already_filled') {
    super(`form field ${field}: ${why}`);
  }
}

const name = (n: string) => PDFName.of(n);
const round = (v: number) => Math.round(v * 100) / 100;
/** Field flags: ReadOnly (bit 1), so that no viewer lets a reader type into a signed document. */
const READ_ONLY = 1;

interface Look {
  size: number;
  align: 'left' | 'center';
  style: 'regular' | 'italic';
}

/** The /MK-free appearance of one line of text, shrunk to fit the widget. */
function appearance(doc: PDFDocument, font: PDFFont, text: string, width: number, height: number, look: Look): PDFRef {
  const value = text.normalize('NFC');
  const size = Math.max(4, Math.min(look.size, (width - 2) / Math.max(font.widthOfTextAtSize(value, 1), 0.001)));
  const textWidth = font.widthOfTextAtSize(value, size);
  const x = look.align === 'center' ? (width - textWidth) / 2 : 1;
  const y = Math.max(1, (height - size) / 2 + size * 0.22);
  const content = value === '' ? '/Tx BMC EMC\n' : `/Tx BMC q BT 0 g /F1 ${round(size)} Tf ${round(x)} ${round(y)} Td ${font.encodeText(value).toString()} Tj ET Q EMC\n`;
  const stream = doc.context.flateStream(content, {
    Type: 'XObject', Subtype: 'Form', BBox: [0, 0, round(width), round(height)], Resources: { Font: { F1: font.ref } },
  } as Parameters<PDFDocument['context']['flateStream']>[1]);
  return doc.context.register(stream);
}

/** Look of a field, kept in the field itself (/DA size, /Q alignment, our /SCStyle) so the fill draws it alike. */
function lookOf(doc: PDFDocument, field: PDFDict): Look {
  const da = field.lookupMaybe(name('DA'), PDFString, PDFHexString)?.decodeText() ?? '';
  const size = Number(/\s([\d.]+)\s+Tf/.exec(` ${da}`)?.[1] ?? 11);
  const q = field.lookupMaybe(name('Q'), PDFNumber)?.asNumber() ?? 0;
  const style = field.lookupMaybe(name('SCStyle'), PDFName)?.decodeText() === 'italic' ? 'italic' : 'regular';
  void doc;
  return { size: Number.isFinite(size) && size > 0 ? size : 11, align: q === 1 ? 'center' : 'left', style };
}

/** Adds the fields to a PDF that carries no signature yet; returns the rewritten file. */
export async function addFillableFields(pdf: Uint8Array, fields: readonly FillableField[]): Promise<Uint8Array> {
  if (Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).includes('/ByteRange')) throw new Error('form fields are added before the first signature only');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const fonts = new Map<string, PDFFont>();
  const fontFor = async (style: 'regular' | 'italic') => fonts.get(style) ?? fonts.set(style, await embedCommittedFont(doc, style)).get(style)!;
  const context = doc.context;
  let form = doc.catalog.lookupMaybe(name('AcroForm'), PDFDict);
  if (!form) {
    form = context.obj({ Fields: [] });
    doc.catalog.set(name('AcroForm'), context.register(form));
  }
  let list = form.lookupMaybe(name('Fields'), PDFArray);
  if (!list) form.set(name('Fields'), (list = context.obj([])));
  const resources: Record<string, PDFRef> = {};
  for (const f of fields) {
    if (!/^[A-Za-z0-9]{1,40}$/.test(f.name)) throw new Error(`bad field name ${f.name}`);
    const page = doc.getPages()[f.page];
    if (!page) throw new Error(`page ${f.page} does not exist`);
    const look: Look = { size: f.size, align: f.align ?? 'left', style: f.style ?? 'regular' };
    const font = await fontFor(look.style);
    const fontName = look.style === 'italic' ? 'NotoSansItalic' : 'NotoSans';
    resources[fontName] = font.ref;
    const rect = [round(f.rect.x), round(f.rect.y), round(f.rect.x + f.rect.width), round(f.rect.y + f.rect.height)];
    const widget = context.obj({
      Type: 'Annot', Subtype: 'Widget', FT: 'Tx', T: pdfText(f.name), Ff: READ_ONLY, F: 4, P: page.ref, Rect: rect,
      DA: PDFString.of(`/${fontName} ${round(f.size)} Tf 0 g`), Q: look.align === 'center' ? 1 : 0, SCStyle: look.style,
      AP: { N: appearance(doc, font, f.placeholder ?? '', f.rect.width, f.rect.height, look) },
    });
    const ref = context.register(widget);
    list.push(ref);
    const annots = page.node.lookupMaybe(name('Annots'), PDFArray);
    if (annots) annots.push(ref);
    else page.node.set(name('Annots'), context.obj([ref]));
  }
  form.set(name('DR'), context.obj({ Font: resources }));
  form.set(name('DA'), PDFString.of('/NotoSans 11 Tf 0 g'));
  return doc.save({ useObjectStreams: false });
}

/** Finds a top-level field by name, with its reference. */
function findField(update: IncrementalUpdate, fieldName: string): { ref: PDFRef; dict: PDFDict } | undefined {
  const form = update.doc.catalog.lookupMaybe(name('AcroForm'), PDFDict);
  for (const item of form?.lookupMaybe(name('Fields'), PDFArray)?.asArray() ?? []) {
    if (!(item instanceof PDFRef)) continue;
    const dict = update.context.lookupMaybe(item, PDFDict);
    const t = dict?.get(name('T'));
    if (dict && (t instanceof PDFString || t instanceof PDFHexString) && t.decodeText() === fieldName) return { ref: item, dict };
  }
  return undefined;
}

const isEmptyValue = (v: PDFObject | undefined) => v === undefined || ((v instanceof PDFString || v instanceof PDFHexString) && v.decodeText() === '');

/** The PDF with the named empty text fields filled, as one incremental update (earlier signatures stay valid). */
export async function fillFields(pdf: Uint8Array, values: Readonly<Record<string, string>>): Promise<Uint8Array> {
  const update = await IncrementalUpdate.load(pdf);
  const { doc, context } = update;
  const fonts = new Map<string, PDFFont>();
  for (const [fieldName, value] of Object.entries(values)) {
    const found = findField(update, fieldName);
    if (!found) throw new FieldFillRefused(fieldName, 'missing');
    const { ref, dict } = found;
    if (dict.lookupMaybe(name('FT'), PDFName)?.decodeText() !== 'Tx') throw new FieldFillRefused(fieldName, 'not_text');
    if (!isEmptyValue(dict.get(name('V')))) throw new FieldFillRefused(fieldName, 'already_filled');
    const look = lookOf(doc, dict);
    const font = fonts.get(look.style) ?? fonts.set(look.style, await embedCommittedFont(doc, look.style)).get(look.style)!;
    const rect = dict.lookupMaybe(name('Rect'), PDFArray)?.asArray().map((v) => context.lookup(v, PDFNumber).asNumber());
    if (!rect || rect.length !== 4) throw new FieldFillRefused(fieldName, 'not_text');
    const [x1, y1, x2, y2] = rect as [number, number, number, number];
    dict.set(name('V'), PDFHexString.fromText(value.normalize('NFC')));
    dict.set(name('AP'), context.obj({ N: appearance(doc, font, value, Math.abs(x2 - x1), Math.abs(y2 - y1), look) }));
    update.markChanged(ref);
  }
  await doc.flush();
  return update.write().bytes;
}
