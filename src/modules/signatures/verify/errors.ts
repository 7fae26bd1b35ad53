/**
 * The one error verifyPdf throws for bad input. Everything a hostile or broken file can do ends either
 * in a report (status 'invalid' with a reason) or in this error, which the HTTP layer maps to 422.
 */
export type VerifyInputErrorCode = 'too_large' | 'not_pdf' | 'malformed_pdf' | 'encrypted_pdf';

export class VerifyInputError extends Error {
  readonly code: VerifyInputErrorCode;

  constructor(code: VerifyInputErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? code, options);
    this.name = 'VerifyInputError';
    this.code = code;
  }
}
