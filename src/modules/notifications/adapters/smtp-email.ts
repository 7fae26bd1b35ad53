/**
 * Email over SMTP with nodemailer (`SMTP_URL`, `MAIL_FROM`). `smtps://` speaks TLS from the first byte
 * (port 465); `smtp://` must be upgraded with STARTTLS (port 587) or the message is not sent: a server that
 * does not offer it fails the delivery rather than getting one-time codes in clear. Certificates are
 * verified against the system's trust store.
 *
 * One plain-text message per outbox row, subject and body rendered by `emailContent` (Vietnamese first, English
 * second where the template has both). A refusal, a failed handshake or a timeout throws, and the drain
 * retries with backoff. Nothing is kept (`keepText` stays empty): codes do not stay in the database.
 */
import nodemailer from 'nodemailer';
import type { ConnectionOptions } from 'node:tls';
import type { SmtpConfig } from '../../../platform/config.ts';
import type { Sender } from '../drain-outbox.ts';
import { emailContent } from '../domain/message.ts';

export interface SmtpSenderOptions {
  /** Extra TLS options, e.g. `ca` for a server whose certificate the system does not trust (tests use it). */
  tls?: ConnectionOptions;
}

export function smtpEmailSender(config: SmtpConfig, options: SmtpSenderOptions = {}): Sender {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.implicitTls,
    requireTLS: !config.implicitTls,
    auth: config.user ? { user: config.user, pass: config.pass } : undefined,
    tls: { minVersion: 'TLSv1.2', ...options.tls },
    // The drain holds its batch's rows while it sends: a silent server must not hold them for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    name: `smtp:${config.host}`,
    async send(message) {
      if (message.channel !== 'email') throw new Error(`The SMTP adapter cannot send a ${message.channel} message`);
      const { subject, text } = emailContent(message);
      await transport.sendMail({
        from: config.from,
        to: message.recipient,
        subject,
        text,
        // RFC 3834: tells mail servers and clients not to answer it with an out-of-office reply.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      return {};
    },
  };
}
