/**
 * Signing the commune's documents, as the workflow needs it:
 *  - `signResult`: the leader signs a result (visible: their signature image, name, title, time; bottom right of
 *    the last page), after a verification QR code is stamped on it; kept under its verification link;
 *  - `sealResult`: the clerk adds the unit's seal over the left third of the leader's signature;
 *  - `signAsUnit`: the unit signs a form or copy it issues (top right of the first page, text only, 10 pt).
 * Every signature is PAdES B-T (timestamped by the built-in TSA) and gets B-LT validation data (the chain and
 * current CRLs in the DSS), each an incremental update that keeps earlier signatures valid.
 */
import crypto from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findSealImage, findUnit } from '../tenancy/index.ts';
import { authorities, currentCrls } from './authorities.ts';
import { nowOf } from './context.ts';
import type { SignaturesContext } from './context.ts';
import type { Signer } from './domain/ports.ts';
import { officialSigner, sealSigner } from './enrolment.ts';
import { addDss, signPdf } from './pades/index.ts';
import { fillFields } from './pades/form-fields.ts';
import { certificateInfo } from './pki/index.ts';
import type { AppearanceLabels, SignatureAppearance } from './pades/index.ts';
import { findSignatureImage, findSignedDocument, saveSignedDocumentInTrx } from './store.ts';
import { hasSignature, stampVerification } from './verification-stamp.ts';

/** Field names (/T) of the signatures the commune's documents carry. */
export const FIELDS = { official: 'ChuKyNguoiCoThamQuyen', seal: 'ChuKyCoQuan', unit: 'ChuKyDonVi' } as const;

/** The official's widget: 230 × 86 pt, bottom right of the last page, clear of the verification stamp. */
const OFFICIAL_BOX = { width: 230, height: 86, right: 40, bottom: 60 };

export class SigningRefused extends Error {
  constructor(readonly code: 'signatures.no_seal_image' | 'signatures.not_signed_by_official' | 'signatures.already_sealed' | 'signatures.unknown_document') {
    super(code);
  }
}

export const verificationUrl = (ctx: Pick<SignaturesContext, 'publicUrl'>, publicId: string) => `${ctx.publicUrl}/xac-thuc/${publicId}`;
export const newPublicId = () => crypto.randomBytes(16).toString('base64url');

async function sign(ctx: SignaturesContext, pdf: Uint8Array, signer: Signer, fieldName: string, appearance: SignatureAppearance | undefined): Promise<Uint8Array> {
  const { tsa } = await authorities(ctx);
  const signed = await signPdf(pdf, { signer, fieldName, ...(appearance ? { appearance } : {}), level: 'B-T', tsa, signingTime: nowOf(ctx) });
  // B-LT: what a verifier needs offline, years from now.
  return addDss(signed, { certificates: [signer.certificate, ...signer.chain, tsa.certificate], crls: await currentCrls(ctx) });
}

/** Whether a signature field of this name was written (our writer names fields as literal strings). */
const hasField = (pdf: Uint8Array, name: string) => new RegExp(`/T\\s*\\(${name}\\)`).test(Buffer.from(pdf).toString('latin1'));

/** The title (chức vụ) the certificate states, drawn under the name. */
const titleOf = (certificate: Uint8Array) => {
  const title = certificateInfo(certificate).subject.title;
  return title ? { title } : {};
};

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

export interface SignResultInput {
  unitId: number;
  officialId: number;
  pdf: Uint8Array;
  /** What the document is, for the verification page: "Kết quả hồ sơ H11.35.01-261128-0001". */
  title: string;
  fileName: string;
  labels: AppearanceLabels;
}

