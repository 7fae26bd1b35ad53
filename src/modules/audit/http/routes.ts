import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { html } from '../../../platform/views/html.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { auditActionLabel, auditActorLabel, auditTargetLabel } from './labels.ts';
import type { NavItem } from '../../../platform/views/layout.ts';
import { listUnitsWithin } from '../../tenancy/index.ts';
import { listAuditEntries } from '../list-audit-entries.ts';

export const auditNav: NavItem = { href: '/audit', label: 'nav.audit', permission: 'audit.view' };

const EntrySchema = Type.Object({
  seq: Type.Integer(),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  actorKind: Type.String(),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  at: Type.String({ format: 'date-time' }),
  ip: Type.String(),
  hash: Type.String(),
});

async function scopeUnitIds(db: Db, request: FastifyRequest): Promise<number[]> {
  const actor = request.actor;
  if (actor?.kind !== 'official') throw new AppError('error.forbidden', 403);
  return (await listUnitsWithin(db, actor.unitPath)).map((u) => u.id);
}

// The upper bound keeps an absurd `before` (1e23) a 400 rather than a bigint overflow in the database.
const BeforeQuery = Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })) }, { additionalProperties: false });

export function auditRoutes(db: Db) {
  return (app: App) => {
    app.get('/audit', { config: { permission: 'audit.view' }, schema: { querystring: BeforeQuery } }, async (request, reply) => {
      const t = request.t;
      const before = (request.query as { before?: number }).before;
      const entries = await listAuditEntries(db, await scopeUnitIds(db, request), { limit: 50, beforeSeq: before });
      const last = entries.at(-1);
      return reply.page({
        title: t('audit.title'),
        body: html`<h1>${t('audit.title')}</h1>
${entries.length === 0 ? html`<p>${t('audit.none')}</p>` : html`<div class="table-wrap" role="region" aria-label="${t('audit.title')}" tabindex="0"><table>
<caption class="visually-hidden">${t('audit.title')}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${t('audit.at')}</th><th scope="col">${t('audit.actor')}</th><th scope="col">${t('audit.action')}</th><th scope="col">${t('audit.target')}</th><th scope="col">${t('audit.ip')}</th></tr></thead>
<tbody>${entries.map(
  (e) => html`<tr><td>${e.seq}</td><td><time datetime="${e.at.toISOString()}">${formatDateTime(request.lang, e.at)}</time></td><td>${auditActorLabel(t, e)}</td><td>${auditActionLabel(t, e.action)}</td><td>${auditTargetLabel(t, e.targetType)} ${e.targetId}</td><td>${e.ip}</td></tr>`,
)}</tbody></table></div>
${entries.length === 50 && last ? html`<p><a href="/audit?before=${last.seq}">→</a></p>` : ''}`}`,
      });
    });

    app.get(
      '/api/v1/audit',
      {
        config: { permission: 'audit.view' },
        schema: {
          operationId: 'listAuditEntries', summary: 'Newest audit entries of the units in the caller’s scope', tags: ['audit'], security: [{ session: [] }],
          querystring: BeforeQuery,
          response: { 200: Type.Array(EntrySchema) },
        },
      },
      async (request) => {
        const before = (request.query as { before?: number }).before;
        const entries = await listAuditEntries(db, await scopeUnitIds(db, request), { limit: 100, beforeSeq: before });
        return entries.map((e) => ({
          seq: e.seq, unitId: e.unitId, actorKind: e.actorKind, actorId: e.actorId, actorName: e.actorName, action: e.action,
          targetType: e.targetType, targetId: e.targetId, at: e.at.toISOString(), ip: e.ip, hash: e.hash,
        }));
      },
    );
  };
}
