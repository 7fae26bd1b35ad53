/** The province's catalogue editor under /admin/procedures (permission catalogue.manage), and its export API. */
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http/app.ts';
import { formFile, formText } from '../../../platform/http/form.ts';
import { ErrorSchema, stringEnum } from '../../../platform/http/schema.ts';
import { html } from '../../../platform/views/html.ts';
import { auditActorOf } from '../../audit/index.ts';
import { changedParts, CODE_PATTERN, contentOf, VERSION_STATES, displayDate } from '../domain/procedure-rules.ts';
import type { Problem, VersionState } from '../domain/procedure-rules.ts';
import { MAX_IMPORT_BYTES } from '../exchange/document.ts';
import { exportJson, exportXlsx, importProcedures } from '../exchange-procedures.ts';
import type { ExportSelection } from '../exchange-procedures.ts';
import { createProcedure, deleteDraft, publishDraft, startNewVersion, updateDraft } from '../manage-procedures.ts';
import type { Conflict } from '../manage-procedures.ts';
import { findProcedureByCode, findProcedureVersion, listVersionLines, todayInVietnam } from '../store.ts';
import type { ProcedureVersion } from '../store.ts';
import { emptyValues, inputOf, readForm, valuesOf } from './admin-form.ts';
import type { FormValues } from './admin-form.ts';
import { ADMIN, conflictPage, editPage, historyPage, historyUrl, importProblemsPage, listPage, previewBanner, versionUrl } from './admin-pages.ts';
import { procedurePage } from './procedure-page.ts';
import { ExportDocumentSchema } from './schemas.ts';

const MANAGE = { permission: 'catalogue.manage' } as const;
const PAGE_SIZE = 50;
const SELECTIONS = ['all', ...VERSION_STATES] as const;

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.Union([stringEnum(VERSION_STATES), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
const ExportQuery = Type.Object({
  // Which versions: those in force (`published`, the default), `all`, or those `draft`, `scheduled` or `superseded`.
  status: Type.Optional(stringEnum(SELECTIONS)),
});
const NewQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 40 })) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
const VersionParams = Type.Object({ code: Type.String({ maxLength: 40 }), version: Type.String({ maxLength: 10 }) });

function codeOf(request: FastifyRequest): string {
  const { code } = request.params as { code: string };
  if (!CODE_PATTERN.test(code)) throw new AppError('error.not_found', 404);
  return code;
}

async function versionOr404(db: Db, request: FastifyRequest): Promise<ProcedureVersion> {
  const code = codeOf(request);
  const { version } = request.params as { version: string };
  if (!/^[1-9]\d{0,5}$/.test(version)) throw new AppError('error.not_found', 404);
  const found = await findProcedureVersion(db, code, Number(version));
  if (!found) throw new AppError('error.not_found', 404);
  return found;
}

const conflictText = (request: FastifyRequest, c: Conflict) => request.t(c.conflict, c.params);

function sendConflict(request: FastifyRequest, reply: FastifyReply, c: Conflict, code?: string) {
  return reply.page({ title: request.t('catalogue_admin.conflict_title'), body: conflictPage(request, conflictText(request, c), code) }, 409);
}

async function history(db: Db, request: FastifyRequest, reply: FastifyReply, code: string, publish?: { problems: Problem[]; value: string }) {
  const today = todayInVietnam();
  const versions = await listVersionLines(db, { code }, today);
  if (versions.length === 0) throw new AppError('error.not_found', 404);
  const draftLine = versions.find((v) => v.status === 'draft');
  const draft = draftLine ? await findProcedureVersion(db, code, draftLine.version) : undefined;
  // The draft against what it would replace: the version in force, else the newest published.
  const base = versions.find((v) => v.state === 'published') ?? versions.find((v) => v.status === 'published');
  const baseVersion = draft && base ? await findProcedureVersion(db, code, base.version) : undefined;
  return reply.page(
    {
      title: versions[0]!.name,
      body: historyPage(request, {
        code, versions, draft, today, publishProblems: publish?.problems, publishValue: publish?.value,
        baseVersion: baseVersion?.version, changes: draft && baseVersion ? changedParts(contentOf(baseVersion), contentOf(draft)) : undefined,
      }),
    },
    publish ? 400 : 200,
  );
}

