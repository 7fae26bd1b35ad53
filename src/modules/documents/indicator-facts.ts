/**
 * The document-processing figures the reporting dashboards show beside the service index (issue #7, "document-
 * processing figures from the e-office module"): incoming documents received and completed in a period, completed
 * by their deadline, the backlog (not completed by a deadline that passed), and outgoing documents issued and
 * digitally signed. One pass over the units' documents.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';

export interface DocumentFacts {
  unitId: number;
  incomingReceived: number;
  incomingCompleted: number;
  /** Of those completed in the period, by their deadline (or with none). */
  incomingOnTime: number;
  /** Incoming documents not completed whose deadline was before the end of the period. */
  backlog: number;
  outgoingIssued: number;
  /** Of those issued, signed digitally (a signed document in the signatures module). */
  outgoingSigned: number;
}

/** `to` is the end of the period, or now while it runs. Units without documents are absent. */
export async function countDocumentFacts(db: Db | Trx, unitIds: readonly number[], w: { from: Date; to: Date }): Promise<DocumentFacts[]> {
  if (unitIds.length === 0) return [];
  const day = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  const { rows } = await sql<{ unit_id: string; received: number; completed: number; on_time: number; backlog: number; issued: number; signed: number }>`
    select unit_id,
      count(*) filter (where direction = 'incoming' and incoming_number is not null and received_at >= ${w.from} and received_at < ${w.to})::int as received,
      count(*) filter (where direction = 'incoming' and completed_at >= ${w.from} and completed_at < ${w.to})::int as completed,
      count(*) filter (where direction = 'incoming' and completed_at >= ${w.from} and completed_at < ${w.to} and (due_at is null or completed_at <= due_at))::int as on_time,
      count(*) filter (where direction = 'incoming' and status not in ('completed', 'returned') and due_at < ${w.to} and received_at < ${w.to})::int as backlog,
      count(*) filter (where direction = 'outgoing' and status = 'issued' and document_date >= ${day(w.from)}::date and document_date < ${day(w.to)}::date + 1)::int as issued,
      count(*) filter (where direction = 'outgoing' and status = 'issued' and signed_public_id is not null and document_date >= ${day(w.from)}::date and document_date < ${day(w.to)}::date + 1)::int as signed
    from documents where unit_id = any(${sql.val(unitIds.map(String))}::bigint[]) group by unit_id`.execute(db);
  return rows.map((r) => ({
    unitId: Number(r.unit_id), incomingReceived: Number(r.received), incomingCompleted: Number(r.completed), incomingOnTime: Number(r.on_time),
    backlog: Number(r.backlog), outgoingIssued: Number(r.issued), outgoingSigned: Number(r.signed),
  }));
}
