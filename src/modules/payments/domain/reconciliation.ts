/**
 * Daily reconciliation (đối soát): the gateway's statement (statement.ts) matched, by the gateway's transaction
 * id, against the payments we recorded, and the mismatches exported as CSV. Pure: the caller loads the
 * recorded payments of the gateway (not cash or desk transfers, which no gateway statement lists) and keeps
 * the result.
 *
 * - matched: in both, same amount, same record code (and order id when both sides know it), same state;
 * - missingOnOurSide: in the statement, no payment of ours has its transaction id (whatever its state: we
 *   create every transaction before the gateway sees it, so an unknown one is an anomaly);
 * - missingInStatement: ours is paid (or refunded since) within the period, the statement lacks it;
 * - amountDiffers / statusDiffers / referenceDiffers (record code or order id): in both, and that differs (a
 *   pair can be in several).
 *
 * States compared: ours paid and partially refunded ≈ the gateway's paid; ours failed, expired and cancelled ≈
 * its failed; pending and refunded as such.
 */
import { writeCsv } from '../../../platform/exports/csv.ts';
import type { StatementRow, StatementStatus } from './statement.ts';

export { parseStatement, parseVietnamTime, STATEMENT_LIMITS } from './statement.ts';
export type { StatementColumn, StatementLimits, StatementParse, StatementProblem, StatementProblemCode, StatementRow, StatementStatus } from './statement.ts';

export type RecordedStatus = 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'failed' | 'expired' | 'cancelled';

export interface RecordedPayment {
  /** Null while the gateway has not given one (a transaction never created there). */
  gatewayTxnId: string | null;
  recordCode: string;
  /** Our payment's id as the gateway carries it (the merchant order id); compared when the statement has it. */
  orderId?: string | null;
  amount: number;
  status: RecordedStatus;
  paidAt: Date | null;
}

export interface ReconciliationPair {
  statement: StatementRow;
  recorded: RecordedPayment;
}

export interface ReconciliationResult {
  matched: ReconciliationPair[];
  missingOnOurSide: StatementRow[];
  missingInStatement: RecordedPayment[];
  amountDiffers: ReconciliationPair[];
  statusDiffers: ReconciliationPair[];
  referenceDiffers: ReconciliationPair[];
  /** Sums in đồng of what each side counts as paid (paid, and refunded since). */
  totals: { statementPaid: number; recordedPaid: number };
}

