/**
 * Document processing beside the service index (issue #7: figures from the e-office module): incoming documents
 * received and completed in the period, completed by their deadline, the backlog, outgoing documents issued and
 * digitally signed. Rates are N/A when there is nothing to count.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { countDocumentFacts } from '../../documents/index.ts';
import { ratio } from '../domain/indicators.ts';
import { judgedAt } from '../domain/period.ts';
import type { Period } from '../domain/period.ts';
import { formatNumber } from './period-form.ts';

export async function documentsPanel(db: Db, request: FastifyRequest, unitId: number, period: Period, now: Date): Promise<SafeHtml> {
  const t = request.t;
  const [f] = await countDocumentFacts(db, [unitId], { from: period.from, to: judgedAt(period, now) });
  const n = f ?? { incomingReceived: 0, incomingCompleted: 0, incomingOnTime: 0, backlog: 0, outgoingIssued: 0, outgoingSigned: 0 };
  const rate = (a: number, b: number) => {
    const r = ratio(a, b);
    return r === null ? t('reports.na') : `${formatNumber(request.lang, r)} %`;
  };
  const incoming = `/admin/units/${unitId}/documents/incoming`;
  return html`<section aria-labelledby="documents-title"><h2 id="documents-title">${t('reports.documents.title')}</h2>
<dl class="summary score-summary">
<dt>${t('reports.documents.received')}</dt><dd data-docs="received">${n.incomingReceived}</dd>
<dt>${t('reports.documents.on_time')}</dt><dd data-docs="on-time">${rate(n.incomingOnTime, n.incomingCompleted)} <small>(${t('reports.documents.of_completed', { on: n.incomingOnTime, all: n.incomingCompleted })})</small></dd>
<dt>${t('reports.documents.backlog')}</dt><dd data-docs="backlog"><a href="${incoming}?queue=overdue">${n.backlog}</a></dd>
<dt>${t('reports.documents.signed')}</dt><dd data-docs="signed">${rate(n.outgoingSigned, n.outgoingIssued)} <small>(${t('reports.documents.of_issued', { signed: n.outgoingSigned, all: n.outgoingIssued })})</small></dd>
</dl></section>`;
}
