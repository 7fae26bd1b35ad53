/**
 * The province's scoring settings (`reports.configure`): points of each indicator (each group adds up to its
 * maximum), thresholds, the communes' targets and the cut-offs of the labels. What the decision fixes is marked;
 * the rest is the province's choice, and the dashboards say so.
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { formText, idParam } from '../../../platform/http/form.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { findUnit } from '../../tenancy/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import { GROUPS, INDICATORS } from '../domain/indicators.ts';
import { isFromDecision } from '../domain/settings.ts';
import type { SettingsProblem } from '../domain/settings.ts';
import { saveReportSettings } from '../manage-settings.ts';
import { loadSettings } from '../store.ts';
import { groupName, indicatorName } from './indicator-table.ts';

const CONFIGURE = { permission: 'reports.configure' } as const;

type Values = { points: Record<string, string>; thresholds: Record<string, string>; targets: Record<string, string>; labelCutoffs: Record<string, string> };

function problemText(request: FastifyRequest, p: SettingsProblem): string {
  const t = request.t;
  const [kind, id] = p.field.split('.') as [string, string];
  if (p.problem === 'group_sum') return t('reports.settings.error.group_sum', { group: groupName(request, p.group!), max: GROUPS.find((g) => g.key === p.group)!.max });
  if (p.problem === 'label_order') return t('reports.settings.error.label_order');
  const what = kind === 'labels' ? t(`reports.label.${id}` as MessageKey) : `${id} ${indicatorName(request, id)} (${t(`reports.settings.${kind}` as MessageKey)})`;
  return t(p.problem === 'number' ? 'reports.settings.error.number' : 'reports.settings.error.range', { field: what });
}

async function province(db: Db, request: FastifyRequest): Promise<Unit> {
  const unit = await findUnit(db, idParam(request, 'unitId'));
  if (!unit || unit.kind !== 'province') throw new AppError('error.not_found', 404);
  return unit;
}

function page(request: FastifyRequest, unit: Unit, values: Values, meta: { version: number; updatedAt: Date | null; updatedByName: string | null }, problems: SettingsProblem[] = []) {
  const t = request.t;
  const input = (name: string, value: string, label: string) => html`<input name="${name}" value="${value}" inputmode="decimal" size="5" aria-label="${label}"${problems.some((p) => p.field === name) ? html` aria-invalid="true"` : ''}>`;
  const title = t('reports.settings.title', { province: unit.name });
  return {
    title,
    body: html`<h1>${title}</h1><p class="lead">${t('reports.settings.intro')}</p>
${meta.updatedAt ? html`<p class="hint">${t('reports.settings.saved_by', { name: meta.updatedByName ?? '', at: formatDateTime(request.lang, meta.updatedAt) })}</p>` : html`<p class="hint">${t('reports.settings.defaults')}</p>`}
${problems.length > 0 ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>${t('reports.settings.problems')}</h2><ul>${problems.map((p) => html`<li>${problemText(request, p)}</li>`)}</ul></div>` : ''}
<form method="post" action="/admin/units/${unit.id}/reports/settings" class="report-settings">${csrfField(request.csrfToken())}
<input type="hidden" name="version" value="${meta.version}">
${GROUPS.map((g) => html`<fieldset><legend>${groupName(request, g.key)} — ${t('reports.group_max', { max: g.max })}</legend>
<div class="table-wrap" role="region" aria-label="${groupName(request, g.key)}" tabindex="0"><table>
<thead><tr><th scope="col">${t('reports.col.indicator')}</th><th scope="col">${t('reports.settings.points')}</th><th scope="col">${t('reports.settings.thresholds')}</th><th scope="col">${t('reports.settings.targets')}</th></tr></thead>
<tbody>${INDICATORS.filter((i) => i.group === g.key).map((i) => {
    const name = `${i.id} ${indicatorName(request, i.id)}`;
    return html`<tr><th scope="row">${name}${i.source === 'none' ? html` <small>(${t('reports.no_source')})</small>` : ''}</th>
<td>${input(`points.${i.id}`, values.points[i.id] ?? '', `${name}: ${t('reports.settings.points')}`)} ${isFromDecision('points', i.id) ? html`<small>${t('reports.settings.from_decision')}</small>` : ''}</td>
<td>${input(`thresholds.${i.id}`, values.thresholds[i.id] ?? '', `${name}: ${t('reports.settings.thresholds')}`)} % ${isFromDecision('threshold', i.id) ? html`<small>${t('reports.settings.from_decision')}</small>` : ''}</td>
<td>${input(`targets.${i.id}`, values.targets[i.id] ?? '', `${name}: ${t('reports.settings.targets')}`)} %</td></tr>`;
  })}</tbody></table></div></fieldset>`)}
<fieldset><legend>${t('reports.settings.labels')}</legend><p class="hint">${t('reports.settings.labels_hint')}</p>
${(['good', 'fair', 'average'] as const).map((l) => html`<div class="field"><label for="f-${l}">${t(`reports.label.${l}`)}</label>${html`<input id="f-${l}" name="labels.${l}" value="${values.labelCutoffs[l] ?? ''}" inputmode="decimal" size="5">`} %</div>`)}
</fieldset>
<button type="submit" class="button">${t('reports.settings.save')}</button></form>`,
  };
}

/** A setting in the form: "4,5" in Vietnamese, "4.5" in English (both are read back). */
const asText = (lang: FastifyRequest['lang'], r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, lang === 'vi' ? String(v).replace('.', ',') : String(v)]));

export function settingsPages(db: Db) {
  return (app: App) => {
    app.get('/admin/units/:unitId/reports/settings', { config: CONFIGURE }, async (request, reply) => {
      const unit = await province(db, request);
      const stored = await loadSettings(db, unit.id);
      const s = stored.settings;
      return reply.page(page(request, unit, { points: asText(request.lang, s.points), thresholds: asText(request.lang, s.thresholds), targets: asText(request.lang, s.targets), labelCutoffs: asText(request.lang, s.labelCutoffs) }, stored));
    });

    app.post('/admin/units/:unitId/reports/settings', { config: CONFIGURE }, async (request, reply) => {
      const unit = await province(db, request);
      const field = (name: string) => formText(request, name, 20);
      const values: Values = {
        points: Object.fromEntries(INDICATORS.map((i) => [i.id, field(`points.${i.id}`)])),
        thresholds: Object.fromEntries(INDICATORS.map((i) => [i.id, field(`thresholds.${i.id}`)])),
        targets: Object.fromEntries(INDICATORS.map((i) => [i.id, field(`targets.${i.id}`)])),
        labelCutoffs: { good: field('labels.good'), fair: field('labels.fair'), average: field('labels.average') },
      };
      const version = Number(field('version'));
      if (!Number.isInteger(version) || version < 0) throw new AppError('error.invalid_request', 400);
      const actor = request.actor!;
      const result = await saveReportSettings(db, { ...auditActorOf(request), id: actor.id, name: actor.name }, unit.id, values, version);
      if (result.ok) return reply.redirectWithNotice(`/admin/units/${unit.id}/reports/settings`, 'reports.settings.saved');
      const stored = await loadSettings(db, unit.id);
      if ('stale' in result) return reply.page({ ...page(request, unit, values, stored), body: html`<div class="error-summary" role="alert"><p>${request.t('reports.settings.stale')}</p></div>${page(request, unit, values, stored).body}` }, 409);
      return reply.page(page(request, unit, values, { ...stored, version }, result.problems), 422);
    });
  };
}
