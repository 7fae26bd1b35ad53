/**
 * The mirror's worker: reads the records module's events after the cursor into the queue, then delivers
 * the queue to the portal. A record change never waits for any of this: it only writes its event.
 */
import type { Db, Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx, SYSTEM_ACTOR } from '../audit/index.ts';
import { retryDelayMs } from '../notifications/index.ts';
import { findRecordById, listEventsAfter, listRecordFiles } from '../records/index.ts';
import type { EventRow, RecordRow } from '../records/index.ts';
import { PortalError } from './client.ts';
import type { PortalClient } from './client.ts';
import { claimDueInTrx, insertMessageInTrx, latestMessageOf, lockCursorInTrx, markFailedInTrx, markRetry, markSent, moveCursorInTrx, transactionHorizon } from './store.ts';
import type { CursorRow, NewMessage, QueueRow } from './store.ts';
import { dossierPayload, statusPayload } from './wire.ts';
import type { RecordFileInfo, TrangThaiHoSo } from './wire.ts';

/** Attempts before a message is marked failed: 30 s, 1, 2, 4, 8, 16, 32 min, then hourly — about 5 hours of the portal being down. */
export const MAX_ATTEMPTS = 12;
/** How long one delivery may hold a message before another worker may take it again (well above the HTTP time limit). */
export const LEASE_MS = 2 * 60_000;
/** A missing event id is stepped over at the earliest this long after it was first seen (and only once every transaction running then has ended). */
export const GAP_GRACE_MS = 5_000;

export interface PortalSyncOptions {
  /** Events read per transaction. */
  eventBatch?: number;
  /** Messages claimed per transaction. */
  batchSize?: number;
  /** At most this many deliveries per call. */
  limit?: number;
  maxAttempts?: number;
  leaseMs?: number;
  gapGraceMs?: number;
}

export interface PortalSyncResult {
  /** Messages queued from new events. */
  queued: number;
  sent: number;
  retried: number;
  failed: number;
}

const clipError = (error: unknown) => {
  const text = error instanceof PortalError ? error.message : `UNEXPECTED: ${String((error as Error)?.message ?? error)}`;
  return [...text].slice(0, 500).join('');
};

// --- events → queue --------------------------------------------------------------------------------

type RecordCache = Map<number, { record: RecordRow; files: RecordFileInfo[] }>;

async function recordOf(trx: Trx, cache: RecordCache, recordId: number) {
  let entry = cache.get(recordId);
  if (!entry) {
    const record = await findRecordById(trx, recordId);
    if (!record) return undefined;
    entry = { record, files: await listRecordFiles(trx, recordId) };
    cache.set(recordId, entry);
  }
  return entry;
}

const isPortalStatus = (n: number | null | undefined): n is TrangThaiHoSo => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10;

/**
 * The message an event becomes, or null when the portal has no use for it. The first event of a record
 * creates its dossier; a status change updates it; an extension, a result or a payment re-sends the current
 * status with the new appointment, result papers or `DuocThanhToanTrucTuyen`. Messages, supplements, hand-overs and ratings stay here.
 */
async function messageFor(trx: Trx, cache: RecordCache, event: EventRow & { record_code: string }): Promise<NewMessage | null> {
  const recordId = Number(event.record_id);
  const entry = await recordOf(trx, cache, recordId);
  if (!entry) return null;
  const { record, files } = entry;
  const base = { eventId: Number(event.id), recordId, recordCode: event.record_code, unitId: Number(event.unit_id) };
  const latest = await latestMessageOf(trx, recordId);
  if (!latest) {
    const status = event.kind === 'status' && isPortalStatus(event.to_status) ? event.to_status : record.status;
    return { ...base, kind: 'create', payload: dossierPayload(record, status, files) };
  }
  if (event.kind === 'status' && isPortalStatus(event.to_status)) return { ...base, kind: 'status', payload: statusPayload(record, event, event.to_status, files) };
  if ((event.kind === 'extension' || event.kind === 'result' || event.kind === 'payment') && isPortalStatus(latest.status)) {
    return { ...base, kind: 'status', payload: statusPayload(record, event, latest.status, files) };
  }
  return null;
}

/**
 * Whether the missing event(s) right after the cursor may be stepped over: the gap was seen before, long
 * enough ago, and every transaction that was running then has ended — so the ids belong to work that was
 * rolled back, not to a change still being written. (A cursor restored into another database, whose
 * transaction ids are lower, counts as ended.)
 */
async function gapIsClosed(trx: Trx, cursor: CursorRow, now: Date, graceMs: number): Promise<{ closed: boolean; xmax: number }> {
  const horizon = await transactionHorizon(trx);
  const seen = cursor.gap_at_event_id !== null && Number(cursor.gap_at_event_id) === Number(cursor.last_event_id) && cursor.gap_seen_at && cursor.gap_xmax !== null;
  if (!seen) return { closed: false, xmax: horizon.xmax };
  const old = now.getTime() - cursor.gap_seen_at!.getTime() >= graceMs;
  const ended = horizon.xmin >= Number(cursor.gap_xmax) || Number(cursor.gap_xmax) > horizon.xmax;
  return { closed: old && ended, xmax: horizon.xmax };
}

