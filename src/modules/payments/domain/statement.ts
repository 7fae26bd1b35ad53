/**
 * The gateway's daily statement (sao kê đối soát) as CSV. The national payment platform's format is not public
 * (research vn-rules.md §6, §12 item 4), so this is our own, documented format; a provider adapter converts
 * its file to it, or its column names are added to `HEADERS`.
 *
 * Columns, found by their header in Vietnamese or English, in any order (unknown columns are ignored):
 *
 * | column      | Vietnamese header         | English header   | value                                          |
 * |-------------|---------------------------|------------------|------------------------------------------------|
 * | txnId       | Mã giao dịch              | transaction_id   | the gateway's transaction id, unique in a file |
 * | recordCode  | Mã hồ sơ                  | record_code      | our record code the payment was created for   |
 * | orderId     | Mã đơn hàng (optional)    | order_id         | our payment's id the gateway carries as order |
 * | amount      | Số tiền                   | amount           | whole đồng, digits only: 25000                 |
 * | currency    | Loại tiền (optional)      | currency         | VND                                            |
 * | status      | Trạng thái                | status           | Thành công / Thất bại / Đang xử lý / Đã hoàn tiền (or success, failed, pending, refunded, 00) |
 * | paidAt      | Thời gian thanh toán      | paid_at          | Vietnam time: 2026-10-27 09:32:05, 27/10/2026 09:32:05 or 20261027093205; an ISO time with an offset is taken as written. Required when the status is paid or refunded |
 * | bank        | Ngân hàng (optional)      | bank_code        | VCB, BIDV…                                     |
 * | channel     | Kênh thanh toán (optional)| channel          | ATM, QR, thẻ quốc tế, ví…                      |
 *
 * Amounts are integers of đồng written with digits only. The đồng has no minor unit, and a "." or "," in
 * "25.000" means a thousands separator to a Vietnamese reader and a decimal point to an English one, so any
 * separator, sign, decimal or exponent is refused rather than guessed at.
 *
 * The file is taken whole or not at all: any problem refuses it, with every problem found (up to a limit)
 * named by its line. Limits: 5 MiB, 50,000 rows, 200 characters a field.
 */
import { guessDelimiter, readCsv, type CsvProblemCode } from './csv.ts';

export const STATEMENT_LIMITS = { bytes: 5 * 1024 * 1024, rows: 50_000, field: 200, problems: 200, amount: 1_000_000_000_000 };
export type StatementLimits = typeof STATEMENT_LIMITS;

export type StatementColumn = 'txnId' | 'recordCode' | 'orderId' | 'amount' | 'currency' | 'status' | 'paidAt' | 'bank' | 'channel';
/** What the gateway says became of a transaction. */
export type StatementStatus = 'paid' | 'failed' | 'pending' | 'refunded';

export interface StatementRow {
  line: number;
  gatewayTxnId: string;
  recordCode: string;
  /** The merchant order id (our payment's public id), when the file has the column. */
  orderId: string | null;
  amount: number;
  currency: 'VND';
  status: StatementStatus;
  /** The status as the file wrote it, for display. */
  rawStatus: string;
  paidAt: Date | null;
  bank: string | null;
  channel: string | null;
}

export type StatementProblemCode =
  | CsvProblemCode | 'too_big' | 'encoding' | 'empty' | 'missing_column' | 'duplicate_column' | 'column_count' | 'required'
  | 'amount_format' | 'amount_range' | 'currency' | 'status' | 'date' | 'duplicate_transaction' | 'too_many_rows' | 'too_many_problems';

export interface StatementProblem {
  /** 1-based line of the file (0 for the file as a whole). */
  line: number;
  code: StatementProblemCode;
  column?: StatementColumn;
  /** The offending value, cut to 60 characters. */
  value?: string;
  /** For a duplicate: the line it first appeared on. */
  firstLine?: number;
  /** For limits: the limit. */
  max?: number;
}

export type StatementParse = { ok: true; rows: StatementRow[] } | { ok: false; problems: StatementProblem[] };

