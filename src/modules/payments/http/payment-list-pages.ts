/**
 * A unit's online payments (`payments.view`: the commune's officials who read its records, and the province's
 * supervisor; the platform answers 404 for a `:unitId` out of reach): filtered by the Vietnam day they were
 * started and by status, with the count and the sum in đồng per status, each row linking to its record.
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { idParam } from '../../../platform/http/form.ts';
import { html } from '../../../platform/views/html.ts';
import { formatDong } from '../../catalogue/index.ts';
import { findUnit, isAgency } from '../../tenancy/index.ts';
import type { PaymentsContext } from '../context.ts';
import { vietnamDay } from '../domain/reconciliation.ts';
import { PAYMENT_STATUSES } from '../domain/settlement.ts';
import type { PaymentStatus } from '../domain/settlement.ts';
import { isCalendarDay } from '../reconcile-statement.ts';
import { listUnitPayments } from '../store.ts';
import { statusBadge, when } from './shared.ts';

export const VIEW_PAYMENTS = { permission: 'payments.view' } as const;
/** Rows shown; the totals count every payment that matches. */
const PAGE_ROWS = 200;

const one = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

function filters(request: FastifyRequest): { day: string; status: PaymentStatus | '' } {
  const q = request.query as Record<string, unknown>;
  const day = one(q.day).trim();
  const status = one(q.status).trim();
  if (day !== '' && !isCalendarDay(day)) throw new AppError('error.invalid_request', 400, { detail: 'day' });
  if (status !== '' && !(PAYMENT_STATUSES as readonly string[]).includes(status)) throw new AppError('error.invalid_request', 400, { detail: 'status' });
  return { day, status: status as PaymentStatus | '' };
}

export function paymentListPages(ctx: PaymentsContext) {
  return (app: App) => {
    app.get('/admin/payments', { config: VIEW_PAYMENTS }, async (request, reply) => {
      const actor = request.actor;
      return reply.redirect(`/admin/units/${actor?.kind === 'official' ? actor.unitId : 0}/payments`, 303);
    });

    app.get('/admin/units/:unitId/payments', { config: VIEW_PAYMENTS }, async (request, reply) => {
      const unit = await findUnit(ctx.db, idParam(request, 'unitId'));
      if (!unit || !isAgency(unit.kind)) throw new AppError('error.not_found', 404);
      const t = request.t;
      const f = filters(request);
      const period = f.day ? vietnamDay(f.day) : undefined;
      const { rows, totals } = await listUnitPayments(ctx.db, { unitId: unit.id, ...(period ? { from: period.from, to: period.to } : {}), ...(f.status ? { status: f.status } : {}), limit: PAGE_ROWS });
      const count = totals.reduce((s, x) => s + x.count, 0);
      const paid = totals.find((x) => x.status === 'paid');
      const canReconcile = request.actor?.kind === 'official' && request.actor.permissions.has('payments.reconcile');
      const title = t('payments.list.title', { unit: unit.name });
      return reply.page({
        title,
        body: html`<h1>${title}</h1>
${canReconcile ? html`<p><a href="/admin/units/${unit.id}/payments/reconciliation">${t('payments.list.reconcile')}</a></p>` : ''}
<form method="get" action="/admin/units/${unit.id}/payments" class="filters">
<div class="field"><label for="f-day">${t('payments.list.day')}</label><input id="f-day" name="day" type="date" value="${f.day}"></div>
<div class="field"><label for="f-status">${t('payments.list.status')}</label><select id="f-status" name="status"><option value="">${t('payments.list.any_status')}</option>${PAYMENT_STATUSES.map((s) => html`<option value="${s}"${s === f.status ? html` selected` : ''}>${t(`payments.status.${s}`)}</option>`)}</select></div>
<button type="submit" class="button secondary">${t('payments.list.filter')}</button>
</form>
<section aria-labelledby="totals-title"><h2 id="totals-title">${t('payments.list.totals')}</h2>
<dl class="summary">
<dt>${t('payments.list.count')}</dt><dd data-count="${count}">${count}</dd>
<dt>${t('payments.list.paid_total')}</dt><dd data-paid-total="${paid?.amount ?? 0}">${formatDong(paid?.amount ?? 0)} (${paid?.count ?? 0})</dd>
${totals.filter((x) => x.status !== 'paid').map((x) => html`<dt>${t(`payments.status.${x.status as PaymentStatus}`)}</dt><dd data-total-status="${x.status}">${formatDong(x.amount)} (${x.count})</dd>`)}
</dl></section>
<section aria-labelledby="rows-title"><h2 id="rows-title">${t('payments.list.rows')}</h2>
${rows.length === 0 ? html`<p>${t('payments.list.none')}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="rows-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('payments.list.col.created')}</th><th scope="col">${t('payments.list.col.record')}</th><th scope="col">${t('payments.list.col.amount')}</th><th scope="col">${t('payments.list.col.status')}</th><th scope="col">${t('payments.list.col.txn')}</th><th scope="col">${t('payments.list.col.paid_at')}</th></tr></thead>
<tbody>${rows.map((p) => html`<tr data-payment="${p.public_id}"><td>${when(request, p.created_at)}</td><td><a href="/admin/units/${Number(p.unit_id)}/records/${Number(p.record_id)}">${p.record_code}</a></td><td data-amount="${Number(p.amount)}">${formatDong(Number(p.amount))}</td><td>${statusBadge(t, p.status)}</td><td><code>${p.gateway_txn_id ?? '—'}</code></td><td>${p.paid_at ? when(request, p.paid_at) : '—'}</td></tr>`)}</tbody>
</table></div>${count > rows.length ? html`<p class="hint">${t('payments.list.truncated', { shown: rows.length, count })}</p>` : ''}`}
</section>`,
      });
    });
  };
}
