import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { computeFee, formatDong } from '../domain/fees.ts';
import type { Procedure } from '../domain/procedure.ts';
import { sevenParts } from '../domain/seven-parts.ts';
import { feeLineLabel, feeSummary, onlineLabel, timeLabel } from './labels.ts';

const part = (n: number, key: MessageKey, t: FastifyRequest['t'], body: SafeHtml) =>
  html`<section class="part" aria-labelledby="part-${n}"><h2 id="part-${n}">${n}. ${t(key)}</h2>${body}</section>`;

/** How to file: online (citizens, or anyone who then signs in), for a citizen (desk and digital team), or in person. */
function fileAction(request: FastifyRequest, p: Procedure): SafeHtml {
  const t = request.t;
  const actor = request.actor;
  if (actor?.kind === 'official') {
    return actor.permissions.has('records.assist') ? html`<p><a class="button" href="/thu-tuc/${p.code}/nop">${t('records.cta.file_for_citizen')}</a></p>` : html``;
  }
  if (p.onlineLevel === 'none') return html`<p class="notice-box">${t('records.cta.in_person')}</p>`;
  return html`<p><a class="button" href="/thu-tuc/${p.code}/nop">${t('records.cta.file_online')}</a>${actor ? '' : html` <span class="hint">${t('records.cta.sign_in_first')}</span>`}</p>`;
}

/** The page of a version; `upcoming` is a newer version already published to take effect later. */
export function procedurePage(request: FastifyRequest, p: Procedure, upcoming?: { version: number; effectiveFrom: string }): SafeHtml {
  const t = request.t;
  const s = sevenParts(p);
  const perPage = p.feeLines.find((l) => l.basis === 'per_page');
  return html`<p><a href="/thu-tuc">${t('catalogue.back')}</a></p>
<h1>${p.name}</h1>
<dl class="facts"><dt>${t('catalogue.code')}</dt><dd>${p.code}</dd><dt>${t('catalogue.field')}</dt><dd>${p.field}</dd><dt>${t('catalogue.level')}</dt><dd>${p.level}</dd><dt>${t('catalogue.online_level')}</dt><dd>${onlineLabel(t, p.onlineLevel)}</dd></dl>
${fileAction(request, p)}
${part(1, 'catalogue.part.name', t, html`<p>${s.name}</p>`)}
${part(2, 'catalogue.part.sequence', t, html`<ol>${s.sequence.map((step) => html`<li>${step}</li>`)}</ol>`)}
${part(3, 'catalogue.part.method', t, html`<ul>${s.method.map((m) => html`<li>${m}</li>`)}</ul>`)}
${part(4, 'catalogue.part.components', t, html`<div class="table-wrap" role="region" aria-label="${t('catalogue.component')}" tabindex="0"><table>
<thead><tr><th scope="col">${t('catalogue.component')}</th><th scope="col">${t('catalogue.originals')}</th><th scope="col">${t('catalogue.copies')}</th><th scope="col">${t('catalogue.required')}</th></tr></thead>
<tbody>${s.components.items.map(
    (c) => html`<tr><td>${c.name}</td><td>${c.originals}</td><td>${c.copies}</td><td>${c.required ? t('catalogue.required_yes') : t('catalogue.required_if_any')}</td></tr>`,
  )}</tbody></table></div><p>${t('catalogue.sets', { sets: s.components.sets })}</p>`)}
${part(5, 'catalogue.part.time', t, html`<p>${timeLabel(t, s.time)}</p>${s.time.note ? html`<p class="hint">${s.time.note}</p>` : ''}`)}
${part(6, 'catalogue.part.subjects', t, html`<p>${s.subjects}</p>`)}
${part(7, 'catalogue.part.agency', t, html`<ul>${s.agency.map((a) => html`<li>${a}</li>`)}</ul>`)}
<section aria-labelledby="result-title"><h2 id="result-title">${t('catalogue.result')}</h2>
<p>${p.resultDocument ?? '—'}</p><p>${p.paperResultRequired ? t('catalogue.paper.yes') : t('catalogue.paper.no')}</p></section>
<section aria-labelledby="fee-title"><h2 id="fee-title">${t('catalogue.fee')}</h2>
${p.feeLines.length > 0 ? html`<ul>${p.feeLines.map((l) => html`<li>${l.label}: ${feeLineLabel(t, l)}</li>`)}</ul>` : html`<p>${feeSummary(t, p)}</p>`}
${perPage ? html`<p>${t('catalogue.fee_example', { pages: 5, copies: 2, amount: formatDong(computeFee([perPage], { pages: 5, copies: 2 })) })}</p>` : ''}
${p.feeStatus === 'charged' ? html`<p>${t(`catalogue.fee_timing.${p.feeTiming}` as MessageKey)}</p>` : ''}
${p.feeNote ? html`<p class="hint">${p.feeNote}</p>` : ''}</section>
<section aria-labelledby="legal-title"><h2 id="legal-title">${t('catalogue.legal_basis')}</h2>
<ul class="inline-list">${p.legalBasis.map((l) => html`<li>${l}</li>`)}</ul></section>
${p.status === 'draft'
    ? html`<p class="hint">${t('catalogue_admin.preview_draft', { version: p.version })}</p>`
    : html`<p class="hint">${t('catalogue.effective', { date: p.effectiveFrom.split('-').reverse().join('/'), version: p.version })}</p>`}
${upcoming ? html`<p class="hint">${t('catalogue_admin.upcoming', { date: upcoming.effectiveFrom.split('-').reverse().join('/'), version: upcoming.version })}</p>` : ''}
<p class="hint">${t('catalogue.source')}: ${p.source}</p>`;
}
