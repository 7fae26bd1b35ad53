/**
 * The sets of records the service-index indicators (Decision 766, issue #7) count, defined once: the same
 * predicate counts a set for the dashboards and lists it for the drill-down. Field semantics are those of the
 * national portal (vn-rules.md §1.2): NgayTiepNhan = received_at, NgayHenTra = due_at, NgayKetThucXuLy =
 * finished_at, KenhThucHien = channel, DuocThanhToanTrucTuyen = payment_channel, HoSoCoThanhPhanSoHoa = reused_data.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import { LIST_COLUMNS } from './record-lists.ts';
import type { RecordListRow } from './record-lists.ts';
import { recordsDb } from './store.ts';

export const RECORD_SETS = [
  // Received, or still being processed, during the period: received before its end and not finished before its start (2.1).
  'processed',
  // 2.1: ended (or, unfinished, judged at the end of the period; paused, judged when the clock stopped) by the appointment,
  // with at most one supplement request.
  'on_time',
  'late',
  // Received in the period (the denominator of 3.3, 4.2, 4.3).
  'received',
  // 3.3: received online; where the procedure issues a paper result, the record also carries the electronic result.
  'online',
  // 3.6: received with a fee to pay, and of those paid online (national or provincial payment platform).
  'fee_due',
  'paid_online',
  // 4.1: finished with a result in the period, of procedures issuing a paper result; and of those, with the electronic result.
  'paper_result',
  'electronic_result',
  // 4.2: a file attached to a component of the record, and the electronic result where a paper one is issued.
  'digitised',
  // 4.3: a component covered by the applicant's earlier digital result.
  'reused',
  // 5.4: rated 1 or 2 stars (a dislike) by the applicant.
  'dissatisfied',
  // 2.2: finished (status 9 or 10) in the period.
  'finished',
] as const;
export type RecordSet = (typeof RECORD_SETS)[number];

export interface FactsWindow {
  /** Start of the period, inclusive. */
  from: Date;
  /** End of the period, exclusive; an unfinished record is judged at this instant (give `now` for a period still running). */
  to: Date;
  /** Procedure versions (records.procedure_id) whose procedure issues a paper result. */
  paperResultVersionIds: readonly number[];
}

export function isRecordSet(value: unknown): value is RecordSet {
  return typeof value === 'string' && (RECORD_SETS as readonly string[]).includes(value);
}

/** The predicate of each set over a row `r` of records already limited to the window (see `windowCondition`). */
function predicates(w: FactsWindow): Record<RecordSet, RawBuilder<boolean>> {
  const paper = sql<boolean>`r.procedure_id = any(${sql.val(w.paperResultVersionIds.map(String))}::bigint[])`;
  const received = sql<boolean>`r.received_at >= ${w.from}`;
  // The end of processing for 2.1: the first closing status, the start of a pause, or the end of the period, whichever is first.
  const onTime = sql<boolean>`(r.supplement_requests <= 1 and (r.due_at is null or least(coalesce(r.finished_at, r.paused_at, ${w.to}), ${w.to}) <= r.due_at))`;
  const electronic = sql<boolean>`(not ${paper} or r.result_public_id is not null)`;
  const finished = sql<boolean>`(r.status in (9, 10) and r.finished_at >= ${w.from} and r.finished_at < ${w.to})`;
  const feeDue = sql<boolean>`(${received} and r.fee_amount > 0)`;
  return {
    processed: sql<boolean>`true`,
    on_time: onTime,
    late: sql<boolean>`not ${onTime}`,
    received,
    online: sql<boolean>`(${received} and r.channel = 2 and ${electronic})`,
    fee_due: feeDue,
    paid_online: sql<boolean>`(${feeDue} and r.payment_channel in (1, 2))`,
    paper_result: sql<boolean>`(${finished} and ${paper})`,
    electronic_result: sql<boolean>`(${finished} and ${paper} and r.result_public_id is not null)`,
    digitised: sql<boolean>`(${received} and ${electronic} and exists (select 1 from record_files f where f.record_id = r.id and f.component_position is not null))`,
    reused: sql<boolean>`(${received} and r.reused_data)`,
    dissatisfied: sql<boolean>`(${received} and r.rating <= 2)`,
    finished,
  };
}

