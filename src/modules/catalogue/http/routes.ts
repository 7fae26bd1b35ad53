import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { ErrorSchema, stringEnum } from '../../../platform/http/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import type { Db } from '../../../platform/db/database.ts';
import { ONLINE_LEVELS } from '../domain/procedure.ts';
import type { OnlineLevel, Procedure } from '../domain/procedure.ts';
import { findProcedureByCode, listFields, listVersionLines, searchProcedures, todayInVietnam } from '../store.ts';
import { catalogueAdminRoutes } from './admin-routes.ts';
import { searchPage } from './search-page.ts';
import { procedurePage } from './procedure-page.ts';
import { ProcedureListSchema, ProcedureSchema, procedureJson, summaryJson } from './schemas.ts';

const PAGE_SIZE = 20;
/** A national code or a province's variant of it. */
const CODE = /^[0-9]\.[0-9]{6}(\.[A-Z][A-Z0-9]{1,5})?$/;

const Text = (maxLength: number) => Type.String({ maxLength });
const PageQuery = Type.Object({
  q: Type.Optional(Text(200)),
  field: Type.Optional(Text(200)),
  level: Type.Optional(Type.Union([stringEnum(ONLINE_LEVELS), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
const ApiQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to find in the code, name or field; diacritics and case are ignored ("dang ky ket hon" finds "Đăng ký kết hôn").' })),
  field: Type.Optional(Type.String({ maxLength: 200, description: 'Exact field (lĩnh vực), e.g. "Hộ tịch".' })),
  level: Type.Optional(stringEnum(ONLINE_LEVELS)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
});
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

async function procedureOr404(db: Db, request: FastifyRequest): Promise<Procedure> {
  const { code } = request.params as { code: string };
  if (!CODE.test(code)) throw new AppError('error.not_found', 404);
  const procedure = await findProcedureByCode(db, code);
  if (!procedure) throw new AppError('catalogue.not_found', 404, { code });
  return procedure;
}

export function catalogueRoutes(db: Db) {
  return (app: App) => {
    app.get('/thu-tuc', { config: { permission: 'public' }, schema: { querystring: PageQuery } }, async (request, reply) => {
      const query = request.query as { q?: string; field?: string; level?: OnlineLevel | ''; page?: number };
      const page = query.page ?? 1;
      const q = (query.q ?? '').trim();
      const field = query.field ?? '';
      const level = query.level ?? '';
      const [fields, found] = await Promise.all([
        listFields(db),
        searchProcedures(db, { q, field: field || undefined, onlineLevel: level || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      ]);
      const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
      return reply.page({
        title: request.t('catalogue.title'),
        body: searchPage(request, { q, field, level, page, pageSize: PAGE_SIZE, pages, total: found.total, fields, items: found.items }),
      });
    });

    app.get('/thu-tuc/:code', { config: { permission: 'public' }, schema: { params: CodeParams } }, async (request, reply) => {
      const procedure = await procedureOr404(db, request);
      // A newer version already published to take effect later: "from 01/09/2026, version 3 applies".
      const upcoming = (await listVersionLines(db, { code: procedure.code }, todayInVietnam()))
        .filter((v) => v.state === 'scheduled')
        .sort((a, b) => a.effectiveFrom!.localeCompare(b.effectiveFrom!))[0];
      return reply.page({
        title: procedure.name,
        body: procedurePage(request, procedure, upcoming && { version: upcoming.version, effectiveFrom: upcoming.effectiveFrom! }),
      });
    });

    app.get(
      '/api/v1/procedures',
      {
        config: { permission: 'public' },
        schema: {
          operationId: 'listProcedures', tags: ['catalogue'],
          summary: 'Find procedures in force; `level` filters by online level (full = toàn trình, partial = một phần)',
          querystring: ApiQuery, response: { 200: ProcedureListSchema, 400: ErrorSchema },
        },
      },
      async (request) => {
        const { q, field, level, limit = 20, offset = 0 } = request.query as { q?: string; field?: string; level?: OnlineLevel; limit?: number; offset?: number };
        const found = await searchProcedures(db, { q, field: field || undefined, onlineLevel: level, limit, offset });
        return { total: found.total, limit, offset, items: found.items.map(summaryJson) };
      },
    );

    app.get(
      '/api/v1/procedures/:code',
      {
        config: { permission: 'public' },
        schema: {
          operationId: 'getProcedure', tags: ['catalogue'], summary: 'One procedure in force, by its national code (1.001193) or provincial variant (1.000948.H38)',
          params: CodeParams, response: { 200: ProcedureSchema, 404: ErrorSchema },
        },
      },
      async (request) => procedureJson(await procedureOr404(db, request)),
    );

    catalogueAdminRoutes(db)(app);
  };
}
