/**
 * A commune filling its report: the request as it reaches the commune, the live figures of its period, and saving
 * a draft (formats checked, required fields not yet). The form carries the submission's `version` (0 before the
 * first save): a second person saving meanwhile is told to reload instead of overwriting.
 */
import { AppError } from '../../platform/errors.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import type { PeriodicReportsContext } from './context.ts';
import { readAnswers } from './domain/fields.ts';
import type { AnswerProblem, Answers } from './domain/fields.ts';
import { endOfDay, startOfDay } from './domain/period.ts';
import { findRequest, findSubmission, insertSubmissionInTrx, requestTargets, updateSubmissionInTrx } from './store.ts';
import type { RequestRow, SubmissionRow } from './store.ts';

/** The official filling the report, for their own unit. */
export interface Filler {
  id: number;
  name: string;
  unitId: number;
}

/** A request sent to the unit; for any other unit it does not exist (404). */
export async function requestForUnit(ctx: PeriodicReportsContext, requestId: number, unitId: number): Promise<RequestRow> {
  const request = await findRequest(ctx.db, requestId);
  if (!request || !(await requestTargets(ctx.db, requestId, unitId))) throw new AppError('periodic_reports.request.not_found', 404);
  return request;
}

export interface LiveResult {
  figures: Record<string, number | null>;
  /** When they were computed; null when no field takes a figure. */
  at: Date | null;
}

/** The live figures the request's fields name, for the unit and the request's period. */
export async function liveFiguresFor(ctx: PeriodicReportsContext, request: RequestRow, unitId: number): Promise<LiveResult> {
  if (!request.fields.some((f) => f.source)) return { figures: {}, at: null };
  const at = ctx.now();
  const all = await ctx.liveFigures(unitId, { from: startOfDay(request.period_from), to: endOfDay(request.period_to) });
  const figures: Record<string, number | null> = {};
  for (const f of request.fields) {
    if (!f.source) continue;
    const value = all[f.source];
    figures[f.source] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return { figures, at };
}

export type SaveResult = { ok: true } | { ok: false; problems: Record<string, AnswerProblem>; answers: Answers; live: LiveResult };

/** The version a form must carry to write over `submission`. */
export const versionOf = (submission: SubmissionRow | undefined) => (submission ? submission.version : 0);

export function checkWritable(submission: SubmissionRow | undefined, version: number): void {
  if (versionOf(submission) !== version) throw new AppError('periodic_reports.stale', 409);
  if (submission?.status === 'submitted') throw new AppError('periodic_reports.submission.already_submitted', 409);
}

export async function saveDraft(ctx: PeriodicReportsContext, who: Filler, audit: AuditActor, requestId: number, version: number, posted: Record<string, string>): Promise<SaveResult> {
  const request = await requestForUnit(ctx, requestId, who.unitId);
  checkWritable(await findSubmission(ctx.db, requestId, who.unitId), version);
  const live = await liveFiguresFor(ctx, request, who.unitId);
  const { answers, problems } = readAnswers(request.fields, posted, live.figures, 'draft');
  if (Object.keys(problems).length > 0) return { ok: false, problems, answers, live };
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findSubmission(trx, requestId, who.unitId, { forUpdate: true });
    checkWritable(current, version);
    const write = { answers, figures_at: live.at, saved_by: who.id, saved_by_name: who.name };
    if (!current) await insertOnce(() => insertSubmissionInTrx(trx, requestId, who.unitId, { ...write, status: 'draft' }));
    else if (!(await updateSubmissionInTrx(trx, Number(current.id), version, write))) throw new AppError('periodic_reports.stale', 409);
    await recordAuditInTrx(trx, audit, { action: 'periodic_reports.draft_saved', targetType: 'report_request', targetId: requestId, details: { fields: Object.keys(answers).length } });
  });
  return { ok: true };
}

/** An insert that lost a race with another first save (the unique key on request and unit) is a stale form. */
export async function insertOnce<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('periodic_reports.stale', 409);
    throw error;
  }
}
