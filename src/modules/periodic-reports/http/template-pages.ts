/**
 * The province's pages of report templates: `/bao-cao-dinh-ky` lists its templates and the requests it sent;
 * a template is created and edited in a plain form — its fields as text, one a line — that works without JavaScript.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { formText, idParam } from '../../../platform/http/form.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { PeriodicReportsContext } from '../context.ts';
import { FIELD_KINDS, formatFieldLines, MAX_FIELDS } from '../domain/fields.ts';
import type { LineProblem } from '../domain/fields.ts';
import { createTemplate, DESCRIPTION_MAX, NAME_MAX, setTemplateArchived, templateOf, updateTemplate } from '../manage-templates.ts';
import type { TemplateInput } from '../manage-templates.ts';
import { listRequestsSentBy, listTemplates } from '../store.ts';
import type { TemplateRow } from '../store.ts';
import { figureLabel, officialOf, period, PROVINCE_PATH, problemSummary, requestUrl, sendInvalid, templateUrl, versionField, when } from './shared.ts';

async function overview(ctx: PeriodicReportsContext, request: FastifyRequest, reply: FastifyReply) {
  const t = request.t;
  const who = officialOf(request);
  const [templates, requests] = await Promise.all([listTemplates(ctx.db, who.unitId), listRequestsSentBy(ctx.db, who.unitId)]);
  const body = html`<h1>${t('periodic_reports.title')}</h1>
<p class="lead">${t('periodic_reports.intro')}</p>
<p><a class="button" href="${PROVINCE_PATH}/mau/moi">${t('periodic_reports.template.new')}</a> <a class="button secondary" href="${PROVINCE_PATH}/gui">${t('periodic_reports.request.new')}</a></p>
<h2 id="requests-title">${t('periodic_reports.requests')}</h2>
${requests.length === 0 ? html`<p>${t('periodic_reports.requests_none')}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="requests-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('periodic_reports.col.report')}</th><th scope="col">${t('periodic_reports.col.period')}</th><th scope="col">${t('periodic_reports.col.deadline')}</th><th scope="col">${t('periodic_reports.col.submitted')}</th></tr></thead>
<tbody>${requests.map((r) => html`<tr data-request="${r.id}"><td><a href="${requestUrl(Number(r.id))}">${r.name}</a></td><td>${period(t, r)}</td><td>${when(request, r.deadline)}</td><td>${t('periodic_reports.submitted_of', { submitted: r.submitted, units: r.units })}</td></tr>`)}</tbody>
</table></div>`}
<h2 id="templates-title">${t('periodic_reports.templates')}</h2>
${templates.length === 0 ? html`<p>${t('periodic_reports.templates_none')}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="templates-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('periodic_reports.col.template')}</th><th scope="col">${t('periodic_reports.col.fields')}</th><th scope="col">${t('periodic_reports.col.updated')}</th><th scope="col">${t('periodic_reports.col.state')}</th></tr></thead>
<tbody>${templates.map((x) => html`<tr data-template="${x.id}"><td><a href="${templateUrl(Number(x.id))}">${x.name}</a></td><td>${x.fields.length}</td><td>${x.updated_by_name}, ${when(request, x.updated_at)}</td>
<td>${x.archived_at ? t('periodic_reports.template.archived') : html`<a href="${PROVINCE_PATH}/gui?mau=${x.id}">${t('periodic_reports.template.send')}</a>`}</td></tr>`)}</tbody>
</table></div>`}`;
  return reply.page({ title: t('periodic_reports.title'), body });
}

interface FormState {
  values: TemplateInput;
  errors?: Record<string, string>;
  problems?: LineProblem[];
}

function templateForm(ctx: PeriodicReportsContext, request: FastifyRequest, template: TemplateRow | null, state: FormState) {
  const t = request.t;
  const csrf = csrfField(request.csrfToken());
  const lineText = (p: LineProblem) => t(p.key, p.params);
  const items = [
    ...Object.entries(state.errors ?? {}).filter(([f]) => f !== 'fields').map(([field, text]) => ({ field, text })),
    ...(state.problems ?? []).map((p) => ({ field: 'fields', text: lineText(p) })),
  ];
  const err = (name: string) => state.errors?.[name];
  const action = template ? templateUrl(Number(template.id)) : `${PROVINCE_PATH}/mau`;
  const title = template ? t('periodic_reports.template.edit_title', { name: template.name }) : t('periodic_reports.template.new');
  const body = html`<p><a href="${PROVINCE_PATH}">${t('periodic_reports.back')}</a></p>
<h1>${title}</h1>
${problemSummary(t, items)}
<form method="post" action="${action}" novalidate>${csrf}
${template ? html`<input type="hidden" name="version" value="${template.version}">` : ''}
<div class="field${err('name') ? ' field-error' : ''}"><label for="f-name">${t('periodic_reports.template.name')}</label>
${err('name') ? html`<p class="error-message">${err('name')}</p>` : ''}
<input id="f-name" name="name" type="text" maxlength="${NAME_MAX}" value="${state.values.name}" required></div>
<div class="field${err('description') ? ' field-error' : ''}"><label for="f-description">${t('periodic_reports.template.description')}</label>
<textarea id="f-description" name="description" rows="3" maxlength="${DESCRIPTION_MAX}">${state.values.description}</textarea></div>
<div class="field${state.problems?.length ? ' field-error' : ''}"><label for="f-fields">${t('periodic_reports.template.fields')}</label>
<div class="hint" id="f-fields-hint"><p>${t('periodic_reports.template.fields_hint', { max: MAX_FIELDS })}</p>
<p>${t('periodic_reports.template.kinds')} ${FIELD_KINDS.map((k, i) => html`${i > 0 ? ', ' : ''}<code>${k}</code> (${t(`periodic_reports.kind.${k}`)})`)}</p>
<p>${t('periodic_reports.template.sources')}</p><ul>${ctx.liveFigureKeys.map((k) => html`<li><code>${k}</code>: ${figureLabel(t, k)}</li>`)}</ul>
<p>${t('periodic_reports.template.example')}</p><pre>${t('periodic_reports.template.example_lines')}</pre></div>
${state.problems?.length ? html`<ul class="error-message">${state.problems.map((p) => html`<li>${lineText(p)}</li>`)}</ul>` : ''}
<textarea id="f-fields" name="fields" rows="12" aria-describedby="f-fields-hint" spellcheck="false">${state.values.fieldsText}</textarea></div>
<button type="submit" class="button">${t('periodic_reports.template.save')}</button>
</form>
${template ? html`<form method="post" action="${templateUrl(Number(template.id))}/luu-tru">${csrf}<input type="hidden" name="version" value="${template.version}"><input type="hidden" name="archived" value="${template.archived_at ? '0' : '1'}">
<button type="submit" class="button secondary">${t(template.archived_at ? 'periodic_reports.template.restore' : 'periodic_reports.template.archive')}</button></form>` : ''}`;
  return { title, body };
}

const inputOf = (request: FastifyRequest): TemplateInput => ({ name: formText(request, 'name', 1000), description: formText(request, 'description', 10_000), fieldsText: formText(request, 'fields', 50_000) });

export function templatePages(ctx: PeriodicReportsContext) {
  return (app: App) => {
    const permission = { config: { permission: 'reports.request' } };
    app.get(PROVINCE_PATH, permission, async (request, reply) => overview(ctx, request, reply));

    app.get(`${PROVINCE_PATH}/mau/moi`, permission, async (request, reply) =>
      reply.page(templateForm(ctx, request, null, { values: { name: '', description: '', fieldsText: '' } })));

    app.post(`${PROVINCE_PATH}/mau`, permission, async (request, reply) => {
      const values = inputOf(request);
      const result = await createTemplate(ctx, officialOf(request), auditActorOf(request), values);
      if (!result.ok) {
        const page = templateForm(ctx, request, null, { values, errors: Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, request.t(v)])), problems: result.problems });
        return sendInvalid(reply, page.title, page.body);
      }
      return reply.redirectWithNotice(templateUrl(result.id), 'periodic_reports.template.saved');
    });

    app.get(`${PROVINCE_PATH}/mau/:templateId`, permission, async (request, reply) => {
      const template = await templateOf(ctx, officialOf(request), idParam(request, 'templateId'));
      return reply.page(templateForm(ctx, request, template, { values: { name: template.name, description: template.description, fieldsText: formatFieldLines(template.fields) } }));
    });

    app.post(`${PROVINCE_PATH}/mau/:templateId`, permission, async (request, reply) => {
      const id = idParam(request, 'templateId');
      const values = inputOf(request);
      const result = await updateTemplate(ctx, officialOf(request), auditActorOf(request), id, versionField(formText(request, 'version', 20)), values);
      if (!result.ok) {
        const template = await templateOf(ctx, officialOf(request), id);
        const page = templateForm(ctx, request, template, { values, errors: Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, request.t(v)])), problems: result.problems });
        return sendInvalid(reply, page.title, page.body);
      }
      return reply.redirectWithNotice(templateUrl(id), 'periodic_reports.template.saved');
    });

    app.post(`${PROVINCE_PATH}/mau/:templateId/luu-tru`, permission, async (request, reply) => {
      const id = idParam(request, 'templateId');
      const archived = formText(request, 'archived', 1) === '1';
      await setTemplateArchived(ctx, officialOf(request), auditActorOf(request), id, versionField(formText(request, 'version', 20)), archived);
      return reply.redirectWithNotice(templateUrl(id), archived ? 'periodic_reports.template.archived_done' : 'periodic_reports.template.restored_done');
    });
  };
}
