/**
 * Records of a commune as its officials see them: the list, one record with its answers, files and history,
 * messages to the applicant and a supplement request. Intake, processing and results come with the
 * one-stop back office (issue #4).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { formFile, formText, idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { findProcedureVersionById } from '../../catalogue/index.ts';
import { findUnit, listUnitsWithin } from '../../tenancy/index.ts';
import type { RecordsContext } from '../context.ts';
import { STATUSES } from '../domain/status.ts';
import { ACTIONS, availableActions } from '../domain/workflow.ts';
import type { Action } from '../domain/workflow.ts';
import { act, receiversFor, workflowState } from '../act.ts';
import { MAX_FILE_BYTES } from '../context.ts';
import { actionPanel } from './action-panel.ts';
import { componentsChecklist } from './components-checklist.ts';
import { reusableForRecord } from '../reuse.ts';
import { formsOf } from './form-downloads.ts';
import type { PanelInput } from './action-panel.ts';
import type { OfficialActor } from '../../../platform/http/actor.ts';
import type { RecordStatus } from '../domain/status.ts';
import { formSections } from '../domain/form-values.ts';
import { MAX_MESSAGE, postMessage } from '../follow-up.ts';
import type { ActionResult } from '../follow-up.ts';
import { findRecordById, listEvents, listRecordFiles, readFile } from '../store.ts';
import type { RecordRow } from '../store.ts';
import { QUEUES, countQueues, listRecords } from '../record-lists.ts';
import { sendFile } from './filing-pages.ts';
import { answersList, problemSummary } from './form-fields.ts';
import { recordsTable } from './list-pages.ts';
import { eventItem, filesList } from './record-pages.ts';
import { recordFacts, statusLabel } from './shared.ts';

const PAGE = 30;

/** The record of the URL, when it belongs to the unit of the URL (whose scope the platform checked). */
async function unitRecord(ctx: RecordsContext, request: FastifyRequest, options: { toWrite?: boolean } = {}): Promise<RecordRow> {
  const unitId = idParam(request, 'unitId');
  const record = await findRecordById(ctx.db, idParam(request, 'recordId'));
  if (!record || Number(record.unit_id) !== unitId) throw new AppError('records.not_found', 404);
  // Officials above the commune read its records; only the commune's own officials act on them.
  if (options.toWrite && (request.actor?.kind !== 'official' || request.actor.unitId !== unitId)) throw new AppError('records.not_own_unit', 403);
  return record;
}

const officialOf = (request: FastifyRequest) => ({ kind: 'official' as const, id: request.actor!.id, name: request.actor!.name });

async function actionPanelFor(ctx: RecordsContext, request: FastifyRequest, record: RecordRow, failed?: PanelInput['failed']) {
  const actor = request.actor;
  // Officials above the commune read; only the commune's own officials act.
  if (actor?.kind !== 'official' || actor.unitId !== Number(record.unit_id)) return html``;
  const actions = availableActions(workflowState(record), { id: actor.id, permissions: actor.permissions }, new Date());
  const receivers: Partial<Record<Action, { id: number; name: string }[]>> = {};
  for (const a of actions) if (a === 'forward' || a === 'hand_over' || a === 'submit_for_approval') receivers[a] = (await receiversFor(ctx, Number(record.unit_id), a)).filter((o) => o.id !== actor.id);
  return actionPanel(request, { record, actions, receivers, ...(failed ? { failed } : {}) });
}

