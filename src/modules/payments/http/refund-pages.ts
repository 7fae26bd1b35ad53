/**
 * The payments of a record, for the officials of its unit: `/admin/units/:unitId/records/:recordId/thanh-toan`.
 * Every online attempt with its state and receipt; a paid one the record did not take (it was paid otherwise
 * meanwhile, D29: `applied_to_record = false`) is flagged "to refund". Refunds, four eyes: the desk
 * (`payments.refund_request`) asks for an amount with a reason; another official (`payments.refund_approve`)
 * approves or rejects; the requester may withdraw; the money sent back is then recorded. Forms without JavaScript.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { formText, idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { formatDong } from '../../catalogue/index.ts';
import { findRecordById } from '../../records/index.ts';
import type { RecordRow } from '../../records/index.ts';
import type { OfficialActor } from '../../../platform/http/actor.ts';
import type { PaymentsContext } from '../context.ts';
import { REFUND_PERMISSIONS, refundableAmount } from '../domain/refunds.ts';
import { askRefund, decideRefund } from '../refund-payment.ts';
import type { RefundActor } from '../refund-payment.ts';
import { findRefund, listRefundsOf } from '../refund-store.ts';
import type { RefundRow } from '../refund-store.ts';
import { findPaymentById, findPaymentByPublicId, listPaymentsOf } from '../store.ts';
import type { PaymentRow } from '../store.ts';
import { PUBLIC_ID, statusBadge, when } from './shared.ts';

const refundActor = (request: FastifyRequest): RefundActor => {
  const a = request.actor as OfficialActor;
  return { id: a.id, name: a.name, unitId: a.unitId, permissions: a.permissions };
};

/** The record of the route, in the route's unit (which the platform checked is within the official's reach). */
async function unitRecord(ctx: PaymentsContext, request: FastifyRequest): Promise<RecordRow> {
  const record = await findRecordById(ctx.db, idParam(request, 'recordId'));
  if (!record || Number(record.unit_id) !== idParam(request, 'unitId')) throw new AppError('records.not_found', 404);
  return record;
}

