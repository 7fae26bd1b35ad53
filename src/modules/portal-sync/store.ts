/** The portal-sync module's tables, and the only code that names them. */
import { sql } from 'kysely';
import type { Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { Operation, Payload } from './wire.ts';

export type QueueStatus = 'pending' | 'sent' | 'failed';

export interface PortalSyncTables {
  portal_sync_cursor: {
    id: number;
    last_event_id: number;
    gap_at_event_id: number | null;
    gap_seen_at: Date | null;
    gap_xmax: number | null;
    updated_at: Generated<Date>;
  };
  portal_sync_queue: {
    id: Generated<number>;
    event_id: number;
    record_id: number;
    record_code: string;
    unit_id: number;
    kind: Operation;
    payload: Payload;
    status: Generated<QueueStatus>;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    created_at: Generated<Date>;
    last_attempt_at: Date | null;
    sent_at: Date | null;
    last_error: string | null;
  };
  portal_sync_simulator_inbox: {
    id: Generated<number>;
    received_at: Generated<Date>;
    idempotency_key: string;
    operation: Operation;
    ma_ho_so: string;
    unit_id: number | null;
    payload: unknown;
    accepted: boolean;
    error_code: string | null;
    error_message: string | null;
  };
  portal_sync_simulator_dossiers: {
    ma_ho_so: string;
    unit_id: number | null;
    status: number;
    furthest_rank: number;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  portal_sync_simulator_state: { id: number; down: boolean; changed_at: Generated<Date> };
}

export const portalSyncDb = (db: Db | Trx) => tables<PortalSyncTables>(db);
export const json = (value: unknown) => sql<never>`${JSON.stringify(value)}::jsonb`;
export const at = (date: Date) => sql<Date>`${date}::timestamptz`;

export type CursorRow = Selectable<PortalSyncTables['portal_sync_cursor']>;
export type QueueRow = Selectable<PortalSyncTables['portal_sync_queue']>;

// --- the cursor ------------------------------------------------------------------------------------

/** The cursor, locked for this transaction; undefined while another process holds it (it is reading events). */
export async function lockCursorInTrx(trx: Trx): Promise<CursorRow | undefined> {
  const pdb = portalSyncDb(trx);
  const lock = () => pdb.selectFrom('portal_sync_cursor').selectAll().where('id', '=', 1).forUpdate().skipLocked().executeTakeFirst();
  const row = await lock();
  if (row) return row;
  // Written on first use: a missing row and a row another worker holds look alike to `skip locked`.
  const created = await pdb.insertInto('portal_sync_cursor').values({ id: 1, last_event_id: 0, gap_at_event_id: null, gap_seen_at: null, gap_xmax: null })
    .onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return created ? lock() : undefined;
}

/** The cursor as the page shows it (at the start before any worker ran). */
export async function readCursor(db: Db | Trx): Promise<CursorRow> {
  const row = await portalSyncDb(db).selectFrom('portal_sync_cursor').selectAll().where('id', '=', 1).executeTakeFirst();
  return row ?? { id: 1, last_event_id: 0, gap_at_event_id: null, gap_seen_at: null, gap_xmax: null, updated_at: new Date(0) };
}

export async function moveCursorInTrx(trx: Trx, lastEventId: number, gap: { atEventId: number; seenAt: Date; xmax: number } | null): Promise<void> {
  await portalSyncDb(trx).updateTable('portal_sync_cursor')
    .set({ last_event_id: lastEventId, gap_at_event_id: gap?.atEventId ?? null, gap_seen_at: gap ? at(gap.seenAt) : null, gap_xmax: gap?.xmax ?? null, updated_at: sql`now()` })
    .where('id', '=', 1).execute();
}

/**
 * The database's view of running transactions: every transaction id below `xmin` has ended; `xmax` is the
 * first id not yet given out.
 */
export async function transactionHorizon(trx: Trx): Promise<{ xmin: number; xmax: number }> {
  const { rows } = await sql<{ xmin: string; xmax: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(trx);
  return { xmin: Number(rows[0]!.xmin), xmax: Number(rows[0]!.xmax) };
}

// --- the queue -------------------------------------------------------------------------------------

export interface NewMessage {
  eventId: number;
  recordId: number;
  recordCode: string;
  unitId: number;
  kind: Operation;
  payload: Payload;
}

/** Queues a message; false when its event already has one. */
export async function insertMessageInTrx(trx: Trx, m: NewMessage, now: Date): Promise<boolean> {
  const row = await portalSyncDb(trx).insertInto('portal_sync_queue')
    .values({ event_id: m.eventId, record_id: m.recordId, record_code: m.recordCode, unit_id: m.unitId, kind: m.kind, payload: json(m.payload), next_attempt_at: at(now), created_at: at(now), last_attempt_at: null, sent_at: null, last_error: null })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('id').executeTakeFirst();
  return row !== undefined;
}

/** The record's latest queued message: whether the portal has (or will have) its dossier, and at which status. */
export async function latestMessageOf(trx: Trx, recordId: number): Promise<{ kind: Operation; status: number } | undefined> {
  const row = await portalSyncDb(trx).selectFrom('portal_sync_queue')
    .select(['kind', sql<number>`(payload->>'TrangThaiHoSo')::int`.as('status')])
    .where('record_id', '=', recordId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { kind: row.kind, status: Number(row.status) } : undefined;
}

/**
 * Takes up to `limit` due messages, each the first unsent one of its record (a record's later messages wait
 * until it is sent), skipping rows another worker holds; each gets an attempt and a lease until `leaseUntil`.
 */
export async function claimDueInTrx(trx: Trx, now: Date, limit: number, leaseUntil: Date): Promise<QueueRow[]> {
  const pdb = portalSyncDb(trx);
  const rows = await pdb.selectFrom('portal_sync_queue as q').selectAll('q')
    .where('q.status', '=', 'pending')
    .where('q.next_attempt_at', '<=', at(now))
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('portal_sync_queue as p').select(sql`1`.as('one')).whereRef('p.record_id', '=', 'q.record_id').whereRef('p.id', '<', 'q.id').where('p.status', '<>', 'sent'),
    )))
    .orderBy('q.id').limit(limit)
    .forUpdate().skipLocked()
    .execute();
  if (rows.length === 0) return [];
  await pdb.updateTable('portal_sync_queue')
    .set({ attempts: sql`attempts + 1`, next_attempt_at: at(leaseUntil), last_attempt_at: at(now) })
    .where('id', 'in', rows.map((r) => r.id)).execute();
  return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
}

/** The outcome of attempt number `attempts`; nothing happens when the row has moved on since (another attempt). */
export async function markSent(db: Db | Trx, id: number, attempts: number, now: Date): Promise<boolean> {
  const r = await portalSyncDb(db).updateTable('portal_sync_queue').set({ status: 'sent', sent_at: at(now), last_error: null })
    .where('id', '=', id).where('attempts', '=', attempts).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function markRetry(db: Db | Trx, id: number, attempts: number, error: string, nextAttemptAt: Date): Promise<boolean> {
  const r = await portalSyncDb(db).updateTable('portal_sync_queue').set({ last_error: error, next_attempt_at: at(nextAttemptAt) })
    .where('id', '=', id).where('attempts', '=', attempts).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function markFailedInTrx(trx: Trx, id: number, attempts: number, error: string): Promise<boolean> {
  const r = await portalSyncDb(trx).updateTable('portal_sync_queue').set({ status: 'failed', last_error: error })
    .where('id', '=', id).where('attempts', '=', attempts).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Failed messages of these units become due again, with a fresh count of attempts; returns how many. */
export async function requeueFailedInTrx(trx: Trx, unitIds: readonly number[], now: Date): Promise<{ id: number; record_code: string; unit_id: number }[]> {
  if (unitIds.length === 0) return [];
  return portalSyncDb(trx).updateTable('portal_sync_queue').set({ status: 'pending', attempts: 0, next_attempt_at: at(now) })
    .where('status', '=', 'failed').where('unit_id', 'in', unitIds)
    .returning(['id', 'record_code', 'unit_id']).execute();
}

// --- for the page ----------------------------------------------------------------------------------

export interface QueueCounts {
  pending: number;
  sent: number;
  failed: number;
  /** Pending messages that have failed at least once (waiting for a retry). */
  retrying: number;
}

export async function countQueue(db: Db | Trx, unitIds: readonly number[]): Promise<QueueCounts> {
  const counts: QueueCounts = { pending: 0, sent: 0, failed: 0, retrying: 0 };
  if (unitIds.length === 0) return counts;
  const rows = await portalSyncDb(db).selectFrom('portal_sync_queue')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`count(*) filter (where attempts > 0 and last_error is not null)`.as('retrying')])
    .where('unit_id', 'in', unitIds).groupBy('status').execute();
  for (const r of rows) {
    counts[r.status] = Number(r.n);
    if (r.status === 'pending') counts.retrying = Number(r.retrying);
  }
  return counts;
}

/** Messages with an error (failed, or waiting for a retry), newest attempt first. */
export async function listProblems(db: Db | Trx, unitIds: readonly number[], limit = 20): Promise<QueueRow[]> {
  if (unitIds.length === 0) return [];
  return portalSyncDb(db).selectFrom('portal_sync_queue').selectAll()
    .where('unit_id', 'in', unitIds).where('status', '<>', 'sent').where('last_error', 'is not', null)
    .orderBy('last_attempt_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** A record's messages in order (for tests and support). */
export async function listMessagesOf(db: Db | Trx, recordCode: string): Promise<QueueRow[]> {
  return portalSyncDb(db).selectFrom('portal_sync_queue').selectAll().where('record_code', '=', recordCode).orderBy('id').execute();
}
