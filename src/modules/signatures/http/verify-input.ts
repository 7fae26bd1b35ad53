/** What the page and the API answer when a file cannot be verified at all (verifyPdf's VerifyInputError). */
import { AppError } from '../../../platform/errors.ts';
import { contentDisposition } from '../../../platform/http/content-disposition.ts';
import { MAX_VERIFY_BYTES } from '../verify-documents.ts';
import { VerifyInputError } from '../verify/index.ts';

export const MAX_VERIFY_TEXT = `${MAX_VERIFY_BYTES / 1024 / 1024} MB`;

/** Anyone may verify; a verification reads up to 20 MB and parses every revision, so each address gets a few a minute. */
export const VERIFY_RATE = { max: 10, timeWindow: '1 minute' };
/** The QR link's page verifies the stored document on each visit. */
export const STORED_RATE = { max: 30, timeWindow: '1 minute' };

/** A VerifyInputError as the 4xx a person can act on; anything else is not ours to word (rethrown). */
export function inputProblem(error: unknown): AppError {
  if (!(error instanceof VerifyInputError)) throw error;
  switch (error.code) {
    case 'too_large':
      return new AppError('signatures.verify.too_large', 413, { limit: MAX_VERIFY_TEXT });
    case 'not_pdf':
      return new AppError('signatures.verify.not_pdf', 422);
    case 'encrypted_pdf':
      return new AppError('signatures.verify.encrypted_pdf', 422);
    case 'malformed_pdf':
      return new AppError('signatures.verify.malformed_pdf', 422);
  }
}

/** Stored documents are named by the random id their QR code carries: anything else is not looked up. */
export const PUBLIC_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** `attachment` with an ASCII name (diacritics folded) and the exact name in UTF-8 (RFC 6266). */
export function pdfDisposition(fileName: string): string {
  const base = fileName.replace(/[\\/]/g, '_').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 150) || 'van-ban';
  const name = /\.pdf$/i.test(base) ? base : `${base}.pdf`;
  return contentDisposition(name);
}
