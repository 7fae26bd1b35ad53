/**
 * `/admin/portal-sync`: the mirror's state for the province (queue counts, how far record changes were read,
 * recent errors), "retry failed", the simulator's switch, and what the simulator received. Everything is
 * limited to the units within the official's own (the provincial supervisor and administrator see all).
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { formText } from '../../../platform/http/form.ts';
import type { MessageKey, Translate } from '../../../platform/i18n/index.ts';
import { isMessageKey } from '../../../platform/i18n/index.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { listEventsAfter } from '../../records/index.ts';
import { listUnitsWithin } from '../../tenancy/index.ts';
import type { PortalClient } from '../client.ts';
import { retryFailed, setSimulatorDown } from '../manage.ts';
import { listSimulatorInbox, simulatorIsDown } from '../simulator.ts';
import { countQueue, listProblems, readCursor } from '../store.ts';

const VIEW = { permission: 'portal_sync.view' } as const;
const PAGE = '/admin/portal-sync';
/** How many unread events the page counts before saying "more than". */
const BEHIND_LIMIT = 500;

export interface PortalSyncRoutesOptions {
  client: PortalClient;
  /** `PORTAL_SYNC_SIMULATE_DOWN=true`. */
  simulatorForcedDown: boolean;
}

async function scopeUnitIds(db: Db, request: FastifyRequest): Promise<number[]> {
  const actor = request.actor;
  if (actor?.kind !== 'official') throw new AppError('error.forbidden', 403);
  return (await listUnitsWithin(db, actor.unitPath)).map((u) => u.id);
}

const statusLabel = (t: Translate, status: unknown) => {
  const key = `records.status.${String(status)}`;
  return isMessageKey(key) ? `${String(status)} · ${t(key)}` : String(status ?? '—');
};

