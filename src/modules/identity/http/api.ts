import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { idParam } from '../../../platform/http/form.ts';
import { ErrorSchema, stringEnum } from '../../../platform/http/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import { bilingual } from '../../../platform/i18n/index.ts';
import { auditActorOf } from '../../audit/index.ts';
import { findUnit } from '../../tenancy/index.ts';
import { ROLES } from '../domain/roles.ts';
import type { IdentityContext } from '../context.ts';
import { createOfficial } from '../manage-officials.ts';
import { listOfficialsOfUnit } from '../store.ts';
import type { Official } from '../store.ts';

const RoleSchema = stringEnum(ROLES);
const OfficialSchema = Type.Object({
  id: Type.Integer(), unitId: Type.Integer(), username: Type.String(), fullName: Type.String(), position: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(RoleSchema), disabled: Type.Boolean(), twoFactorEnabled: Type.Boolean(),
});
const NewOfficialSchema = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 40, pattern: '^(?=.*[a-z])[a-z0-9._-]+$' }),
    fullName: Type.String({ minLength: 1, maxLength: 120 }),
    position: Type.Optional(Type.String({ maxLength: 120 })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    password: Type.String({ minLength: 10, maxLength: 200 }),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 8, uniqueItems: true }),
  },
  { additionalProperties: false },
);
const UnitParams = Type.Object({ unitId: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const MeSchema = Type.Object({
  kind: Type.Union([Type.Literal('official'), Type.Literal('citizen')]),
  id: Type.Integer(), name: Type.String(),
  unitId: Type.Optional(Type.Integer()), unitName: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Array(Type.String())), permissions: Type.Optional(Type.Array(Type.String())),
  csrfToken: Type.String(),
});

const toJson = (o: Official) => ({
  id: o.id, unitId: o.unitId, username: o.username, fullName: o.fullName, position: o.position, email: o.email, phone: o.phone,
  roles: o.roles, disabled: o.disabled, twoFactorEnabled: o.twoFactorEnabled,
});

export function identityApi(ctx: IdentityContext) {
  return (app: App) => {
    app.get(
      '/api/v1/me',
      { config: { permission: 'signed_in' }, schema: { operationId: 'getMe', summary: 'The signed-in person, and the CSRF token for writes', tags: ['identity'], security: [{ session: [] }], response: { 200: MeSchema } } },
      async (request) => {
        const actor = request.actor!;
        const csrfToken = request.csrfToken();
        if (actor.kind === 'citizen') return { kind: actor.kind, id: actor.id, name: actor.name, csrfToken };
        return { kind: actor.kind, id: actor.id, name: actor.name, unitId: actor.unitId, unitName: actor.unitName, roles: [...actor.roles], permissions: [...actor.permissions].sort(), csrfToken };
      },
    );

    app.get(
      '/api/v1/units/:unitId/officials',
      {
        config: { permission: 'officials.view' },
        schema: { operationId: 'listOfficials', summary: 'Officials of a unit in the caller’s scope', tags: ['identity'], security: [{ session: [] }], params: UnitParams, response: { 200: Type.Array(OfficialSchema) } },
      },
      async (request) => (await listOfficialsOfUnit(ctx.db, idParam(request, 'unitId'))).map(toJson),
    );

    app.post(
      '/api/v1/units/:unitId/officials',
      {
        config: { permission: 'officials.manage' },
        schema: {
          operationId: 'createOfficial', summary: 'Add an official to a unit (send X-CSRF-Token)', tags: ['identity'], security: [{ session: [] }],
          params: UnitParams, body: NewOfficialSchema, response: { 201: OfficialSchema, 422: ErrorSchema },
        },
      },
      async (request, reply) => {
        const unit = await findUnit(ctx.db, idParam(request, 'unitId'));
        if (!unit) throw new AppError('error.not_found', 404);
        const body = request.body as Static<typeof NewOfficialSchema>;
        const result = await createOfficial(ctx, auditActorOf(request), unit, {
          username: body.username, fullName: body.fullName, position: body.position ?? '', email: body.email ?? '', phone: body.phone ?? '', password: body.password, roles: body.roles,
        });
        if (!result.ok) {
          return reply.code(422).send({
            error: { code: 'error.invalid_request', message: bilingual('error.invalid_request', { detail: Object.keys(result.errors).join(', ') }), fields: Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, bilingual(v)])) },
          });
        }
        return reply.code(201).send(toJson(result.official));
      },
    );
  };
}
