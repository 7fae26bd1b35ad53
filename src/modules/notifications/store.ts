import type { Generated } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { Channel } from './domain/message.ts';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface NotificationsTables {
  outbox: {
    id: Generated<number>;
    channel: Channel;
    recipient: string;
    template: string;
    params: unknown;
    status: Generated<OutboxStatus>;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    created_at: Generated<Date>;
    sent_at: Date | null;
    last_error: string | null;
    rendered_text: string | null;
  };
}

export const notificationsDb = (db: Db | Trx) => tables<NotificationsTables>(db);

/** A message of the outbox as the pages and tests see it. */
export interface OutboxEntry {
  id: number;
  channel: Channel;
  recipient: string;
  template: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  lastError: string | null;
  text: string | null;
}

/** The latest messages, newest first. */
export async function listOutbox(db: Db | Trx, limit = 50): Promise<OutboxEntry[]> {
  const rows = await notificationsDb(db).selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id), channel: r.channel, recipient: r.recipient, template: r.template, status: r.status, attempts: r.attempts,
    createdAt: r.created_at, sentAt: r.sent_at, lastError: r.last_error, text: r.rendered_text,
  }));
}
