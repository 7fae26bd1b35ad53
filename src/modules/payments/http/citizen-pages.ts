/**
 * The applicant's side: `/ho-so/<code>/thanh-toan` shows the fee and the state of the payment and starts
 * one (→ the gateway's page); `/thanh-toan/<id>/ket-qua` is where the gateway sends the browser back. That
 * page only READS the payment: whatever the gateway put in its address (a "success" flag, a signature), it
 * marks nothing paid — only the gateway's signed server-to-server message or asking the gateway does. While
 * the payment waits for that message the page reloads itself every few seconds (no JavaScript).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { formatDong } from '../../catalogue/index.ts';
import type { PayableRecord } from '../../records/index.ts';
import type { PaymentsContext } from '../context.ts';
import { ownPayableRecord, startPayment } from '../create-payment.ts';
import { listPaymentsOf } from '../store.ts';
import type { PaymentRow } from '../store.ts';
import { sameSitePath, statusBadge, visiblePayment, when } from './shared.ts';

/** Seconds between reloads of the return page while the gateway has not confirmed yet. */
export const RETURN_REFRESH_SECONDS = 3;

function attemptsTable(request: FastifyRequest, payments: readonly PaymentRow[]) {
  const t = request.t;
  if (payments.length === 0) return '';
  return html`<h2>${t('payments.page.attempts')}</h2><div class="table-wrap" role="region" aria-label="${t('payments.page.attempts')}" tabindex="0"><table>
<caption class="visually-hidden">${t('payments.page.attempts')}</caption>
<thead><tr><th scope="col">${t('payments.page.started')}</th><th scope="col">${t('payments.page.amount')}</th><th scope="col">${t('payments.page.status')}</th><th scope="col"><span class="visually-hidden">${t('payments.page.details')}</span></th></tr></thead>
<tbody>${payments.map((p) => html`<tr><td>${when(request, p.created_at)}</td><td>${formatDong(Number(p.amount))}</td><td>${statusBadge(t, p.status)}</td><td><a href="/thanh-toan/${p.public_id}/ket-qua">${t('payments.page.details')}</a></td></tr>`)}</tbody>
</table></div>`;
}

async function payPage(ctx: PaymentsContext, request: FastifyRequest, reply: FastifyReply, record: PayableRecord) {
  const t = request.t;
  const payments = await listPaymentsOf(ctx.db, record.id, 10);
  const pending = payments.find((p) => p.status === 'pending' && p.redirect_url && p.expires_at.getTime() > Date.now());
  let state;
  if (record.paid) {
    state = html`<p class="notice-box" data-state="paid">${t('payments.page.paid', { amount: formatDong(record.paid.amount) })} ${when(request, record.paid.at)}</p>
<p><a href="/ho-so/${record.code}/bien-lai.pdf" data-receipt>${t('payments.receipt.download')}</a></p>`;
  } else if (pending) {
    state = html`<p class="notice-box" data-state="pending">${t('payments.page.pending')}</p>
<p><a class="button" href="${pending.redirect_url!}">${t('payments.page.continue')}</a> <a href="/thanh-toan/${pending.public_id}/ket-qua">${t('payments.page.see_status')}</a></p>`;
  } else if (record.due) {
    state = html`<form method="post" action="/ho-so/${record.code}/thanh-toan" data-state="due">${csrfField(request.csrfToken())}
<p class="hint">${t('payments.page.redirect_hint')}</p>
<button type="submit" class="button">${t('payments.page.pay', { amount: formatDong(record.feeAmount) })}</button></form>`;
  } else {
    state = html`<p data-state="not_due">${t('payments.page.not_due')}</p>`;
  }
  const body = html`<p><a href="/ho-so/${record.code}">${t('payments.page.back')}</a></p>
<h1>${t('payments.page.title')}</h1>
<dl class="answers">
<dt>${t('records.code')}</dt><dd><strong class="record-code">${record.code}</strong></dd>
<dt>${t('records.procedure')}</dt><dd>${record.procedureName}</dd>
<dt>${t('payments.page.amount')}</dt><dd><strong data-amount="${record.feeAmount}">${formatDong(record.feeAmount)}</strong></dd>
</dl>
${state}
${attemptsTable(request, payments)}`;
  return reply.page({ title: `${t('payments.page.title')} ${record.code}`, body });
}

export function citizenPages(ctx: PaymentsContext) {
  return (app: App) => {
    app.get('/ho-so/:code/thanh-toan', { config: { permission: 'citizen' } }, async (request, reply) => {
      const record = await ownPayableRecord(ctx, request.actor!.id, (request.params as { code: string }).code);
      return payPage(ctx, request, reply, record);
    });

    app.post('/ho-so/:code/thanh-toan', { config: { permission: 'citizen' } }, async (request, reply) => {
      const started = await startPayment(ctx, { id: request.actor!.id }, auditActorOf(request), (request.params as { code: string }).code);
      const local = sameSitePath(started.redirectUrl, ctx.publicUrl);
      if (local) return reply.redirect(local, 303);
      // Another site: a page that moves on by itself (a form's redirect to another site is blocked by our
      // Content-Security-Policy `form-action 'self'`; a link or a refresh is not).
      const t = request.t;
      return reply.page({
        title: t('payments.page.to_gateway'), refreshSeconds: 1,
        body: html`<h1>${t('payments.page.to_gateway')}</h1><p><a class="button" href="${started.redirectUrl}">${t('payments.page.continue')}</a></p>`,
      });
    });

    app.get('/thanh-toan/:publicId/ket-qua', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const t = request.t;
      // Only the payment as we hold it: the query string the gateway appended is not even read.
      const payment = await visiblePayment(ctx, request, (request.params as { publicId: string }).publicId);
      const status = payment.status;
      const text = {
        pending: t('payments.result.pending'), paid: t('payments.result.paid'), cancelled: t('payments.result.cancelled'),
        expired: t('payments.result.expired'), failed: t('payments.result.failed'),
      }[status];
      const body = html`<h1>${t('payments.result.title')}</h1>
<p class="lead" role="status">${statusBadge(t, status)} ${text}</p>
<dl class="answers">
<dt>${t('records.code')}</dt><dd><strong class="record-code">${payment.record_code}</strong></dd>
<dt>${t('payments.page.amount')}</dt><dd>${formatDong(Number(payment.amount))}</dd>
<dt>${t('payments.page.started')}</dt><dd>${when(request, payment.created_at)}</dd>
${payment.paid_at ? html`<dt>${t('payments.result.paid_at')}</dt><dd>${when(request, payment.paid_at)}</dd>` : ''}
</dl>
${status === 'pending' ? html`<p class="hint">${t('payments.result.refresh_hint')}</p>` : ''}
${status === 'paid' ? html`<p><a class="button secondary" href="/thanh-toan/${payment.public_id}/bien-lai.pdf" data-receipt>${t('payments.receipt.download')}</a></p>` : ''}
${request.actor?.kind === 'citizen' ? html`<p><a href="/ho-so/${payment.record_code}">${t('payments.page.back')}</a>${status === 'cancelled' || status === 'expired' || status === 'failed' ? html` · <a href="/ho-so/${payment.record_code}/thanh-toan">${t('payments.result.try_again')}</a>` : ''}</p>` : ''}`;
      return reply.page({ title: t('payments.result.title'), body, ...(status === 'pending' ? { refreshSeconds: RETURN_REFRESH_SECONDS } : {}) });
    });
  };
}
