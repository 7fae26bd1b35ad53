/** Notifications: the outbox of SMS and email messages and its delivery (SMTP, an HTTP SMS gateway, or the development sink). Other modules use only this file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../platform/db/database.ts';
import type { App } from '../../platform/http/app.ts';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import { devOutboxRoutes } from './http/dev-outbox.ts';

export type { Channel, OutgoingMessage, RenderedMessage } from './domain/message.ts';
export { MAX_ATTEMPTS, renderMessage, retryDelayMs } from './domain/message.ts';
export type { OutboxEntry, OutboxStatus } from './store.ts';
export { listOutbox } from './store.ts';
export { enqueueInTrx } from './enqueue.ts';
export type { Sender, DrainOptions, DrainResult } from './drain-outbox.ts';
export { drainOutbox, devSinkSender, startOutboxWorker } from './drain-outbox.ts';
export { routingSender, senderFor } from './adapters/routing.ts';
export { smsGatewaySender } from './adapters/sms-gateway.ts';
export { smtpEmailSender } from './adapters/smtp-email.ts';

export const notificationsMigrations: MigrationSource = {
  module: 'notifications',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

/** Routes: the development sink's page, only when `devOutbox` is on. */
export function notificationsRoutes(db: Db, options: { devOutbox: boolean }) {
  return (app: App) => {
    if (options.devOutbox) devOutboxRoutes(db)(app);
  };
}
