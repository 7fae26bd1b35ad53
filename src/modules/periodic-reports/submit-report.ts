/**
 * Submitting a commune's report: live figures computed again, every required field checked, the report drawn as an
 * A4 PDF and signed — with the submitting official's own certificate when they hold one (a visible signature and a
 * verification link), otherwise with the unit's seal certificate — then kept as a new, final revision. Signing off
 * or failing refuses the submission: a report is never submitted unsigned.
 *
 * Signing happens before the transaction (it is slow and has its own): the form's version is checked first and
 * again under the row lock; a race lost in between leaves only an unused signed copy behind (as records' results).
 */
import crypto from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findCurrentCertificate, RemoteSigningError, signAsUnit, SigningRefused, signResult } from '../signatures/index.ts';
import { findUnit } from '../tenancy/index.ts';
import type { Unit } from '../tenancy/index.ts';
import type { PeriodicReportsContext } from './context.ts';
import { isLive, readAnswers } from './domain/fields.ts';
import type { Answers } from './domain/fields.ts';
import { displayDay } from './domain/period.ts';
import { isLate } from './domain/progress.ts';
import { checkWritable, insertOnce, liveFiguresFor, requestForUnit } from './fill-report.ts';
import type { Filler, LiveResult, SaveResult } from './fill-report.ts';
import { renderReportPdf } from './report-pdf.ts';
import type { ReportPdfLabels } from './report-pdf.ts';
import { findSubmission, insertSubmissionInTrx, insertVersionInTrx, updateSubmissionInTrx } from './store.ts';
import type { RequestRow } from './store.ts';

/** The document's words: Vietnamese, as the documents themselves are. */
const vi = translator('vi');
const pdfLabels = (): ReportPdfLabels => ({
  heading: vi('periodic_reports.pdf.heading'), period: vi('periodic_reports.pdf.period'), recipient: vi('periodic_reports.pdf.recipient'),
  number: vi('periodic_reports.pdf.number'), field: vi('periodic_reports.pdf.field'), value: vi('periodic_reports.pdf.value'), note: vi('periodic_reports.pdf.note'),
  live: vi('periodic_reports.pdf.live'), blank: vi('periodic_reports.pdf.blank'), made: vi('periodic_reports.pdf.made'),
  signer: vi('periodic_reports.pdf.signer'), signerHint: vi('periodic_reports.pdf.signer_hint'),
});
const appearanceLabels = () => ({ signedBy: vi('signatures.appearance.signed_by'), time: vi('signatures.appearance.time') });

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
/** "Xã Mường Đăng" → "Mường Đăng", the place on the date line. */
const placeOf = (unit: Unit) => unit.name.replace(/^(Xã|Phường|Thị trấn|Đặc khu)\s+/u, '');

export async function renderSubmission(ctx: PeriodicReportsContext, request: RequestRow, unitId: number, answers: Answers, live: LiveResult, who: Filler, revision: number, at: Date): Promise<Uint8Array> {
  const [unit, province] = await Promise.all([findUnit(ctx.db, unitId), findUnit(ctx.db, Number(request.unit_id))]);
  return renderReportPdf({
    agency: { parent: null, name: unit!.sealName || unit!.name, place: placeOf(unit!) },
    recipient: vi('periodic_reports.pdf.recipient_of', { unit: lowerFirst(province!.name) }),
    name: request.name, periodLabel: request.period_label, periodFrom: displayDay(request.period_from), periodTo: displayDay(request.period_to),
    fields: request.fields, answers, live: new Set(request.fields.filter((f) => isLive(f, live.figures)).map((f) => f.key)), liveAt: live.at,
    submittedAt: at, submitter: who.name, revision, labels: pdfLabels(),
  });
}

type Signed = { pdf: Uint8Array; signer: 'official' | 'unit'; publicId: string | null };

async function sign(ctx: PeriodicReportsContext, audit: AuditActor, request: RequestRow, unit: Unit, who: Filler, pdf: Uint8Array, revision: number): Promise<Signed> {
  const signatures = ctx.signatures;
  if (!signatures) throw new AppError('periodic_reports.submission.signing_off', 409);
  try {
    if (await findCurrentCertificate(ctx.db, { officialId: who.id })) {
      const out = await signResult(signatures, audit, {
        unitId: unit.id, officialId: who.id, pdf, title: `${request.name} — ${request.period_label} — ${unit.name}`,
        fileName: `bao-cao-${request.id}-${unit.code ?? unit.id}-lan-${revision}.pdf`, labels: appearanceLabels(),
      });
      return { pdf: out.pdf, signer: 'official', publicId: out.publicId };
    }
    return { pdf: await signAsUnit(signatures, audit, { unitId: unit.id, pdf, labels: appearanceLabels() }), signer: 'unit', publicId: null };
  } catch (error) {
    if (error instanceof SigningRefused || error instanceof RemoteSigningError) throw new AppError('periodic_reports.submission.signing_failed', 409);
    throw error;
  }
}

export async function submitReport(ctx: PeriodicReportsContext, who: Filler, audit: AuditActor, requestId: number, version: number, posted: Record<string, string>): Promise<SaveResult> {
  const request = await requestForUnit(ctx, requestId, who.unitId);
  const before = await findSubmission(ctx.db, requestId, who.unitId);
  checkWritable(before, version);
  const live = await liveFiguresFor(ctx, request, who.unitId);
  const { answers, problems } = readAnswers(request.fields, posted, live.figures, 'submit');
  if (Object.keys(problems).length > 0) return { ok: false, problems, answers, live };
  if (!ctx.signatures) throw new AppError('periodic_reports.submission.signing_off', 409);
  const unit = (await findUnit(ctx.db, who.unitId))!;
  const revision = (before?.revision ?? 0) + 1;
  const at = ctx.now();
  const signed = await sign(ctx, audit, request, unit, who, await renderSubmission(ctx, request, who.unitId, answers, live, who, revision, at), revision);
  const late = isLate(at, request.deadline);
  const hash = sha256(signed.pdf);
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findSubmission(trx, requestId, who.unitId, { forUpdate: true });
    checkWritable(current, version);
    if ((current?.revision ?? 0) + 1 !== revision) throw new AppError('periodic_reports.stale', 409);
    const write = { answers, figures_at: live.at, status: 'submitted' as const, saved_by: who.id, saved_by_name: who.name, revision, submitted_at: at, late, returned_at: null, return_reason: null };
    let submissionId: number;
    if (!current) submissionId = await insertOnce(() => insertSubmissionInTrx(trx, requestId, who.unitId, write));
    else {
      if (!(await updateSubmissionInTrx(trx, Number(current.id), version, write))) throw new AppError('periodic_reports.stale', 409);
      submissionId = Number(current.id);
    }
    await insertVersionInTrx(trx, {
      submission_id: submissionId, request_id: requestId, unit_id: who.unitId, revision, answers, figures_at: live.at, submitted_by: who.id, submitted_by_name: who.name,
      submitted_at: at, late, pdf: signed.pdf, pdf_sha256: hash, signer: signed.signer, signed_public_id: signed.publicId,
    });
    await recordAuditInTrx(trx, audit, {
      action: 'periodic_reports.report_submitted', targetType: 'report_request', targetId: requestId,
      details: { revision, late, sha256: hash, signer: signed.signer, signedDocument: signed.publicId },
    });
  });
  return { ok: true };
}