/** The leader's signature on a result: returns the signed PDF and its verification link's id. */
export async function signResult(ctx: SignaturesContext, audit: AuditActor, input: SignResultInput): Promise<{ pdf: Uint8Array; publicId: string }> {
  const publicId = newPublicId();
  const stamped = hasSignature(input.pdf) ? input.pdf : await stampVerification(input.pdf, verificationUrl(ctx, publicId));
  const [{ signer, row }, image] = await Promise.all([officialSigner(ctx, audit, input.unitId, input.officialId), findSignatureImage(ctx.db, input.officialId)]);
  const doc = await PDFDocument.load(stamped, { updateMetadata: false });
  const lastPage = doc.getPageCount() - 1;
  const box = doc.getPage(lastPage).getCropBox();
  const rect = { x: box.x + box.width - OFFICIAL_BOX.right - OFFICIAL_BOX.width, y: box.y + OFFICIAL_BOX.bottom, width: OFFICIAL_BOX.width, height: OFFICIAL_BOX.height };
  const pdf = await sign(ctx, stamped, signer, FIELDS.official, { kind: 'official', page: lastPage, rect, ...(image ? { image } : {}), name: row.subject_name, ...titleOf(row.certificate), labels: input.labels });
  await ctx.db.transaction().execute(async (trx) => {
    await saveSignedDocumentInTrx(trx, { publicId, unitId: input.unitId, title: input.title, fileName: input.fileName, sha256: sha256(pdf), data: pdf });
    await recordAuditInTrx(trx, audit, { action: 'signatures.document_signed', unitId: input.unitId, targetType: 'signed_document', targetId: publicId, details: { field: FIELDS.official, certificate: row.serial, sha256: sha256(pdf) } });
  });
  return { pdf, publicId };
}

/**
 * The clerk's seal over the leader's signature on a result kept under `publicId`. With `fill`, the named empty text
 * fields (an outgoing document's number and date, see pades/form-fields.ts) are filled first, in their own
 * incremental update, so the seal covers them and the leader's signature stays valid.
 */
export async function sealResult(ctx: SignaturesContext, audit: AuditActor, input: { unitId: number; publicId: string; labels: AppearanceLabels; fill?: Readonly<Record<string, string>> }): Promise<Uint8Array> {
  const [document, sealImage, unit] = await Promise.all([findSignedDocument(ctx.db, input.publicId), findSealImage(ctx.db, input.unitId), findUnit(ctx.db, input.unitId)]);
  if (!document || Number(document.unit_id) !== input.unitId) throw new SigningRefused('signatures.unknown_document');
  if (!sealImage) throw new SigningRefused('signatures.no_seal_image');
  if (!hasField(document.data, FIELDS.official)) throw new SigningRefused('signatures.not_signed_by_official');
  if (hasField(document.data, FIELDS.seal)) throw new SigningRefused('signatures.already_sealed');
  const { signer, row } = await sealSigner(ctx, audit, input.unitId);
  const base = input.fill && Object.keys(input.fill).length > 0 ? await fillFields(document.data, input.fill) : document.data;
  const pdf = await sign(ctx, base, signer, FIELDS.seal, { kind: 'seal', image: sealImage.image, agencyName: unit!.sealName || unit!.name, over: FIELDS.official, labels: input.labels });
  await ctx.db.transaction().execute(async (trx) => {
    await saveSignedDocumentInTrx(trx, { publicId: input.publicId, unitId: input.unitId, title: document.title, fileName: document.file_name, sha256: sha256(pdf), data: pdf });
    await recordAuditInTrx(trx, audit, { action: 'signatures.document_signed', unitId: input.unitId, targetType: 'signed_document', targetId: input.publicId, details: { field: FIELDS.seal, certificate: row.serial, sha256: sha256(pdf) } });
  });
  return pdf;
}

/**
 * The unit's signature on a form or copy it issues. With `copyForm` ("SAO Y"…) it is drawn top right of the first
 * page, text only, 10 pt (Decree 30/2020 for electronic copies); without, it is invisible: the one-stop forms fill
 * their top margin with the agency's name and the national motto, so a drawn stamp would cover them. Not kept.
 */
export async function signAsUnit(ctx: SignaturesContext, audit: AuditActor, input: { unitId: number; pdf: Uint8Array; copyForm?: string; labels: AppearanceLabels }): Promise<Uint8Array> {
  const [{ signer }, unit] = await Promise.all([sealSigner(ctx, audit, input.unitId), findUnit(ctx.db, input.unitId)]);
  return sign(ctx, input.pdf, signer, FIELDS.unit, input.copyForm ? { kind: 'copy', copyForm: input.copyForm, agencyName: unit!.sealName || unit!.name, labels: input.labels } : undefined);
}
