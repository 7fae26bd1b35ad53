/**
 * The one-stop forms of a record as PDFs (Mẫu 01–06) and the register of a period (Mẫu 07), printed from
 * the record, its events and the catalogue version it was filed under. Each form exists once the step it
 * documents has happened (no receipt before intake, no refusal slip for a received record).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import { findProcedureVersionById } from '../../catalogue/index.ts';
import type { ProcessingTime } from '../../catalogue/index.ts';
import { findUnit, listUnitsWithin } from '../../tenancy/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import {
  renderApologyExtension, renderControlSlip, renderReceipt, renderRefusal, renderRegister, renderStopNotice, renderSupplementRequest,
} from '../../one-stop-forms/index.ts';
import type { FormAgency } from '../../one-stop-forms/index.ts';
import type { RecordsContext } from '../context.ts';
import { parseDate } from '../domain/form-values.ts';
import { normaliseRecordCode } from '../domain/record-code.ts';
import { findRecordByCode, findRecordById, listEvents } from '../store.ts';
import type { EventRow, RecordRow } from '../store.ts';
import { listRecords } from '../record-lists.ts';
import { citizenScope, isCitizensRecord } from '../citizen-scope.ts';
import { auditActorOf } from '../../audit/index.ts';
import { signAsUnit } from '../../signatures/index.ts';
import { translator } from '../../../platform/i18n/index.ts';

export const FORMS = ['mau-01', 'mau-02', 'mau-03', 'mau-04', 'mau-05', 'mau-06'] as const;
export type FormName = (typeof FORMS)[number];

/** "Xã Mường Đăng" → the header "Ủy ban nhân dân xã Mường Đăng" and the place "Mường Đăng". */
function agencyOf(unit: Unit): FormAgency {
  const lower = unit.name.charAt(0).toLowerCase() + unit.name.slice(1);
  return { parent: `Ủy ban nhân dân ${lower}`, name: 'Bộ phận Một cửa', place: unit.name.replace(/^(Xã|Phường|Thị trấn|Đặc khu)\s+/u, '') };
}

function timeText(time: ProcessingTime): string {
  if (time.value === null) return time.note ?? 'Theo quy định';
  const n = String(time.value).padStart(2, '0');
  return time.unit === 'working_days' ? `${n} ngày làm việc` : time.unit === 'working_hours' ? `${n} giờ làm việc` : time.unit === 'days' ? `${n} ngày` : n;
}

const lastOf = (events: EventRow[], test: (e: EventRow) => boolean) => events.filter(test).pop();
const statusEvent = (events: EventRow[], to: number) => lastOf(events, (e) => e.kind === 'status' && e.to_status === to);

/**
 * Which forms a record has now. The receipt, the refusal slip and the stop notice print who took the step and when,
 * from its event: a record without it (e.g. the demo's synthetic history, which has no events) does not offer them.
 */
export function formsOf(record: RecordRow, events: EventRow[]): FormName[] {
  const has: FormName[] = [];
  if (record.received_at && statusEvent(events, 2)) has.push('mau-01');
  if (events.some((e) => e.kind === 'supplement_request')) has.push('mau-02');
  if (record.status === 3 && statusEvent(events, 3)) has.push('mau-03');
  if (record.extended_at) has.push('mau-04');
  if (record.status === 8 && statusEvent(events, 8)) has.push('mau-05');
  if (record.received_at) has.push('mau-06');
  return has;
}

const applicantOf = (r: RecordRow) => ({ name: r.applicant_name, idNumber: r.applicant_id_number, address: r.applicant_address, phone: r.applicant_phone, email: r.applicant_email });
const LEADER = { capacity: ['TM. ỦY BAN NHÂN DÂN'], title: 'CHỦ TỊCH' };

async function render(ctx: RecordsContext, publicUrl: string, record: RecordRow, form: FormName): Promise<Uint8Array> {
  const [events, unit, procedure] = await Promise.all([listEvents(ctx.db, Number(record.id)), findUnit(ctx.db, Number(record.unit_id)), findProcedureVersionById(ctx.db, Number(record.procedure_id))]);
  if (!unit || !formsOf(record, events).includes(form)) throw new AppError('records.forms.not_yet', 404);
  const agency = agencyOf(unit);
  const base = { agency, applicant: applicantOf(record), procedureName: record.procedure_name, recordCode: record.code };
  const now = new Date();
  switch (form) {
    case 'mau-01': {
      const accepted = statusEvent(events, 2);
      return renderReceipt({
        ...base, publicUrl,
        components: (procedure?.components ?? []).map((c) => ({ name: c.name, originals: c.originals, copies: c.copies })),
        sets: 1, processingTime: procedure ? timeText(procedure.processingTime) : '',
        fee: { amount: Number(record.fee_amount), timing: procedure?.feeTiming ?? null },
        receivedAt: record.received_at!, returnAt: record.due_at,
        returnPlace: `Bộ phận Một cửa – ${agency.parent}`, receivingOfficial: accepted?.author_name ?? '',
      });
    }
    case 'mau-02': {
      const asked = lastOf(events, (e) => e.kind === 'supplement_request')!;
      return renderSupplementRequest({
        ...base, issuedAt: asked.at,
        missing: asked.body.split('\n').map((line) => line.trim()).filter(Boolean).map((name) => ({ name })),
        contact: { name: asked.author_name }, official: asked.author_name,
      });
    }
    case 'mau-03': {
      const refused = statusEvent(events, 3)!;
      return renderRefusal({ ...base, issuedAt: refused.at, reasons: [record.decision_reason ?? refused.body].filter(Boolean), official: refused.author_name });
    }
    case 'mau-04':
      return renderApologyExtension({
        ...base, recordCode: record.code, issuedAt: record.extended_at!, receivedAt: record.received_at!, dueAt: record.original_due_at ?? record.due_at!,
        reason: record.extension_reason ?? '', newDueAt: record.due_at!, signer: LEADER,
      });
    case 'mau-05': {
      const stopped = statusEvent(events, 8)!;
      return renderStopNotice({ ...base, recordCode: record.code, issuedAt: stopped.at, receivedAt: record.received_at ?? record.submitted_at, requestedAt: record.withdrawal_requested_at, reason: record.decision_reason ?? record.withdrawal_reason, signer: LEADER });
    }
    case 'mau-06':
      return renderControlSlip({
        agency, recordCode: record.code, publicUrl, issuedAt: now, applicant: applicantOf(record), procedureName: record.procedure_name,
        receivedAt: record.received_at!, dueAt: record.due_at,
        handOvers: events.filter((e) => e.kind === 'handover').map((e) => ({ from: e.author_name, to: e.to_name ?? '', at: e.at, giver: e.author_name, taker: e.to_name, result: e.step_result, note: e.body || null })),
      });
  }
}

