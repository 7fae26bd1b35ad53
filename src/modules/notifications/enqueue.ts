import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { checkMessage } from './domain/message.ts';
import type { OutgoingMessage } from './domain/message.ts';
import { notificationsDb } from './store.ts';

/**
 * Puts a message in the outbox inside the caller's transaction: it exists if and only if the caller's
 * write commits. An unknown template or channel throws, failing that transaction rather than a delivery later.
 */
export async function enqueueInTrx(trx: Trx, message: OutgoingMessage): Promise<number> {
  checkMessage(message);
  const { id } = await notificationsDb(trx)
    .insertInto('outbox')
    .values({ channel: message.channel, recipient: message.recipient, template: message.template, params: sql`${JSON.stringify(message.params ?? {})}::jsonb`, sent_at: null, last_error: null, rendered_text: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}
