/**
 * Daily reconciliation (đối soát) of a unit's online payments (`payments.reconcile`: a commune's chairman for his
 * commune, the province's system administrator for every unit; the platform answers 404 for a `:unitId` out of
 * reach). Upload the gateway's statement of a day (CSV, ≤ 5 MB, a form with its CSRF field): a refused file is
 * listed by line and nothing is kept; an accepted one is matched (reconcile-statement.ts), kept as a run, and its
 * page shows the mismatches and offers them as CSV (`…/reconciliation/:runId.csv`, audited).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { formFile, formText, idParam } from '../../../platform/http/form.ts';
import type { Translate } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { formatDong } from '../../catalogue/index.ts';
import { findUnit, isAgency } from '../../tenancy/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import type { PaymentsContext } from '../context.ts';
import { reconciliationCsv, STATEMENT_LIMITS, vietnamTimestamp } from '../domain/reconciliation.ts';
import type { ReconciliationCsvLabels, ReconciliationPair, ReconciliationResult, RecordedPayment, StatementProblem, StatementRow } from '../domain/reconciliation.ts';
import { findRun, isCalendarDay, noteRunExported, reconcileStatement, resultOfRun, vietnamToday } from '../reconcile-statement.ts';
import { listReconciliationRuns } from '../store.ts';
import type { ReconciliationRunRow } from '../store.ts';

export const RECONCILE = { permission: 'payments.reconcile' } as const;
/** The statement's own limit (statement.ts): 5 MiB. */
export const STATEMENT_MAX_BYTES = STATEMENT_LIMITS.bytes;

export const reconciliationPath = (unitId: number) => `/admin/units/${unitId}/payments/reconciliation`;

async function unitOf(ctx: PaymentsContext, request: FastifyRequest): Promise<Unit> {
  const unit = await findUnit(ctx.db, idParam(request, 'unitId'));
  if (!unit || !isAgency(unit.kind)) throw new AppError('error.not_found', 404);
  return unit;
}

interface FormState {
  day: string;
  error?: { field: 'day' | 'statement'; message: string };
  problems?: StatementProblem[];
  status: number;
}

function problemText(t: Translate, p: StatementProblem): string {
  const where = p.line === 0 ? t('payments.recon.problem.file') : t('payments.recon.problem.line', { line: p.line });
  const column = p.column ? ` (${t(`payments.recon.column.${p.column}`)})` : '';
  const value = p.value !== undefined ? ` «${p.value}»` : '';
  const detail = t(`payments.recon.problem.${p.code}`, { first: p.firstLine ?? '', max: p.max ?? '' });
  return `${where}${column}${value}: ${detail}`;
}

