/**
 * Lists of records: the back office's workqueues (which records each queue holds, and how many there are in
 * each), a citizen's records and those an official filed for others, a page at a time with the columns lists show.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { RecordStatus } from './domain/status.ts';
import { recordsDb } from './store.ts';
import type { RecordRow, RecordsTables } from './store.ts';

/** The workqueues of the back office (vn-rules §3): what each role has to look at. */
export const QUEUES = ['new', 'mine', 'in_progress', 'due_soon', 'overdue', 'waiting', 'to_return', 'closed'] as const;
export type Queue = (typeof QUEUES)[number];

export type RecordListFilter =
  /** A citizen's records: those they filed, and those filed for them under their verified ID number. */
  | { citizenId: number; verifiedIdNumber: string | null }
  | { assistedBy: number }
  | { unitIds: readonly number[]; status?: RecordStatus; queue?: Queue; holderId?: number; now?: Date; soonMs?: number; receivedFrom?: Date; receivedBefore?: Date };

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type RecordsQuery = SelectQueryBuilder<RecordsTables, 'records', {}>;

function inQueue(q: RecordsQuery, queue: Queue, f: { holderId?: number | undefined; now: Date; soonMs: number }): RecordsQuery {
  const open = [2, 4] as RecordStatus[];
  switch (queue) {
    case 'new': return q.where('status', '=', 1);
    case 'mine': return q.where('holder_official_id', '=', f.holderId ?? -1).where('status', 'in', [2, 4, 6]);
    case 'in_progress': return q.where('status', 'in', open);
    case 'due_soon': return q.where('status', 'in', open).where('due_at', '>=', f.now).where('due_at', '<', new Date(f.now.getTime() + f.soonMs));
    case 'overdue': return q.where('status', 'in', open).where('due_at', '<', f.now);
    case 'waiting': return q.where('status', 'in', [5, 6]);
    case 'to_return': return q.where('status', '=', 9);
    case 'closed': return q.where('status', 'in', [3, 7, 8, 10]);
  }
}

/** A record as lists show it: everything but the applicant's answers, the one large column. */
export type RecordListRow = Omit<RecordRow, 'form_data'>;
export const LIST_COLUMNS = [
  'id', 'unit_id', 'code', 'procedure_id', 'procedure_code', 'procedure_name', 'status', 'channel', 'applicant_citizen_id', 'applicant_name',
  'applicant_id_number', 'applicant_phone', 'applicant_email', 'applicant_address', 'fee_amount', 'assisted_by_official_id', 'assisted_by_name',
  'assisted_by_role', 'draft_public_id', 'submitted_at', 'updated_at', 'withdrawal_requested_at', 'withdrawal_reason', 'rating', 'rating_comment',
  'rated_at', 'received_at', 'due_at', 'original_due_at', 'extended_at', 'extension_reason', 'paused_at', 'supplement_requests', 'holder_official_id',
  'holder_name', 'step_index', 'step_started_at', 'awaiting_approval', 'decided_at', 'decision_reason', 'returned_at', 'returned_via', 'result_public_id', 'result_sealed_at', 'version',
  'paid_at', 'paid_amount', 'payment_channel', 'payment_method', 'finished_at', 'reused_data',
] as const satisfies readonly (keyof RecordListRow)[];
// Every column but form_data is listed: adding a column to the table without adding it here fails to compile.
type Missing = Exclude<keyof RecordListRow, (typeof LIST_COLUMNS)[number]>;
const allListed: [Missing] extends [never] ? true : Missing = true;
void allListed;

/**
 * One page of records and how many there are in all. `knownTotal` skips the count when the caller has it
 * already (the back office's queue tabs are counted anyway).
 */
export async function listRecords(db: Db | Trx, filter: RecordListFilter, page: { limit: number; offset: number; knownTotal?: number }): Promise<{ total: number; rows: RecordListRow[] }> {
  let q = recordsDb(db).selectFrom('records');
  let byDue = false;
  if ('citizenId' in filter) {
    const { citizenId, verifiedIdNumber } = filter;
    q = verifiedIdNumber
      ? q.where((eb) => eb.or([eb('applicant_citizen_id', '=', citizenId), eb('applicant_id_number', '=', verifiedIdNumber)]))
      : q.where('applicant_citizen_id', '=', citizenId);
  }
  else if ('assistedBy' in filter) q = q.where('assisted_by_official_id', '=', filter.assistedBy);
  else {
    if (filter.unitIds.length === 0) return { total: 0, rows: [] };
    q = q.where('unit_id', 'in', filter.unitIds);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.receivedFrom) q = q.where('received_at', '>=', filter.receivedFrom);
    if (filter.receivedBefore) q = q.where('received_at', '<', filter.receivedBefore);
    if (filter.queue) {
      q = inQueue(q, filter.queue, { holderId: filter.holderId, now: filter.now ?? new Date(), soonMs: filter.soonMs ?? 86400_000 });
      byDue = ['mine', 'in_progress', 'due_soon', 'overdue'].includes(filter.queue);
    }
  }
  const columns = q.select(LIST_COLUMNS);
  const ordered = byDue ? columns.orderBy('due_at', 'asc').orderBy('id') : columns.orderBy('submitted_at', 'desc').orderBy('id', 'desc');
  const [count, rows] = await Promise.all([
    page.knownTotal ?? q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((c) => Number(c.n)),
    ordered.limit(page.limit).offset(page.offset).execute(),
  ]);
  return { total: count, rows };
}

/** The queues defined by status alone (inQueue), counted from one `group by status`. */
const STATUS_QUEUES: Partial<Record<Queue, readonly RecordStatus[]>> = { new: [1], in_progress: [2, 4], waiting: [5, 6], to_return: [9], closed: [3, 7, 8, 10] };

/**
 * How many records of the units are in each queue, for the home page and the queue tabs. Three statements, each
 * answered from an index alone: per status (records_unit_status), overdue and due soon from the appointments of
 * open records up to the end of the "due soon" window (records_due), the holder's (records_holder). One statement
 * per queue costs more round trips; one with `count(*) filter (where …)` per queue reads every row
 * (docs/PERFORMANCE.md, measure 5).
 */
export async function countQueues(db: Db | Trx, unitIds: readonly number[], f: { holderId?: number; now: Date; soonMs: number }): Promise<Record<Queue, number>> {
  const counts = Object.fromEntries(QUEUES.map((q) => [q, 0])) as Record<Queue, number>;
  if (unitIds.length === 0) return counts;
  const records = () => recordsDb(db).selectFrom('records').where('unit_id', 'in', unitIds);
  const [byStatus, byDue, mine] = await Promise.all([
    records().select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
    records().where('status', 'in', [2, 4] as RecordStatus[]).where('due_at', '<', new Date(f.now.getTime() + f.soonMs))
      .select((eb) => [eb.fn.countAll<number>().filterWhere('due_at', '<', f.now).as('overdue'), eb.fn.countAll<number>().filterWhere('due_at', '>=', f.now).as('due_soon')])
      .executeTakeFirstOrThrow(),
    inQueue(records(), 'mine', f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  for (const [queue, statuses] of Object.entries(STATUS_QUEUES) as [Queue, readonly RecordStatus[]][]) {
    counts[queue] = byStatus.filter((r) => statuses.includes(Number(r.status) as RecordStatus)).reduce((sum, r) => sum + Number(r.n), 0);
  }
  counts.overdue = Number(byDue.overdue);
  counts.due_soon = Number(byDue.due_soon);
  counts.mine = Number(mine.n);
  return counts;
}