/** Header names, compared without accents, case, spaces or punctuation ("Số tiền (VND)" → "sotienvnd"). */
const HEADERS: Record<StatementColumn, readonly string[]> = {
  txnId: ['transactionid', 'txnid', 'gatewaytxnid', 'gatewaytransactionid', 'magiaodich', 'magd', 'magiaodichthanhtoan', 'sogiaodich'],
  recordCode: ['recordcode', 'mahoso', 'mahosothutuc', 'dossiercode'],
  orderId: ['orderid', 'ordercode', 'merchantorderid', 'merchantorder', 'madonhang', 'mathamchieu'],
  amount: ['amount', 'amountvnd', 'sotien', 'sotienvnd', 'sotiendong', 'sotienthanhtoan'],
  currency: ['currency', 'loaitien', 'tiente', 'donvitiente'],
  status: ['status', 'trangthai', 'ketqua', 'trangthaigiaodich'],
  paidAt: ['paidat', 'paidtime', 'paymenttime', 'transactiontime', 'thoigianthanhtoan', 'ngaythanhtoan', 'thoigiangiaodich', 'thoidiemthanhtoan', 'ngaygiothanhtoan'],
  bank: ['bank', 'bankcode', 'nganhang', 'manganhang'],
  channel: ['channel', 'paymentchannel', 'kenh', 'kenhthanhtoan', 'phuongthucthanhtoan'],
};
const REQUIRED: readonly StatementColumn[] = ['txnId', 'recordCode', 'amount', 'status', 'paidAt'];

const STATUSES: Record<StatementStatus, readonly string[]> = {
  paid: ['success', 'successful', 'succeeded', 'paid', 'completed', '00', 'thanhcong', 'dathanhtoan', 'giaodichthanhcong'],
  failed: ['failed', 'fail', 'failure', 'error', 'cancelled', 'canceled', 'expired', 'thatbai', 'khongthanhcong', 'dahuy', 'huy', 'hethan', 'giaodichthatbai'],
  pending: ['pending', 'processing', 'dangxuly', 'choxuly', 'chothanhtoan'],
  refunded: ['refunded', 'reversed', 'dahoantien', 'hoantien', 'dahoan'],
};

/** Lower case, no accents (đ → d), letters and digits only. */
export function squash(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^a-z0-9]/g, '');
}

const lookup = <K extends string>(table: Record<K, readonly string[]>) =>
  new Map(Object.entries<readonly string[]>(table).flatMap(([k, names]) => names.map((n) => [n, k as K] as const)));
const HEADER_OF = lookup(HEADERS);
const STATUS_OF = lookup(STATUSES);

const VN_OFFSET_MIN = 7 * 60;
const TIME_FORMATS: { re: RegExp; order: 'ymd' | 'dmy' | 'compact' }[] = [
  { re: /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i, order: 'ymd' },
  { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/, order: 'dmy' },
  { re: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, order: 'compact' },
];

/** A paid time: Vietnam time unless an offset is written; null when it is not a real moment. */
export function parseVietnamTime(text: string): Date | null {
  for (const { re, order } of TIME_FORMATS) {
    const m = re.exec(text);
    if (!m) continue;
    const [year, month, day] = order === 'dmy' ? [+m[3]!, +m[2]!, +m[1]!] : [+m[1]!, +m[2]!, +m[3]!];
    const [hour, minute, second] = [+m[4]!, +m[5]!, m[6] === undefined ? 0 : +m[6]];
    const zone = order === 'ymd' ? m[7] : undefined;
    let offset = VN_OFFSET_MIN;
    if (zone && zone.toUpperCase() === 'Z') offset = 0;
    else if (zone) {
      const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
      if (+hh! > 14 || +mm! > 59) return null;
      offset = (sign === '-' ? -1 : 1) * (+hh! * 60 + +mm!);
    }
    if (year < 2000 || year > 2100 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
    if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000);
  }
  return null;
}

const cut = (s: string) => (s.length > 60 ? `${s.slice(0, 59)}…` : s);

