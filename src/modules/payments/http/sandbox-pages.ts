/**
 * The sandbox gateway's page, `/sandbox-gateway/pay/<txn>`: what a citizen sees at the national payment
 * platform — the payee (the commune), the record, the amount in đồng — and two buttons. It works without
 * JavaScript and is CSRF-protected like every form of the site. On a decision the sandbox, as the platform
 * would, first posts its signed message to our callback endpoint (server to server, through the real HTTP
 * pipeline: routing, raw body, signature check), then sends the browser to the return URL. "Do not notify"
 * simulates a lost callback, for the worker that asks the gateway.
 */
import type { App } from '../../../platform/http/app.ts';
import type { PaymentsConfig } from '../../../platform/config.ts';
import { AppError } from '../../../platform/errors.ts';
import { formText } from '../../../platform/http/form.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { formatDong } from '../../catalogue/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import { SANDBOX_PAGE } from '../adapters/sandbox-gateway.ts';
import { decideSandboxTransaction, findSandboxTransaction, noteSandboxCallback } from '../store.ts';
import type { SandboxRow } from '../store.ts';
import { encodeCallback } from '../wire.ts';
import { CALLBACK_PATH } from './api.ts';

const TXN = /^SBX[A-Za-z0-9]{20}$/;

/** The sandbox's message about a decided transaction, as the platform sends it, delivered now; returns the HTTP status we answered. */
export async function deliverSandboxCallback(app: App, config: Pick<PaymentsConfig, 'secret' | 'merchantId'>, t: SandboxRow, now = new Date()): Promise<number> {
  if (t.status === 'pending') throw new Error('a pending sandbox transaction has nothing to report');
  const { body, headers } = encodeCallback(config.secret, {
    merchantId: t.merchant_id, transactionId: t.txn_id, orderId: t.order_id, recordCode: t.record_code, amount: Number(t.amount), currency: t.currency,
    status: t.status, paidAt: t.status === 'paid' ? t.decided_at : null, sentAt: now,
  });
  const res = await app.inject({ method: 'POST', url: CALLBACK_PATH, headers: { ...headers, 'user-agent': 'smart-commune sandbox gateway' }, payload: body });
  return res.statusCode;
}

export function sandboxPages(db: Db, config: Pick<PaymentsConfig, 'secret' | 'merchantId'>) {
  return (app: App) => {
    const transactionOf = async (txn: string) => {
      const row = TXN.test(txn) ? await findSandboxTransaction(db, txn) : undefined;
      if (!row) throw new AppError('payments.sandbox.not_found', 404);
      return row;
    };

    app.get(`${SANDBOX_PAGE}/:txn`, { config: { permission: 'public' } }, async (request, reply) => {
      const t = request.t;
      const row = await transactionOf((request.params as { txn: string }).txn);
      const body = html`<p class="notice-box">${t('payments.sandbox.banner')}</p>
<h1>${t('payments.sandbox.title')}</h1>
<dl class="answers">
<dt>${t('payments.sandbox.merchant')}</dt><dd data-merchant>${row.merchant_name}</dd>
<dt>${t('records.code')}</dt><dd><strong class="record-code">${row.record_code}</strong></dd>
<dt>${t('payments.sandbox.description')}</dt><dd>${row.description}</dd>
<dt>${t('payments.page.amount')}</dt><dd><strong data-amount="${row.amount}">${formatDong(Number(row.amount))}</strong> (${row.currency})</dd>
<dt>${t('payments.sandbox.transaction')}</dt><dd><code>${row.txn_id}</code></dd>
</dl>
${row.status === 'pending' ? html`<form method="post" action="${SANDBOX_PAGE}/${row.txn_id}">${csrfField(request.csrfToken())}
<div class="field"><label class="choice"><input type="checkbox" name="silent" value="1"> ${t('payments.sandbox.silent')}</label></div>
<div class="actions"><button type="submit" name="decision" value="confirm" class="button">${t('payments.sandbox.confirm', { amount: formatDong(Number(row.amount)) })}</button>
<button type="submit" name="decision" value="cancel" class="button secondary">${t('payments.sandbox.cancel')}</button></div></form>`
  : html`<p data-sandbox-status="${row.status}">${t(row.status === 'paid' ? 'payments.sandbox.done_paid' : 'payments.sandbox.done_cancelled')}</p><p><a href="${row.return_url}">${t('payments.sandbox.back')}</a></p>`}`;
      return reply.page({ title: t('payments.sandbox.title'), body });
    });

    app.post(`${SANDBOX_PAGE}/:txn`, { config: { permission: 'public' } }, async (request, reply) => {
      const row = await transactionOf((request.params as { txn: string }).txn);
      const decision = formText(request, 'decision', 10);
      if (decision !== 'confirm' && decision !== 'cancel') throw new AppError('error.invalid_request', 400, { detail: 'decision' });
      const now = new Date();
      // Decided once: a second click (or a replayed form) changes nothing and sends nothing again.
      if (await decideSandboxTransaction(db, row.txn_id, decision === 'confirm' ? 'paid' : 'cancelled', now) && formText(request, 'silent', 1) !== '1') {
        const decided = (await findSandboxTransaction(db, row.txn_id))!;
        await noteSandboxCallback(db, row.txn_id, await deliverSandboxCallback(app, config, decided, now), new Date());
      }
      return reply.redirect(row.return_url, 303);
    });
  };
}
