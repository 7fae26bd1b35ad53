/** One status change of a record, with everything that goes with it, inside the caller's transaction. */
import type { Trx } from '../../platform/db/database.ts';
import { enqueueInTrx } from '../notifications/index.ts';
import type { DeadlineCalculator } from './deadlines.ts';
import { pausesClock } from './domain/workflow.ts';
import type { RecordStatus } from './domain/status.ts';
import { insertEventInTrx, updateRecordInTrx } from './store.ts';
import type { RecordChanges, RecordRow } from './store.ts';

export type Author = { kind: 'citizen' | 'official' | 'system'; id: number | null; name: string };

/**
 * Sets the status (and any other changes), stops the clock when the record starts waiting for the citizen
 * and moves the due date by the waiting time when it stops, appends the status event and tells the
 * applicant by SMS. Every change bumps the record's version.
 */
export async function transitionInTrx(trx: Trx, record: RecordRow, to: RecordStatus, author: Author, options: { now: Date; deadlines: DeadlineCalculator; changes?: RecordChanges; body?: string }): Promise<void> {
  const changes: RecordChanges = { ...options.changes, status: to };
  // NgayKetThucXuLy: the first closing status ends processing; a later one (9 → 10) does not move it.
  if (record.finished_at === null && ENDS_PROCESSING.has(to)) changes.finished_at = options.now;
  if (!pausesClock(record.status) && pausesClock(to)) changes.paused_at = options.now;
  if (pausesClock(record.status) && !pausesClock(to)) {
    if (record.paused_at && record.due_at) changes.due_at = options.deadlines.resume(record.due_at, record.paused_at, options.now);
    changes.paused_at = null;
  }
  await updateRecordInTrx(trx, Number(record.id), changes);
  await insertEventInTrx(trx, { recordId: Number(record.id), unitId: Number(record.unit_id), kind: 'status', fromStatus: record.status, toStatus: to, author, body: options.body ?? '' });
  if (record.applicant_phone && author.kind !== 'citizen') {
    await enqueueInTrx(trx, { channel: 'sms', recipient: record.applicant_phone, template: 'records.status_changed', params: { code: record.code, status: STATUS_SMS[to] } });
  }
}

const ENDS_PROCESSING: ReadonlySet<RecordStatus> = new Set([3, 7, 8, 9, 10]);

/** Status names for text messages, without diacritics (one SMS segment, every phone). */
const STATUS_SMS: Record<RecordStatus, string> = {
  1: 'Moi dang ky', 2: 'Da tiep nhan', 3: 'Khong duoc tiep nhan', 4: 'Dang xu ly', 5: 'Can bo sung giay to',
  6: 'Can nop phi, le phi', 7: 'Da rut ho so', 8: 'Dung xu ly', 9: 'Da co ket qua', 10: 'Da tra ket qua',
};
