/** The two tables of a request's page: where each commune stands, and the aggregate of the submitted reports. */
import type { FastifyRequest } from 'fastify';
import type { Translate } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { listUnits } from '../../tenancy/index.ts';
import type { PeriodicReportsContext } from '../context.ts';
import type { Answers } from '../domain/fields.ts';
import { aggregate, UNIT_STATES, unitState } from '../domain/progress.ts';
import type { Aggregate, UnitState } from '../domain/progress.ts';
import { listRequestUnitIds, listSubmissions } from '../store.ts';
import type { RequestRow, SubmissionRow } from '../store.ts';
import { pdfUrl, stateBadge, unitSubmissionUrl, when } from './shared.ts';

export interface UnitLine {
  unitId: number;
  unitName: string;
  state: UnitState;
  submission: SubmissionRow | undefined;
}

/** Each unit the request went to, with its state, in the tree's order. */
export async function unitLines(ctx: PeriodicReportsContext, r: RequestRow): Promise<UnitLine[]> {
  const [ids, submissions, units] = await Promise.all([listRequestUnitIds(ctx.db, Number(r.id)), listSubmissions(ctx.db, Number(r.id)), listUnits(ctx.db)]);
  const targeted = new Set(ids);
  const now = ctx.now();
  return units.filter((u) => targeted.has(u.id)).map((u) => {
    const submission = submissions.find((s) => Number(s.unit_id) === u.id);
    return { unitId: u.id, unitName: u.name, state: unitState(submission, r.deadline, now), submission };
  });
}

export async function requestStatuses(ctx: PeriodicReportsContext, request: FastifyRequest, r: RequestRow): Promise<{ table: SafeHtml; submitted: Answers[]; lines: UnitLine[] }> {
  const t = request.t;
  const lines = await unitLines(ctx, r);
  const counts = Object.fromEntries(UNIT_STATES.map((s) => [s, lines.filter((l) => l.state === s).length])) as Record<UnitState, number>;
  const submitted = lines.filter((l) => l.submission?.status === 'submitted').map((l) => l.submission!.answers);
  const table = html`<h2 id="units-title">${t('periodic_reports.units_title')}</h2>
<ul class="inline-list" data-counts>${UNIT_STATES.filter((s) => counts[s] > 0).map((s) => html`<li>${stateBadge(t, s)} ${counts[s]}</li>`)}</ul>
<div class="table-wrap" role="region" aria-labelledby="units-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('periodic_reports.col.unit')}</th><th scope="col">${t('periodic_reports.col.state')}</th><th scope="col">${t('periodic_reports.col.submitted_at')}</th><th scope="col">${t('periodic_reports.col.signed_pdf')}</th></tr></thead>
<tbody>${lines.map((l) => {
    const s = l.submission;
    const base = unitSubmissionUrl(Number(r.id), l.unitId);
    return html`<tr data-unit="${l.unitId}" data-state="${l.state}"><th scope="row"><a href="${base}">${l.unitName}</a></th><td>${stateBadge(t, l.state)}</td>
<td>${s?.submitted_at ? when(request, s.submitted_at) : '—'}</td><td>${s && s.revision > 0 ? html`<a href="${pdfUrl(base, s.revision)}">${t('periodic_reports.download_revision', { revision: s.revision })}</a>` : '—'}</td></tr>`;
  })}</tbody>
</table></div>`;
  return { table, submitted, lines };
}

const grouped = (n: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);

export function aggregateRows(t: Translate, r: RequestRow, result: Aggregate) {
  return r.fields.map((f, i) => {
    const a = result.fields[i]!;
    return { key: f.key, label: f.label, kind: f.kind, count: a.count, sum: a.sum, average: a.average, kindLabel: t(`periodic_reports.kind.${f.kind}`) };
  });
}

/** Sum and average of each numeric field over the submitted reports; text fields only count their answers. */
export function aggregateSection(t: Translate, r: RequestRow, submitted: Answers[], exportLinks: SafeHtml | string = ''): SafeHtml {
  const result = aggregate(r.fields, submitted);
  const rows = aggregateRows(t, r, result);
  return html`<h2 id="aggregate-title">${t('periodic_reports.aggregate')}</h2>
<p data-submitted-count="${result.submitted}">${t('periodic_reports.aggregate_of', { count: result.submitted })}</p>
${exportLinks}
<div class="table-wrap" role="region" aria-labelledby="aggregate-title" tabindex="0"><table data-aggregate>
<thead><tr><th scope="col">${t('periodic_reports.col.field')}</th><th scope="col">${t('periodic_reports.col.count')}</th><th scope="col">${t('periodic_reports.col.sum')}</th><th scope="col">${t('periodic_reports.col.average')}</th></tr></thead>
<tbody>${rows.map((row) => html`<tr data-field="${row.key}"><th scope="row">${row.label}</th><td data-count>${row.count}</td>
<td data-sum>${row.sum === null ? '—' : grouped(row.sum)}</td><td data-average>${row.average === null ? '—' : grouped(row.average)}</td></tr>`)}</tbody>
</table></div>`;
}