async function uploadPage(ctx: PaymentsContext, request: FastifyRequest, reply: FastifyReply, unit: Unit, state: FormState): Promise<FastifyReply> {
  const t = request.t;
  const runs = await listReconciliationRuns(ctx.db, unit.id);
  const title = t('payments.recon.title', { unit: unit.name });
  const err = state.error;
  const summary = err || state.problems
    ? html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${t('form.error_summary')}</h2>
<ul>${err ? html`<li><a href="#f-${err.field}">${err.message}</a></li>` : ''}${state.problems ? html`<li><a href="#problems-title">${t('payments.recon.refused', { count: state.problems.length })}</a></li>` : ''}</ul></div>`
    : '';
  const problems = state.problems
    ? html`<section aria-labelledby="problems-title" data-problems><h2 id="problems-title">${t('payments.recon.problems_title')}</h2>
<p>${t('payments.recon.nothing_kept')}</p>
<ul>${state.problems.map((p) => html`<li data-line="${p.line}" data-code="${p.code}">${problemText(t, p)}</li>`)}</ul></section>`
    : '';
  const fieldError = (field: 'day' | 'statement') => (err?.field === field ? err.message : undefined);
  return reply.page({
    title,
    body: html`<p><a href="/admin/units/${unit.id}/payments">← ${t('payments.recon.back_to_list')}</a></p>
<h1>${title}</h1>
${summary}
<p>${t('payments.recon.intro')}</p>
${problems}
<form method="post" action="${reconciliationPath(unit.id)}" enctype="multipart/form-data" novalidate>
${csrfField(request.csrfToken())}
<div class="field${fieldError('day') ? ' field-error' : ''}">
  <label for="f-day">${t('payments.recon.day')}</label>
  ${fieldError('day') ? html`<p class="error-message" id="f-day-error">${fieldError('day')}</p>` : ''}
  <input id="f-day" name="day" type="date" required value="${state.day}"${fieldError('day') ? html` aria-describedby="f-day-error" aria-invalid="true"` : ''}>
</div>
<div class="field${fieldError('statement') ? ' field-error' : ''}">
  <label for="f-statement">${t('payments.recon.file')}</label>
  <p class="hint" id="f-statement-hint">${t('payments.recon.file_hint')}</p>
  ${fieldError('statement') ? html`<p class="error-message" id="f-statement-error">${fieldError('statement')}</p>` : ''}
  <input id="f-statement" name="statement" type="file" accept=".csv,text/csv" required aria-describedby="f-statement-hint${fieldError('statement') ? ' f-statement-error' : ''}"${fieldError('statement') ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit" class="button">${t('payments.recon.submit')}</button>
</form>
<section aria-labelledby="runs-title"><h2 id="runs-title">${t('payments.recon.runs_title')}</h2>
${runs.length === 0 ? html`<p>${t('payments.recon.no_runs')}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="runs-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('payments.recon.col.day')}</th><th scope="col">${t('payments.recon.col.rows')}</th><th scope="col">${t('payments.recon.col.matched')}</th><th scope="col">${t('payments.recon.col.mismatches')}</th><th scope="col">${t('payments.recon.col.by')}</th><th scope="col">${t('payments.recon.col.at')}</th></tr></thead>
<tbody>${runs.map((r) => html`<tr><td><a href="${reconciliationPath(unit.id)}/${Number(r.id)}">${r.day}</a></td><td>${r.statement_rows}</td><td>${r.matched}</td><td>${mismatchesOf(r)}</td><td>${r.created_by_name}</td><td>${vietnamTimestamp(r.created_at)}</td></tr>`)}</tbody>
</table></div>`}
</section>`,
  }, state.status);
}

const mismatchesOf = (r: Omit<ReconciliationRunRow, 'mismatches'>) => r.missing_on_our_side + r.missing_in_statement + r.amount_differs + r.status_differs + r.reference_differs;

function csvLabels(t: Translate): ReconciliationCsvLabels {
  const keys: (keyof ReconciliationCsvLabels)[] = ['kind', 'txnId', 'ourRecordCode', 'statementRecordCode', 'ourOrderId', 'statementOrderId', 'ourAmount', 'statementAmount', 'ourStatus', 'statementStatus', 'ourPaidAt', 'statementPaidAt', 'statementLine', 'missingOnOurSide', 'missingInStatement', 'amountDiffers', 'statusDiffers', 'referenceDiffers'];
  return Object.fromEntries(keys.map((k) => [k, t(`payments.recon.csv.${k}`)])) as unknown as ReconciliationCsvLabels;
}

function runPage(request: FastifyRequest, reply: FastifyReply, unit: Unit, run: ReconciliationRunRow): FastifyReply {
  const t = request.t;
  const r: ReconciliationResult = resultOfRun(run);
  const base = reconciliationPath(unit.id);
  const title = t('payments.recon.run_title', { day: run.day, unit: unit.name });
  const count = mismatchesOf(run);
  const money = (n: number | undefined) => (n === undefined ? '' : html`<span data-amount="${n}">${formatDong(n)}</span>`);
  const when = (d: Date | null) => (d ? vietnamTimestamp(d) : '—');
  const stmtCols = html`<th scope="col">${t('payments.recon.col.line')}</th><th scope="col">${t('payments.recon.col.txn')}</th><th scope="col">${t('payments.recon.col.record')}</th><th scope="col">${t('payments.recon.col.amount')}</th><th scope="col">${t('payments.recon.col.status')}</th><th scope="col">${t('payments.recon.col.paid_at')}</th>`;
  const stmtRow = (s: StatementRow) => html`<tr data-txn="${s.gatewayTxnId}"><td>${s.line}</td><td><code>${s.gatewayTxnId}</code></td><td>${s.recordCode}</td><td>${money(s.amount)}</td><td>${s.rawStatus}</td><td>${when(s.paidAt)}</td></tr>`;
  const ourCols = html`<th scope="col">${t('payments.recon.col.txn')}</th><th scope="col">${t('payments.recon.col.record')}</th><th scope="col">${t('payments.recon.col.amount')}</th><th scope="col">${t('payments.recon.col.status')}</th><th scope="col">${t('payments.recon.col.paid_at')}</th>`;
  const ourRow = (p: RecordedPayment) => html`<tr data-txn="${p.gatewayTxnId ?? ''}"><td><code>${p.gatewayTxnId ?? '—'}</code></td><td>${p.recordCode}</td><td>${money(p.amount)}</td><td>${statusLabel(t, p.status)}</td><td>${when(p.paidAt)}</td></tr>`;
  const pairCols = html`<th scope="col">${t('payments.recon.col.line')}</th><th scope="col">${t('payments.recon.col.txn')}</th><th scope="col">${t('payments.recon.col.record')}</th><th scope="col">${t('payments.recon.col.ours')}</th><th scope="col">${t('payments.recon.col.theirs')}</th>`;
  const pairRow = (p: ReconciliationPair, ours: SafeHtml | string, theirs: SafeHtml | string) => html`<tr data-txn="${p.statement.gatewayTxnId}"><td>${p.statement.line}</td><td><code>${p.statement.gatewayTxnId}</code></td><td>${p.recorded.recordCode}${p.recorded.recordCode !== p.statement.recordCode ? html` / ${p.statement.recordCode}` : ''}</td><td>${ours}</td><td>${theirs}</td></tr>`;
  const section = <T,>(id: string, heading: string, items: readonly T[], cols: SafeHtml, row: (x: T) => SafeHtml) => items.length === 0 ? '' : html`<section aria-labelledby="${id}" data-mismatch="${id}"><h2 id="${id}">${heading} (${items.length})</h2>
<div class="table-wrap" role="region" aria-labelledby="${id}" tabindex="0"><table><thead><tr>${cols}</tr></thead><tbody>${items.map(row)}</tbody></table></div></section>`;
  return reply.page({
    title,
    body: html`<p><a href="${base}">← ${t('payments.recon.back')}</a></p>
<h1>${title}</h1>
<dl class="summary">
<dt>${t('payments.recon.col.rows')}</dt><dd data-rows>${run.statement_rows}</dd>
<dt>${t('payments.recon.col.matched')}</dt><dd data-matched>${run.matched}</dd>
<dt>${t('payments.recon.col.mismatches')}</dt><dd data-mismatches>${count}</dd>
<dt>${t('payments.recon.statement_paid')}</dt><dd>${money(Number(run.statement_paid))}</dd>
<dt>${t('payments.recon.recorded_paid')}</dt><dd>${money(Number(run.recorded_paid))}</dd>
<dt>${t('payments.recon.file_sha')}</dt><dd><code>${run.file_sha256}</code></dd>
<dt>${t('payments.recon.col.by')}</dt><dd>${run.created_by_name}, ${vietnamTimestamp(run.created_at)}</dd>
</dl>
${count === 0 ? html`<p class="notice" data-all-matched>${t('payments.recon.all_matched')}</p>` : html`<p><a class="button secondary" href="${base}/${Number(run.id)}.csv" download>${t('payments.recon.export')}</a></p>`}
${section('missing-ours', t('payments.recon.csv.missingOnOurSide'), r.missingOnOurSide, stmtCols, stmtRow)}
${section('missing-statement', t('payments.recon.csv.missingInStatement'), r.missingInStatement, ourCols, ourRow)}
${section('amount-differs', t('payments.recon.csv.amountDiffers'), r.amountDiffers, pairCols, (p) => pairRow(p, money(p.recorded.amount), money(p.statement.amount)))}
${section('status-differs', t('payments.recon.csv.statusDiffers'), r.statusDiffers, pairCols, (p) => pairRow(p, statusLabel(t, p.recorded.status), p.statement.rawStatus))}
${section('reference-differs', t('payments.recon.csv.referenceDiffers'), r.referenceDiffers, pairCols, (p) => pairRow(p, `${p.recorded.recordCode} ${p.recorded.orderId ?? ''}`, `${p.statement.recordCode} ${p.statement.orderId ?? ''}`))}`,
  });
}

const KNOWN_STATUSES = ['pending', 'paid', 'cancelled', 'expired', 'failed'] as const;
function statusLabel(t: Translate, status: string): string {
  return (KNOWN_STATUSES as readonly string[]).includes(status) ? t(`payments.status.${status as (typeof KNOWN_STATUSES)[number]}`) : status;
}

/** `:runId` or `:runId.csv`. */
function runParam(request: FastifyRequest): { id: number; csv: boolean } {
  const raw = (request.params as Record<string, string>).runId ?? '';
  const m = /^(\d{1,15})(\.csv)?$/.exec(raw);
  const id = m ? Number(m[1]) : NaN;
  if (!m || !Number.isSafeInteger(id) || id <= 0) throw new AppError('error.not_found', 404);
  return { id, csv: !!m[2] };
}

export function reconciliationPages(ctx: PaymentsContext) {
  return (app: App) => {
    app.get('/admin/payments/reconciliation', { config: RECONCILE }, async (request, reply) => {
      const actor = request.actor;
      return reply.redirect(reconciliationPath(actor?.kind === 'official' ? actor.unitId : 0), 303);
    });

    app.get('/admin/units/:unitId/payments/reconciliation', { config: RECONCILE }, async (request, reply) =>
      uploadPage(ctx, request, reply, await unitOf(ctx, request), { day: vietnamToday(), status: 200 }));

    app.post('/admin/units/:unitId/payments/reconciliation', { config: { ...RECONCILE, multipart: true, maxUploadBytes: STATEMENT_MAX_BYTES } }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const day = formText(request, 'day', 100).trim();
      const file = formFile(request, 'statement');
      const t = request.t;
      if (!isCalendarDay(day)) return uploadPage(ctx, request, reply, unit, { day: vietnamToday(), error: { field: 'day', message: t('payments.recon.day_invalid') }, status: 400 });
      if (!file || (file.data.length === 0 && !file.truncated)) return uploadPage(ctx, request, reply, unit, { day, error: { field: 'statement', message: t('payments.recon.file_required') }, status: 400 });
      if (file.truncated || file.data.length > STATEMENT_MAX_BYTES) return uploadPage(ctx, request, reply, unit, { day, error: { field: 'statement', message: t('payments.recon.file_too_large') }, status: 413 });
      const actor = request.actor;
      if (actor?.kind !== 'official') throw new AppError('error.forbidden', 403);
      const outcome = await reconcileStatement(ctx, { ...auditActorOf(request), id: actor.id, name: actor.name }, { unitId: unit.id, day, bytes: new Uint8Array(file.data) });
      if (!outcome.ok) return uploadPage(ctx, request, reply, unit, { day, problems: outcome.problems, status: 400 });
      return reply.redirectWithNotice(`${reconciliationPath(unit.id)}/${outcome.runId}`, outcome.mismatches === 0 ? 'payments.recon.notice.matched' : 'payments.recon.notice.mismatches', { count: outcome.mismatches });
    });

    app.get('/admin/units/:unitId/payments/reconciliation/:runId', { config: RECONCILE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const { id, csv } = runParam(request);
      const run = await findRun(ctx, unit.id, id);
      if (!run) throw new AppError('error.not_found', 404);
      if (!csv) return runPage(request, reply, unit, run);
      await noteRunExported(ctx, auditActorOf(request), run);
      const body = reconciliationCsv(resultOfRun(run), csvLabels(request.t));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="doi-soat-${unit.id}-${run.day}-${Number(run.id)}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(body);
    });
  };
}
