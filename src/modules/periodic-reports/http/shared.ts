/** What the periodic reports' pages share: paths, who is acting, labels of states and figures, error summaries. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OfficialActor } from '../../../platform/http/actor.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { isMessageKey } from '../../../platform/i18n/index.ts';
import type { Translate } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import type { ReportOfficial } from '../manage-templates.ts';
import type { UnitState } from '../domain/progress.ts';
import { displayDay } from '../domain/period.ts';
import type { RequestRow } from '../store.ts';

export const PROVINCE_PATH = '/bao-cao-dinh-ky';
export const COMMUNE_PATH = '/bao-cao-dinh-ky/nop';
export const templateUrl = (id: number) => `${PROVINCE_PATH}/mau/${id}`;
export const requestUrl = (id: number) => `${PROVINCE_PATH}/ky/${id}`;
export const unitSubmissionUrl = (requestId: number, unitId: number) => `${requestUrl(requestId)}/don-vi/${unitId}`;
export const communeFormUrl = (requestId: number) => `${COMMUNE_PATH}/${requestId}`;
/** The signed PDF of one revision, for the province or for the commune. */
export const pdfUrl = (base: string, revision: number) => `${base}/lan/${revision}/bao-cao.pdf`;

export function officialOf(request: FastifyRequest): ReportOfficial {
  const a = request.actor as OfficialActor;
  return { id: a.id, name: a.name, unitId: a.unitId, unitPath: a.unitPath };
}

export const when = (request: FastifyRequest, at: Date) => html`<time datetime="${at.toISOString()}">${formatDateTime(request.lang, at)}</time>`;

export const period = (t: Translate, r: RequestRow) => t('periodic_reports.period_range', { label: r.period_label, from: displayDay(r.period_from), to: displayDay(r.period_to) });

const TONE: Record<UnitState, string> = { not_started: '', draft: 'status-6', returned: 'status-6', submitted_on_time: 'status-9', submitted_late: 'status-5', overdue: 'status-3' };

export function stateBadge(t: Translate, state: UnitState): SafeHtml {
  return html`<span class="badge ${TONE[state]}" data-state="${state}">${t(`periodic_reports.state.${state}`)}</span>`;
}

/** A live figure's name in the reader's language; a key the catalogue does not know shows as itself. */
export function figureLabel(t: Translate, key: string): string {
  const k = `periodic_reports.figure.${key}`;
  return isMessageKey(k) ? t(k) : key;
}

/** A positive integer form field (a version); anything else is 0, which no stored version equals. */
export function versionField(text: string): number {
  return /^\d{1,9}$/.test(text) ? Number(text) : 0;
}

/** The error summary with messages already worded (line problems carry parameters), each linking to its field. */
export function problemSummary(t: Translate, items: { field: string; text: string }[]): SafeHtml {
  if (items.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t('form.error_summary')}</h2>
<ul>${items.map((i) => html`<li><a href="#f-${i.field}">${i.text}</a></li>`)}</ul>
</div>`;
}

/** A form that failed: the page again with 422, so nothing was written and the person sees why. */
export function sendInvalid(reply: FastifyReply, title: string, body: SafeHtml) {
  return reply.page({ title, body }, 422);
}

/** A PDF download. */
export function sendPdf(reply: FastifyReply, pdf: Uint8Array, fileName: string) {
  return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'private, no-store').send(Buffer.from(pdf));
}
