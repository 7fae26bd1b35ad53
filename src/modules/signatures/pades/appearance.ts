/**
 * The visible appearance of a signature as Decree 30/2020/NĐ-CP and Circular 01/2019/TT-BNV describe it
 * (research §6), drawn as the widget's /AP /N form XObject:
 *
 * - official: the handwritten signature image (blue PNG) above "Ký bởi: <name>", the title and
 *   "Thời gian: 2026-11-28T18:56:35+07:00";
 * - seal: the agency's seal (red PNG, transparent) at actual size, over the left third of the official's
 *   widget, with the agency name and the time below it;
 * - copy ("SAO Y", "SAO LỤC", "TRÍCH SAO") and attachments: top right of the first page, no image, 10 pt,
 *   black: the copy form, the agency, the time.
 *
 * Text is Noto Sans from assets/fonts (pre-subset to Latin + Vietnamese), embedded whole (`subset: false`,
 * avoiding fontkit's subsetting bugs, research §4), one font object per signature, through the one-stop forms'
 * embedder (the font file deflated once per process); the PNG's planes are cached too (png-image.ts). The words
 * come from the caller (the message catalogue); `labels` holds defaults only.
 */
import type { PDFDocument, PDFFont, PDFRef } from 'pdf-lib';
import { embedCommittedFont } from '../../one-stop-forms/index.ts';
import { embedPng } from './png-image.ts';
import { pngPhysicalWidthPt } from './png-size.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AppearanceLabels {
  /** Before the official's name: "Ký bởi:". */
  signedBy: string;
  /** Before the time: "Thời gian:". */
  time: string;
}

/** Defaults only: callers pass the catalogue's strings. */
export const labels: AppearanceLabels = { signedBy: 'Ký bởi:', time: 'Thời gian:' };

export interface OfficialAppearance {
  kind: 'official';
  /** 0-based page index; default 0. */
  page?: number;
  /** The widget, in page coordinates (points, origin bottom left). */
  rect: Rect;
  /** The handwritten signature, PNG (blue, transparent background); without one, only the text is drawn. */
  image?: Uint8Array;
  name: string;
  title?: string;
  labels?: Partial<AppearanceLabels>;
}

export interface SealAppearance {
  kind: 'seal';
  /** The seal, PNG (red, transparent background). */
  image: Uint8Array;
  agencyName: string;
  /** The official's signature to overlap: its field name (looked up in the PDF), or a page and rect. */
  over: string | { page: number; rect: Rect };
  /** Physical width of the seal; default the PNG's pHYs resolution, else 35 mm (a commune seal). */
  widthMm?: number;
  labels?: Partial<AppearanceLabels>;
}

export interface CopyAppearance {
  kind: 'copy';
  /** "SAO Y", "SAO LỤC", "TRÍCH SAO"… */
  copyForm: string;
  agencyName: string;
  labels?: Partial<AppearanceLabels>;
}

export type SignatureAppearance = OfficialAppearance | SealAppearance | CopyAppearance;

export interface PlacedAppearance {
  pageIndex: number;
  /** The widget's /Rect: [x1 y1 x2 y2]. */
  rect: [number, number, number, number];
  /** The /AP /N form XObject. */
  stream: PDFRef;
}

/** Finds an existing signature widget by field name (for the seal's `over`). */
export type FieldLocator = (fieldName: string) => { page: number; rect: Rect };

