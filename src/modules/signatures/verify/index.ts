/** Verification of signed PDFs (PAdES): the public API of this folder. */
export { verifyPdf, DEFAULT_MAX_BYTES } from './verify-pdf.ts';
export { VerifyInputError, type VerifyInputErrorCode } from './errors.ts';
export { DEFAULT_REASON_TEXT, explain } from './messages.ts';
export type {
  Check,
  CheckDetails,
  CheckStatus,
  OverallStatus,
  PadesLevel,
  ReasonCode,
  SignatureChecks,
  SignatureReport,
  SignatureStatus,
  SignerSummary,
  VerificationReport,
  VerifyOptions,
} from './types.ts';
