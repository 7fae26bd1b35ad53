import type { FastifyRequest } from 'fastify';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { ONLINE_LEVELS } from '../domain/procedure.ts';
import type { OnlineLevel, ProcedureSummary } from '../domain/procedure.ts';
import { feeSummary, onlineLabel, timeLabel } from './labels.ts';

export interface SearchState {
  q: string;
  field: string;
  level: OnlineLevel | '';
  page: number;
  pageSize: number;
  pages: number;
  total: number;
  fields: string[];
  items: ProcedureSummary[];
}

function pageLink(s: SearchState, page: number): string {
  const params = new URLSearchParams();
  if (s.q) params.set('q', s.q);
  if (s.field) params.set('field', s.field);
  if (s.level) params.set('level', s.level);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/thu-tuc${query ? `?${query}` : ''}`;
}

export function searchPage(request: FastifyRequest, s: SearchState): SafeHtml {
  const t = request.t;
  return html`<h1>${t('catalogue.title')}</h1>
<p class="lead">${t('catalogue.intro')}</p>
<form class="search" method="get" action="/thu-tuc" role="search">
  <div class="field">
    <label for="f-q">${t('catalogue.search_label')}</label>
    <p class="hint" id="f-q-hint">${t('catalogue.search_hint')}</p>
    <input id="f-q" name="q" type="search" value="${s.q}" maxlength="200" aria-describedby="f-q-hint">
  </div>
  <div class="field">
    <label for="f-field">${t('catalogue.field')}</label>
    <select id="f-field" name="field"><option value="">${t('catalogue.field_all')}</option>${s.fields.map(
      (f) => html`<option value="${f}"${f === s.field ? html` selected` : ''}>${f}</option>`,
    )}</select>
  </div>
  <div class="field">
    <label for="f-level">${t('catalogue.online_level')}</label>
    <select id="f-level" name="level"><option value="">${t('catalogue.online_all')}</option>${ONLINE_LEVELS.map(
      (l) => html`<option value="${l}"${l === s.level ? html` selected` : ''}>${onlineLabel(t, l)}</option>`,
    )}</select>
  </div>
  <button class="button" type="submit">${t('catalogue.submit')}</button>
</form>
<h2 id="results-title" aria-live="polite">${s.total > 0 ? t('catalogue.results', { count: s.total }) : t('catalogue.no_results')}</h2>
${s.items.length > 0
    ? html`<ol class="procedure-list" aria-labelledby="results-title" start="${(s.page - 1) * s.pageSize + 1}">${s.items.map(
        (p) => html`<li><a href="/thu-tuc/${p.code}">${p.name}</a>
<dl class="facts"><dt>${t('catalogue.code')}</dt><dd>${p.code}</dd><dt>${t('catalogue.field')}</dt><dd>${p.field}</dd><dt>${t('catalogue.time')}</dt><dd>${timeLabel(t, p.processingTime)}</dd><dt>${t('catalogue.fee')}</dt><dd>${feeSummary(t, p)}</dd><dt>${t('catalogue.online_level')}</dt><dd>${onlineLabel(t, p.onlineLevel)}</dd></dl></li>`,
      )}</ol>`
    : ''}
${s.pages > 1
    ? html`<nav class="pager" aria-label="${t('catalogue.pages')}"><p>${t('catalogue.page_of', { page: s.page, pages: s.pages })}</p><ul class="inline-list">
${s.page > 1 ? html`<li><a href="${pageLink(s, s.page - 1)}" rel="prev">${t('catalogue.prev')}</a></li>` : ''}
${s.page < s.pages ? html`<li><a href="${pageLink(s, s.page + 1)}" rel="next">${t('catalogue.next')}</a></li>` : ''}</ul></nav>`
    : ''}`;
}
