import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { idParam } from '../../../platform/http/form.ts';
import { stringEnum } from '../../../platform/http/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import type { Db } from '../../../platform/db/database.ts';
import { html } from '../../../platform/views/html.ts';
import { findUnit, listUnitsWithin } from '../store.ts';
import { UNIT_KINDS } from '../domain/unit.ts';
import type { Unit } from '../domain/unit.ts';
import { unitPages } from './unit-pages.ts';
import type { UnitPagesOptions } from './unit-pages.ts';

const UnitSchema = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  kind: stringEnum(UNIT_KINDS),
  code: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  address: Type.String(),
  sealName: Type.String(),
  requireTwoFactor: Type.Boolean(),
});

const toJson = (u: Unit) => ({ id: u.id, parentId: u.parentId, kind: u.kind, code: u.code, name: u.name, address: u.address, sealName: u.sealName, requireTwoFactor: u.requireTwoFactor });

/** The units an official may see: their own and those below it. */
async function unitsInScope(db: Db, request: FastifyRequest): Promise<Unit[]> {
  const actor = request.actor;
  if (actor?.kind !== 'official') throw new AppError('error.forbidden', 403);
  return listUnitsWithin(db, actor.unitPath);
}

export function tenancyRoutes(db: Db, options: UnitPagesOptions = {}) {
  return (app: App) => {
    unitPages(db, options)(app);

    app.get('/units', { config: { permission: 'units.view' } }, async (request, reply) => {
      const t = request.t;
      const units = await unitsInScope(db, request);
      const depth = (u: Unit) => u.path.split('/').length - 3;
      return reply.page({
        title: t('units.title'),
        body: html`<h1>${t('units.title')}</h1>
<div class="table-wrap" role="region" aria-label="${t('units.title')}" tabindex="0"><table>
<caption class="visually-hidden">${t('units.title')}</caption>
<thead><tr><th scope="col">${t('units.name')}</th><th scope="col">${t('units.kind')}</th><th scope="col">${t('units.code')}</th><th scope="col">${t('units.address')}</th><th scope="col">${t('units.seal')}</th></tr></thead>
<tbody>${units.map(
  (u) => html`<tr><td class="depth-${Math.min(depth(u), 3)}"><a href="/admin/units/${u.id}">${u.name}</a></td><td>${t(`unit.kind.${u.kind}`)}</td><td>${u.code ?? '—'}</td><td>${u.address || '—'}</td><td>${u.sealName || '—'}</td></tr>`,
)}</tbody></table></div>`,
      });
    });

    app.get(
      '/api/v1/units',
      {
        config: { permission: 'units.view' },
        schema: { operationId: 'listUnits', summary: 'Units the caller may see (own unit and below)', tags: ['tenancy'], security: [{ session: [] }], response: { 200: Type.Array(UnitSchema) } },
      },
      async (request) => (await unitsInScope(db, request)).map(toJson),
    );

    app.get(
      '/api/v1/units/:unitId',
      {
        config: { permission: 'units.view' },
        schema: {
          operationId: 'getUnit', summary: 'One unit within the caller’s scope', tags: ['tenancy'], security: [{ session: [] }],
          params: Type.Object({ unitId: Type.String({ pattern: '^[0-9]{1,15}$' }) }),
          response: { 200: UnitSchema },
        },
      },
      async (request) => {
        const unit = await findUnit(db, idParam(request, 'unitId'));
        if (!unit) throw new AppError('error.not_found', 404);
        return toJson(unit);
      },
    );
  };
}