/** A whole number of đồng as typed (dots and spaces as thousands separators forgiven); anything else as is, for the rules to refuse. */
function amountOf(text: string): unknown {
  const digits = text.replace(/[.\s]/g, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : text === '' ? undefined : text;
}

function refundRows(request: FastifyRequest, base: string, payment: PaymentRow, refunds: readonly RefundRow[]) {
  const t = request.t;
  const actor = request.actor as OfficialActor;
  const csrf = csrfField(request.csrfToken());
  const mayApprove = actor.permissions.has(REFUND_PERMISSIONS.approve);
  if (refunds.length === 0) return '';
  const actions = (r: RefundRow) => {
    const own = Number(r.requested_by) === actor.id;
    const to = `${base}/hoan-tien/${r.id}`;
    if (r.state === 'requested') {
      return html`${mayApprove && !own ? html`<form method="post" action="${to}" class="inline">${csrf}<input type="hidden" name="action" value="approve"><button type="submit" class="button">${t('payments.refund.approve')}</button></form>` : ''}
${mayApprove || own ? html`<form method="post" action="${to}">${csrf}<input type="hidden" name="action" value="reject">
<div class="field"><label for="f-note-${r.id}">${t('payments.refund.note')}</label><input id="f-note-${r.id}" name="note" type="text" maxlength="500" required></div>
<button type="submit" class="button secondary">${own && !mayApprove ? t('payments.refund.withdraw') : t('payments.refund.reject')}</button></form>` : ''}`;
    }
    if (r.state === 'approved' && mayApprove) {
      return html`<form method="post" action="${to}">${csrf}<input type="hidden" name="action" value="send">
<div class="field"><label for="f-ref-${r.id}">${t('payments.refund.reference')}</label><input id="f-ref-${r.id}" name="reference" type="text" maxlength="100"></div>
<button type="submit" class="button">${t('payments.refund.mark_sent')}</button></form>`;
    }
    return '';
  };
  return html`<div class="table-wrap" role="region" aria-label="${t('payments.refund.list')} ${payment.public_id}" tabindex="0"><table>
<caption class="visually-hidden">${t('payments.refund.list')}</caption>
<thead><tr><th scope="col">${t('payments.page.amount')}</th><th scope="col">${t('payments.refund.reason')}</th><th scope="col">${t('payments.refund.requested_by')}</th><th scope="col">${t('payments.refund.state')}</th><th scope="col">${t('payments.refund.decided_by')}</th><th scope="col"><span class="visually-hidden">${t('payments.page.details')}</span></th></tr></thead>
<tbody>${refunds.map((r) => html`<tr data-refund="${r.id}" data-refund-state="${r.state}"><td>${formatDong(Number(r.amount))}</td><td>${r.reason}</td><td>${r.requested_by_name}, ${when(request, r.requested_at)}</td>
<td>${t(`payments.refund.state.${r.state}`)}</td><td>${r.decided_by_name ? html`${r.decided_by_name}${r.decided_at ? html`, ${when(request, r.decided_at)}` : ''}${r.note ? html` — ${r.note}` : ''}` : ''}</td><td>${actions(r)}</td></tr>`)}</tbody>
</table></div>`;
}

async function paymentsPage(ctx: PaymentsContext, request: FastifyRequest, reply: FastifyReply, record: RecordRow) {
  const t = request.t;
  const actor = request.actor as OfficialActor;
  const base = `/admin/units/${record.unit_id}/records/${record.id}/thanh-toan`;
  const csrf = csrfField(request.csrfToken());
  const payments = await listPaymentsOf(ctx.db, Number(record.id), 50);
  const refunds = await listRefundsOf(ctx.db, payments.map((p) => Number(p.id)));
  const mayRequest = actor.permissions.has(REFUND_PERMISSIONS.request) && actor.unitId === Number(record.unit_id);
  const desk = record.paid_at && record.payment_method !== 'online'
    ? html`<p data-desk-payment>${t('payments.admin.desk')}: ${formatDong(Number(record.paid_amount))} (${t(`payments.method.${record.payment_method ?? 'cash'}`)}), ${when(request, record.paid_at)} · <a href="/admin/units/${record.unit_id}/records/${record.id}/bien-lai.pdf">${t('payments.admin.receipt')}</a></p>` : '';
  const sections = payments.filter((p) => p.status === 'paid').map((p) => {
    const mine = refunds.filter((r) => Number(r.payment_id) === Number(p.id));
    const left = refundableAmount(Number(p.amount), mine.map((r) => ({ amount: Number(r.amount), state: r.state })));
    const sent = mine.filter((r) => r.state === 'sent').reduce((s, r) => s + Number(r.amount), 0);
    const flagged = p.applied_to_record === false && left > 0;
    return html`<section aria-labelledby="pay-${p.public_id}" class="action-box" data-payment="${p.public_id}"${flagged ? html` data-to-refund` : ''}>
<h2 id="pay-${p.public_id}">${formatDong(Number(p.amount))} — ${statusBadge(t, p.status)}${flagged ? html` <strong class="badge status-3">${t('payments.refund.title')}</strong>` : ''}</h2>
${flagged ? html`<p class="warning">${t('payments.admin.to_refund')}</p>` : ''}
<p>${p.paid_at ? when(request, p.paid_at) : ''} · ${p.gateway_txn_id ?? ''} · <a href="/thanh-toan/${p.public_id}/bien-lai.pdf">${t('payments.admin.receipt')}</a>${sent > 0 ? html` · ${t('payments.admin.refunded', { amount: formatDong(sent) })}` : ''}</p>
<p>${t('payments.refund.refundable', { amount: formatDong(left) })}</p>
${refundRows(request, base, p, mine)}
${mayRequest && left > 0 ? html`<form method="post" action="${base}/${p.public_id}/hoan-tien">${csrf}
<div class="field"><label for="f-amount-${p.public_id}">${t('payments.refund.amount')}</label><input id="f-amount-${p.public_id}" name="amount" type="text" inputmode="numeric" maxlength="20" value="${String(flagged ? left : '')}" required></div>
<div class="field"><label for="f-reason-${p.public_id}">${t('payments.refund.reason')}</label><textarea id="f-reason-${p.public_id}" name="reason" rows="2" maxlength="500" required></textarea></div>
<button type="submit" class="button secondary">${t('payments.refund.request')}</button></form>` : ''}
</section>`;
  });
  const body = html`<p><a href="/admin/units/${record.unit_id}/records/${record.id}">${t('payments.page.back')}</a></p>
<h1>${t('payments.admin.title')} ${record.code}</h1>
${desk}
${payments.length === 0 ? html`<p>${t('payments.admin.none')}</p>` : html`<div class="table-wrap" role="region" aria-label="${t('payments.page.attempts')}" tabindex="0"><table>
<caption class="visually-hidden">${t('payments.page.attempts')}</caption>
<thead><tr><th scope="col">${t('payments.page.started')}</th><th scope="col">${t('payments.page.amount')}</th><th scope="col">${t('payments.page.status')}</th></tr></thead>
<tbody>${payments.map((p) => html`<tr><td>${when(request, p.created_at)}</td><td>${formatDong(Number(p.amount))}</td><td>${statusBadge(t, p.status)}${p.applied_to_record === false ? html` <span class="badge status-3" data-not-applied>${t('payments.refund.title')}</span>` : ''}</td></tr>`)}</tbody>
</table></div>`}
${sections}`;
  return reply.page({ title: `${t('payments.admin.title')} ${record.code}`, body });
}

export function refundPages(ctx: PaymentsContext) {
  return (app: App) => {
    app.get('/admin/units/:unitId/records/:recordId/thanh-toan', { config: { permission: 'records.view' } }, async (request, reply) =>
      paymentsPage(ctx, request, reply, await unitRecord(ctx, request)));

    app.post('/admin/units/:unitId/records/:recordId/thanh-toan/:publicId/hoan-tien', { config: { permission: 'records.view' } }, async (request, reply) => {
      const record = await unitRecord(ctx, request);
      const publicId = (request.params as { publicId: string }).publicId;
      const payment = PUBLIC_ID.test(publicId) ? await findPaymentByPublicId(ctx.db, publicId) : undefined;
      if (!payment || Number(payment.record_id) !== Number(record.id)) throw new AppError('payments.not_found', 404);
      await askRefund(ctx, refundActor(request), auditActorOf(request), Number(payment.id), { amount: amountOf(formText(request, 'amount', 40).trim()), reason: formText(request, 'reason', 2000) });
      return reply.redirectWithNotice(`/admin/units/${record.unit_id}/records/${record.id}/thanh-toan`, 'payments.refund.done');
    });

    app.post('/admin/units/:unitId/records/:recordId/thanh-toan/hoan-tien/:refundId', { config: { permission: 'records.view' } }, async (request, reply) => {
      const record = await unitRecord(ctx, request);
      const refund = await findRefund(ctx.db, idParam(request, 'refundId'));
      const payment = refund ? await findPaymentById(ctx.db, Number(refund.payment_id)) : undefined;
      if (!refund || !payment || Number(payment.record_id) !== Number(record.id)) throw new AppError('payments.refund.not_found', 404);
      const action = formText(request, 'action', 20);
      const decision = action === 'approve' ? { action } as const
        : action === 'reject' ? { action, note: formText(request, 'note', 2000) } as const
          : action === 'send' ? { action, reference: formText(request, 'reference', 100).trim() || null } as const : null;
      if (!decision) throw new AppError('error.invalid_request', 400, { detail: 'action' });
      await decideRefund(ctx, refundActor(request), auditActorOf(request), Number(refund.id), decision);
      return reply.redirectWithNotice(`/admin/units/${record.unit_id}/records/${record.id}/thanh-toan`, 'payments.refund.done');
    });
  };
}
