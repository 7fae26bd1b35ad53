import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { html } from '../../../platform/views/html.ts';
import { listOutbox } from '../store.ts';

/**
 * The development sink's window: the latest messages with their text, one-time codes included.
 *
 * Two gates. The route exists only when `DEV_OUTBOX` is on (by default: demo data and not NODE_ENV=production),
 * and even then only an official holding `notifications.dev_sink` — granted to the provincial system
 * administrator alone — may open it. Not public: the page shows other people's phone numbers and live
 * codes, so a public sink would let anyone register any number as their own. Not every official either:
 * a commune official has no business reading codes sent to citizens. See docs/SECURITY.md.
 */
export function devOutboxRoutes(db: Db) {
  return (app: App) => {
    app.get('/dev/outbox', { config: { permission: 'notifications.dev_sink' } }, async (request, reply) => {
      const t = request.t;
      const entries = await listOutbox(db, 50);
      return reply.page({
        title: t('dev_outbox.title'),
        body: html`<h1>${t('dev_outbox.title')}</h1>
<p class="hint">${t('dev_outbox.intro')}</p>
${entries.length === 0 ? html`<p>${t('dev_outbox.empty')}</p>` : html`<div class="table-wrap" role="region" aria-label="${t('dev_outbox.title')}" tabindex="0"><table>
<caption class="visually-hidden">${t('dev_outbox.title')}</caption>
<thead><tr><th scope="col">${t('dev_outbox.created')}</th><th scope="col">${t('dev_outbox.recipient')}</th><th scope="col">${t('dev_outbox.text')}</th><th scope="col">${t('dev_outbox.status')}</th></tr></thead>
<tbody>${entries.map(
  (e) => html`<tr data-outbox-id="${e.id}"><td><time datetime="${e.createdAt.toISOString()}">${formatDateTime(request.lang, e.createdAt)}</time></td><td>${t(`dev_outbox.channel.${e.channel}`)}: ${e.recipient}</td><td>${e.text ?? '—'}</td><td>${t(`dev_outbox.status.${e.status}`)}${e.attempts > 1 || e.lastError ? html` (${t('dev_outbox.attempts', { n: e.attempts })})` : ''}</td></tr>`,
)}</tbody>
</table></div>`}`,
      });
    });
  };
}
