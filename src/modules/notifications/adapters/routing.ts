/**
 * Which sender takes a message: by its channel, the configured gateway (SMTP for email, the HTTP SMS
 * gateway for SMS); a channel without one goes to the development sink, which keeps the text for
 * `/dev/outbox` and the tests. With no configuration at all everything goes to the sink, as before.
 */
import type { NotificationsConfig } from '../../../platform/config.ts';
import type { Channel } from '../domain/message.ts';
import { devSinkSender } from '../drain-outbox.ts';
import type { Sender } from '../drain-outbox.ts';
import { smsGatewaySender } from './sms-gateway.ts';
import { smtpEmailSender } from './smtp-email.ts';

export type Routes = Partial<Record<Channel, Sender | null>>;

/** Sends each message through its channel's sender, or `fallback`; the outcome (what to keep) is that sender's. */
export function routingSender(routes: Routes, fallback: Sender = devSinkSender): Sender {
  const senderOf = (channel: Channel) => routes[channel] ?? fallback;
  return {
    name: `sms→${senderOf('sms').name}, email→${senderOf('email').name}`,
    send: (message) => senderOf(message.channel).send(message),
  };
}

/** The sender the outbox worker uses for this configuration. */
export function senderFor(config: NotificationsConfig): Sender {
  return routingSender({
    email: config.email ? smtpEmailSender(config.email) : null,
    sms: config.sms ? smsGatewaySender(config.sms) : null,
  });
}