/** Reads a statement file (bytes or text; UTF-8, with or without a byte-order mark). */
export function parseStatement(input: string | Uint8Array, limits: Partial<StatementLimits> = {}): StatementParse {
  const lim = { ...STATEMENT_LIMITS, ...limits };
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > lim.bytes) return { ok: false, problems: [{ line: 0, code: 'too_big', max: lim.bytes }] };
  let text: string;
  if (typeof input === 'string') text = input.replace(/^\ufeff/, '');
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input); // drops a leading byte-order mark
    } catch {
      return { ok: false, problems: [{ line: 0, code: 'encoding' }] };
    }
  }
  const csv = readCsv(text, { delimiter: guessDelimiter(text), maxRecords: lim.rows + 1, maxField: lim.field });
  const problems: StatementProblem[] = csv.problems.map((p) => ({ line: p.line, code: p.code }));
  const [head, ...records] = csv.records;
  if (!head) return { ok: false, problems: problems.length > 0 ? problems : [{ line: 1, code: 'empty' }] };

  const columns = new Map<StatementColumn, number>();
  head.fields.forEach((name, index) => {
    const column = HEADER_OF.get(squash(name));
    if (!column) return;
    if (columns.has(column)) problems.push({ line: head.line, code: 'duplicate_column', column, value: cut(name.trim()) });
    else columns.set(column, index);
  });
  for (const column of REQUIRED) if (!columns.has(column)) problems.push({ line: head.line, code: 'missing_column', column });
  if (problems.some((p) => p.line === head.line)) return { ok: false, problems };

  const rows: StatementRow[] = [];
  const seen = new Map<string, number>();
  const full = () => problems.length >= lim.problems;
  for (const record of records) {
    if (full()) break;
    const add = (p: Omit<StatementProblem, 'line'>) => problems.push({ line: record.line, ...p });
    if (record.fields.length !== head.fields.length) {
      add({ code: 'column_count', max: head.fields.length, value: String(record.fields.length) });
      continue;
    }
    const get = (c: StatementColumn) => {
      const index = columns.get(c);
      return index === undefined ? '' : record.fields[index]!.trim();
    };
    const before = problems.length;
    const txnId = get('txnId');
    const recordCode = get('recordCode');
    if (!txnId) add({ code: 'required', column: 'txnId' });
    if (!recordCode) add({ code: 'required', column: 'recordCode' });

    const amountText = get('amount');
    const amount = Number(amountText);
    if (!amountText) add({ code: 'required', column: 'amount' });
    else if (!/^[0-9]+$/.test(amountText)) add({ code: 'amount_format', column: 'amount', value: cut(amountText) });
    else if (!Number.isSafeInteger(amount) || amount < 1 || amount > lim.amount) add({ code: 'amount_range', column: 'amount', value: cut(amountText), max: lim.amount });

    const currency = get('currency');
    if (currency && !['vnd', 'd'].includes(squash(currency))) add({ code: 'currency', column: 'currency', value: cut(currency) });

    const rawStatus = get('status');
    const status = STATUS_OF.get(squash(rawStatus));
    if (!rawStatus) add({ code: 'required', column: 'status' });
    else if (!status) add({ code: 'status', column: 'status', value: cut(rawStatus) });

    const timeText = get('paidAt');
    const paidAt = timeText ? parseVietnamTime(timeText) : null;
    if (timeText && !paidAt) add({ code: 'date', column: 'paidAt', value: cut(timeText) });
    else if (!timeText && (status === 'paid' || status === 'refunded')) add({ code: 'required', column: 'paidAt' });

    if (txnId) {
      const first = seen.get(txnId);
      if (first !== undefined) add({ code: 'duplicate_transaction', column: 'txnId', value: cut(txnId), firstLine: first });
      else seen.set(txnId, record.line);
    }
    if (problems.length > before) continue;
    rows.push({ line: record.line, gatewayTxnId: txnId, recordCode, orderId: get('orderId') || null, amount, currency: 'VND', status: status!, rawStatus, paidAt, bank: get('bank') || null, channel: get('channel') || null });
  }
  if (csv.truncated && !full()) problems.push({ line: csv.stoppedAt ?? 0, code: 'too_many_rows', max: lim.rows });
  if (full()) problems.push({ line: 0, code: 'too_many_problems', max: lim.problems });
  problems.sort((a, b) => a.line - b.line);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
