/** What the records pages share: who is filing, the procedure of a URL, labels. */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { findProcedureByCode, formatDong } from '../../catalogue/index.ts';
import type { Procedure } from '../../catalogue/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Filer } from '../context.ts';
import type { RecordStatus } from '../domain/status.ts';
import type { RecordRow } from '../store.ts';

const PROCEDURE_CODE = /^[0-9]\.[0-9]{6}(\.[A-Z][A-Z0-9]{1,5})?$/;

/** The person filing: a citizen, or an official who may file for citizens. Anyone else: 403. */
export function filerOf(request: FastifyRequest): Filer {
  const actor = request.actor;
  if (actor?.kind === 'citizen') return { kind: 'citizen', id: actor.id, name: actor.name };
  if (actor?.kind === 'official' && actor.permissions.has('records.assist')) {
    return { kind: 'official', id: actor.id, name: actor.name, unitId: actor.unitId, role: actor.roles.includes('one_stop_officer') ? 'one_stop_officer' : 'digital_team_member' };
  }
  throw new AppError('records.cannot_file', 403);
}

/** The procedure in force named by the URL. */
export async function procedureOf(db: Db, code: string): Promise<Procedure> {
  if (!PROCEDURE_CODE.test(code)) throw new AppError('error.not_found', 404);
  const procedure = await findProcedureByCode(db, code);
  if (!procedure) throw new AppError('catalogue.not_found', 404, { code });
  return procedure;
}

export const statusLabel = (t: FastifyRequest['t'], status: RecordStatus) => t(`records.status.${status}` as MessageKey);
export const channelLabel = (t: FastifyRequest['t'], channel: number) => t(`records.channel.${channel}` as MessageKey);
export const when = (request: FastifyRequest, at: Date) => formatDateTime(request.lang, at);

export function statusBadge(t: FastifyRequest['t'], status: RecordStatus): SafeHtml {
  return html`<span class="badge status-${status}">${statusLabel(t, status)}</span>`;
}

export const feeText = (t: FastifyRequest['t'], amount: number) => (amount === 0 ? t('records.fee_none') : formatDong(amount));

export const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** How the fee was paid (amount, method, channel, time), or that it is not paid yet. */
export function paymentFact(request: FastifyRequest, r: RecordRow): SafeHtml | '' {
  const t = request.t;
  if (r.paid_at !== null) {
    const how = r.payment_method === 'online' ? `${t('payments.method.online')} (${t(`payments.channel.${r.payment_channel === 2 ? 2 : 1}`)})` : t(`payments.method.${r.payment_method ?? 'cash'}`);
    // The receipt (biên lai) and, for officials, the payments page (refunds): routes of the payments module.
    const receipt = request.actor?.kind === 'official' ? `/admin/units/${r.unit_id}/records/${r.id}/bien-lai.pdf` : `/ho-so/${r.code}/bien-lai.pdf`;
    return html`<dt>${t('payments.record.payment')}</dt><dd data-paid="${r.payment_method ?? ''}">${t('payments.record.paid', { amount: formatDong(Number(r.paid_amount)), how, at: when(request, r.paid_at) })} · <a href="${receipt}" data-receipt>${t('payments.receipt.download')}</a></dd>`;
  }
  return Number(r.fee_amount) > 0 ? html`<dt>${t('payments.record.payment')}</dt><dd data-paid="">${t('payments.record.unpaid')}</dd>` : '';
}

/**
 * Facts of a record shared by the citizen's and the official's pages. `resultKept`: the signed result is among the
 * record's files (it always is when signed here; records without it, e.g. the demo's synthetic history, get no link).
 */
export function recordFacts(request: FastifyRequest, r: RecordRow, agencyName: string, resultKept = true): SafeHtml {
  const t = request.t;
  return html`<dl class="answers">
<dt>${t('records.code')}</dt><dd><strong class="record-code">${r.code}</strong></dd>
<dt>${t('records.status')}</dt><dd>${statusBadge(t, r.status)}</dd>
<dt>${t('records.procedure')}</dt><dd><a href="/thu-tuc/${r.procedure_code}">${r.procedure_name}</a></dd>
<dt>${t('records.agency')}</dt><dd>${agencyName}</dd>
<dt>${t('records.submitted_at')}</dt><dd>${when(request, r.submitted_at)}</dd>
<dt>${t('records.channel')}</dt><dd>${channelLabel(t, r.channel)}</dd>
<dt>${t('records.applicant')}</dt><dd>${r.applicant_name}</dd>
${r.assisted_by_name ? html`<dt>${t('records.assisted_by')}</dt><dd>${r.assisted_by_name} (${t(`role.${r.assisted_by_role}` as MessageKey)})</dd>` : ''}
<dt>${t('records.fee')}</dt><dd>${feeText(t, Number(r.fee_amount))}</dd>
${paymentFact(request, r)}
${r.received_at ? html`<dt>${t('records.received_at')}</dt><dd>${when(request, r.received_at)}</dd>` : ''}
${r.due_at ? html`<dt>${t('records.due_at')}</dt><dd>${when(request, r.due_at)}${(r.status === 2 || r.status === 4) && r.due_at.getTime() < Date.now() ? html` <strong class="badge status-3">${t('records.overdue')}</strong>` : ''}</dd>` : ''}
${r.holder_name && request.actor?.kind === 'official' ? html`<dt>${t('records.holder')}</dt><dd>${r.holder_name}</dd>` : ''}
${r.result_public_id ? html`<dt>${t('records.result')}</dt><dd>${t(r.result_sealed_at ? 'records.result.sealed' : 'records.result.signed')}${resultKept ? html`: <a href="/xac-thuc/${r.result_public_id}">${t('records.result.verify')}</a>` : ` (${t('records.result.not_kept')})`}</dd>` : ''}
</dl>`;
}