export interface Period {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** The Vietnam calendar day "2026-10-27" as the period 2026-10-26T17:00Z – 2026-10-27T17:00Z. */
export function vietnamDay(day: string): Period {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const from = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) - 7 * 3_600_000) : new Date(NaN);
  if (!m || Number.isNaN(from.getTime()) || vietnamTimestamp(from).slice(0, 10) !== day) throw new RangeError(`not a calendar day: ${day}`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** Our state in the gateway's terms. */
export function comparableStatus(status: RecordedStatus): StatementStatus {
  switch (status) {
    case 'paid':
    case 'partially_refunded':
      return 'paid';
    case 'refunded':
      return 'refunded';
    case 'pending':
      return 'pending';
    case 'failed':
    case 'expired':
    case 'cancelled':
      return 'failed';
  }
}

const moneyMoved = (s: StatementStatus) => s === 'paid' || s === 'refunded';
const byTxn = (a: { gatewayTxnId: string | null }, b: { gatewayTxnId: string | null }) => (a.gatewayTxnId ?? '').localeCompare(b.gatewayTxnId ?? '');

/**
 * Matches a parsed statement against our payments. With `period`, our paid payments outside it are not
 * expected in the statement (they still match when it lists them). Two payments of ours with one transaction
 * id are a bug upstream (the table keeps it unique) and throw.
 */
export function reconcile(statement: readonly StatementRow[], recorded: readonly RecordedPayment[], options: { period?: Period } = {}): ReconciliationResult {
  const ours = new Map<string, RecordedPayment>();
  for (const p of recorded) {
    if (p.gatewayTxnId === null) continue;
    if (ours.has(p.gatewayTxnId)) throw new Error(`two recorded payments with gateway transaction ${p.gatewayTxnId}`);
    ours.set(p.gatewayTxnId, p);
  }
  const result: ReconciliationResult = {
    matched: [], missingOnOurSide: [], missingInStatement: [], amountDiffers: [], statusDiffers: [], referenceDiffers: [],
    totals: { statementPaid: 0, recordedPaid: 0 },
  };
  const listed = new Set<string>();
  for (const row of statement) {
    listed.add(row.gatewayTxnId);
    if (moneyMoved(row.status)) result.totals.statementPaid += row.amount;
    const mine = ours.get(row.gatewayTxnId);
    if (!mine) {
      result.missingOnOurSide.push(row);
      continue;
    }
    const pair = { statement: row, recorded: mine };
    const amount = mine.amount !== row.amount;
    const status = comparableStatus(mine.status) !== row.status;
    const code = mine.recordCode.trim() !== row.recordCode || (!!mine.orderId && row.orderId !== null && mine.orderId !== row.orderId);
    if (amount) result.amountDiffers.push(pair);
    if (status) result.statusDiffers.push(pair);
    if (code) result.referenceDiffers.push(pair);
    if (!amount && !status && !code) result.matched.push(pair);
  }
  const { period } = options;
  for (const p of recorded) {
    if (!moneyMoved(comparableStatus(p.status))) continue;
    const inPeriod = !period || !p.paidAt || (p.paidAt >= period.from && p.paidAt < period.to);
    if (inPeriod) result.totals.recordedPaid += p.amount;
    if (inPeriod && (p.gatewayTxnId === null || !listed.has(p.gatewayTxnId))) result.missingInStatement.push(p);
  }
  result.missingInStatement.sort(byTxn);
  return result;
}

/** Whether anything needs a person's attention. */
export const mismatchCount = (r: ReconciliationResult) =>
  r.missingOnOurSide.length + r.missingInStatement.length + r.amountDiffers.length + r.statusDiffers.length + r.referenceDiffers.length;

export interface ReconciliationCsvLabels {
  kind: string;
  txnId: string;
  ourRecordCode: string;
  statementRecordCode: string;
  ourOrderId: string;
  statementOrderId: string;
  ourAmount: string;
  statementAmount: string;
  ourStatus: string;
  statementStatus: string;
  ourPaidAt: string;
  statementPaidAt: string;
  statementLine: string;
  missingOnOurSide: string;
  missingInStatement: string;
  amountDiffers: string;
  statusDiffers: string;
  referenceDiffers: string;
}

/** Defaults only: callers pass the catalogue's strings. */
export const reconciliationCsvLabels: ReconciliationCsvLabels = {
  kind: 'Loại chênh lệch',
  txnId: 'Mã giao dịch',
  ourRecordCode: 'Mã hồ sơ (hệ thống)',
  statementRecordCode: 'Mã hồ sơ (sao kê)',
  ourOrderId: 'Mã đơn hàng (hệ thống)',
  statementOrderId: 'Mã đơn hàng (sao kê)',
  ourAmount: 'Số tiền, đồng (hệ thống)',
  statementAmount: 'Số tiền, đồng (sao kê)',
  ourStatus: 'Trạng thái (hệ thống)',
  statementStatus: 'Trạng thái (sao kê)',
  ourPaidAt: 'Thời gian thanh toán, giờ Việt Nam (hệ thống)',
  statementPaidAt: 'Thời gian thanh toán, giờ Việt Nam (sao kê)',
  statementLine: 'Dòng trong tệp sao kê',
  missingOnOurSide: 'Có trong sao kê, không có trong hệ thống',
  missingInStatement: 'Có trong hệ thống, không có trong sao kê',
  amountDiffers: 'Lệch số tiền',
  statusDiffers: 'Lệch trạng thái',
  referenceDiffers: 'Lệch mã hồ sơ hoặc mã đơn hàng',
};

/** "2026-10-27 09:32:05", Vietnam time (UTC+7 all year). */
export function vietnamTimestamp(at: Date | null): string {
  return at ? new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ') : '';
}

/**
 * The mismatches as CSV (UTF-8 with a byte-order mark, CRLF): one row per mismatch, amounts as plain digits,
 * times in Vietnam time. Cells come partly from the gateway's file, so any that would start a formula are
 * defused (src/platform/exports/csv.ts).
 */
export function reconciliationCsv(result: ReconciliationResult, labels: Partial<ReconciliationCsvLabels> = {}): string {
  const l = { ...reconciliationCsvLabels, ...labels };
  const rows: (string | number)[][] = [[
    l.kind, l.txnId, l.ourRecordCode, l.statementRecordCode, l.ourOrderId, l.statementOrderId, l.ourAmount, l.statementAmount, l.ourStatus, l.statementStatus, l.ourPaidAt, l.statementPaidAt, l.statementLine,
  ]];
  const line = (kind: string, s: StatementRow | null, r: RecordedPayment | null) => rows.push([
    kind, s?.gatewayTxnId ?? r?.gatewayTxnId ?? '', r?.recordCode ?? '', s?.recordCode ?? '', r?.orderId ?? '', s?.orderId ?? '', r?.amount ?? '', s?.amount ?? '',
    r?.status ?? '', s?.rawStatus ?? '', vietnamTimestamp(r?.paidAt ?? null), vietnamTimestamp(s?.paidAt ?? null), s?.line ?? '',
  ]);
  for (const s of result.missingOnOurSide) line(l.missingOnOurSide, s, null);
  for (const r of result.missingInStatement) line(l.missingInStatement, null, r);
  for (const p of result.amountDiffers) line(l.amountDiffers, p.statement, p.recorded);
  for (const p of result.statusDiffers) line(l.statusDiffers, p.statement, p.recorded);
  for (const p of result.referenceDiffers) line(l.referenceDiffers, p.statement, p.recorded);
  return writeCsv(rows);
}
