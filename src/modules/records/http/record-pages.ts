/** A filed record as its applicant sees it (and the official who filed it for them): receipt, history, messages, requests. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { formFile, formText, idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { findUnit } from '../../tenancy/index.ts';
import { findProcedureVersionById, formatDong } from '../../catalogue/index.ts';
import { feeDue } from '../domain/payment.ts';
import { MAX_FILE_BYTES } from '../context.ts';
import type { RecordsContext } from '../context.ts';
import { normaliseRecordCode } from '../domain/record-code.ts';
import { acceptsSupplement, mayBeRated, mayRequestWithdrawal } from '../domain/status.ts';
import { MAX_MESSAGE, postMessage, provideSupplement, rateRecord, requestWithdrawal } from '../follow-up.ts';
import type { ActionResult } from '../follow-up.ts';
import { findRecordByCode, listEvents, listRecordFiles, readFile } from '../store.ts';
import type { EventRow, RecordRow } from '../store.ts';
import type { StoredFileInfo } from '../store.ts';
import { sendFile } from './filing-pages.ts';
import { formsOf } from './form-downloads.ts';
import { citizenScope, isCitizensRecord } from '../citizen-scope.ts';
import { problemSummary } from './form-fields.ts';
import { recordFacts, sizeText, statusLabel, when } from './shared.ts';

type T = FastifyRequest['t'];

/** Hand-overs between officials and the leader's notes on a draft result are the office's own: the applicant's page leaves them out. */
const INTERNAL_EVENTS: ReadonlySet<string> = new Set(['handover', 'approval']);

/** The record of the URL, for its applicant or for the official who filed it; anyone else: 404. */
async function ownRecord(ctx: RecordsContext, request: FastifyRequest, options: { citizenOnly?: boolean } = {}): Promise<RecordRow> {
  const code = normaliseRecordCode((request.params as { code: string }).code);
  const record = code ? await findRecordByCode(ctx.db, code) : undefined;
  const actor = request.actor;
  const mine = !!record && !!actor && (
    (actor.kind === 'citizen' && isCitizensRecord(await citizenScope(ctx.db, actor.id), record)) ||
    (!options.citizenOnly && actor.kind === 'official' && Number(record.assisted_by_official_id) === actor.id && actor.permissions.has('records.assist'))
  );
  if (!record || !mine) throw new AppError('records.not_found', 404);
  return record;
}

/** One line of the history; messages and requests show their text. */
export function eventItem(request: FastifyRequest, e: EventRow): SafeHtml {
  const t = request.t;
  const who = e.author_kind === 'official' ? t('records.event.by_official', { name: e.author_name }) : e.author_kind === 'citizen' ? t('records.event.by_citizen', { name: e.author_name }) : '';
  const what = e.kind === 'status' && e.to_status !== null ? t('records.event.status', { status: statusLabel(t, e.to_status) }) : t(`records.event.${e.kind}` as MessageKey, { name: e.to_name ?? '' });
  return html`<li class="event event-${e.kind}"><p><strong>${what}</strong> — <time datetime="${e.at.toISOString()}">${when(request, e.at)}</time>${who ? html` — ${who}` : ''}</p>${e.body ? html`<p class="message-body">${e.body}</p>` : ''}</li>`;
}

export function filesList(t: T, files: readonly StoredFileInfo[], href: (f: StoredFileInfo) => string): SafeHtml {
  if (files.length === 0) return html`<p>${t('records.files.none')}</p>`;
  // The result comes first and is marked as such; scans and supplements say where they came from.
  const ordered = [...files.filter((f) => f.kind === 'result'), ...files.filter((f) => f.kind !== 'result')];
  const label = (f: StoredFileInfo) => (f.kind === 'attachment' ? '' : html`, ${t(`records.files.${f.kind}`)}`);
  return html`<ul class="files">${ordered.map((f) => html`<li${f.kind === 'result' ? html` class="result"` : ''}><a href="${href(f)}">${f.kind === 'result' ? html`<strong>${f.fileName}</strong>` : f.fileName}</a> (${sizeText(f.sizeBytes)}${label(f)})</li>`)}</ul>`;
}

