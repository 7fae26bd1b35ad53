/** The JSON API of records: `submitApplication`, `getApplicationStatus`, `listMyApplications`. */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import type { FieldMessage } from '../../../platform/errors.ts';
import { ErrorSchema } from '../../../platform/http/schema.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { RecordsContext } from '../context.ts';
import { MAX_FILES_PER_DRAFT } from '../context.ts';
import { submitApplication } from '../file-record.ts';
import { normaliseRecordCode } from '../domain/record-code.ts';
import { findRecordByCode, listEvents } from '../store.ts';
import type { EventRow, RecordRow } from '../store.ts';
import { listRecords } from '../record-lists.ts';
import type { RecordListRow } from '../record-lists.ts';
import { trackRecord } from '../track.ts';
import { citizenScope, isCitizensRecord } from '../citizen-scope.ts';
import { TRACK_RATE } from './list-pages.ts';
import { filerOf, procedureOf } from './shared.ts';

/** Base64 of the attachments makes a submission larger than other JSON requests. */
const SUBMISSION_BODY_LIMIT = 12 * 1024 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const StatusEvent = Type.Object({ status: Type.Integer({ minimum: 1, maximum: 10 }), at: Type.String({ format: 'date-time' }) });
const ApplicationSchema = Type.Object({
  code: Type.String({ description: '{agency code}-{YYMMDD}-{sequence of the day}, e.g. H11.35.01-260115-0123' }),
  status: Type.Integer({ minimum: 1, maximum: 10, description: 'TrangThaiHoSo of the national portal: 1 Mới đăng ký, 2 Được tiếp nhận, … 10 Đã trả kết quả' }),
  channel: Type.Integer({ minimum: 1, maximum: 3, description: 'KenhThucHien: 1 desk, 2 online, 3 post' }),
  procedureCode: Type.String(),
  procedureName: Type.String(),
  unitId: Type.Integer(),
  submittedAt: Type.String({ format: 'date-time' }),
  feeAmount: Type.Integer({ description: 'đồng' }),
  assisted: Type.Boolean({ description: 'Filed by an official (desk or community digital team) for the applicant' }),
  history: Type.Array(StatusEvent),
});

const SubmitBody = Type.Object({
  procedureCode: Type.String({ maxLength: 40, description: 'National code of a procedure in force, e.g. 1.001193' }),
  unitId: Type.Integer({ minimum: 1, description: 'The commune or ward that resolves the record' }),
  values: Type.Record(Type.String({ maxLength: 60 }), Type.String({ maxLength: 4000 }), { maxProperties: 80, description: 'Answers keyed by form field name (applicantName, applicantId, applicantPhone, applicantAddress, then the fields of the procedure\'s formDefinition)' }),
  attachments: Type.Optional(Type.Array(Type.Object({
    component: Type.Union([Type.Integer({ minimum: 1, maximum: 999 }), Type.Null()], { description: 'Position of the component in the procedure (1-based), or null for another paper' }),
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    contentBase64: Type.String({ maxLength: 7_000_000, description: 'The file, base64: PDF, JPEG or PNG, at most 5 MB' }),
  }, { additionalProperties: false }), { maxItems: MAX_FILES_PER_DRAFT })),
}, { additionalProperties: false });

/** `known`: the record's events when the caller already has them (not read again). */
async function applicationJson(ctx: RecordsContext, r: RecordListRow, known?: Pick<EventRow, 'kind' | 'to_status' | 'at'>[]) {
  const events = known ?? (await listEvents(ctx.db, Number(r.id)));
  return {
    code: r.code, status: r.status, channel: r.channel, procedureCode: r.procedure_code, procedureName: r.procedure_name, unitId: Number(r.unit_id),
    submittedAt: r.submitted_at.toISOString(), feeAmount: Number(r.fee_amount), assisted: r.assisted_by_official_id !== null,
    history: events.filter((e) => e.kind === 'status' && e.to_status !== null).map((e) => ({ status: e.to_status!, at: e.at.toISOString() })),
  };
}

function decodeBase64(text: string, index: number): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) throw new AppError('records.api.bad_base64', 400, { index });
  return Buffer.from(clean, 'base64');
}

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return null;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) throw new AppError('records.api.bad_idempotency_key', 400);
  return header;
}

