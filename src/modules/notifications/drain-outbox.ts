import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { recordAuditInTrx, SYSTEM_ACTOR } from '../audit/index.ts';
import { MAX_ATTEMPTS, renderEnglish, renderMessage, retryDelayMs } from './domain/message.ts';
import type { Channel, RenderedMessage } from './domain/message.ts';
import { notificationsDb } from './store.ts';

/**
 * The port through which messages leave the platform. `send` resolves when the message was handed over
 * and throws when it was not (the drain retries later). `keepText` is what to keep of the text in the outbox
 * row: only the development sink keeps it; an adapter for a real gateway keeps nothing, so one-time codes do not
 * stay in the database after delivery.
 */
export interface Sender {
  readonly name: string;
  send(message: RenderedMessage): Promise<{ keepText?: string }>;
}

/**
 * The built-in development sink: "delivers" by keeping the rendered text in the outbox row, where
 * `/dev/outbox` shows it. It takes every channel that has no gateway configured (`adapters/routing.ts`); see docs/SECURITY.md.
 */
export const devSinkSender: Sender = {
  name: 'dev-sink',
  send: async (message) => ({ keepText: message.text }),
};

export interface DrainOptions {
  /** The time the drain acts at (tests move it forward to reach retries). */
  now?: Date;
  /** Messages claimed per transaction. */
  batchSize?: number;
  /** At most this many messages per call. */
  limit?: number;
  maxAttempts?: number;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

const clipError = (error: unknown) => [...String((error as Error)?.message ?? error)].slice(0, 500).join('');

/**
 * Delivers due messages. Each batch is claimed in one transaction with `for update skip locked`, so several
 * workers (processes, or timers in one process) never take the same message; the message is sent and its
 * row updated before that transaction commits. A failure is retried with exponential backoff and marked
 * failed after `maxAttempts` (that is audited; deliveries themselves are recorded on the row).
 */
export async function drainOutbox(db: Db, sender: Sender, options: DrainOptions = {}): Promise<DrainResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 20;
  const limit = options.limit ?? 200;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  let handled = 0;
  while (handled < limit) {
    const claimed = await db.transaction().execute(async (trx) => {
      const odb = notificationsDb(trx);
      const rows = await odb
        .selectFrom('outbox')
        .select(['id', 'channel', 'recipient', 'template', 'params', 'attempts'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at').orderBy('id')
        .limit(Math.min(batchSize, limit - handled))
        .forUpdate().skipLocked()
        .execute();
      for (const row of rows) {
        const attempts = row.attempts + 1;
        try {
          const params = (row.params ?? {}) as Record<string, string | number>;
          const text = renderMessage(row.template, params);
          const outcome = await sender.send({ id: Number(row.id), channel: row.channel as Channel, recipient: row.recipient, text, english: renderEnglish(row.template, params, text) });
          await odb
            .updateTable('outbox')
            .set({ status: 'sent', attempts, sent_at: now, last_error: null, rendered_text: outcome.keepText ?? null })
            .where('id', '=', row.id)
            .execute();
          result.sent++;
        } catch (error) {
          const delay = retryDelayMs(attempts, maxAttempts);
          if (delay === null) {
            await odb.updateTable('outbox').set({ status: 'failed', attempts, last_error: clipError(error) }).where('id', '=', row.id).execute();
            await recordAuditInTrx(trx, SYSTEM_ACTOR, {
              action: 'notifications.delivery_failed', targetType: 'outbox', targetId: Number(row.id),
              details: { channel: row.channel, template: row.template, attempts, via: sender.name },
            });
            result.failed++;
          } else {
            await odb
              .updateTable('outbox')
              .set({ attempts, last_error: clipError(error), next_attempt_at: sql<Date>`${new Date(now.getTime() + delay)}::timestamptz` })
              .where('id', '=', row.id)
              .execute();
            result.retried++;
          }
        }
      }
      return rows.length;
    });
    handled += claimed;
    if (claimed === 0) break;
  }
  return result;
}

/** Drains the outbox every `everyMs` in this process, one drain at a time; returns a stop function. */
export function startOutboxWorker(db: Db, sender: Sender, everyMs = 5000, onError: (error: unknown) => void = () => undefined): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    drainOutbox(db, sender).catch(onError).finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
