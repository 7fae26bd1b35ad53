/**
 * The verification stamp on a result before its first signature: a QR code of the document's verification
 * link and the link in words, bottom left of the last page, where anyone checks the document online.
 *
 * This rewrites the file, so it is done only while the PDF holds no signature: after that, any change must be
 * an incremental update (research §8.2), and a verifier would rightly flag a new drawing.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { drawQr } from '../one-stop-forms/index.ts';

const QR_SIZE = 64;
const MARGIN = 24;

/** Whether the PDF already carries a signature (then it is signed as it stands, without a stamp). */
export function hasSignature(pdf: Uint8Array): boolean {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).includes('/ByteRange');
}

/** The PDF with the QR and link drawn on its last page, saved with classic cross-references for the signer. */
export async function stampVerification(pdf: Uint8Array, url: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(doc.getPageCount() - 1);
  const box = page.getCropBox();
  drawQr(page, url, box.x + MARGIN, box.y + MARGIN + QR_SIZE, QR_SIZE);
  // The link in Helvetica: it is ASCII, so no font needs embedding.
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(url, { x: box.x + MARGIN + QR_SIZE + 4, y: box.y + MARGIN + 6, size: 6, font, color: rgb(0, 0, 0) });
  return doc.save({ useObjectStreams: false });
}
