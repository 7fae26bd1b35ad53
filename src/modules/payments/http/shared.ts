/** What the payment pages and the API share: who may see a payment, labels. */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { citizenOwnsRecord, findRecordForPayment } from '../../records/index.ts';
import { findUnit } from '../../tenancy/index.ts';
import type { PaymentsContext } from '../context.ts';
import type { PaymentStatus } from '../domain/settlement.ts';
import { findPaymentByPublicId } from '../store.ts';
import type { PaymentRow } from '../store.ts';

export const PUBLIC_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * A payment by its public id, for the record's applicant, or an official who reads records of its unit
 * (records.view, unit within their own); anyone else: 404, as for a payment that does not exist.
 */
export async function visiblePayment(ctx: PaymentsContext, request: FastifyRequest, publicId: string): Promise<PaymentRow> {
  const payment = PUBLIC_ID.test(publicId) ? await findPaymentByPublicId(ctx.db, publicId) : undefined;
  const actor = request.actor;
  let visible = false;
  if (payment && actor?.kind === 'citizen') {
    const record = await findRecordForPayment(ctx.db, payment.record_code);
    visible = !!record && (await citizenOwnsRecord(ctx.db, actor.id, record));
  } else if (payment && actor?.kind === 'official' && actor.permissions.has('records.view')) {
    const unit = await findUnit(ctx.db, Number(payment.unit_id));
    visible = !!unit && unit.path.startsWith(actor.unitPath);
  }
  if (!payment || !visible) throw new AppError('payments.not_found', 404);
  return payment;
}

export const when = (request: FastifyRequest, at: Date) => html`<time datetime="${at.toISOString()}">${formatDateTime(request.lang, at)}</time>`;

export function statusBadge(t: FastifyRequest['t'], status: PaymentStatus): SafeHtml {
  const tone = status === 'paid' ? 'status-9' : status === 'pending' ? 'status-6' : 'status-3';
  return html`<span class="badge ${tone}" data-payment-status="${status}">${t(`payments.status.${status}`)}</span>`;
}

/** The path of a URL on our own site (a redirect stays relative); null for another site. */
export function sameSitePath(url: string, publicUrl: string): string | null {
  try {
    const target = new URL(url);
    return target.origin === new URL(publicUrl).origin ? `${target.pathname}${target.search}` : null;
  } catch {
    return null;
  }
}