/** The most records one register prints: a commune's year is a few thousand. */
const REGISTER_MAX = 20_000;

/** The words of a visible signature, in the documents' language. */
const vi = translator('vi');

/** The form as the unit issues it: signed with the unit's seal certificate (invisibly: see signAsUnit), when signing is on. */
async function issued(ctx: RecordsContext, request: FastifyRequest, unitId: number, pdf: Uint8Array): Promise<Uint8Array> {
  if (!ctx.signatures) return pdf;
  return signAsUnit(ctx.signatures, auditActorOf(request), { unitId, pdf, labels: { signedBy: vi('signatures.appearance.signed_by'), time: vi('signatures.appearance.time') } });
}

const sendPdf = (reply: FastifyReply, bytes: Uint8Array, name: string) =>
  reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${name}"`).header('cache-control', 'private, no-store').send(Buffer.from(bytes));

export function formDownloads(ctx: RecordsContext, publicUrl: string) {
  const formParam = (request: FastifyRequest): FormName => {
    const { form } = request.params as { form: string };
    const name = form.replace(/\.pdf$/, '');
    if (!(FORMS as readonly string[]).includes(name)) throw new AppError('error.not_found', 404);
    return name as FormName;
  };
  return (app: App) => {
    app.get('/admin/units/:unitId/records/:recordId/forms/:form', { config: { permission: 'records.view' } }, async (request, reply) => {
      const record = await findRecordById(ctx.db, idParam(request, 'recordId'));
      if (!record || Number(record.unit_id) !== idParam(request, 'unitId')) throw new AppError('records.not_found', 404);
      const form = formParam(request);
      return sendPdf(reply, await issued(ctx, request, Number(record.unit_id), await render(ctx, publicUrl, record, form)), `${record.code}-${form}.pdf`);
    });

    // The applicant keeps the receipt and the letters addressed to them.
    app.get('/ho-so/:code/mau/:form', { config: { permission: 'citizen' } }, async (request, reply) => {
      const code = normaliseRecordCode((request.params as { code: string }).code);
      const record = code ? await findRecordByCode(ctx.db, code) : undefined;
      if (!record || !isCitizensRecord(await citizenScope(ctx.db, request.actor!.id), record)) throw new AppError('records.not_found', 404);
      const form = formParam(request);
      if (form === 'mau-06') throw new AppError('error.not_found', 404);
      return sendPdf(reply, await issued(ctx, request, Number(record.unit_id), await render(ctx, publicUrl, record, form)), `${record.code}-${form}.pdf`);
    });

    app.get('/admin/units/:unitId/register', {
      config: { permission: 'records.view' },
      schema: { querystring: Type.Object({ from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })) }) },
    }, async (request, reply) => {
      const unit = (await findUnit(ctx.db, idParam(request, 'unitId')))!;
      const q = request.query as { from?: string; to?: string };
      const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
      const from = parseDate(q.from ?? '') ?? `${today.slice(0, 8)}01`;
      const to = parseDate(q.to ?? '') ?? today;
      if (from > to) throw new AppError('records.forms.bad_period', 400);
      const start = new Date(`${from}T00:00:00+07:00`);
      const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86400_000);
      const unitIds = (await listUnitsWithin(ctx.db, unit.path)).map((u) => u.id);
      // The register lists what was received in the period, oldest first; a period's records come from the database, not a
      // filtered page, so a busy commune's month is never cut short.
      const found = await listRecords(ctx.db, { unitIds, receivedFrom: start, receivedBefore: end }, { limit: REGISTER_MAX, offset: 0 });
      if (found.total > REGISTER_MAX) throw new AppError('records.forms.period_too_long', 400, { max: REGISTER_MAX });
      const entries = [...found.rows].sort((a, b) => a.received_at!.getTime() - b.received_at!.getTime() || a.id - b.id).map((r) => ({
        code: r.code, procedureName: r.procedure_name, sets: 1, applicantName: r.applicant_name, address: r.applicant_address, phone: r.applicant_phone,
        handlingAgency: unit.name, receivedAt: r.received_at!, dueAt: r.due_at, resultReceivedAt: r.decided_at, returnedAt: r.returned_at, note: null,
      }));
      const pdf = await renderRegister({ agency: agencyOf(unit), issuedAt: new Date(), from: start, to: new Date(end.getTime() - 1), entries });
      return sendPdf(reply, await issued(ctx, request, unit.id, pdf), `so-theo-doi-${from}-${to}.pdf`);
    });
  };
}
