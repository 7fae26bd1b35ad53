/**
 * The desk's checklist of a record's components: each paper the procedure asks for, whether it is required,
 * the files that answer it, and the applicant's earlier digital results that already provide it (so the desk
 * does not ask for them again).
 */
import type { FastifyRequest } from 'fastify';
import type { Component } from '../../catalogue/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import type { EarlierResult } from '../domain/reuse.ts';
import type { StoredFileInfo } from '../store.ts';

export function componentsChecklist(request: FastifyRequest, components: readonly Component[], files: readonly StoredFileInfo[], reusable: ReadonlyMap<number, EarlierResult[]>): SafeHtml {
  const t = request.t;
  if (components.length === 0) return html``;
  const row = (c: Component, i: number) => {
    const position = i + 1;
    const count = files.filter((f) => f.componentPosition === position && f.kind !== 'result').length;
    const earlier = reusable.get(position) ?? [];
    const state = count > 0 ? t('records.checklist.attached', { count }) : earlier.length > 0 ? t('records.checklist.reusable') : c.required ? t('records.checklist.missing') : '—';
    return html`<tr${count === 0 && earlier.length === 0 && c.required ? html` class="missing"` : ''}><td>${position}</td><td>${c.name}</td><td>${c.required ? t('records.files.required') : t('records.files.if_any')}</td><td>${state}</td>
<td>${earlier.length === 0 ? '—' : html`<ul class="plain">${earlier.map((e) => html`<li>${t('records.checklist.earlier', { code: e.recordCode, document: e.resultDocument })}</li>`)}</ul>`}</td></tr>`;
  };
  return html`<section class="checklist"><h2 id="checklist-title">${t('records.checklist.title')}</h2>
${reusable.size > 0 ? html`<p class="notice">${t('records.checklist.reuse_hint', { count: reusable.size })}</p>` : ''}
<div class="table-wrap" role="region" aria-labelledby="checklist-title" tabindex="0"><table><thead><tr><th scope="col">${t('records.checklist.no')}</th><th scope="col">${t('records.checklist.component')}</th><th scope="col">${t('records.checklist.required')}</th><th scope="col">${t('records.checklist.state')}</th><th scope="col">${t('records.checklist.earlier_results')}</th></tr></thead>
<tbody>${components.map(row)}</tbody></table></div></section>`;
}
