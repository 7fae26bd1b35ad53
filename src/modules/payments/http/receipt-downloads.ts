/**
 * Downloads of receipts (biên lai), signed by the unit:
 *  - `/thanh-toan/:publicId/bien-lai.pdf`: a paid online payment's, for its applicant or an official reading
 *    records of its unit (the result page, the payments page of a record);
 *  - `/ho-so/:code/bien-lai.pdf`: the applicant's record's payment (online or at the desk);
 *  - `/admin/units/:unitId/records/:recordId/bien-lai.pdf`: the same for officials of the unit.
 * Anyone else, or no receipt (not paid): 404.
 */
import type { FastifyReply } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import { auditActorOf } from '../../audit/index.ts';
import { citizenOwnsRecord, findRecordById, findRecordForPayment } from '../../records/index.ts';
import type { PaymentsContext } from '../context.ts';
import { paymentReceipt, recordReceipt } from '../issue-receipt.ts';
import type { IssuedReceipt } from '../issue-receipt.ts';
import { visiblePayment } from './shared.ts';

const sendPdf = (reply: FastifyReply, r: IssuedReceipt) =>
  reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${r.fileName}"`).header('cache-control', 'private, no-store').send(Buffer.from(r.pdf));

export function receiptDownloads(ctx: PaymentsContext) {
  return (app: App) => {
    app.get('/thanh-toan/:publicId/bien-lai.pdf', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const payment = await visiblePayment(ctx, request, (request.params as { publicId: string }).publicId);
      return sendPdf(reply, await paymentReceipt(ctx, auditActorOf(request), payment));
    });

    app.get('/ho-so/:code/bien-lai.pdf', { config: { permission: 'citizen' } }, async (request, reply) => {
      const payable = await findRecordForPayment(ctx.db, (request.params as { code: string }).code);
      if (!payable || !(await citizenOwnsRecord(ctx.db, request.actor!.id, payable))) throw new AppError('records.not_found', 404);
      const record = (await findRecordById(ctx.db, payable.id))!;
      return sendPdf(reply, await recordReceipt(ctx, auditActorOf(request), record));
    });

    app.get('/admin/units/:unitId/records/:recordId/bien-lai.pdf', { config: { permission: 'records.view' } }, async (request, reply) => {
      const record = await findRecordById(ctx.db, idParam(request, 'recordId'));
      if (!record || Number(record.unit_id) !== idParam(request, 'unitId')) throw new AppError('records.not_found', 404);
      return sendPdf(reply, await recordReceipt(ctx, auditActorOf(request), record));
    });
  };
}
