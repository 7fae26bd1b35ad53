/**
 * The national portal over HTTP, through the province's gateway at `PORTAL_SYNC_URL`: a client-credentials
 * token (kept until shortly before it expires), then one JSON post per message. What is posted where, and
 * how answers read, is in `wire.ts`; this file only moves bytes, with a time limit.
 */
import type { PortalSyncConfig } from '../../platform/config.ts';
import { PortalError } from './client.ts';
import type { PortalClient, PortalMessage, PortalReceipt } from './client.ts';
import { operationRequest, readOutcome, readToken, tokenRequest } from './wire.ts';
import type { WireRequest } from './wire.ts';

type Fetch = typeof fetch;

export function httpPortalClient(config: Pick<PortalSyncConfig, 'url' | 'clientId' | 'clientSecret' | 'timeoutMs'>, fetchImpl: Fetch = fetch): PortalClient {
  if (!config.url) throw new Error('httpPortalClient needs PORTAL_SYNC_URL');
  const base = config.url.replace(/\/+$/, '');
  let token: { value: string; until: number } | null = null;

  async function post(request: WireRequest, bearer: string | null): Promise<{ status: number; json: unknown }> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${request.path}`, {
        method: 'POST',
        headers: { ...request.headers, 'content-type': request.contentType, accept: 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: request.body,
        signal: AbortSignal.timeout(config.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      throw new PortalError(timedOut ? 'TIMEOUT' : 'UNREACHABLE', timedOut ? `no answer within ${config.timeoutMs} ms` : String((error as Error)?.message ?? error), true);
    }
    const text = await response.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, json };
  }

  async function bearer(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const { status, json } = await post(tokenRequest(config.clientId, config.clientSecret), null);
    const read = status >= 200 && status < 300 ? readToken(json) : null;
    // A refused token is a configuration problem the administrator fixes; every message waits meanwhile.
    if (!read) throw new PortalError('TOKEN_REFUSED', `the gateway gave no token (HTTP ${status})`, true);
    token = { value: read.token, until: Date.now() + Math.max(0, read.expiresInSeconds - 30) * 1000 };
    return token.value;
  }

  return {
    name: new URL(base).host,
    kind: 'http',
    async send(message: PortalMessage): Promise<PortalReceipt> {
      const request = operationRequest(message.operation, message.payload, message.key);
      const { status, json } = await post(request, await bearer());
      const outcome = readOutcome(status, json);
      if (status === 401) token = null;
      if (outcome.kind === 'accepted') return { duplicate: false };
      throw new PortalError(outcome.code, outcome.message, outcome.kind === 'retry');
    },
  };
}