async function officialRecordPage(ctx: RecordsContext, request: FastifyRequest, reply: FastifyReply, record: RecordRow, problem?: string, status = 200, failed?: PanelInput['failed']) {
  const t = request.t;
  const [events, files, unit, procedure] = await Promise.all([
    listEvents(ctx.db, Number(record.id)), listRecordFiles(ctx.db, Number(record.id)), findUnit(ctx.db, Number(record.unit_id)), findProcedureVersionById(ctx.db, Number(record.procedure_id)),
  ]);
  const reusable = procedure ? await reusableForRecord(ctx.db, record, procedure) : new Map();
  const base = `/admin/units/${record.unit_id}/records/${record.id}`;
  const csrf = csrfField(request.csrfToken());
  const textArea = (name: string, label: string) => html`<div class="field"><label for="f-${name}">${label}</label><textarea id="f-${name}" name="${name}" rows="4" maxlength="${MAX_MESSAGE}" required></textarea></div>`;
  const body = html`<p><a href="/admin/units/${record.unit_id}/records">${t('records.unit.back')}</a></p>
<h1>${t('records.unit.record_title', { code: record.code })}</h1>
${problemSummary(t, {}, problem ? [problem] : [])}
${recordFacts(request, record, unit?.name ?? '', files.some((f) => f.kind === 'result'))}
${Number(record.fee_amount) > 0 ? html`<p><a href="${base}/thanh-toan">${t('payments.admin.link')}</a></p>` : ''}
<section aria-labelledby="applicant-title"><h2 id="applicant-title">${t('records.applicant')}</h2><dl class="answers">
<dt>${t('records.applicant_name')}</dt><dd>${record.applicant_name}</dd><dt>${t('records.track.id_number')}</dt><dd>${record.applicant_id_number}</dd>
<dt>${t('records.phone')}</dt><dd>${record.applicant_phone ?? ''}</dd>${record.applicant_email ? html`<dt>Email</dt><dd>${record.applicant_email}</dd>` : ''}
<dt>${t('records.address')}</dt><dd>${record.applicant_address}</dd></dl></section>
<section aria-labelledby="answers-title"><h2 id="answers-title">${t('records.review.answers')}</h2>
${procedure ? answersList(t, formSections(procedure.formDefinition).slice(1), record.form_data) : html`<pre>${JSON.stringify(record.form_data, null, 1)}</pre>`}</section>
<section aria-labelledby="files-title"><h2 id="files-title">${t('records.files.title')}</h2>${filesList(t, files, (f) => `${base}/files/${f.id}`)}</section>
${procedure ? componentsChecklist(request, procedure.components, files, reusable) : ''}
${formsOf(record, events).length > 0 ? html`<section aria-labelledby="forms-title"><h2 id="forms-title">${t('records.forms.title')}</h2><ul>${formsOf(record, events).map((f) => html`<li><a href="${base}/forms/${f}.pdf">${t(`records.forms.${f}` as MessageKey)}</a></li>`)}</ul></section>` : ''}
${record.withdrawal_requested_at && record.status !== 7 ? html`<p class="warning">${t('records.unit.withdrawal_requested', { reason: record.withdrawal_reason ?? '' })}</p>` : ''}
<section aria-labelledby="history-title"><h2 id="history-title">${t('records.history')}</h2><ol class="events">${events.map((e) => eventItem(request, e))}</ol></section>
<section aria-labelledby="message-title"><h2 id="message-title">${t('records.unit.message_title')}</h2>
<form method="post" action="${base}/messages">${csrf}${textArea('body', t('records.message.body'))}<button type="submit" class="button secondary">${t('records.message.send')}</button></form></section>
${await actionPanelFor(ctx, request, record, failed)}`;
  return reply.page({ title: record.code, body }, status);
}

