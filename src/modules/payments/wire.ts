/**
 * THE WIRE FORMAT of the payment platform — the one file to change for a real provider.
 *
 * The national payment platform's (PayGov's) technical specification is not public (vn-rules §6), so this is
 * the usual pattern of Vietnamese gateways, written down once: create a transaction → send the citizen to the
 * gateway's page → the gateway tells us the outcome server to server, signed → we may also ask it how a
 * transaction stands. The built-in sandbox (`adapters/sandbox-gateway.ts`, `http/sandbox-pages.ts`) speaks
 * exactly this format, so the platform's side is exercised end to end; the HTTP adapter for a real platform
 * (`adapters/national-gateway.ts`) only moves these requests.
 *
 * Signatures (`domain/signature.ts`): every body, both ways, carries `X-Paygate-Signature: <hex>`, the
 * HMAC-SHA256 under `PAYMENT_SECRET` of the body's exact bytes. Times are ISO 8601 with the Vietnam offset.
 *
 * The callback (gateway → us), `POST {PUBLIC_URL}/api/v1/payments/callback`, `Content-Type: application/json`:
 *
 *   {"merchantId":"SANDBOX","transactionId":"SBX…","orderId":"<our payment id>","recordCode":"H11.35.01-261128-0001",
 *    "amount":8000,"currency":"VND","status":"PAID","paidAt":"2026-11-28T10:15:02+07:00","sentAt":"2026-11-28T10:15:03+07:00"}
 *
 * `status` is PAID, CANCELLED or FAILED; `amount` integer đồng. A message whose `sentAt` is more than
 * `MAX_CALLBACK_AGE_MS` away from our clock is refused as stale (a gateway re-signs each delivery). We answer
 * 2xx when the message was taken (applied, or already known); anything else means "not taken": the gateway
 * may deliver again, and a 4xx names why (bad signature, unknown transaction, amount differs…).
 *
 * Create (us → gateway), `POST {PAYMENT_GATEWAY_URL}/transactions`:
 *   {"merchantId","orderId","recordCode","amount","currency","description","returnUrl","expiresAt"}
 *   → 2xx {"transactionId":"…","paymentUrl":"https://…"}
 * Query, `POST {PAYMENT_GATEWAY_URL}/transactions/query`: {"merchantId","transactionId","sentAt"}
 *   → 2xx {"transactionId","status":"PENDING|PAID|CANCELLED|FAILED|NOT_FOUND","amount","currency","paidAt"}
 * Answers are signed like requests; an answer whose signature does not hold is not believed.
 */
import sjson from 'secure-json-parse';
import { GatewayError } from './domain/gateway.ts';
import type { CallbackMessage, CreatedTransaction, Headers, QueriedTransaction, ReportedStatus, TransactionRequest, VerifiedCallback } from './domain/gateway.ts';
import { sign, verifySignature } from './domain/signature.ts';
import { isDong } from './domain/settlement.ts';

export const SIGNATURE_HEADER = 'x-paygate-signature';
export const MAX_CALLBACK_AGE_MS = 10 * 60_000;
/** A callback is a few hundred bytes. */
export const CALLBACK_BODY_LIMIT = 16 * 1024;

const TXN_ID = /^[A-Za-z0-9._-]{1,100}$/;
const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const RECORD_CODE = /^[A-Z0-9][A-Z0-9.]{0,39}-[0-9]{6}-[0-9]{4,9}$/;

const STATUS_WORDS: Record<string, ReportedStatus> = { PAID: 'paid', CANCELLED: 'cancelled', FAILED: 'failed' };
const STATUS_OF: Record<ReportedStatus, string> = { paid: 'PAID', cancelled: 'CANCELLED', failed: 'FAILED' };