export function portalSyncRoutes(db: Db, options: PortalSyncRoutesOptions) {
  const simulator = options.client.kind === 'simulator';
  return (app: App) => {
    app.get(PAGE, { config: VIEW }, async (request, reply) => {
      const t = request.t;
      const when = (at: Date | null) => (at ? html`<time datetime="${at.toISOString()}">${formatDateTime(request.lang, at)}</time>` : '—');
      const unitIds = await scopeUnitIds(db, request);
      const [counts, problems, cursor, down] = await Promise.all([countQueue(db, unitIds), listProblems(db, unitIds, 20), readCursor(db), simulator ? simulatorIsDown(db) : false]);
      const last = Number(cursor.last_event_id);
      const unread = await listEventsAfter(db, last, BEHIND_LIMIT + 1);
      const latest = unread.length === 0 ? last : unread.length <= BEHIND_LIMIT ? Number(unread.at(-1)!.id) : null;
      const behind = unread.length === 0
        ? t('portal_sync.cursor.up_to_date')
        : unread.length > BEHIND_LIMIT ? t('portal_sync.cursor.behind_many', { n: BEHIND_LIMIT }) : t('portal_sync.cursor.behind', { n: unread.length });
      return reply.page({
        title: t('portal_sync.title'),
        body: html`<h1>${t('portal_sync.title')}</h1>
<p class="lead">${t('portal_sync.intro')}</p>
<p>${simulator ? t('portal_sync.target.simulator') : t('portal_sync.target.http', { host: options.client.name })}</p>

<h2>${t('portal_sync.counts')}</h2>
<dl class="answers">
<dt>${t('portal_sync.count.pending')}</dt><dd data-count="pending">${counts.pending}</dd>
<dt>${t('portal_sync.count.retrying')}</dt><dd data-count="retrying">${counts.retrying}</dd>
<dt>${t('portal_sync.count.sent')}</dt><dd data-count="sent">${counts.sent}</dd>
<dt>${t('portal_sync.count.failed')}</dt><dd data-count="failed">${counts.failed}</dd>
</dl>

<h2>${t('portal_sync.cursor.title')}</h2>
<p data-cursor="${last}">${latest === null ? t('portal_sync.cursor.position', { id: last, latest: '…' }) : t('portal_sync.cursor.position', { id: last, latest })} ${behind}</p>
${cursor.gap_seen_at ? html`<p class="hint">${t('portal_sync.cursor.gap', { id: last, at: formatDateTime(request.lang, cursor.gap_seen_at) })}</p>` : ''}
${cursor.updated_at.getTime() > 0 ? html`<p class="hint">${t('portal_sync.cursor.read_at', { at: formatDateTime(request.lang, cursor.updated_at) })}</p>` : ''}

<h2>${t('portal_sync.problems')}</h2>
${problems.length === 0 ? html`<p>${t('portal_sync.problems.none')}</p>` : html`<div class="table-wrap" role="region" aria-label="${t('portal_sync.problems')}" tabindex="0"><table>
<caption class="visually-hidden">${t('portal_sync.problems')}</caption>
<thead><tr><th scope="col">${t('portal_sync.col.record')}</th><th scope="col">${t('portal_sync.col.kind')}</th><th scope="col">${t('portal_sync.col.state')}</th><th scope="col">${t('portal_sync.col.attempts')}</th><th scope="col">${t('portal_sync.col.last_attempt')}</th><th scope="col">${t('portal_sync.col.next_attempt')}</th><th scope="col">${t('portal_sync.col.error')}</th></tr></thead>
<tbody>${problems.map((p) => html`<tr data-message-id="${p.id}"><td><a href="/admin/units/${p.unit_id}/records/${p.record_id}">${p.record_code}</a></td><td>${t(`portal_sync.kind.${p.kind}` as MessageKey)}</td><td>${t(`portal_sync.state.${p.status}` as MessageKey)}</td><td>${p.attempts}</td><td>${when(p.last_attempt_at)}</td><td>${p.status === 'pending' ? when(p.next_attempt_at) : '—'}</td><td><code>${p.last_error ?? ''}</code></td></tr>`)}</tbody>
</table></div>`}
<form method="post" action="${PAGE}/retry">${csrfField(request.csrfToken())}
<p class="hint">${t('portal_sync.retry_hint')}</p>
<button type="submit" class="button"${counts.failed === 0 ? html` disabled` : ''}>${t('portal_sync.retry')}</button>
</form>

${simulator ? html`<h2>${t('portal_sync.simulator.title')}</h2>
<p data-simulator="${options.simulatorForcedDown || down ? 'down' : 'up'}">${options.simulatorForcedDown ? t('portal_sync.simulator.forced') : down ? t('portal_sync.simulator.down') : t('portal_sync.simulator.up')}</p>
<form method="post" action="${PAGE}/simulator">${csrfField(request.csrfToken())}<input type="hidden" name="down" value="${down ? '0' : '1'}">
<button type="submit" class="button secondary">${down ? t('portal_sync.simulator.go_up') : t('portal_sync.simulator.go_down')}</button>
</form>
<p><a href="${PAGE}/simulator">${t('portal_sync.simulator.link')}</a></p>` : ''}`,
      });
    });

    app.post(`${PAGE}/retry`, { config: VIEW }, async (request, reply) => {
      const n = await retryFailed(db, auditActorOf(request), await scopeUnitIds(db, request));
      return reply.redirectWithNotice(PAGE, 'portal_sync.retried', { n });
    });

    app.post(`${PAGE}/simulator`, { config: VIEW }, async (request, reply) => {
      if (!simulator) throw new AppError('error.not_found', 404);
      const value = formText(request, 'down', 1);
      if (value !== '0' && value !== '1') throw new AppError('error.invalid_request', 400, { detail: 'down' });
      await setSimulatorDown(db, auditActorOf(request), value === '1');
      return reply.redirectWithNotice(PAGE, value === '1' ? 'portal_sync.simulator.switched_down' : 'portal_sync.simulator.switched_up');
    });

    app.get(`${PAGE}/simulator`, { config: VIEW }, async (request, reply) => {
      if (!simulator) throw new AppError('error.not_found', 404);
      const t = request.t;
      const entries = await listSimulatorInbox(db, await scopeUnitIds(db, request), 50);
      return reply.page({
        title: t('portal_sync.inbox.title'),
        body: html`<h1>${t('portal_sync.inbox.title')}</h1>
<p class="hint">${t('portal_sync.inbox.intro')}</p>
<p><a href="${PAGE}">${t('portal_sync.back')}</a></p>
${entries.length === 0 ? html`<p>${t('portal_sync.inbox.empty')}</p>` : html`<div class="table-wrap" role="region" aria-label="${t('portal_sync.inbox.title')}" tabindex="0"><table>
<caption class="visually-hidden">${t('portal_sync.inbox.title')}</caption>
<thead><tr><th scope="col">${t('portal_sync.inbox.received')}</th><th scope="col">${t('portal_sync.inbox.operation')}</th><th scope="col" lang="vi">MaHoSo</th><th scope="col" lang="vi">TrangThaiHoSo</th><th scope="col">${t('portal_sync.inbox.result')}</th><th scope="col">${t('portal_sync.inbox.payload')}</th></tr></thead>
<tbody>${entries.map((e) => html`<tr data-inbox-id="${e.id}"><td><time datetime="${e.receivedAt.toISOString()}">${formatDateTime(request.lang, e.receivedAt)}</time></td><td>${t(`portal_sync.kind.${e.operation}` as MessageKey)}</td><td>${e.maHoSo}</td><td>${statusLabel(t, e.status)}</td>
<td>${e.accepted ? t('portal_sync.inbox.accepted') : html`${t('portal_sync.inbox.rejected', { code: e.errorCode ?? '' })}<br><span class="hint">${e.errorMessage ?? ''}</span>`}</td>
<td><details><summary>${t('portal_sync.inbox.payload')}</summary><pre>${JSON.stringify(e.payload, null, 1)}</pre></details></td></tr>`)}</tbody>
</table></div>`}`,
      });
    });
  };
}
