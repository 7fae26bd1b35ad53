/**
 * The commune's pages: the requests sent to it (`/bao-cao-dinh-ky/nop`), and one report's form — save a draft, or
 * submit (every required field, signed) — with fields taken from live figures shown read-only, the history of
 * what it submitted and the signed PDFs. Only the official's own unit is ever read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { formText, idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { PeriodicReportsContext } from '../context.ts';
import { answerInput, formatAnswer, isLive, TEXT_MAX } from '../domain/fields.ts';
import type { AnswerProblem, Answers, FieldDef } from '../domain/fields.ts';
import { unitState } from '../domain/progress.ts';
import { liveFiguresFor, requestForUnit, saveDraft, versionOf } from '../fill-report.ts';
import type { LiveResult } from '../fill-report.ts';
import { submitReport } from '../submit-report.ts';
import { findSubmission, findVersionPdf, listRequestsFor, listVersions } from '../store.ts';
import { historyTable } from './history.ts';
import { COMMUNE_PATH, communeFormUrl, figureLabel, officialOf, period, problemSummary, sendPdf, stateBadge, versionField, when } from './shared.ts';

async function listPage(ctx: PeriodicReportsContext, request: FastifyRequest, reply: FastifyReply) {
  const t = request.t;
  const who = officialOf(request);
  const requests = await listRequestsFor(ctx.db, who.unitId);
  const now = ctx.now();
  const body = html`<h1>${t('periodic_reports.commune.title')}</h1>
${requests.length === 0 ? html`<p>${t('periodic_reports.commune.none')}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="list-title" tabindex="0"><table>
<caption id="list-title" class="visually-hidden">${t('periodic_reports.commune.title')}</caption>
<thead><tr><th scope="col">${t('periodic_reports.col.report')}</th><th scope="col">${t('periodic_reports.col.period')}</th><th scope="col">${t('periodic_reports.col.deadline')}</th><th scope="col">${t('periodic_reports.col.state')}</th></tr></thead>
<tbody>${requests.map((r) => html`<tr data-request="${r.id}"><td><a href="${communeFormUrl(Number(r.id))}">${r.name}</a></td><td>${period(t, r)}</td><td>${when(request, r.deadline)}</td>
<td>${stateBadge(t, unitState(r.status ? { status: r.status, late: r.late } : undefined, r.deadline, now))}</td></tr>`)}</tbody>
</table></div>`}`;
  return reply.page({ title: t('periodic_reports.commune.title'), body });
}

interface FormState {
  answers: Answers;
  live: LiveResult;
  problems?: Record<string, AnswerProblem>;
  general?: string;
}

function input(t: FastifyRequest['t'], f: FieldDef, value: string, readOnly: boolean, problem: string | undefined) {
  const id = `f-${f.key}`;
  const common = html`id="${id}" name="a_${f.key}"${readOnly ? html` readonly` : ''}${problem ? html` aria-invalid="true"` : ''}`;
  const control = f.kind === 'text'
    ? html`<textarea ${common} rows="3" maxlength="${TEXT_MAX}">${value}</textarea>`
    : html`<input ${common} type="text" inputmode="${f.kind === 'integer' ? 'numeric' : 'decimal'}" value="${value}">`;
  return html`${problem ? html`<p class="error-message">${problem}</p>` : ''}${control}${f.kind === 'percent' ? html` %` : ''}${f.required ? '' : html` <span class="hint">${t('periodic_reports.optional')}</span>`}`;
}

async function formPage(ctx: PeriodicReportsContext, request: FastifyRequest, reply: FastifyReply, requestId: number, state?: FormState) {
  const t = request.t;
  const who = officialOf(request);
  const r = await requestForUnit(ctx, requestId, who.unitId);
  const [submission, versions] = await Promise.all([findSubmission(ctx.db, requestId, who.unitId), listVersions(ctx.db, requestId, who.unitId)]);
  const editable = submission?.status !== 'submitted';
  const live = state?.live ?? (editable ? await liveFiguresFor(ctx, r, who.unitId) : { figures: {}, at: null });
  const answers = state?.answers ?? submission?.answers ?? {};
  const problems = state?.problems ?? {};
  const now = ctx.now();
  const base = communeFormUrl(requestId);
  const liveNote = live.at ? t('periodic_reports.live_note', { at: formatDateTime(request.lang, live.at) }) : '';
  const fieldRows = r.fields.map((f) => {
    const fromLive = editable && isLive(f, live.figures);
    const value = fromLive ? live.figures[f.source!] ?? null : answers[f.key];
    const hint = fromLive ? html`<p class="hint" id="f-${f.key}-hint">${t('periodic_reports.from_live', { figure: figureLabel(t, f.source!) })} ${liveNote}</p>`
      : f.source && editable ? html`<p class="hint">${t('periodic_reports.live_unknown', { figure: figureLabel(t, f.source) })}</p>` : '';
    const problem = problems[f.key] ? t(problems[f.key]!.key, problems[f.key]!.params) : undefined;
    if (!editable) return html`<tr data-field="${f.key}"><th scope="row">${f.label}</th><td>${formatAnswer(f.kind, value) || '—'}</td></tr>`;
    return html`<div class="field${problem ? ' field-error' : ''}" data-field="${f.key}"${fromLive ? html` data-live` : ''}><label for="f-${f.key}">${f.label}</label>${hint}${input(t, f, answerInput(f.kind, value), fromLive, problem)}</div>`;
  });
  const summary = problemSummary(t, [
    ...(state?.general ? [{ field: 'top', text: state.general }] : []),
    ...r.fields.filter((f) => problems[f.key]).map((f) => ({ field: f.key, text: `${f.label}: ${t(problems[f.key]!.key, problems[f.key]!.params)}` })),
  ]);
  const body = html`<p><a href="${COMMUNE_PATH}">${t('periodic_reports.commune.back')}</a></p>
<h1 id="f-top">${r.name}</h1>
<p>${period(t, r)} · ${t('periodic_reports.col.deadline')}: ${when(request, r.deadline)} · ${stateBadge(t, unitState(submission, r.deadline, now))}</p>
${r.description ? html`<p>${r.description}</p>` : ''}
${submission?.status === 'returned' ? html`<div class="warning" data-returned><p>${t('periodic_reports.returned_reason', { reason: submission.return_reason ?? '' })}</p></div>` : ''}
${summary}
${editable ? html`<form method="post" action="${base}" novalidate>${csrfField(request.csrfToken())}<input type="hidden" name="version" value="${versionOf(submission)}">
${fieldRows}
<p class="hint">${t('periodic_reports.submit_hint')}</p>
<button type="submit" name="action" value="save" class="button secondary">${t('periodic_reports.save_draft')}</button>
<button type="submit" name="action" value="submit" class="button">${t('periodic_reports.submit')}</button>
</form>${submission?.saved_at ? html`<p class="hint">${t('periodic_reports.saved_by', { name: submission.saved_by_name })} ${when(request, submission.saved_at)}</p>` : ''}`
    : html`<div class="notice-box"><p>${t('periodic_reports.submitted_notice')}</p></div>
<div class="table-wrap" role="region" aria-label="${r.name}" tabindex="0"><table><tbody>${fieldRows}</tbody></table></div>`}
${historyTable(request, versions, base)}`;
  return reply.page({ title: r.name, body }, state ? 422 : 200);
}

export function communePages(ctx: PeriodicReportsContext) {
  return (app: App) => {
    const permission = { config: { permission: 'reports.submit' } };
    app.get(COMMUNE_PATH, permission, async (request, reply) => listPage(ctx, request, reply));
    app.get(`${COMMUNE_PATH}/:requestId`, permission, async (request, reply) => formPage(ctx, request, reply, idParam(request, 'requestId')));

    app.post(`${COMMUNE_PATH}/:requestId`, permission, async (request, reply) => {
      const requestId = idParam(request, 'requestId');
      const who = officialOf(request);
      const r = await requestForUnit(ctx, requestId, who.unitId);
      const posted = Object.fromEntries(r.fields.map((f) => [f.key, formText(request, `a_${f.key}`, TEXT_MAX * 4)]));
      const action = formText(request, 'action', 10);
      if (action !== 'save' && action !== 'submit') throw new AppError('error.invalid_request', 400, { detail: 'action' });
      const version = versionField(formText(request, 'version', 20));
      const run = action === 'save' ? saveDraft : submitReport;
      const result = await run(ctx, { id: who.id, name: who.name, unitId: who.unitId }, auditActorOf(request), requestId, version, posted);
      if (!result.ok) return formPage(ctx, request, reply, requestId, { answers: result.answers, live: result.live, problems: result.problems });
      return reply.redirectWithNotice(communeFormUrl(requestId), action === 'save' ? 'periodic_reports.saved' : 'periodic_reports.submitted');
    });

    app.get(`${COMMUNE_PATH}/:requestId/lan/:revision/bao-cao.pdf`, permission, async (request, reply) => {
      const requestId = idParam(request, 'requestId');
      const who = officialOf(request);
      await requestForUnit(ctx, requestId, who.unitId);
      const revision = idParam(request, 'revision');
      const found = await findVersionPdf(ctx.db, requestId, who.unitId, revision);
      if (!found) throw new AppError('error.not_found', 404);
      return sendPdf(reply, found.pdf, `bao-cao-${requestId}-lan-${revision}.pdf`);
    });
  };
}
