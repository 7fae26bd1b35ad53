/**
 * The JSON API of payments: `createPayment` and `getPayment`, and the gateway's callback `paymentCallback`.
 * The callback takes its body as raw bytes (the signature is over exactly those): its parser exists only in
 * the plugin scope of that route, every other route keeps the platform's strict JSON parser.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { ErrorSchema, stringEnum } from '../../../platform/http/schema.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { PaymentsContext } from '../context.ts';
import { startPayment } from '../create-payment.ts';
import type { Headers } from '../domain/gateway.ts';
import { PAYMENT_STATUSES } from '../domain/settlement.ts';
import { receiveCallback } from '../receive-callback.ts';
import type { PaymentRow } from '../store.ts';
import { CALLBACK_BODY_LIMIT, SIGNATURE_HEADER } from '../wire.ts';
import { visiblePayment } from './shared.ts';

export const CALLBACK_PATH = '/api/v1/payments/callback';
/** A gateway delivers a few messages a minute; a flood of forged ones is cut off before it fills the log. */
const CALLBACK_RATE = { max: 600, timeWindow: '1 minute' };

const PaymentSchema = Type.Object({
  paymentId: Type.String({ description: 'The payment\'s public id (22 characters): the order id the gateway carries' }),
  recordCode: Type.String(),
  amount: Type.Integer({ minimum: 1, description: 'Integer đồng' }),
  currency: Type.Literal('VND'),
  status: stringEnum(PAYMENT_STATUSES),
  gateway: Type.String({ description: '`sandbox`, or the provider\'s name' }),
  channel: Type.Integer({ minimum: 1, maximum: 2, description: 'DuocThanhToanTrucTuyen: 1 the national payment platform, 2 a provincial one' }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const CreatedSchema = Type.Object({
  paymentId: Type.String(),
  redirectUrl: Type.String({ description: 'The gateway\'s page to send the citizen to' }),
  amount: Type.Integer({ minimum: 1, description: 'Integer đồng' }),
  currency: Type.Literal('VND'),
  status: stringEnum(PAYMENT_STATUSES),
  expiresAt: Type.String({ format: 'date-time' }),
});

const paymentJson = (p: PaymentRow) => ({
  paymentId: p.public_id, recordCode: p.record_code, amount: Number(p.amount), currency: 'VND' as const, status: p.status, gateway: p.gateway, channel: p.channel,
  createdAt: p.created_at.toISOString(), expiresAt: p.expires_at.toISOString(), paidAt: p.paid_at?.toISOString() ?? null,
});

export function paymentsApi(ctx: PaymentsContext) {
  return async (app: App) => {
    app.post('/api/v1/payments', {
      config: { permission: 'citizen' },
      schema: {
        operationId: 'createPayment', tags: ['payments'],
        summary: 'Start paying a record\'s fee online, as its applicant: the payment and the gateway page to send the citizen to',
        description: 'While a payment of the record is pending, the same one is returned (200) instead of a new one (201). The return page marks nothing paid: only the gateway\'s signed callback (or asking the gateway) does. 409 when the fee is paid already or not owed now.',
        body: Type.Object({ recordCode: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }),
        response: { 200: CreatedSchema, 201: CreatedSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    }, async (request, reply) => {
      const { recordCode } = request.body as { recordCode: string };
      const started = await startPayment(ctx, { id: request.actor!.id }, auditActorOf(request), recordCode);
      const p = started.payment;
      return reply.code(started.reused ? 200 : 201).send({ paymentId: p.public_id, redirectUrl: started.redirectUrl, amount: Number(p.amount), currency: 'VND', status: p.status, expiresAt: p.expires_at.toISOString() });
    });

    app.get('/api/v1/payments/:id', {
      config: { permission: 'signed_in' },
      schema: {
        operationId: 'getPayment', tags: ['payments'],
        summary: 'A payment, for the record\'s applicant or an official who reads records of its unit',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: PaymentSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    }, async (request) => paymentJson(await visiblePayment(ctx, request, (request.params as { id: string }).id)));

    await app.register(async (scope: App) => {
      // Only here: the body as the exact bytes received, whatever its declared type, for the signature.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: CALLBACK_BODY_LIMIT }, (_request, body, done) => done(null, body));
      scope.post(CALLBACK_PATH, {
        bodyLimit: CALLBACK_BODY_LIMIT,
        config: { permission: 'public', csrfExempt: true, skipSession: true, rateLimit: CALLBACK_RATE },
        // The body is described for the document and checked by the handler (after the signature), never before it.
        validatorCompiler: () => () => true,
        schema: {
          operationId: 'paymentCallback', tags: ['payments'],
          summary: 'The payment gateway\'s server-to-server message about a transaction (IPN)',
          description: `Signed: \`${SIGNATURE_HEADER}\` is the hex HMAC-SHA256, under the shared secret, of the exact bytes of the body (see src/modules/payments/wire.ts). 200 when the message was taken (applied, or a repeat of one already applied); 4xx when it was not (the reason is logged and audited): 401 bad or missing signature, 400 unreadable, another merchant or sent too long ago, 404 unknown transaction, 422 amount, currency or order differ, 409 contradicts a final state.`,
          headers: Type.Object({ [SIGNATURE_HEADER]: Type.Optional(Type.String({ description: 'hex HMAC-SHA256 of the body' })) }),
          body: Type.Object({
            merchantId: Type.String(), transactionId: Type.String(), orderId: Type.String(), recordCode: Type.String(),
            amount: Type.Integer({ minimum: 1, description: 'Integer đồng' }), currency: Type.String({ description: 'VND' }),
            status: stringEnum(['PAID', 'CANCELLED', 'FAILED']),
            paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), sentAt: Type.String({ format: 'date-time' }),
          }),
          response: {
            200: Type.Object({ result: stringEnum(['applied', 'duplicate', 'ignored']), paymentId: Type.String(), status: stringEnum(PAYMENT_STATUSES) }),
            400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 413: ErrorSchema, 422: ErrorSchema, 429: ErrorSchema,
          },
        },
      }, async (request: FastifyRequest) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return receiveCallback(ctx, new Uint8Array(raw), request.headers as Headers, { ip: request.ip ?? '', userAgent: String(request.headers['user-agent'] ?? '') });
      });
    });
  };
}