/** 2026-11-28T10:15:03+07:00: Vietnam time (UTC+7, no daylight saving), whole seconds. */
export function wireTime(at: Date): string {
  return `${new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

/** An ISO 8601 time with an offset (or Z); null for anything else. */
function readTime(value: unknown): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
}

function parseJson(text: string): unknown {
  try {
    return sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// --- the callback ----------------------------------------------------------------------------------

export interface CallbackFields {
  merchantId: string;
  transactionId: string;
  orderId: string;
  recordCode: string;
  amount: number;
  currency: string;
  status: ReportedStatus;
  paidAt: Date | null;
  sentAt: Date;
}

/** The callback a gateway sends: its body (the exact bytes to post) and headers. */
export function encodeCallback(secret: string, f: CallbackFields): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    merchantId: f.merchantId, transactionId: f.transactionId, orderId: f.orderId, recordCode: f.recordCode, amount: f.amount, currency: f.currency,
    status: STATUS_OF[f.status], paidAt: f.paidAt ? wireTime(f.paidAt) : null, sentAt: wireTime(f.sentAt),
  });
  return { body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(secret, body) } };
}

/**
 * A received callback: the signature over the raw bytes first (nothing is parsed before it holds), then the
 * message, the merchant and the time of sending.
 */
export function decodeCallback(secret: string, merchantId: string, raw: Uint8Array, headers: Headers, now: Date): VerifiedCallback {
  const check = verifySignature(secret, raw, header(headers, SIGNATURE_HEADER));
  if (check === 'missing') return { ok: false, reason: 'missing_signature' };
  if (check === 'mismatch') return { ok: false, reason: 'bad_signature' };
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const o = parseJson(text) as Record<string, unknown> | undefined;
  if (!o || typeof o !== 'object' || Array.isArray(o)) return { ok: false, reason: 'malformed' };
  const status = typeof o.status === 'string' ? STATUS_WORDS[o.status] : undefined;
  const sentAt = readTime(o.sentAt);
  const paidAt = o.paidAt === null || o.paidAt === undefined ? null : readTime(o.paidAt);
  if (
    typeof o.merchantId !== 'string' || typeof o.transactionId !== 'string' || !TXN_ID.test(o.transactionId) || typeof o.orderId !== 'string' || !ORDER_ID.test(o.orderId) ||
    typeof o.recordCode !== 'string' || !RECORD_CODE.test(o.recordCode) || !isDong(o.amount) || typeof o.currency !== 'string' || o.currency.length > 8 ||
    !status || !sentAt || (o.paidAt !== null && o.paidAt !== undefined && !paidAt) || (status === 'paid' && !paidAt)
  ) return { ok: false, reason: 'malformed' };
  if (o.merchantId !== merchantId) return { ok: false, reason: 'wrong_merchant' };
  if (Math.abs(now.getTime() - sentAt.getTime()) > MAX_CALLBACK_AGE_MS) return { ok: false, reason: 'stale' };
  const message: CallbackMessage = { gatewayTxnId: o.transactionId, orderId: o.orderId, recordCode: o.recordCode, amount: o.amount, currency: o.currency, status, paidAt, sentAt };
  return { ok: true, message };
}

// --- create and query (us → gateway) ---------------------------------------------------------------

export interface WireRequest {
  /** Appended to PAYMENT_GATEWAY_URL. */
  path: string;
  body: string;
  headers: Record<string, string>;
}

const signed = (secret: string, path: string, payload: unknown): WireRequest => {
  const body = JSON.stringify(payload);
  return { path, body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(secret, body) } };
};

export function createRequest(secret: string, merchantId: string, r: TransactionRequest): WireRequest {
  return signed(secret, '/transactions', {
    merchantId, orderId: r.orderId, recordCode: r.recordCode, amount: r.amount, currency: r.currency, description: r.description, returnUrl: r.returnUrl, expiresAt: wireTime(r.expiresAt),
  });
}

export function queryRequest(secret: string, merchantId: string, gatewayTxnId: string, now: Date): WireRequest {
  return signed(secret, '/transactions/query', { merchantId, transactionId: gatewayTxnId, sentAt: wireTime(now) });
}

/** An answer's JSON, once its signature holds; a `GatewayError` otherwise. */
function readAnswer(secret: string, httpStatus: number, text: string, headers: Headers): Record<string, unknown> {
  if (httpStatus < 200 || httpStatus > 299) throw new GatewayError(`HTTP_${httpStatus}`, [...text.replace(/\s+/g, ' ')].slice(0, 200).join(''));
  if (verifySignature(secret, text, header(headers, SIGNATURE_HEADER)) !== 'ok') throw new GatewayError('BAD_SIGNATURE', 'the answer is not signed with PAYMENT_SECRET');
  const o = parseJson(text);
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new GatewayError('MALFORMED', 'the answer is not a JSON object');
  return o as Record<string, unknown>;
}

export function readCreated(secret: string, httpStatus: number, text: string, headers: Headers): CreatedTransaction {
  const o = readAnswer(secret, httpStatus, text, headers);
  if (typeof o.transactionId !== 'string' || !TXN_ID.test(o.transactionId)) throw new GatewayError('MALFORMED', 'no transactionId');
  let url: URL;
  try {
    url = new URL(String(o.paymentUrl));
  } catch {
    throw new GatewayError('MALFORMED', 'no paymentUrl');
  }
  if (url.protocol !== 'https:') throw new GatewayError('MALFORMED', 'paymentUrl is not https');
  return { gatewayTxnId: o.transactionId, redirectUrl: url.href };
}

const QUERY_STATUS: Record<string, QueriedTransaction['status']> = { PENDING: 'pending', PAID: 'paid', CANCELLED: 'cancelled', FAILED: 'failed', NOT_FOUND: 'unknown' };

export function readQueried(secret: string, gatewayTxnId: string, httpStatus: number, text: string, headers: Headers): QueriedTransaction {
  const o = readAnswer(secret, httpStatus, text, headers);
  const status = typeof o.status === 'string' ? QUERY_STATUS[o.status] : undefined;
  if (!status || (status !== 'unknown' && o.transactionId !== gatewayTxnId)) throw new GatewayError('MALFORMED', 'no status for the transaction asked about');
  return {
    status,
    amount: isDong(o.amount) ? o.amount : null,
    currency: typeof o.currency === 'string' ? o.currency : null,
    paidAt: readTime(o.paidAt),
  };
}