export function officialPages(ctx: RecordsContext) {
  const afterAction = async (request: FastifyRequest, reply: FastifyReply, record: RecordRow, result: ActionResult, notice: MessageKey) => {
    if (!result.ok) return officialRecordPage(ctx, request, reply, record, request.t(result.error, result.params), result.error === 'records.wrong_status' ? 409 : 400);
    return reply.redirectWithNotice(`/admin/units/${record.unit_id}/records/${record.id}`, notice);
  };

  return (app: App) => {
    app.get('/admin/records', { config: { permission: 'records.view' } }, async (request, reply) => reply.redirect(`/admin/units/${request.actor!.kind === 'official' ? request.actor!.unitId : 0}/records`, 303));

    app.get('/admin/units/:unitId/records', {
      config: { permission: 'records.view' },
      schema: { querystring: Type.Object({ status: Type.Optional(Type.String({ maxLength: 2 })), queue: Type.Optional(Type.String({ maxLength: 20 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) }) },
    }, async (request, reply) => {
      const t = request.t;
      const unitId = idParam(request, 'unitId');
      const unit = (await findUnit(ctx.db, unitId))!;
      const query = request.query as { status?: string; queue?: string; page?: number };
      const status = STATUSES.find((s) => String(s) === query.status);
      const queue = QUEUES.find((q) => q === query.queue);
      const page = query.page ?? 1;
      const now = new Date();
      const soonMs = (ctx.dueSoonHours ?? 24) * 3600_000;
      // A province official reads the records of every commune below; a commune official those of the commune.
      const unitIds = (await listUnitsWithin(ctx.db, unit.path)).map((u) => u.id);
      const holderId = request.actor!.id;
      // The tabs count every queue; a queue's page without a status filter takes its total from there.
      const counts = await countQueues(ctx.db, unitIds, { holderId, now, soonMs });
      const knownTotal = queue && !status ? counts[queue] : undefined;
      const found = await listRecords(ctx.db, { unitIds, ...(status ? { status } : {}), ...(queue ? { queue } : {}), holderId, now, soonMs }, { limit: PAGE, offset: (page - 1) * PAGE, ...(knownTotal === undefined ? {} : { knownTotal }) });
      const pages = Math.max(1, Math.ceil(found.total / PAGE));
      const base = `/admin/units/${unitId}/records`;
      const link = (p: number) => `${base}?page=${p}${status ? `&status=${status}` : ''}${queue ? `&queue=${queue}` : ''}`;
      const body = html`<h1>${t('records.unit.title', { unit: unit.name })}</h1>
<nav aria-label="${t('records.queue.nav')}" class="queues"><ul>
<li><a href="${base}"${!queue ? html` aria-current="page"` : ''}>${t('records.queue.all')}</a></li>
${QUEUES.map((q) => html`<li><a href="${base}?queue=${q}"${q === queue ? html` aria-current="page"` : ''}><span class="label">${t(`records.queue.${q}` as MessageKey)}</span> <span class="count${(q === 'overdue' && counts[q] > 0) ? ' alert' : ''}">${counts[q]}</span></a></li>`)}
</ul></nav>
<form method="get" action="${base}" class="filters">${queue ? html`<input type="hidden" name="queue" value="${queue}">` : ''}<div class="field"><label for="f-status">${t('records.status')}</label>
<select id="f-status" name="status"><option value="">${t('records.unit.all_statuses')}</option>${STATUSES.map((s: RecordStatus) => html`<option value="${s}"${s === status ? html` selected` : ''}>${statusLabel(t, s)}</option>`)}</select></div>
<button type="submit" class="button secondary">${t('records.unit.filter')}</button></form>
<p>${t('records.unit.count', { count: found.total })}</p>
<details class="register"><summary>${t('records.forms.register')}</summary><form method="get" action="/admin/units/${unitId}/register" class="filters">
<div class="field"><label for="f-from">${t('records.forms.from')}</label><input id="f-from" name="from" type="text" inputmode="numeric" placeholder="dd/mm/yyyy" maxlength="10"></div>
<div class="field"><label for="f-to">${t('records.forms.to')}</label><input id="f-to" name="to" type="text" inputmode="numeric" placeholder="dd/mm/yyyy" maxlength="10"></div>
<button type="submit" class="button secondary">${t('records.forms.print_register')}</button></form></details>
${found.rows.length === 0 ? html`<p>${t('records.unit.none')}</p>` : recordsTable(request, found.rows, (r) => `/admin/units/${r.unit_id}/records/${r.id}`, t('nav.records'))}
${pages > 1 ? html`<nav aria-label="${t('catalogue.pages')}"><p>${page > 1 ? html`<a href="${link(page - 1)}">${t('catalogue.prev')}</a> ` : ''}${t('catalogue.page_of', { page, pages })}${page < pages ? html` <a href="${link(page + 1)}">${t('catalogue.next')}</a>` : ''}</p></nav>` : ''}`;
      return reply.page({ title: t('records.unit.title', { unit: unit.name }), body });
    });

    app.get('/admin/units/:unitId/records/:recordId', { config: { permission: 'records.view' } }, async (request, reply) => officialRecordPage(ctx, request, reply, await unitRecord(ctx, request)));

    app.get('/admin/units/:unitId/records/:recordId/files/:fileId', { config: { permission: 'records.view' } }, async (request, reply) => {
      const record = await unitRecord(ctx, request);
      const file = await readFile(ctx.db, { recordId: Number(record.id) }, idParam(request, 'fileId'));
      if (!file) throw new AppError('error.not_found', 404);
      return sendFile(reply, file);
    });

    app.post('/admin/units/:unitId/records/:recordId/messages', { config: { permission: 'records.view' } }, async (request, reply) => {
      const record = await unitRecord(ctx, request, { toWrite: true });
      const result = await postMessage(ctx, officialOf(request), auditActorOf(request), Number(record.id), formText(request, 'body', 8000));
      return afterAction(request, reply, record, result, 'records.message.sent');
    });

    app.post('/admin/units/:unitId/records/:recordId/act', { config: { permission: 'records.view', multipart: true, maxUploadBytes: MAX_FILE_BYTES } }, async (request, reply) => {
      const record = await unitRecord(ctx, request, { toWrite: true });
      const action = formText(request, 'action', 40);
      if (!(ACTIONS as readonly string[]).includes(action)) throw new AppError('error.invalid_request', 400, { detail: 'action' });
      const version = Number(formText(request, 'version', 12));
      const to = formText(request, 'toOfficialId', 20);
      const file = formFile(request, 'result');
      const actor = request.actor as OfficialActor;
      const result = await act(ctx, { id: actor.id, name: actor.name, unitId: actor.unitId, permissions: actor.permissions }, auditActorOf(request), Number(record.id), action as Action, {
        version: Number.isSafeInteger(version) ? version : -1,
        text: formText(request, 'text', 8000),
        ...(/^\d{1,15}$/.test(to) ? { toOfficialId: Number(to) } : {}),
        newDate: formText(request, 'newDate', 20),
        via: formText(request, 'via', 20),
        method: formText(request, 'method', 20),
        ...(file ? { result: { data: file.data, truncated: file.truncated, filename: file.filename } } : {}),
      });
      if (!result.ok) {
        const status = result.error === 'records.act.stale' ? 409 : result.error === 'error.forbidden' ? 403 : 400;
        const failed = { action: action as Action, text: formText(request, 'text', 8000), newDate: formText(request, 'newDate', 20) };
        return officialRecordPage(ctx, request, reply, (await findRecordById(ctx.db, Number(record.id)))!, request.t(result.error, result.params), status, failed);
      }
      return reply.redirectWithNotice(`/admin/units/${record.unit_id}/records/${record.id}`, 'records.action.done', { action: request.t(`records.action.${action}` as MessageKey) });
    });
  };
}
