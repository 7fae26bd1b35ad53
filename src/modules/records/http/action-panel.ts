/** The back office's actions on one record: a small form per action the official may take now. */
import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { MAX_TEXT } from '../act.ts';
import type { Action } from '../domain/workflow.ts';
import { DESK_METHODS } from '../domain/payment.ts';
import { formatDong } from '../../catalogue/index.ts';
import type { RecordRow } from '../store.ts';

export interface PanelInput {
  record: RecordRow;
  actions: readonly Action[];
  /** For actions that pass the record on: who may receive it. */
  receivers: Partial<Record<Action, { id: number; name: string }[]>>;
  /** An action just refused: its form comes back open, with what was typed. */
  failed?: { action: Action; text: string; newDate: string };
}

const TEXT_LABEL: Partial<Record<Action, MessageKey>> = {
  request_supplement: 'records.act.text.request_supplement',
  refuse: 'records.act.text.refuse',
  send_back: 'records.act.text.send_back',
  extend: 'records.act.text.extend',
  stop: 'records.act.text.stop',
  decline_withdrawal: 'records.act.text.decline_withdrawal',
};
/** Actions that need nothing but a click (and carry an optional note). */
const ONE_CLICK: ReadonlySet<Action> = new Set(['accept', 'confirm_payment', 'seal']);

export function actionPanel(request: FastifyRequest, p: PanelInput): SafeHtml {
  const t = request.t;
  const base = `/admin/units/${p.record.unit_id}/records/${p.record.id}/act`;
  if (p.actions.length === 0) return html`<section aria-labelledby="act-title"><h2 id="act-title">${t('records.act.title')}</h2><p>${t('records.act.none')}</p></section>`;
  const form = (action: Action) => {
    const id = (name: string) => `f-${action}-${name}`;
    const textKey = TEXT_LABEL[action];
    const receivers = p.receivers[action];
    const typed = p.failed?.action === action ? p.failed : undefined;
    const fields = html`${csrfField(request.csrfToken())}<input type="hidden" name="action" value="${action}"><input type="hidden" name="version" value="${p.record.version}">
${receivers ? html`<div class="field"><label for="${id('to')}">${t('records.act.receiver')}</label><select id="${id('to')}" name="toOfficialId" required><option value="">—</option>${receivers.map((r) => html`<option value="${r.id}">${r.name}</option>`)}</select></div>` : ''}
${action === 'extend' ? html`<div class="field"><label for="${id('date')}">${t('records.act.new_date')}</label><p class="hint" id="${id('date')}-hint">${t('records.form.date_hint')}</p><input id="${id('date')}" name="newDate" type="text" inputmode="numeric" placeholder="dd/mm/yyyy" maxlength="10" required aria-describedby="${id('date')}-hint" value="${typed?.newDate ?? ''}"></div>` : ''}
${action === 'return_result' ? html`<fieldset class="field"><legend>${t('records.act.via')}</legend>${(['desk', 'post', 'electronic'] as const).map((v, i) => html`<label class="choice"><input type="radio" name="via" value="${v}"${i === 0 ? html` checked` : ''}> ${t(`records.act.via.${v}` as MessageKey)}</label>`)}</fieldset>` : ''}
${action === 'confirm_payment' && p.record.paid_at === null && Number(p.record.fee_amount) > 0 ? html`<fieldset class="field"><legend>${t('payments.desk.method', { amount: formatDong(Number(p.record.fee_amount)) })}</legend>${DESK_METHODS.map((m, i) => html`<label class="choice"><input type="radio" name="method" value="${m}"${i === 0 ? html` checked` : ''}> ${t(`payments.method.${m}`)}</label>`)}</fieldset>` : ''}
${action === 'approve' ? html`<div class="field"><label for="${id('file')}">${t('records.act.result_file')}</label><input id="${id('file')}" type="file" name="result" accept="application/pdf"></div>` : ''}
<div class="field"><label for="${id('text')}">${t(textKey ?? 'records.act.text.note')}</label><textarea id="${id('text')}" name="text" rows="3" maxlength="${MAX_TEXT}"${textKey ? html` required` : ''}>${typed?.text ?? ''}</textarea></div>
<button type="submit" class="button${action === 'refuse' || action === 'stop' ? ' warning' : ''}">${t(`records.action.${action}` as MessageKey)}</button>`;
    const enctype = action === 'approve' ? html` enctype="multipart/form-data"` : '';
    if (ONE_CLICK.has(action)) return html`<form method="post" action="${base}" class="action-form"${enctype}>${fields}</form>`;
    return html`<details class="action"${typed ? html` open` : ''}><summary>${t(`records.action.${action}` as MessageKey)}</summary><form method="post" action="${base}"${enctype}>${fields}</form></details>`;
  };
  return html`<section aria-labelledby="act-title" class="action-box"><h2 id="act-title">${t('records.act.title')}</h2>
${p.record.supplement_requests > 0 ? html`<p class="hint">${t('records.supplement_count', { count: p.record.supplement_requests })}${p.record.supplement_requests >= 1 && p.actions.includes('request_supplement') ? html` ${t('records.second_supplement')}` : ''}</p>` : ''}
${p.actions.map(form)}</section>`;
}
