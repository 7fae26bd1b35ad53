/**
 * The public signing operation: one PAdES baseline signature (B-B, or B-T with a signature timestamp) added
 * to a PDF as an incremental update, so that the signatures already in it stay valid (research §3, §8.2).
 *
 * Sign the final rendering: anything changed after the first signature must itself be an incremental update
 * (a later signature, the DSS, a document timestamp), and a verifier will flag other changes.
 */
import type { Signer, TimestampAuthority } from '../domain/ports.ts';
import { buildCms } from './cms.ts';
import { IncrementalUpdate } from './incremental.ts';
import { buildAppearance, emptyAppearance, type SignatureAppearance } from './appearance.ts';
import { addSignatureField, DEFAULT_CONTENTS_SIZE, fillSignature, locateField, signatureDictionary } from './placeholder.ts';

export type PadesLevel = 'B-B' | 'B-T';

export interface SignPdfOptions {
  signer: Signer;
  /** The field's /T: unique in the document, no periods (e.g. "ChuKyNguoiCoThamQuyen", "ChuKyCoQuan"). */
  fieldName: string;
  /** The visible appearance; omitted → an invisible signature (zero-size widget on the first page). */
  appearance?: SignatureAppearance;
  level: PadesLevel;
  /** Required for B-T. */
  tsa?: TimestampAuthority;
  /** The claimed time: written to /M and shown in the appearance (the TST, for B-T, is the proven one). */
  signingTime: Date;
  reason?: string;
  location?: string;
  /** Bytes reserved for the CMS; default 16 KB. Signing fails rather than truncate a larger CMS. */
  contentsSize?: number;
}

/** Returns the signed PDF: `pdfBytes` unchanged, followed by the new revision. */
export async function signPdf(pdfBytes: Uint8Array, options: SignPdfOptions): Promise<Uint8Array> {
  if (options.level === 'B-T' && !options.tsa) throw new Error('PAdES: level B-T needs a timestamp authority (tsa)');
  if (Number.isNaN(options.signingTime.getTime())) throw new Error('PAdES: signingTime is not a valid date');
  const update = await IncrementalUpdate.load(pdfBytes);
  const { doc, context } = update;

  const placed = options.appearance
    ? await buildAppearance(doc, options.appearance, options.signingTime, (field) => locateField(update, field))
    : { pageIndex: 0, rect: [0, 0, 0, 0] as [number, number, number, number], stream: emptyAppearance(doc) };

  const signatureRef = context.nextRef();
  const placeholder = signatureDictionary({
    signingTime: options.signingTime, reason: options.reason, location: options.location,
    contentsSize: options.contentsSize ?? DEFAULT_CONTENTS_SIZE,
  });
  update.addRaw(signatureRef, placeholder.bytes);
  addSignatureField(update, {
    fieldName: options.fieldName, pageIndex: placed.pageIndex, rect: placed.rect, appearance: placed.stream, signature: signatureRef,
  });
  // Fonts and images are only turned into objects when flushed; their references were reserved already.
  await doc.flush();

  const { bytes, offsets } = update.write();
  const at = offsets.get(signatureRef.objectNumber)! + `${signatureRef.objectNumber} 0 obj\n`.length;
  const tsa = options.level === 'B-T' ? options.tsa : undefined;
  await fillSignature(bytes, at + placeholder.byteRangeAt, at + placeholder.contentsAt, (contentDigest) =>
    buildCms({ signer: options.signer, contentDigest, tsa }));
  return bytes;
}