function edit(request: FastifyRequest, reply: FastifyReply, state: Parameters<typeof editPage>[1], status = 200) {
  const title = state.mode === 'create' ? request.t('catalogue_admin.new') : request.t('catalogue_admin.edit_title', { version: state.version!, name: state.values.name || state.code! });
  return reply.page({ title, body: editPage(request, state) }, status);
}

const attachment = (reply: FastifyReply, type: string, name: string) =>
  reply.header('content-type', type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');

export function catalogueAdminRoutes(db: Db) {
  return (app: App) => {
    app.get(ADMIN, { config: MANAGE, schema: { querystring: ListQuery } }, async (request, reply) => {
      const query = request.query as { q?: string; status?: VersionState | ''; page?: number };
      const q = (query.q ?? '').trim();
      const status = query.status ?? '';
      const lines = (await listVersionLines(db, { q })).filter((l) => !status || l.state === status);
      const pages = Math.max(1, Math.ceil(lines.length / PAGE_SIZE));
      const page = Math.min(query.page ?? 1, pages);
      return reply.page({
        title: request.t('catalogue_admin.title'),
        body: listPage(request, { q, status, page, pages, total: lines.length, lines: lines.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) }),
      });
    });

    app.get(`${ADMIN}/new`, { config: MANAGE, schema: { querystring: NewQuery } }, async (request, reply) => {
      const { from } = request.query as { from?: string };
      let values: FormValues = emptyValues();
      if (from !== undefined) {
        // A province's variant (1.000948.H38) starts as a copy of the national procedure in force.
        const base = CODE_PATTERN.test(from) ? await findProcedureByCode(db, from) : undefined;
        if (!base) throw new AppError('error.not_found', 404);
        values = { ...valuesOf(contentOf(base)), code: '' };
      }
      return edit(request, reply, { mode: 'create', values, problems: [] });
    });

    app.post(ADMIN, { config: MANAGE }, async (request, reply) => {
      const values = readForm(request);
      const result = await createProcedure(db, auditActorOf(request), inputOf(values));
      if (!result.ok) {
        if ('problems' in result) return edit(request, reply, { mode: 'create', values, problems: result.problems }, 400);
        return sendConflict(request, reply, result);
      }
      return reply.redirectWithNotice(historyUrl(result.value.code), 'catalogue_admin.notice.created', { code: result.value.code });
    });

    app.get(`${ADMIN}/export.json`, { config: MANAGE, schema: { querystring: ExportQuery } }, async (request, reply) => {
      const { status = 'published' } = request.query as { status?: ExportSelection };
      const doc = await exportJson(db, status);
      return attachment(reply, 'application/json; charset=utf-8', `thu-tuc-${status}-${todayInVietnam()}.json`).send(JSON.stringify(doc, null, 2));
    });

    app.get(`${ADMIN}/export.xlsx`, { config: MANAGE, schema: { querystring: ExportQuery } }, async (request, reply) => {
      const { status = 'published' } = request.query as { status?: ExportSelection };
      const bytes = await exportXlsx(db, status);
      return attachment(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `thu-tuc-${status}-${todayInVietnam()}.xlsx`).send(bytes);
    });

    app.post(`${ADMIN}/import`, { config: { ...MANAGE, multipart: true, maxUploadBytes: MAX_IMPORT_BYTES } }, async (request, reply) => {
      const file = formFile(request, 'file');
      const result = await importProcedures(db, auditActorOf(request), file && { filename: file.filename, data: file.data, truncated: file.truncated });
      if (result.ok) return reply.redirectWithNotice(`${ADMIN}?status=draft`, 'catalogue_admin.notice.imported', { count: result.created.length });
      const t = request.t;
      const fileMessage = 'file' in result ? t(result.file.key, result.file.params) : undefined;
      const status = 'file' in result && result.file.key === 'catalogue_admin.import.clash' ? 409 : 400;
      return reply.page({ title: t('catalogue_admin.import_failed'), body: importProblemsPage(request, { file: fileMessage, rows: 'rows' in result ? result.rows : undefined }) }, status);
    });

    app.get(`${ADMIN}/:code`, { config: MANAGE, schema: { params: CodeParams } }, async (request, reply) => history(db, request, reply, codeOf(request)));

    app.post(`${ADMIN}/:code/versions`, { config: MANAGE, schema: { params: CodeParams } }, async (request, reply) => {
      const code = codeOf(request);
      const result = await startNewVersion(db, auditActorOf(request), code);
      if (!result.ok) {
        if ('conflict' in result && result.conflict === 'catalogue_admin.conflict.no_such_code') throw new AppError('error.not_found', 404);
        return sendConflict(request, reply, result as Conflict, code);
      }
      const { version, created } = result.value;
      return reply.redirectWithNotice(`${versionUrl(code, version.version)}/edit`, created ? 'catalogue_admin.notice.version_started' : 'catalogue_admin.notice.draft_open', { version: version.version });
    });

    app.get(`${ADMIN}/:code/versions/:version`, { config: MANAGE, schema: { params: VersionParams } }, async (request, reply) => {
      const v = await versionOr404(db, request);
      const state = (await listVersionLines(db, { code: v.code })).find((l) => l.version === v.version)!.state;
      return reply.page({
        title: v.name,
        body: html`${previewBanner(request.t, v, state)}${procedurePage(request, { ...v, effectiveFrom: v.effectiveFrom ?? '' })}`,
      });
    });

    app.get(`${ADMIN}/:code/versions/:version/edit`, { config: MANAGE, schema: { params: VersionParams } }, async (request, reply) => {
      const v = await versionOr404(db, request);
      if (v.status !== 'draft') return sendConflict(request, reply, { conflict: 'catalogue_admin.conflict.not_draft', params: { version: v.version } }, v.code);
      return edit(request, reply, { mode: 'edit', code: v.code, version: v.version, values: valuesOf(v, v.revision), problems: [] });
    });

    app.post(`${ADMIN}/:code/versions/:version`, { config: MANAGE, schema: { params: VersionParams } }, async (request, reply) => {
      const v = await versionOr404(db, request);
      const values = readForm(request);
      const revision = /^\d{1,9}$/.test(values.revision) ? Number(values.revision) : v.revision;
      const result = await updateDraft(db, auditActorOf(request), v, revision, inputOf(values));
      if (result.ok) return reply.redirectWithNotice(`${versionUrl(v.code, v.version)}/edit`, 'catalogue_admin.notice.saved', { version: v.version });
      if ('problems' in result) return edit(request, reply, { mode: 'edit', code: v.code, version: v.version, values, problems: result.problems }, 400);
      if (result.conflict === 'catalogue_admin.conflict.changed_meanwhile') {
        // What they typed stays on the page; saving it again (with the newer revision) overwrites the other person's.
        const current = await findProcedureVersion(db, v.code, v.version);
        return edit(request, reply, {
          mode: 'edit', code: v.code, version: v.version, values: { ...values, revision: String(current?.revision ?? v.revision) }, problems: [], general: conflictText(request, result),
        }, 409);
      }
      return sendConflict(request, reply, result, v.code);
    });

    app.post(`${ADMIN}/:code/versions/:version/publish`, { config: MANAGE, schema: { params: VersionParams } }, async (request, reply) => {
      const v = await versionOr404(db, request);
      const effectiveFrom = formText(request, 'effectiveFrom', 40);
      const result = await publishDraft(db, auditActorOf(request), v, effectiveFrom);
      if (result.ok) {
        return reply.redirectWithNotice(historyUrl(v.code), 'catalogue_admin.notice.published', { version: v.version, date: displayDate(result.value.effectiveFrom!) });
      }
      if ('problems' in result) return history(db, request, reply, v.code, { problems: result.problems, value: effectiveFrom });
      return sendConflict(request, reply, result, v.code);
    });

    app.post(`${ADMIN}/:code/versions/:version/delete`, { config: MANAGE, schema: { params: VersionParams } }, async (request, reply) => {
      const v = await versionOr404(db, request);
      const result = await deleteDraft(db, auditActorOf(request), v);
      if (!result.ok) return sendConflict(request, reply, result as Conflict, v.code);
      const left = await listVersionLines(db, { code: v.code });
      return reply.redirectWithNotice(left.length > 0 ? historyUrl(v.code) : ADMIN, 'catalogue_admin.notice.deleted', { version: v.version, code: v.code });
    });

    app.get(
      '/api/v1/admin/procedures/export',
      {
        config: MANAGE,
        schema: {
          operationId: 'exportProcedures', tags: ['catalogue'],
          summary: 'The catalogue in the exchange format (the same document as /admin/procedures/export.json): versions in force by default',
          querystring: ExportQuery, response: { 200: ExportDocumentSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
        },
      },
      async (request) => {
        const { status = 'published' } = request.query as { status?: ExportSelection };
        return exportJson(db, status);
      },
    );
  };
}
