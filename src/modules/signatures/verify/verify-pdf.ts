/**
 * verifyPdf: every signature and document timestamp of a PDF, checked as ETSI EN 319 102-1 asks in
 * spirit (research §3): byte range, digest, signature, ESS, chain at the proven time, revocation at
 * that time, timestamps, and whether a later revision changed what the reader sees.
 * Pure domain code: bytes in, a JSON-able report out. Bad input ends in VerifyInputError, never in
 * another exception.
 */
import { EncryptedPDFError, PDFDict } from 'pdf-lib';
import { type Cert, parseCert } from './certs.ts';
import { sha256Hex } from './crypto-util.ts';
import { VerifyInputError } from './errors.ts';
import { type ParsedPdf, parsePdf } from './pdf-load.ts';
import { newBudget } from './pdf-objects.ts';
import { findRevisions, findSignatureDicts, readDss } from './pdf-structure.ts';
import { parseCrls } from './revocation.ts';
import { RevisionCache } from './revisions.ts';
import { type Context, type Examined, examineDocumentTimestamp, examineSignature } from './signature.ts';
import { overallStatus, padesLevel, signatureStatus } from './status.ts';
import type { VerificationReport, VerifyOptions } from './types.ts';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Trust roots are configuration, not input: a broken one is a programming error (TypeError). */
function parseTrustRoots(ders: readonly Uint8Array[]): Cert[] {
  return ders.map((der, i) => {
    const cert = parseCert(der);
    if (!cert) throw new TypeError(`trust root #${i} is not a DER certificate`);
    return cert;
  });
}

function guardInput(bytes: unknown, maxBytes: number): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new VerifyInputError('not_pdf', 'input is not bytes');
  if (bytes.length > maxBytes) throw new VerifyInputError('too_large', `input is larger than ${maxBytes} bytes`);
  // ISO 32000 allows the header anywhere in the first 1024 bytes.
  if (Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).indexOf('%PDF-') === -1) throw new VerifyInputError('not_pdf', 'no %PDF- header');
}

async function loadFinal(bytes: Uint8Array): Promise<ParsedPdf> {
  let parsed: ParsedPdf;
  try {
    parsed = await parsePdf(bytes);
  } catch (error) {
    // pdf-lib is compiled to ES5, where `instanceof` an Error subclass fails: its message is the reliable sign.
    if (error instanceof EncryptedPDFError || (error instanceof Error && /\bis encrypted\b/.test(error.message))) throw new VerifyInputError('encrypted_pdf', 'encrypted PDFs are not supported', { cause: error });
    throw new VerifyInputError('malformed_pdf', error instanceof Error ? error.message : 'unreadable PDF', { cause: error });
  }
  if (!(parsed.doc.catalog instanceof PDFDict)) throw new VerifyInputError('malformed_pdf', 'no document catalog');
  return parsed;
}

function rangeEnd(e: Examined): number {
  return e.range ? e.range[2] + e.range[3] : Number.MAX_SAFE_INTEGER;
}

/** True when a valid document timestamp covers this signature's revision and a DSS (B-LTA). */
async function ltaCovered(sig: Examined, docTimestamps: readonly Examined[], cache: RevisionCache): Promise<boolean> {
  for (const ts of docTimestamps) {
    if (ts.provenTime && ts.range && sig.range && ts.range[1] >= rangeEnd(sig) && (await cache.hasDss(rangeEnd(ts)))) return true;
  }
  return false;
}

async function verifyDocument(bytes: Uint8Array, trustRoots: Cert[], options: VerifyOptions): Promise<VerificationReport> {
  const parsed = await loadFinal(bytes);
  const { doc } = parsed;
  const revisions = findRevisions(bytes);
  const dss = readDss(doc, newBudget());
  const ctx: Context = {
    bytes,
    doc,
    revisions,
    trustRoots,
    pool: dss.certs.map(parseCert).filter((c): c is Cert => c !== null),
    crls: [...parseCrls(dss.crls, true), ...parseCrls(options.crls ?? [], false)],
    now: options.now ?? new Date(),
    cache: new RevisionCache(bytes, parsed, revisions),
  };
  const dicts = findSignatureDicts(doc);
  // Document timestamps first: their times are the proven times of the signatures they cover.
  const docTimestamps: Examined[] = [];
  for (const d of dicts.filter((x) => x.kind === 'document-timestamp')) docTimestamps.push(await examineDocumentTimestamp(d, ctx));
  const signatures: Examined[] = [];
  for (const d of dicts.filter((x) => x.kind === 'signature')) signatures.push(await examineSignature(d, ctx, docTimestamps));
  for (const s of signatures) s.report.level = padesLevel(s, await ltaCovered(s, docTimestamps, ctx.cache));
  const all = [...signatures, ...docTimestamps].sort((a, b) => rangeEnd(a) - rangeEnd(b));
  for (const s of all) s.report.status = signatureStatus(s.report.checks);
  const reports = all.map((s) => s.report);
  return { status: overallStatus(reports), signatures: reports, revisions: revisions.length, fileSha256: sha256Hex(bytes), verifiedAt: ctx.now.toISOString() };
}

/**
 * Verifies every signature of `bytes`. Throws VerifyInputError for input that is not a readable PDF
 * (too large, not a PDF, encrypted, unparsable) and TypeError for unusable trust roots.
 */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions): Promise<VerificationReport> {
  const trustRoots = parseTrustRoots(options.trustRoots);
  guardInput(bytes, options.maxBytes ?? DEFAULT_MAX_BYTES);
  try {
    return await verifyDocument(bytes, trustRoots, options);
  } catch (error) {
    if (error instanceof VerifyInputError) throw error;
    // Anything else a hostile file provokes in the parsers (stack overflow, pdf-lib assertions…).
    throw new VerifyInputError('malformed_pdf', error instanceof Error ? error.message : 'unreadable PDF', { cause: error });
  }
}
