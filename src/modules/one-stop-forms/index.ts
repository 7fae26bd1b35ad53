/**
 * One-stop forms (Mẫu 01–07 of TT 03/2025/TT-VPCP) as PDF files: pure rendering, no tables. Each function
 * takes plain data and returns the bytes of a PDF with the Noto Sans subsets of assets/fonts embedded.
 * Mẫu 01–06 default to A5, the register (Mẫu 07) to A4 across. Bad data is an AppError
 * (`one_stop_forms.error.*`) naming the field. See docs/one-stop-forms.md.
 */
export type {
  Applicant, ApologyExtensionInput, ComponentLine, ControlSlipInput, FeeTiming, FormAgency, HandOver, HandOverResult,
  PageOptions, PageSize, ReceiptFee, ReceiptInput, RecordLetterBase, RefusalInput, RegisterEntry, RegisterInput, Signer,
  StopNoticeInput, SupplementRequestInput,
} from './domain/types.ts';
export { renderReceipt } from './render-receipt.ts';
export { renderSupplementRequest } from './render-supplement-request.ts';
export { renderRefusal } from './render-refusal.ts';
export { renderApologyExtension } from './render-apology-extension.ts';
export { renderStopNotice } from './render-stop-notice.ts';
export { renderControlSlip } from './render-control-slip.ts';
export { renderRegister } from './render-register.ts';
export { handOverResult } from './domain/hand-over.ts';
export { trackingUrl } from './domain/validate.ts';
export { drawQr } from './pdf/qr.ts';
export { embedCommittedFont } from '../../platform/pdf/font-embedder.ts';
// The flow layout (src/platform/pdf) and parts the forms are drawn with, for other documents of the same look
// (payments' receipt), with the forms' page label "Trang 1/3".
export { Sheet, geometry } from '../../platform/pdf/sheet.ts';
export type { BlockItem } from '../../platform/pdf/sheet.ts';
export type { Rich } from '../../platform/pdf/text.ts';
export { field, header, signatures } from './pdf/parts.ts';
export { PAGE as formPageLabel } from './domain/texts.ts';
export { formatHourMinuteDay } from './domain/format.ts';
export { Check } from './domain/validate.ts';