/**
 * One step of reading events: under the cursor's lock, the events after it become messages in the same
 * transaction that moves it, so an event is queued exactly once whatever happens. Returns the number of
 * events read, 0 when there was nothing (more) to read now, or null when another worker holds the cursor.
 */
async function collectStep(db: Db, now: Date, batch: number, graceMs: number, counts: { queued: number }): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const cursor = await lockCursorInTrx(trx);
    if (!cursor) return null;
    const last = Number(cursor.last_event_id);
    const events = await listEventsAfter(trx, last, batch);
    if (events.length === 0) return 0;
    if (Number(events[0]!.id) !== last + 1) {
      const gap = await gapIsClosed(trx, cursor, now, graceMs);
      if (!gap.closed) {
        if (Number(cursor.gap_at_event_id) !== last) await moveCursorInTrx(trx, last, { atEventId: last, seenAt: now, xmax: gap.xmax });
        return 0;
      }
    }
    // The run of consecutive ids from the first event: a later gap is judged on a later step.
    let run = 1;
    while (run < events.length && Number(events[run]!.id) === Number(events[run - 1]!.id) + 1) run++;
    const cache: RecordCache = new Map();
    for (const event of events.slice(0, run)) {
      const message = await messageFor(trx, cache, event);
      if (message && (await insertMessageInTrx(trx, message, now))) counts.queued++;
    }
    await moveCursorInTrx(trx, Number(events[run - 1]!.id), null);
    return run;
  });
}

// --- queue → portal --------------------------------------------------------------------------------

async function deliver(db: Db, client: PortalClient, row: QueueRow, now: Date, maxAttempts: number, result: PortalSyncResult): Promise<void> {
  const id = Number(row.id);
  try {
    await client.send({ key: `smart-commune:${id}`, operation: row.kind, recordCode: row.record_code, unitId: Number(row.unit_id), payload: row.payload });
    if (await markSent(db, id, row.attempts, now)) result.sent++;
    return;
  } catch (error) {
    const retryable = !(error instanceof PortalError) || error.retryable;
    const delay = retryable ? retryDelayMs(row.attempts, maxAttempts) : null;
    const text = clipError(error);
    if (delay !== null) {
      if (await markRetry(db, id, row.attempts, text, new Date(now.getTime() + delay))) result.retried++;
      return;
    }
    await db.transaction().execute(async (trx) => {
      if (!(await markFailedInTrx(trx, id, row.attempts, text))) return;
      await recordAuditInTrx(trx, SYSTEM_ACTOR, {
        action: 'portal_sync.message_failed', unitId: Number(row.unit_id), targetType: 'record', targetId: row.record_code,
        details: { message: id, kind: row.kind, attempts: row.attempts, error: error instanceof PortalError ? error.code : 'UNEXPECTED', via: client.name },
      });
      result.failed++;
    });
  }
}

/**
 * Reads new record events into the queue, then delivers what is due. Several workers (processes, or a
 * test calling this twice at once) never queue an event twice (the cursor row is locked) nor send one
 * message twice (messages are claimed with `for update skip locked` and leased while in flight). A record's
 * messages go in order: its first unsent message holds back the rest, whether waiting for a retry or
 * failed, while other records go on. The call to the portal is made outside any transaction.
 */
export async function drainPortalSync(db: Db, client: PortalClient, now: Date = new Date(), options: PortalSyncOptions = {}): Promise<PortalSyncResult> {
  const eventBatch = options.eventBatch ?? 200;
  const batchSize = options.batchSize ?? 20;
  const limit = options.limit ?? 500;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const graceMs = options.gapGraceMs ?? GAP_GRACE_MS;
  const result: PortalSyncResult = { queued: 0, sent: 0, retried: 0, failed: 0 };

  for (let step = 0; step < 50; step++) {
    const read = await collectStep(db, now, eventBatch, graceMs, result);
    if (!read) break;
  }

  let handled = 0;
  while (handled < limit) {
    const claimed = await db.transaction().execute((trx) => claimDueInTrx(trx, now, Math.min(batchSize, limit - handled), new Date(now.getTime() + leaseMs)));
    if (claimed.length === 0) break;
    for (const row of claimed) await deliver(db, client, row, now, maxAttempts, result);
    handled += claimed.length;
  }
  return result;
}

/** Runs `drainPortalSync` every `everyMs` in this process, one run at a time; returns a stop function. */
export function startPortalSyncWorker(db: Db, client: PortalClient, everyMs = 5000, onError: (error: unknown) => void = () => undefined): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    drainPortalSync(db, client).catch(onError).finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