/** `2026-11-28T18:56:35+07:00`: ISO 8601 in Vietnam time (UTC+7 all year, no daylight saving). */
export function vietnamTime(date: Date): string {
  return `${new Date(date.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

// --- font and images: parsed and deflated once per process ----------------------------------------------

/** The regular Noto Sans subset, embedded as the one-stop forms embed it (deflated once, correct ToUnicode). */
const embedFont = (doc: PDFDocument): Promise<PDFFont> => embedCommittedFont(doc, 'regular');

// --- drawing --------------------------------------------------------------------------------------------

interface Line {
  text: string;
  x: number;
  y: number;
  size: number;
}

/** Coordinates, Rect and BBox rounded alike to 1/100 pt (so the viewer draws the form at exactly 1:1). */
const round = (v: number) => Math.round(v * 100) / 100;
const n = (v: number) => round(v).toString();

function textOps(font: PDFFont, lines: Line[]): string {
  const body = lines.map((l) => `/F1 ${n(l.size)} Tf 1 0 0 1 ${n(l.x)} ${n(l.y)} Tm ${font.encodeText(l.text).toString()} Tj`);
  return `BT 0 g\n${body.join('\n')}\nET\n`;
}

const imageOps = (x: number, y: number, w: number, h: number) => `q ${n(w)} 0 0 ${n(h)} ${n(x)} ${n(y)} cm /Im1 Do Q\n`;

/** The largest size ≤ `preferred` (and ≥ 4 pt) at which every line fits in `maxWidth`. */
function fitSize(font: PDFFont, texts: string[], maxWidth: number, preferred: number): number {
  const widest = Math.max(...texts.map((t) => font.widthOfTextAtSize(t, 1)));
  return Math.max(4, Math.min(preferred, maxWidth / widest));
}

/** Registers the form XObject of size w × h drawing `content` with font F1 and (optionally) image Im1. */
function formXObject(doc: PDFDocument, w: number, h: number, content: string, font: PDFFont, image?: PDFRef): PDFRef {
  const resources: Record<string, unknown> = { Font: { F1: font.ref } };
  if (image) resources['XObject'] = { Im1: image };
  const stream = doc.context.flateStream(content, {
    Type: 'XObject', Subtype: 'Form', BBox: [0, 0, round(w), round(h)], Resources: resources,
  } as Parameters<PDFDocument['context']['flateStream']>[1]);
  return doc.context.register(stream);
}

const toPdfRect = (r: Rect): PlacedAppearance['rect'] => [round(r.x), round(r.y), round(r.x) + round(r.width), round(r.y) + round(r.height)];
const nfc = (s: string) => s.normalize('NFC');

async function official(doc: PDFDocument, a: OfficialAppearance, time: string): Promise<PlacedAppearance> {
  const l = { ...labels, ...a.labels };
  const { width: w, height: h } = a.rect;
  const pad = 2;
  const font = await embedFont(doc);
  const texts = [`${l.signedBy} ${a.name}`, ...(a.title ? [a.title] : []), `${l.time} ${time}`].map(nfc);
  // The text keeps to the right two thirds: the seal, when applied, covers the left third (see seal()).
  const textX = w / 3;
  const size = fitSize(font, texts, w - textX - pad, 8);
  const lead = size * 1.25;
  const lines = texts.map((text, i) => ({ text, x: textX, y: pad + (texts.length - 1 - i) * lead + size * 0.25, size }));
  if (!a.image) return { pageIndex: a.page ?? 0, rect: toPdfRect(a.rect), stream: formXObject(doc, w, h, textOps(font, lines), font) };
  // The signature image fills what the text leaves, centred, keeping its proportions.
  const image = await embedPng(doc, a.image);
  const boxH = h - texts.length * lead - 2 * pad;
  const scale = Math.max(0, Math.min((w - 2 * pad) / image.width, boxH / image.height));
  const [iw, ih] = [image.width * scale, image.height * scale];
  const content = imageOps((w - iw) / 2, h - pad - (boxH + ih) / 2, iw, ih) + textOps(font, lines);
  return { pageIndex: a.page ?? 0, rect: toPdfRect(a.rect), stream: formXObject(doc, w, h, content, font, image.ref) };
}

async function seal(doc: PDFDocument, a: SealAppearance, time: string, locate: FieldLocator): Promise<PlacedAppearance> {
  const l = { ...labels, ...a.labels };
  const target = typeof a.over === 'string' ? locate(a.over) : a.over;
  const image = await embedPng(doc, a.image);
  const iw = a.widthMm ? (a.widthMm * 72) / 25.4 : pngPhysicalWidthPt(a.image) ?? (35 * 72) / 25.4;
  const ih = (iw * image.height) / image.width;
  const font = await embedFont(doc);
  const texts = [a.agencyName, `${l.time} ${time}`].map(nfc);
  const size = fitSize(font, texts, Math.max(iw * 1.6, 60), 7);
  const lead = size * 1.25;
  const textW = Math.max(...texts.map((t) => font.widthOfTextAtSize(t, size)));
  const w = Math.max(iw, textW);
  const h = ih + texts.length * lead + 2;
  // Paper rule (Art. 33): the seal covers about the left third of the signature. Its right edge sits one third
  // into the official's widget, its centre level with the widget's centre.
  const imageX = target.rect.x + target.rect.width / 3 - iw;
  const imageY = target.rect.y + target.rect.height / 2 - ih / 2;
  const rect = { x: imageX + iw / 2 - w / 2, y: imageY - texts.length * lead - 2, width: w, height: h };
  const lines = texts.map((text, i) => ({
    text, size, x: (w - font.widthOfTextAtSize(text, size)) / 2, y: (texts.length - 1 - i) * lead + size * 0.25,
  }));
  const content = imageOps((w - iw) / 2, h - ih, iw, ih) + textOps(font, lines);
  return { pageIndex: target.page, rect: toPdfRect(rect), stream: formXObject(doc, w, h, content, font, image.ref) };
}

async function copy(doc: PDFDocument, a: CopyAppearance, time: string): Promise<PlacedAppearance> {
  const l = { ...labels, ...a.labels };
  const font = await embedFont(doc);
  const size = 10;
  const lead = 12;
  const pad = 2;
  const texts = [a.copyForm, a.agencyName, `${l.time} ${time}`].map(nfc);
  const w = Math.max(...texts.map((t) => font.widthOfTextAtSize(t, size))) + 2 * pad;
  const h = texts.length * lead + 2 * pad;
  const box = doc.getPage(0).getCropBox();
  const margin = 20; // ≈ 7 mm from the top and right edges of the page
  const rect = { x: box.x + box.width - margin - w, y: box.y + box.height - margin - h, width: w, height: h };
  const lines = texts.map((text, i) => ({ text, size, x: pad, y: pad + (texts.length - 1 - i) * lead + 2.5 }));
  return { pageIndex: 0, rect: toPdfRect(rect), stream: formXObject(doc, w, h, textOps(font, lines), font) };
}

/** Embeds the image and font and registers the appearance stream for one signature. */
export async function buildAppearance(doc: PDFDocument, a: SignatureAppearance, signingTime: Date, locate: FieldLocator): Promise<PlacedAppearance> {
  const time = vietnamTime(signingTime);
  if (a.kind === 'official') return official(doc, a, time);
  if (a.kind === 'seal') return seal(doc, a, time, locate);
  return copy(doc, a, time);
}

/** An empty form XObject for an invisible signature (PDF/A wants every widget to have /AP). */
export function emptyAppearance(doc: PDFDocument): PDFRef {
  return doc.context.register(doc.context.stream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 0, 0] }));
}
