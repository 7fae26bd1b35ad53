/**
 * The province's side of a request: a request it may see (sent by its unit or one below it), and sending a
 * commune's submission back with a reason. The signed revision stays as it was, marked returned; the commune
 * corrects and submits again as a new revision.
 */
import { AppError } from '../../platform/errors.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findUnit, unitIsWithin } from '../tenancy/index.ts';
import type { PeriodicReportsContext } from './context.ts';
import type { ReportOfficial } from './manage-templates.ts';
import { findRequest, findSubmission, markVersionReturnedInTrx, requestTargets, updateSubmissionInTrx } from './store.ts';
import type { RequestRow } from './store.ts';

export const REASON_MAX = 2000;

/** A request sent by the official's unit or one below it; any other does not exist for them. */
export async function requestOf(ctx: PeriodicReportsContext, who: ReportOfficial, requestId: number): Promise<RequestRow> {
  const request = await findRequest(ctx.db, requestId);
  const sender = request ? await findUnit(ctx.db, Number(request.unit_id)) : undefined;
  if (!request || !sender || !unitIsWithin(sender, { path: who.unitPath })) throw new AppError('periodic_reports.request.not_found', 404);
  return request;
}

/** The request and one of the units it went to (a unit it did not go to: 404). */
export async function requestAndUnit(ctx: PeriodicReportsContext, who: ReportOfficial, requestId: number, unitId: number): Promise<RequestRow> {
  const request = await requestOf(ctx, who, requestId);
  if (!(await requestTargets(ctx.db, requestId, unitId))) throw new AppError('periodic_reports.request.not_found', 404);
  return request;
}

export async function returnSubmission(ctx: PeriodicReportsContext, who: ReportOfficial, audit: AuditActor, requestId: number, unitId: number, version: number, reasonText: string): Promise<void> {
  await requestAndUnit(ctx, who, requestId, unitId);
  const reason = reasonText.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (reason === '' || [...reason].length > REASON_MAX) throw new AppError('periodic_reports.return.reason_required', 422, { max: REASON_MAX }, { reason: 'periodic_reports.return.reason_required' });
  const at = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const submission = await findSubmission(trx, requestId, unitId, { forUpdate: true });
    if (!submission || submission.status !== 'submitted') throw new AppError('periodic_reports.return.not_submitted', 409);
    if (submission.version !== version) throw new AppError('periodic_reports.stale', 409);
    if (!(await updateSubmissionInTrx(trx, Number(submission.id), version, { status: 'returned', returned_at: at, return_reason: reason }))) throw new AppError('periodic_reports.stale', 409);
    await markVersionReturnedInTrx(trx, Number(submission.id), submission.revision, { at, by: who.id, byName: who.name, reason });
    await recordAuditInTrx(trx, audit, { action: 'periodic_reports.report_returned', unitId, targetType: 'report_request', targetId: requestId, details: { revision: submission.revision, reason } });
  });
}
