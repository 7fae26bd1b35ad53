/** The indicators of one unit as a table: rate, numerator and denominator linking to their records, points, target. */
import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import type { RecordSet } from '../../records/index.ts';
import { GROUPS, indicatorById } from '../domain/indicators.ts';
import type { ScoredIndicator, Scorecard } from '../domain/scoring.ts';
import { formatNumber } from './period-form.ts';

export type DrillHref = (set: RecordSet) => string;

export const indicatorName = (request: FastifyRequest, id: string) => request.t(`reports.indicator.${id}` as MessageKey);
export const groupName = (request: FastifyRequest, key: string) => request.t(`reports.group.${key}` as MessageKey);

/** A rate as shown: "N/A" when there was nothing to count, "—" when the platform has no data for it. */
export function rateText(request: FastifyRequest, i: Pick<ScoredIndicator, 'available' | 'rate'>): string {
  if (!i.available) return '—';
  return i.rate === null ? request.t('reports.na') : `${formatNumber(request.lang, i.rate)} %`;
}

function count(request: FastifyRequest, value: number | null, set: RecordSet | undefined, drill: DrillHref | undefined): SafeHtml | string {
  if (value === null) return '—';
  const shown = formatNumber(request.lang, value);
  return set && drill ? html`<a href="${drill(set)}" data-set="${set}">${shown}</a>` : shown;
}

/**
 * Indicators whose shortfall is a record set of its own: the records of the denominator not in the numerator
 * (2.1: processed but not on time = late), counted and linked under the name so a leader can act on them.
 */
const SHORTFALL: Readonly<Record<string, RecordSet>> = { '2.1': 'late' };

function indicatorRow(request: FastifyRequest, i: ScoredIndicator, drill: DrillHref | undefined): SafeHtml {
  const t = request.t;
  const def = indicatorById(i.id)!;
  const records = def.source === 'records';
  const status = !i.available ? t('reports.no_source') : i.meetsTarget === null ? t('reports.na_long') : i.meetsTarget ? t('reports.target_met') : t('reports.target_missed');
  const lowered = def.source === 'derived' && drill ? html`<br><small>${t('reports.lowered_by')} <a href="${drill('late')}" data-set="late">${t('reports.set.late')}</a>, <a href="${drill('dissatisfied')}" data-set="dissatisfied">${t('reports.set.dissatisfied')}</a></small>` : '';
  const shortfallSet = SHORTFALL[i.id];
  const shortfall = shortfallSet && i.numerator !== null && i.denominator !== null
    ? html`<br><small>${t(`reports.set.${shortfallSet}` as MessageKey)}: ${count(request, i.denominator - i.numerator, shortfallSet, drill)}</small>` : '';
  return html`<tr data-indicator="${i.id}"${!i.available ? html` class="muted"` : ''}>
<th scope="row"><span class="indicator-id">${i.id}</span> ${indicatorName(request, i.id)}${lowered}${shortfall}</th>
<td class="num" data-rate="${i.rate ?? ''}">${rateText(request, i)}</td>
<td class="num">${count(request, i.numerator, records ? def.numerator : undefined, drill)}</td>
<td class="num">${count(request, i.denominator, records ? def.denominator : undefined, drill)}</td>
<td class="num">${i.available ? `${formatNumber(request.lang, i.target)} %` : '—'}</td>
<td>${status}</td>
<td class="num" data-points="${i.points ?? ''}">${i.points === null ? '—' : formatNumber(request.lang, i.points)} / ${formatNumber(request.lang, i.maxPoints)}</td>
</tr>`;
}

/** Every indicator, grouped, with the group's score in its heading row. */
export function indicatorTable(request: FastifyRequest, card: Scorecard, drill?: DrillHref, id = 'indicators'): SafeHtml {
  const t = request.t;
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}-title" tabindex="0"><table class="indicators" id="${id}">
<caption id="${id}-title">${t('reports.indicators_caption')}</caption>
<thead><tr><th scope="col">${t('reports.col.indicator')}</th><th scope="col">${t('reports.col.rate')}</th><th scope="col">${t('reports.col.numerator')}</th><th scope="col">${t('reports.col.denominator')}</th><th scope="col">${t('reports.col.target')}</th><th scope="col">${t('reports.col.status')}</th><th scope="col">${t('reports.col.points')}</th></tr></thead>
${GROUPS.map((g) => {
    const score = card.groups.find((x) => x.key === g.key)!;
    return html`<tbody><tr class="group-row"><th scope="rowgroup" colspan="6">${groupName(request, g.key)}</th><td class="num" data-group="${g.key}">${formatNumber(request.lang, score.score)} / ${formatNumber(request.lang, score.attainable)} <small>(${t('reports.group_max', { max: g.max })})</small></td></tr>
${card.indicators.filter((i) => indicatorById(i.id)!.group === g.key).map((i) => indicatorRow(request, i, drill))}</tbody>`;
  })}
</table></div>`;
}

/** The total, as a headline: points of the attainable, share and label. */
export function scoreSummary(request: FastifyRequest, card: Scorecard, rank?: { rank: number; of: number }): SafeHtml {
  const t = request.t;
  return html`<dl class="summary score-summary">
<dt>${t('reports.total')}</dt><dd data-total="${card.total}"><strong>${formatNumber(request.lang, card.total)}</strong> / ${formatNumber(request.lang, card.attainable)} <small>${t('reports.attainable_note')}</small></dd>
<dt>${t('reports.share')}</dt><dd>${card.share === null ? t('reports.na') : `${formatNumber(request.lang, card.share)} %`}</dd>
<dt>${t('reports.label')}</dt><dd>${card.label ? html`<span class="badge label-${card.label}">${t(`reports.label.${card.label}` as MessageKey)}</span>` : t('reports.na')}</dd>
${rank ? html`<dt>${t('reports.rank')}</dt><dd data-rank="${rank.rank}">${t('reports.rank_of', { rank: rank.rank, of: rank.of })}</dd>` : ''}
</dl>`;
}
