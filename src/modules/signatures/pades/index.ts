/**
 * PAdES signing (pure: no database, no HTTP). `signPdf` adds one B-B or B-T signature, visible (Decree 30/2020
 * appearance) or not, as an incremental update; `addDss` adds the B-LT Document Security Store.
 */
export { signPdf, type SignPdfOptions, type PadesLevel } from './sign-pdf.ts';
export { addDss, type DssInput } from './dss.ts';
export {
  labels as appearanceLabels, vietnamTime, type AppearanceLabels, type CopyAppearance, type OfficialAppearance, type Rect,
  type SealAppearance, type SignatureAppearance,
} from './appearance.ts';
export { buildCms, signingCertificateV2, OID, type CmsOptions } from './cms.ts';
export { IncrementalUpdate, findPreviousXref, type PreviousXref } from './incremental.ts';
export { DEFAULT_CONTENTS_SIZE, pdfDate } from './placeholder.ts';
