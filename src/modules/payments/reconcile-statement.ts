/**
 * Daily reconciliation (đối soát) of a unit: the gateway's statement of one Vietnam day (CSV, statement.ts) is
 * parsed whole or refused with its problems by line (nothing kept), matched (reconciliation.ts) against the
 * unit's payments through the configured gateway that were paid or created that day or that the statement
 * names, and the run — the file's SHA-256 (never the file), the counts and the mismatch lines — is kept with
 * its audit entry in one transaction, so it can be re-opened and exported later.
 */
import { createHash } from 'node:crypto';
import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import type { PaymentsContext } from './context.ts';
import { mismatchCount, parseStatement, reconcile, vietnamDay } from './domain/reconciliation.ts';
import type { RecordedPayment, RecordedStatus, ReconciliationPair, ReconciliationResult, StatementProblem, StatementRow } from './domain/reconciliation.ts';
import { findReconciliationRun, insertReconciliationRunInTrx, listPaymentsToReconcile } from './store.ts';
import type { PaymentRow, ReconciliationRunRow } from './store.ts';

export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `day` is a real calendar day "YYYY-MM-DD". */
export function isCalendarDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  try {
    vietnamDay(day);
    return true;
  } catch {
    return false;
  }
}

/** Today in Vietnam, "YYYY-MM-DD". */
export const vietnamToday = (now = new Date()) => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

export type ReconcileOutcome =
  | { ok: true; runId: number; result: ReconciliationResult; mismatches: number }
  | { ok: false; problems: StatementProblem[] };

/** Our payment as reconciliation compares it. */
export function recordedOf(p: PaymentRow): RecordedPayment {
  return { gatewayTxnId: p.gateway_txn_id, recordCode: p.record_code, orderId: p.public_id, amount: Number(p.amount), status: p.status as RecordedStatus, paidAt: p.paid_at };
}

/** The actor must be an official: the run names who made it. */
export async function reconcileStatement(ctx: PaymentsContext, actor: AuditActor & { id: number }, input: { unitId: number; day: string; bytes: Uint8Array }): Promise<ReconcileOutcome> {
  const period = vietnamDay(input.day); // the caller checked the day: a RangeError here is a bug
  const parsed = parseStatement(input.bytes);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const sha = createHash('sha256').update(input.bytes).digest('hex');
  const ours = await listPaymentsToReconcile(ctx.db, input.unitId, ctx.gateway.name, period, parsed.rows.map((r) => r.gatewayTxnId));
  const result = reconcile(parsed.rows, ours.map(recordedOf), { period });
  const runId = await ctx.db.transaction().execute(async (trx: Trx) => {
    const id = await insertReconciliationRunInTrx(trx, {
      unit_id: input.unitId, day: input.day, gateway: ctx.gateway.name, file_sha256: sha, file_bytes: input.bytes.byteLength, statement_rows: parsed.rows.length,
      matched: result.matched.length, missing_on_our_side: result.missingOnOurSide.length, missing_in_statement: result.missingInStatement.length,
      amount_differs: result.amountDiffers.length, status_differs: result.statusDiffers.length, reference_differs: result.referenceDiffers.length,
      statement_paid: result.totals.statementPaid, recorded_paid: result.totals.recordedPaid,
      mismatches: storedMismatches(result), created_by: actor.id, created_by_name: actor.name,
    });
    await recordAuditInTrx(trx, actor, {
      action: 'payments.reconciled', unitId: input.unitId, targetType: 'reconciliation_run', targetId: id,
      details: {
        day: input.day, gateway: ctx.gateway.name, fileSha256: sha, bytes: input.bytes.byteLength, rows: parsed.rows.length, matched: result.matched.length,
        missingOnOurSide: result.missingOnOurSide.length, missingInStatement: result.missingInStatement.length, amountDiffers: result.amountDiffers.length,
        statusDiffers: result.statusDiffers.length, referenceDiffers: result.referenceDiffers.length, statementPaid: result.totals.statementPaid, recordedPaid: result.totals.recordedPaid,
      },
    });
    return id;
  });
  return { ok: true, runId, result, mismatches: mismatchCount(result) };
}

type Stored = Omit<ReconciliationResult, 'matched' | 'totals'>;

function storedMismatches(r: ReconciliationResult): Stored {
  return { missingOnOurSide: r.missingOnOurSide, missingInStatement: r.missingInStatement, amountDiffers: r.amountDiffers, statusDiffers: r.statusDiffers, referenceDiffers: r.referenceDiffers };
}

const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
const statementRow = (s: StatementRow): StatementRow => ({ ...s, paidAt: date(s.paidAt) });
const recorded = (r: RecordedPayment): RecordedPayment => ({ ...r, paidAt: date(r.paidAt) });
const pair = (p: ReconciliationPair): ReconciliationPair => ({ statement: statementRow(p.statement), recorded: recorded(p.recorded) });

/** A kept run as a result (matched pairs are not kept: only their count), dates revived. */
export function resultOfRun(run: ReconciliationRunRow): ReconciliationResult {
  const m = (typeof run.mismatches === 'string' ? JSON.parse(run.mismatches) : run.mismatches) as Stored;
  return {
    matched: [],
    missingOnOurSide: (m.missingOnOurSide ?? []).map(statementRow),
    missingInStatement: (m.missingInStatement ?? []).map(recorded),
    amountDiffers: (m.amountDiffers ?? []).map(pair),
    statusDiffers: (m.statusDiffers ?? []).map(pair),
    referenceDiffers: (m.referenceDiffers ?? []).map(pair),
    totals: { statementPaid: Number(run.statement_paid), recordedPaid: Number(run.recorded_paid) },
  };
}

export async function findRun(ctx: PaymentsContext, unitId: number, runId: number): Promise<ReconciliationRunRow | undefined> {
  return findReconciliationRun(ctx.db, unitId, runId);
}

/** Audits the export of a run's mismatches. */
export async function noteRunExported(ctx: PaymentsContext, actor: AuditActor, run: ReconciliationRunRow): Promise<void> {
  await ctx.db.transaction().execute((trx) => recordAuditInTrx(trx, actor, {
    action: 'payments.reconciliation_exported', unitId: Number(run.unit_id), targetType: 'reconciliation_run', targetId: Number(run.id), details: { day: run.day, fileSha256: run.file_sha256 },
  }));
}