const textArea = (t: T, name: string, label: string, required: boolean) =>
  html`<div class="field"><label for="f-${name}">${label}</label><textarea id="f-${name}" name="${name}" rows="3" maxlength="${MAX_MESSAGE}"${required ? html` required` : ''}></textarea></div>`;

async function recordPage(ctx: RecordsContext, request: FastifyRequest, reply: FastifyReply, record: RecordRow, problem?: string, status = 200) {
  const t = request.t;
  const [events, files, unit, procedure] = await Promise.all([listEvents(ctx.db, Number(record.id)), listRecordFiles(ctx.db, Number(record.id)), findUnit(ctx.db, Number(record.unit_id)), findProcedureVersionById(ctx.db, Number(record.procedure_id))]);
  const payNow = feeDue({ status: record.status, feeAmount: Number(record.fee_amount), paidAt: record.paid_at }, procedure?.feeTiming ?? null);
  const base = `/ho-so/${record.code}`;
  const csrf = csrfField(request.csrfToken());
  const isApplicant = request.actor?.kind === 'citizen';
  const supplementAsked = events.filter((e) => e.kind === 'supplement_request').pop();
  const body = html`<p><a href="/ho-so">${t('records.mine.back')}</a></p>
<h1>${t('records.receipt.title')}</h1>
${problemSummary(t, {}, problem ? [problem] : [])}
${recordFacts(request, record, unit?.name ?? '', files.some((f) => f.kind === 'result'))}
<p class="hint">${t('records.receipt.track_hint')}</p>
${isApplicant && payNow ? html`<section aria-labelledby="pay-title" class="action-box"><h2 id="pay-title">${t('payments.record.title')}</h2>
<p>${t('payments.record.due', { amount: formatDong(Number(record.fee_amount)) })}</p><p><a class="button" href="${base}/thanh-toan">${t('payments.record.pay')}</a></p></section>` : ''}
${isApplicant && acceptsSupplement(record.status) ? html`<section aria-labelledby="supplement-title" class="action-box"><h2 id="supplement-title">${t('records.supplement.title')}</h2>
${supplementAsked ? html`<p class="message-body">${supplementAsked.body}</p>` : ''}
<form method="post" action="${base}/bo-sung" enctype="multipart/form-data">${csrf}
<div class="field"><label for="f-file">${t('records.supplement.file')}</label><p class="hint">${t('records.files.rules', { max: `${MAX_FILE_BYTES / 1024 / 1024} MB` })}</p>
<input id="f-file" type="file" name="file" accept="application/pdf,image/jpeg,image/png" required></div>
${textArea(t, 'note', t('records.supplement.note'), false)}
<button type="submit" class="button">${t('records.supplement.submit')}</button></form></section>` : ''}
<section aria-labelledby="history-title"><h2 id="history-title">${t('records.history')}</h2><ol class="events">${events.filter((e) => !INTERNAL_EVENTS.has(e.kind)).map((e) => eventItem(request, e))}</ol></section>
<section aria-labelledby="files-title"><h2 id="files-title">${t('records.files.title')}</h2>${filesList(t, files, (f) => `${base}/tep/${f.id}`)}</section>
${isApplicant && formsOf(record, events).some((f) => f !== 'mau-06') ? html`<section aria-labelledby="forms-title"><h2 id="forms-title">${t('records.forms.title')}</h2><ul>${formsOf(record, events).filter((f) => f !== 'mau-06').map((f) => html`<li><a href="${base}/mau/${f}.pdf">${t(`records.forms.${f}` as MessageKey)}</a></li>`)}</ul></section>` : ''}
${isApplicant ? html`<section aria-labelledby="message-title"><h2 id="message-title">${t('records.message.title')}</h2>
<form method="post" action="${base}/tin-nhan">${csrf}${textArea(t, 'body', t('records.message.body'), true)}<button type="submit" class="button secondary">${t('records.message.send')}</button></form></section>` : ''}
${isApplicant && mayBeRated(record.status) && record.rating === null ? html`<section aria-labelledby="rating-title"><h2 id="rating-title">${t('records.rating.title')}</h2>
<form method="post" action="${base}/danh-gia">${csrf}<fieldset class="field"><legend>${t('records.rating.question')}</legend>
${[5, 4, 3, 2, 1].map((n) => html`<label class="choice"><input type="radio" name="rating" value="${n}"${n === 5 ? html` required` : ''}> ${t(`records.rating.${n}` as MessageKey)}</label>`)}</fieldset>
${textArea(t, 'comment', t('records.rating.comment'), false)}<button type="submit" class="button secondary">${t('records.rating.submit')}</button></form></section>` : ''}
${record.rating !== null ? html`<p>${t('records.rating.given', { rating: record.rating })}</p>` : ''}
${isApplicant && mayRequestWithdrawal(record.status) && !record.withdrawal_requested_at ? html`<section aria-labelledby="withdraw-title"><h2 id="withdraw-title">${t('records.withdraw.title')}</h2>
<p class="hint">${t('records.withdraw.hint')}</p>
<form method="post" action="${base}/rut">${csrf}${textArea(t, 'reason', t('records.withdraw.reason'), true)}<button type="submit" class="button warning">${t('records.withdraw.submit')}</button></form></section>` : ''}
${record.withdrawal_requested_at && record.status !== 7 ? html`<p class="notice-box">${t('records.withdraw.pending')}</p>` : ''}`;
  return reply.page({ title: `${t('records.receipt.title')} ${record.code}`, body }, status);
}

