/**
 * The national payment platform (or a provincial one) over HTTP: `PAYMENT_GATEWAY=national` with
 * `PAYMENT_GATEWAY_URL`, `PAYMENT_MERCHANT_ID` and `PAYMENT_SECRET`. A skeleton: the platform's specification
 * is not public, so what is posted where and how answers read is the generic format of `wire.ts` — the one
 * file to adapt to the provider's. This file only moves bytes, with a time limit, and never follows redirects.
 */
import type { PaymentsConfig } from '../../../platform/config.ts';
import { GatewayError } from '../domain/gateway.ts';
import type { Gateway, Headers } from '../domain/gateway.ts';
import { createRequest, decodeCallback, queryRequest, readCreated, readQueried } from '../wire.ts';
import type { WireRequest } from '../wire.ts';

type Fetch = typeof fetch;

export function nationalGateway(config: Pick<PaymentsConfig, 'url' | 'merchantId' | 'secret' | 'channel' | 'timeoutMs'>, fetchImpl: Fetch = fetch): Gateway {
  if (!config.url) throw new Error('the national payment gateway needs PAYMENT_GATEWAY_URL');
  const base = config.url.replace(/\/+$/, '');

  async function post(request: WireRequest): Promise<{ status: number; text: string; headers: Headers }> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${request.path}`, {
        method: 'POST', headers: { ...request.headers, accept: 'application/json' }, body: request.body,
        signal: AbortSignal.timeout(config.timeoutMs), redirect: 'error',
      });
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      throw new GatewayError(timedOut ? 'TIMEOUT' : 'UNREACHABLE', timedOut ? `no answer within ${config.timeoutMs} ms` : String((error as Error)?.message ?? error));
    }
    const text = await response.text().catch(() => '');
    const headers: Headers = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, text, headers };
  }

  return {
    name: 'national',
    channel: config.channel,
    async createTransaction(r) {
      const answer = await post(createRequest(config.secret, config.merchantId, r));
      return readCreated(config.secret, answer.status, answer.text, answer.headers);
    },
    async queryTransaction(gatewayTxnId) {
      const answer = await post(queryRequest(config.secret, config.merchantId, gatewayTxnId, new Date()));
      return readQueried(config.secret, gatewayTxnId, answer.status, answer.text, answer.headers);
    },
    verifyCallback: (raw, headers, now) => decodeCallback(config.secret, config.merchantId, raw, headers, now),
  };
}
