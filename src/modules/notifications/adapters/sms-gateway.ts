/**
 * SMS through a brandname SMS provider's HTTP gateway (`SMS_GATEWAY_URL`). Vietnamese providers each have
 * their own API, so this speaks a generic one that a provider's API, or a small relay in front of it, can take:
 *
 *   POST SMS_GATEWAY_URL
 *   Authorization: Bearer SMS_GATEWAY_TOKEN
 *   Content-Type: application/json; charset=utf-8
 *   {"to": "84912345678", "text": "…", "brandname": "SMS_BRANDNAME", "id": 42}
 *
 * `id` is the outbox row's: the drain delivers at least once (a crash between sending and committing sends
 * again), so a gateway that remembers ids can drop the repeat. Any 2xx answer is "handed over"; anything
 * else, no answer within `timeoutMs` or no connection throws, and the drain retries with backoff.
 *
 * The text goes as it is, UTF-8. The catalogue's SMS templates are already without diacritics, but values
 * put into them (a procedure's or a commune's name) are not; real brandname gateways often take GSM-7 text
 * only (or bill an accented message as Unicode, 70 characters a part instead of 160), so
 * `SMS_STRIP_DIACRITICS=1` sends the text without its marks.
 */
import type { SmsGatewayConfig } from '../../../platform/config.ts';
import type { Sender } from '../drain-outbox.ts';
import { internationalMobile, stripDiacritics } from '../domain/message.ts';

type Fetch = typeof fetch;

export function smsGatewaySender(config: SmsGatewayConfig, fetchImpl: Fetch = fetch): Sender {
  const host = new URL(config.url).host;
  return {
    name: `sms-gateway:${host}`,
    async send(message) {
      if (message.channel !== 'sms') throw new Error(`The SMS gateway cannot send a ${message.channel} message`);
      const body = {
        to: internationalMobile(message.recipient),
        text: config.stripDiacritics ? stripDiacritics(message.text) : message.text,
        brandname: config.brandname,
        id: message.id,
      };
      let response: Response;
      try {
        response = await fetchImpl(config.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', authorization: `Bearer ${config.token}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(config.timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        const name = (error as Error)?.name;
        if (name === 'TimeoutError' || name === 'AbortError') throw new Error(`SMS gateway ${host}: no answer within ${config.timeoutMs} ms`);
        throw new Error(`SMS gateway ${host} unreachable: ${String((error as Error)?.cause ?? (error as Error)?.message ?? error)}`);
      }
      // The body is read either way so the connection is released (the time limit covers it too); on a refusal it says why.
      const answer = await response.text().catch(() => '');
      if (response.status < 200 || response.status > 299) {
        throw new Error(`SMS gateway ${host} answered HTTP ${response.status}${answer ? `: ${[...answer.replace(/\s+/g, ' ')].slice(0, 200).join('')}` : ''}`);
      }
      return {};
    },
  };
}