export function recordPages(ctx: RecordsContext) {
  const afterAction = async (request: FastifyRequest, reply: FastifyReply, record: RecordRow, result: ActionResult, notice: MessageKey) => {
    if (!result.ok) return recordPage(ctx, request, reply, record, request.t(result.error, result.params), result.error === 'records.wrong_status' ? 409 : 400);
    return reply.redirectWithNotice(`/ho-so/${record.code}`, notice);
  };
  const citizenOf = (request: FastifyRequest) => {
    const actor = request.actor!;
    return { kind: 'citizen' as const, id: actor.id, name: actor.name };
  };

  return (app: App) => {
    app.get('/ho-so/:code', { config: { permission: 'signed_in' } }, async (request, reply) => recordPage(ctx, request, reply, await ownRecord(ctx, request)));

    app.get('/ho-so/:code/tep/:fileId', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const record = await ownRecord(ctx, request);
      const file = await readFile(ctx.db, { recordId: Number(record.id) }, idParam(request, 'fileId'));
      if (!file) throw new AppError('error.not_found', 404);
      return sendFile(reply, file);
    });

    app.post('/ho-so/:code/tin-nhan', { config: { permission: 'citizen' } }, async (request, reply) => {
      const record = await ownRecord(ctx, request, { citizenOnly: true });
      const result = await postMessage(ctx, citizenOf(request), auditActorOf(request), Number(record.id), formText(request, 'body', 8000));
      return afterAction(request, reply, record, result, 'records.message.sent');
    });

    app.post('/ho-so/:code/bo-sung', { config: { permission: 'citizen', multipart: true, maxUploadBytes: MAX_FILE_BYTES } }, async (request, reply) => {
      const record = await ownRecord(ctx, request, { citizenOnly: true });
      const result = await provideSupplement(ctx, citizenOf(request), auditActorOf(request), Number(record.id), formText(request, 'note', 8000), formFile(request, 'file'));
      return afterAction(request, reply, (await findRecordByCode(ctx.db, record.code))!, result, 'records.supplement.sent');
    });

    app.post('/ho-so/:code/rut', { config: { permission: 'citizen' } }, async (request, reply) => {
      const record = await ownRecord(ctx, request, { citizenOnly: true });
      const result = await requestWithdrawal(ctx, citizenOf(request), auditActorOf(request), Number(record.id), formText(request, 'reason', 8000));
      return afterAction(request, reply, record, result, result.ok && result.withdrawn ? 'records.withdraw.done' : 'records.withdraw.sent');
    });

    app.post('/ho-so/:code/danh-gia', { config: { permission: 'citizen' } }, async (request, reply) => {
      const record = await ownRecord(ctx, request, { citizenOnly: true });
      const result = await rateRecord(ctx, citizenOf(request), auditActorOf(request), Number(record.id), formText(request, 'rating', 5), formText(request, 'comment', 8000));
      return afterAction(request, reply, record, result, 'records.rating.thanks');
    });
  };
}
