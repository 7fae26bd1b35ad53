/**
 * The province's requests: sending a template to communes (`/bao-cao-dinh-ky/gui`), and a request's page — where
 * each commune stands, the aggregate of what was submitted — with each commune's submissions, their signed PDFs,
 * and sending one back with a reason.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { formList, formText, idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { findUnit } from '../../tenancy/index.ts';
import type { PeriodicReportsContext } from '../context.ts';
import { formatAnswer } from '../domain/fields.ts';
import { vietnamDay } from '../domain/period.ts';
import { unitState } from '../domain/progress.ts';
import { requestAndUnit, requestOf, REASON_MAX, returnSubmission } from '../return-report.ts';
import { reportingUnits, sendRequest, PERIOD_LABEL_MAX } from '../send-request.ts';
import type { RequestInput } from '../send-request.ts';
import { findSubmission, findVersionPdf, listTemplates, listVersions } from '../store.ts';
import { aggregateSection, requestStatuses } from './request-tables.ts';
import { exportPaths } from './exports.ts';
import { historyTable } from './history.ts';
import { officialOf, period, PROVINCE_PATH, problemSummary, requestUrl, sendPdf, stateBadge, unitSubmissionUrl, versionField, when } from './shared.ts';

async function sendForm(ctx: PeriodicReportsContext, request: FastifyRequest, reply: FastifyReply, values: RequestInput, errors: Record<string, string> = {}) {
  const t = request.t;
  const who = officialOf(request);
  const [templates, units] = await Promise.all([listTemplates(ctx.db, who.unitId), reportingUnits(ctx, who)]);
  const chosen = new Set(values.unitIds);
  const err = (name: string) => (errors[name] ? html`<p class="error-message">${errors[name]}</p>` : '');
  const cls = (name: string) => (errors[name] ? 'field field-error' : 'field');
  const body = html`<p><a href="${PROVINCE_PATH}">${t('periodic_reports.back')}</a></p>
<h1>${t('periodic_reports.request.new')}</h1>
${problemSummary(t, Object.entries(errors).map(([field, text]) => ({ field, text })))}
<form method="post" action="${PROVINCE_PATH}/gui" novalidate>${csrfField(request.csrfToken())}
<div class="${cls('template')}"><label for="f-template">${t('periodic_reports.request.template')}</label>${err('template')}
<select id="f-template" name="template"><option value="">${t('periodic_reports.request.choose')}</option>
${templates.filter((x) => !x.archived_at).map((x) => html`<option value="${x.id}"${String(x.id) === values.templateId ? html` selected` : ''}>${x.name}</option>`)}</select></div>
<div class="${cls('period_label')}"><label for="f-period_label">${t('periodic_reports.request.period_label')}</label>${err('period_label')}
<p class="hint">${t('periodic_reports.request.period_label_hint')}</p>
<input id="f-period_label" name="period_label" type="text" maxlength="${PERIOD_LABEL_MAX}" value="${values.periodLabel}"></div>
<div class="${cls('from')}"><label for="f-from">${t('periodic_reports.request.from')}</label>${err('from')}<input id="f-from" name="from" type="date" value="${values.from}"></div>
<div class="${cls('to')}"><label for="f-to">${t('periodic_reports.request.to')}</label>${err('to')}<input id="f-to" name="to" type="date" value="${values.to}"></div>
<div class="${cls('deadline')}"><label for="f-deadline">${t('periodic_reports.request.deadline')}</label>${err('deadline')}
<input id="f-deadline" name="deadline_day" type="date" value="${values.deadlineDay}"> <label for="f-deadline_time" class="visually-hidden">${t('periodic_reports.request.deadline_time')}</label><input id="f-deadline_time" name="deadline_time" type="time" value="${values.deadlineTime || '17:00'}"></div>
<fieldset class="${cls('units')}" id="f-units"><legend>${t('periodic_reports.request.units')}</legend>${err('units')}
<div class="choice"><input id="f-target-all" type="radio" name="target" value="all"${values.target !== 'chosen' ? html` checked` : ''}><label for="f-target-all">${t('periodic_reports.request.all_units', { count: units.length })}</label></div>
<div class="choice"><input id="f-target-chosen" type="radio" name="target" value="chosen"${values.target === 'chosen' ? html` checked` : ''}><label for="f-target-chosen">${t('periodic_reports.request.chosen_units')}</label></div>
<ul class="inline-list">${units.map((u) => html`<li><input id="f-unit-${u.id}" type="checkbox" name="units" value="${u.id}"${chosen.has(String(u.id)) ? html` checked` : ''}> <label for="f-unit-${u.id}">${u.name}</label></li>`)}</ul>
</fieldset>
<button type="submit" class="button">${t('periodic_reports.request.send')}</button>
</form>`;
  return reply.page({ title: t('periodic_reports.request.new'), body }, Object.keys(errors).length > 0 ? 422 : 200);
}

const requestInput = (request: FastifyRequest): RequestInput => ({
  templateId: formText(request, 'template', 20), periodLabel: formText(request, 'period_label', 1000), from: formText(request, 'from', 20), to: formText(request, 'to', 20),
  deadlineDay: formText(request, 'deadline_day', 20), deadlineTime: formText(request, 'deadline_time', 10), target: formText(request, 'target', 10), unitIds: formList(request, 'units', 5000),
});

async function requestPage(ctx: PeriodicReportsContext, request: FastifyRequest, reply: FastifyReply) {
  const t = request.t;
  const r = await requestOf(ctx, officialOf(request), idParam(request, 'requestId'));
  const { table, submitted } = await requestStatuses(ctx, request, r);
  const body = html`<p><a href="${PROVINCE_PATH}">${t('periodic_reports.back')}</a></p>
<h1>${r.name}</h1>
<dl class="summary">
<dt>${t('periodic_reports.col.period')}</dt><dd>${period(t, r)}</dd>
<dt>${t('periodic_reports.col.deadline')}</dt><dd>${when(request, r.deadline)}</dd>
<dt>${t('periodic_reports.sent')}</dt><dd>${r.sent_by_name}, ${when(request, r.sent_at)}</dd>
</dl>
${r.description ? html`<p>${r.description}</p>` : ''}
${table}
${aggregateSection(t, r, submitted, html`<p class="inline-list" data-exports><a href="${exportPaths(Number(r.id)).xlsx}">${t('periodic_reports.export.xlsx')}</a> <a href="${exportPaths(Number(r.id)).csv}">${t('periodic_reports.export.csv')}</a></p>`)}`;
  return reply.page({ title: r.name, body });
}

async function unitPage(ctx: PeriodicReportsContext, request: FastifyRequest, reply: FastifyReply) {
  const t = request.t;
  const requestId = idParam(request, 'requestId');
  const unitId = idParam(request, 'unitId');
  const r = await requestAndUnit(ctx, officialOf(request), requestId, unitId);
  const [unit, submission, versions] = await Promise.all([findUnit(ctx.db, unitId), findSubmission(ctx.db, requestId, unitId), listVersions(ctx.db, requestId, unitId)]);
  const base = unitSubmissionUrl(requestId, unitId);
  const latest = versions[0];
  const state = unitState(submission, r.deadline, ctx.now());
  const body = html`<p><a href="${requestUrl(requestId)}">${t('periodic_reports.back_request')}</a></p>
<h1>${unit!.name} — ${r.name}</h1>
<p>${period(t, r)} · ${stateBadge(t, state)}</p>
${submission?.status === 'returned' ? html`<div class="warning"><p>${t('periodic_reports.returned_reason', { reason: submission.return_reason ?? '' })}</p></div>` : ''}
${latest ? html`<h2 id="answers-title">${t('periodic_reports.latest', { revision: latest.revision })}</h2>
<div class="table-wrap" role="region" aria-labelledby="answers-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('periodic_reports.col.field')}</th><th scope="col">${t('periodic_reports.col.value')}</th></tr></thead>
<tbody>${r.fields.map((f) => html`<tr data-field="${f.key}"><th scope="row">${f.label}</th><td>${formatAnswer(f.kind, latest.answers[f.key]) || '—'}</td></tr>`)}</tbody>
</table></div>` : html`<p>${t('periodic_reports.nothing_submitted')}</p>`}
${submission?.status === 'submitted' ? html`<section class="action-box" aria-labelledby="return-title"><h2 id="return-title">${t('periodic_reports.return.title')}</h2>
<form method="post" action="${base}/tra-lai">${csrfField(request.csrfToken())}<input type="hidden" name="version" value="${submission.version}">
<div class="field"><label for="f-reason">${t('periodic_reports.return.reason')}</label><textarea id="f-reason" name="reason" rows="3" maxlength="${REASON_MAX}" required></textarea></div>
<button type="submit" class="button secondary">${t('periodic_reports.return.submit')}</button></form></section>` : ''}
${historyTable(request, versions, base)}`;
  return reply.page({ title: `${unit!.name} — ${r.name}`, body });
}

export function requestPages(ctx: PeriodicReportsContext) {
  return (app: App) => {
    const permission = { config: { permission: 'reports.request' } };
    app.get(`${PROVINCE_PATH}/gui`, permission, async (request, reply) => {
      const mau = (request.query as { mau?: unknown }).mau;
      const today = vietnamDay(ctx.now());
      return sendForm(ctx, request, reply, { templateId: typeof mau === 'string' ? mau : '', periodLabel: '', from: '', to: '', deadlineDay: today, deadlineTime: '17:00', target: 'all', unitIds: [] });
    });

    app.post(`${PROVINCE_PATH}/gui`, permission, async (request, reply) => {
      const input = requestInput(request);
      const result = await sendRequest(ctx, officialOf(request), auditActorOf(request), input);
      if (!result.ok) return sendForm(ctx, request, reply, input, Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, request.t(v)])));
      return reply.redirectWithNotice(requestUrl(result.id), 'periodic_reports.request.sent');
    });

    app.get(`${PROVINCE_PATH}/ky/:requestId`, permission, async (request, reply) => requestPage(ctx, request, reply));
    app.get(`${PROVINCE_PATH}/ky/:requestId/don-vi/:unitId`, permission, async (request, reply) => unitPage(ctx, request, reply));

    app.post(`${PROVINCE_PATH}/ky/:requestId/don-vi/:unitId/tra-lai`, permission, async (request, reply) => {
      const requestId = idParam(request, 'requestId');
      const unitId = idParam(request, 'unitId');
      await returnSubmission(ctx, officialOf(request), auditActorOf(request), requestId, unitId, versionField(formText(request, 'version', 20)), formText(request, 'reason', 10_000));
      return reply.redirectWithNotice(unitSubmissionUrl(requestId, unitId), 'periodic_reports.return.done');
    });

    app.get(`${PROVINCE_PATH}/ky/:requestId/don-vi/:unitId/lan/:revision/bao-cao.pdf`, permission, async (request, reply) => {
      const requestId = idParam(request, 'requestId');
      const unitId = idParam(request, 'unitId');
      await requestAndUnit(ctx, officialOf(request), requestId, unitId);
      const revision = idParam(request, 'revision');
      const found = await findVersionPdf(ctx.db, requestId, unitId, revision);
      if (!found) throw new AppError('error.not_found', 404);
      return sendPdf(reply, found.pdf, `bao-cao-${requestId}-${unitId}-lan-${revision}.pdf`);
    });
  };
}