export function recordsApi(ctx: RecordsContext) {
  return (app: App) => {
    app.post('/api/v1/applications', {
      bodyLimit: SUBMISSION_BODY_LIMIT,
      config: { permission: 'signed_in' },
      schema: {
        operationId: 'submitApplication', tags: ['records'],
        summary: 'File a record (hồ sơ) for a procedure: as the signed-in citizen, or as a desk or digital-team official for a citizen',
        description: 'Send `Idempotency-Key` to retry safely: the same key from the same person returns the record the first request created (200), never a second one; the same key with a different request is refused (422).',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) }),
        body: SubmitBody,
        response: { 200: ApplicationSchema, 201: ApplicationSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
      },
    }, async (request, reply) => {
      const who = filerOf(request);
      const body = request.body as { procedureCode: string; unitId: number; values: Record<string, string>; attachments?: { component: number | null; fileName: string; contentBase64: string }[] };
      const key = idempotencyKeyOf(request);
      const procedure = await procedureOf(ctx.db, body.procedureCode);
      const attachments = (body.attachments ?? []).map((a, i) => ({ component: a.component, fileName: a.fileName, data: decodeBase64(a.contentBase64, i) }));
      const result = await submitApplication(ctx, who, auditActorOf(request), { procedure, unitId: String(body.unitId), values: body.values, attachments, idempotencyKey: key });
      if (!result.ok) {
        const fields: Record<string, FieldMessage> = { ...result.problems };
        if (result.unitProblem) fields.unitId = result.unitProblem;
        for (const f of result.fileProblems) fields[`attachments.${f.index}`] = { key: f.error, params: f.params ?? {} };
        throw new AppError('records.api.invalid', 400, { fields: Object.keys(fields).join(', ') }, fields);
      }
      // A record this request filed has one event so far: status 1, written in the same transaction (file-record.ts), so at
      // the same now() as submitted_at. Not read back: one query less per submission (bench/submissions.ts).
      const filed = result.created ? [{ kind: 'status' as const, to_status: result.record.status, at: result.record.submitted_at }] : undefined;
      return reply.code(result.created ? 201 : 200).send(await applicationJson(ctx, result.record, filed));
    });

    app.get('/api/v1/applications', {
      config: { permission: 'citizen' },
      schema: {
        operationId: 'listMyApplications', tags: ['records'], summary: "The signed-in citizen's records, newest first",
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })) }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ApplicationSchema) }), 401: ErrorSchema },
      },
    }, async (request) => {
      const { limit = 20, offset = 0 } = request.query as { limit?: number; offset?: number };
      const found = await listRecords(ctx.db, await citizenScope(ctx.db, request.actor!.id), { limit, offset });
      return { total: found.total, items: await Promise.all(found.rows.map((r) => applicationJson(ctx, r))) };
    });

    app.get('/api/v1/applications/:code/status', {
      config: { permission: 'public', rateLimit: TRACK_RATE },
      schema: {
        operationId: 'getApplicationStatus', tags: ['records'],
        summary: 'Status and history of a record, by its code and the applicant\'s 12-digit ID number (the signed-in applicant may omit it)',
        params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
        querystring: Type.Object({ idNumber: Type.Optional(Type.String({ maxLength: 12 })) }),
        response: { 200: ApplicationSchema, 400: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema },
      },
    }, async (request) => {
      const code = normaliseRecordCode((request.params as { code: string }).code);
      const { idNumber } = request.query as { idNumber?: string };
      if (!code) throw new AppError('records.not_found', 404);
      const actor = request.actor;
      let record: RecordRow | undefined;
      if (idNumber !== undefined) record = await trackRecord(ctx.db, code, idNumber);
      else if (actor?.kind === 'citizen') {
        const own = await findRecordByCode(ctx.db, code);
        record = own && isCitizensRecord(await citizenScope(ctx.db, actor.id), own) ? own : undefined;
      } else throw new AppError('records.track.invalid', 400);
      if (!record) throw new AppError('records.not_found', 404);
      return applicationJson(ctx, record);
    });
  };
}