/** Every record any set can hold: received before the end of the window and not finished before its start. */
function windowCondition(unitIds: readonly number[], w: FactsWindow) {
  return sql<boolean>`r.unit_id = any(${sql.val(unitIds.map(String))}::bigint[]) and r.received_at is not null and r.received_at < ${w.to} and (r.finished_at is null or r.finished_at >= ${w.from})`;
}

export interface UnitFacts {
  unitId: number;
  counts: Record<RecordSet, number>;
  /** Procedures (codes) with at least one record received online in the period (3.2). */
  onlineProcedures: string[];
  /** Procedures (codes) with at least one record received in the period with a fee (3.5). */
  feeProcedures: string[];
}

/** The size of every set for each unit, in one pass over the window's records. Units without records are absent. */
export function indicatorFactsQuery(unitIds: readonly number[], w: FactsWindow) {
  const p = predicates(w);
  const counts = RECORD_SETS.map((s) => sql`count(*) filter (where ${p[s]})::int as ${sql.ref(s)}`);
  return sql<Record<RecordSet, number> & { unit_id: string | number; online_procedures: string[] | null; fee_procedures: string[] | null }>`
    select r.unit_id, ${sql.join(counts)},
      array_agg(distinct r.procedure_code) filter (where ${p.received} and r.channel = 2) as online_procedures,
      array_agg(distinct r.procedure_code) filter (where ${p.fee_due}) as fee_procedures
    from records r where ${windowCondition(unitIds, w)} group by r.unit_id`;
}

export async function countIndicatorFacts(db: Db | Trx, unitIds: readonly number[], w: FactsWindow): Promise<UnitFacts[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await indicatorFactsQuery(unitIds, w).execute(db);
  return rows.map((r) => ({
    unitId: Number(r.unit_id),
    counts: Object.fromEntries(RECORD_SETS.map((s) => [s, Number(r[s])])) as Record<RecordSet, number>,
    onlineProcedures: r.online_procedures ?? [],
    feeProcedures: r.fee_procedures ?? [],
  }));
}

/** One page of a set's records (the drill-down behind a number), the most recently received first. */
export async function listRecordSet(db: Db | Trx, unitIds: readonly number[], set: RecordSet, w: FactsWindow, page: { limit: number; offset: number }): Promise<{ total: number; rows: RecordListRow[] }> {
  if (unitIds.length === 0) return { total: 0, rows: [] };
  const where = sql<boolean>`${windowCondition(unitIds, w)} and ${predicates(w)[set]}`;
  const base = recordsDb(db).selectFrom('records as r').where(where);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base.select(LIST_COLUMNS.map((c) => `r.${c}` as const)).orderBy('r.received_at', 'desc').orderBy('r.id', 'desc').limit(page.limit).offset(page.offset).execute(),
  ]);
  return { total: Number(count.n), rows: rows as RecordListRow[] };
}

export interface FinishedRecord {
  unitId: number;
  procedureCode: string;
  procedureName: string;
  receivedAt: Date;
  finishedAt: Date;
}

/** Records finished in the period (2.2: average processing time per procedure), without their answers. */
export async function listFinishedRecords(db: Db | Trx, unitIds: readonly number[], w: FactsWindow): Promise<FinishedRecord[]> {
  if (unitIds.length === 0) return [];
  const rows = await recordsDb(db).selectFrom('records as r')
    .select(['r.unit_id', 'r.procedure_code', 'r.procedure_name', 'r.received_at', 'r.finished_at'])
    .where(sql<boolean>`${windowCondition(unitIds, w)} and ${predicates(w).finished}`).execute();
  return rows.map((r) => ({ unitId: Number(r.unit_id), procedureCode: r.procedure_code, procedureName: r.procedure_name, receivedAt: r.received_at!, finishedAt: r.finished_at! }));
}
