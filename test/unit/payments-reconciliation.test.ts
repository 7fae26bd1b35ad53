/** The gateway's daily statement (CSV) read, matched against our payments, and the mismatches exported. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  mismatchCount, parseStatement, parseVietnamTime, reconcile, reconciliationCsv, vietnamDay, vietnamTimestamp,
  type RecordedPayment, type StatementProblem, type StatementRow,
} from '../../src/modules/payments/domain/reconciliation.ts';
import { readCsv } from '../../src/modules/payments/domain/csv.ts';
import { csvCell, writeCsv } from '../../src/platform/exports/csv.ts';

const VI_HEADER = 'Mã giao dịch,Mã hồ sơ,Mã đơn hàng,Số tiền (VND),Loại tiền,Trạng thái,Thời gian thanh toán,Ngân hàng,Kênh thanh toán';

function rowsOf(text: string | Uint8Array): StatementRow[] {
  const r = parseStatement(text);
  assert.ok(r.ok, `problems: ${JSON.stringify(!r.ok && r.problems)}`);
  return r.rows;
}

function problemsOf(text: string | Uint8Array, limits = {}): StatementProblem[] {
  const r = parseStatement(text, limits);
  assert.ok(!r.ok, 'the statement should have been refused');
  return r.problems;
}

const brief = (ps: StatementProblem[]) => ps.map((p) => `${p.line}:${p.code}${p.column ? `:${p.column}` : ''}`);

describe('statement: reading', () => {
  it('reads a Vietnamese statement with a BOM, CRLF, quoted commas and a quoted line break', () => {
    const text = `\ufeff${VI_HEADER}\r\n`
      + 'PG0001,H11.35.01-261027-0001,ord-1,25000,VND,Thành công,2026-10-27 09:32:05,VCB,"QR, VietQR"\r\n'
      + 'PG0002,H11.35.01-261027-0002,,10000,VNĐ,Thất bại,,BIDV,"Thẻ ATM\r\nnội địa"\r\n'
      + 'PG0003,H11.35.01-261027-0003,ord-3,"50000",vnd,Đang xử lý,,,\r\n'
      + ',,,,,,,,\r\n\r\n';
    const rows = rowsOf(text);
    assert.equal(rows.length, 3);
    const [a, b, c] = rows as [StatementRow, StatementRow, StatementRow];
    assert.deepEqual({ ...a, paidAt: a.paidAt?.toISOString() }, {
      line: 2, gatewayTxnId: 'PG0001', recordCode: 'H11.35.01-261027-0001', orderId: 'ord-1', amount: 25000, currency: 'VND', status: 'paid',
      rawStatus: 'Thành công', paidAt: '2026-10-27T02:32:05.000Z', bank: 'VCB', channel: 'QR, VietQR',
    });
    assert.equal(b.status, 'failed');
    assert.equal(b.paidAt, null);
    assert.equal(b.orderId, null);
    assert.equal(b.channel, 'Thẻ ATM\r\nnội địa');
    // The record after the two-line one starts on line 5 of the file.
    assert.equal(c.line, 5);
    assert.equal(c.status, 'pending');
    assert.equal(c.amount, 50000);
  });

  it('reads English headers in any order, ignores unknown columns, and takes bytes', () => {
    const text = 'status,amount,note,paid_at,record_code,transaction_id\nsuccess,200000,"=cmd",27/10/2026 23:59:59,H11-1,T-9\nREFUNDED,1000,,20261027080000,H11-2,T-10\n';
    const rows = rowsOf(new TextEncoder().encode(`\ufeff${text}`));
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.paidAt!.toISOString(), '2026-10-27T16:59:59.000Z');
    assert.equal(rows[0]!.bank, null);
    assert.equal(rows[1]!.status, 'refunded');
    assert.equal(rows[1]!.paidAt!.toISOString(), '2026-10-27T01:00:00.000Z');
  });

  it('reads a semicolon-separated export (spreadsheets in Vietnamese locales)', () => {
    const rows = rowsOf('Mã giao dịch;Mã hồ sơ;Số tiền;Trạng thái;Thời gian thanh toán\nX1;H-1;15000;00;2026-10-27T09:00:00+07:00\n');
    assert.equal(rows[0]!.amount, 15000);
    assert.equal(rows[0]!.paidAt!.toISOString(), '2026-10-27T02:00:00.000Z');
  });

  it('accepts a header-only file as a day without payments', () => {
    assert.deepEqual(rowsOf(`${VI_HEADER}\r\n`), []);
  });
});

describe('statement: refusals, by line', () => {
  const head = 'transaction_id,record_code,amount,status,paid_at\n';

  it('refuses amounts that are not plain whole đồng', () => {
    const amounts = ['25.000', '25,000', '25000.00', '-5', '+5', '1e5', '25 000', '0', '2000000000000', '025000', ''];
    const text = head + amounts.map((a, i) => `T${i},H-${i},"${a}",paid,2026-10-27 10:00:00`).join('\n');
    assert.deepEqual(brief(problemsOf(text)), [
      '2:amount_format:amount', '3:amount_format:amount', '4:amount_format:amount', '5:amount_format:amount', '6:amount_format:amount',
      '7:amount_format:amount', '8:amount_format:amount', '9:amount_range:amount', '10:amount_range:amount', '12:required:amount',
    ]);
  });

  it('leading zeros are digits: 025000 is read as 25000', () => {
    assert.equal(rowsOf(`${head}T1,H-1,025000,paid,2026-10-27 10:00:00\n`)[0]!.amount, 25000);
  });

  it('refuses impossible or unreadable dates, and a paid row without one', () => {
    const dates = ['31/02/2026 10:00:00', '2026-13-01 00:00', '2026-10-27 24:00', 'hôm qua', '2026-10-27', '10/27/2026 10:00', ''];
    const text = head + dates.map((d, i) => `T${i},H-${i},1000,paid,${d}`).join('\n');
    assert.deepEqual(brief(problemsOf(text)), ['2:date:paidAt', '3:date:paidAt', '4:date:paidAt', '5:date:paidAt', '6:date:paidAt', '7:date:paidAt', '8:required:paidAt']);
  });

  it('refuses duplicate transactions, naming the first line', () => {
    const ps = problemsOf(`${head}A,H-1,1000,paid,2026-10-27 10:00\nB,H-2,1000,paid,2026-10-27 10:00\nA,H-3,1000,paid,2026-10-27 10:00\n`);
    assert.deepEqual(ps, [{ line: 4, code: 'duplicate_transaction', column: 'txnId', value: 'A', firstLine: 2 }]);
  });

  it('refuses an unknown status, a foreign currency, missing ids and a wrong column count', () => {
    const text = 'transaction_id,record_code,amount,currency,status,paid_at\n'
      + 'A,H-1,1000,USD,paid,2026-10-27 10:00\nB,H-2,1000,VND,maybe,2026-10-27 10:00\n,,1000,VND,failed,\nC,H-4,1000\n';
    assert.deepEqual(brief(problemsOf(text)), ['2:currency:currency', '3:status:status', '4:required:txnId', '4:required:recordCode', '5:column_count']);
  });

  it('refuses a header without the required columns, or with one twice', () => {
    assert.deepEqual(brief(problemsOf('transaction_id,amount,foo\nA,1000,x\n')), ['1:missing_column:recordCode', '1:missing_column:status', '1:missing_column:paidAt']);
    assert.deepEqual(brief(problemsOf('Mã giao dịch,transaction_id,record_code,amount,status,paid_at\n')), ['1:duplicate_column:txnId']);
    assert.deepEqual(brief(problemsOf('')), ['1:empty']);
  });

  it('refuses broken quoting with the line it starts on', () => {
    assert.deepEqual(brief(problemsOf(`${head}A,H-1,1000,paid,2026-10-27 10:00\nB,"H-2"x,1000,paid,2026-10-27 10:00\nC,H"3,1000,paid,2026-10-27 10:00\n`)), ['3:bad_quote', '4:bad_quote']);
    assert.deepEqual(brief(problemsOf(`${head}A,H-1,1000,paid,2026-10-27 10:00\n\nB,"H-2,1000,paid\n`)), ['4:unterminated_quote']);
  });

  it('refuses too many rows, a file too big, a field too long and a file not in UTF-8', () => {
    const four = `${head}${[1, 2, 3, 4].map((i) => `T${i},H-${i},1000,paid,2026-10-27 10:00`).join('\n')}\n`;
    assert.equal(parseStatement(four, { rows: 4 }).ok, true);
    assert.deepEqual(problemsOf(four, { rows: 3 }), [{ line: 5, code: 'too_many_rows', max: 3 }]);
    assert.deepEqual(problemsOf(four, { bytes: 100 }), [{ line: 0, code: 'too_big', max: 100 }]);
    assert.deepEqual(brief(problemsOf(`${head}${'X'.repeat(201)},H-1,1000,paid,2026-10-27 10:00\nT2,H-2,1000,paid,2026-10-27 10:00\n`)), ['2:field_too_long']);
    const latin1 = Uint8Array.from([...Buffer.from(head), 0x41, 0x2c, 0xe0, 0x2c, 0x31, 0x0a]);
    assert.deepEqual(problemsOf(latin1), [{ line: 0, code: 'encoding' }]);
  });

  it('stops listing after the problem limit', () => {
    const text = head + Array.from({ length: 50 }, (_, i) => `T${i},H,1.000,paid,2026-10-27 10:00`).join('\n');
    const ps = problemsOf(text, { problems: 10 });
    assert.equal(ps.filter((p) => p.code === 'amount_format').length, 10);
    assert.equal(ps[0]!.code, 'too_many_problems');
  });
});

describe('statement: times', () => {
  it('reads Vietnam time unless an offset is written', () => {
    const cases: [string, string | null][] = [
      ['2026-10-27 09:32:05', '2026-10-27T02:32:05.000Z'],
      ['2026-10-27T09:32', '2026-10-27T02:32:00.000Z'],
      ['27/10/2026 09:32:05', '2026-10-27T02:32:05.000Z'],
      ['1/2/2026 0:05', '2026-01-31T17:05:00.000Z'],
      ['20261027093205', '2026-10-27T02:32:05.000Z'],
      ['2026-10-27T02:32:05Z', '2026-10-27T02:32:05.000Z'],
      ['2026-10-27T09:32:05.123+0700', '2026-10-27T02:32:05.000Z'],
      ['2026-10-27T00:00:00-05:00', '2026-10-27T05:00:00.000Z'],
      ['2028-02-29 12:00', '2028-02-29T05:00:00.000Z'],
      ['2026-02-29 12:00', null],
      ['2026-10-27T10:00:00+15:00', null],
      ['1999-12-31 23:59', null],
    ];
    for (const [text, iso] of cases) assert.equal(parseVietnamTime(text)?.toISOString() ?? null, iso, text);
  });
});

const at = (iso: string) => new Date(iso);
const row = (over: Partial<StatementRow>): StatementRow => ({
  line: 2, gatewayTxnId: 'T', recordCode: 'H', orderId: null, amount: 25000, currency: 'VND', status: 'paid', rawStatus: 'Thành công',
  paidAt: at('2026-10-27T02:00:00Z'), bank: null, channel: null, ...over,
});
const mine = (over: Partial<RecordedPayment>): RecordedPayment => ({
  gatewayTxnId: 'T', recordCode: 'H', amount: 25000, status: 'paid', paidAt: at('2026-10-27T02:00:00Z'), ...over,
});

describe('reconcile', () => {
  const statement = [
    row({ line: 2, gatewayTxnId: 'OK1', recordCode: 'H-1' }),
    row({ line: 3, gatewayTxnId: 'AMT', recordCode: 'H-2', amount: 30000 }),
    row({ line: 4, gatewayTxnId: 'STA', recordCode: 'H-3' }),
    row({ line: 5, gatewayTxnId: 'UNKNOWN', recordCode: 'H-4' }),
    row({ line: 6, gatewayTxnId: 'REF', recordCode: 'H-5x' }),
    row({ line: 7, gatewayTxnId: 'FAIL', recordCode: 'H-6', status: 'failed', rawStatus: 'Thất bại', paidAt: null }),
    row({ line: 8, gatewayTxnId: 'ORD', recordCode: 'H-9', orderId: 'pay-B' }),
  ];
  const recorded = [
    mine({ gatewayTxnId: 'OK1', recordCode: 'H-1' }),
    mine({ gatewayTxnId: 'AMT', recordCode: 'H-2' }),
    mine({ gatewayTxnId: 'STA', recordCode: 'H-3', status: 'expired', paidAt: null }),
    mine({ gatewayTxnId: 'REF', recordCode: 'H-5' }),
    mine({ gatewayTxnId: 'FAIL', recordCode: 'H-6', status: 'cancelled', paidAt: null }),
    mine({ gatewayTxnId: 'ORD', recordCode: 'H-9', orderId: 'pay-A' }),
    mine({ gatewayTxnId: 'LOST', recordCode: 'H-7', amount: 10000 }),
    mine({ gatewayTxnId: 'YESTERDAY', recordCode: 'H-8', paidAt: at('2026-10-26T16:59:59Z') }),
    mine({ gatewayTxnId: 'WAIT', recordCode: 'H-10', status: 'pending', paidAt: null }),
    mine({ gatewayTxnId: null, recordCode: 'H-11', status: 'pending', paidAt: null }),
  ];
  const result = reconcile(statement, recorded, { period: vietnamDay('2026-10-27') });
  const ids = (list: { gatewayTxnId: string | null }[]) => list.map((x) => x.gatewayTxnId);
  const pairIds = (list: { statement: StatementRow }[]) => list.map((p) => p.statement.gatewayTxnId);

  it('sorts every transaction into the right list', () => {
    assert.deepEqual(pairIds(result.matched), ['OK1', 'FAIL']);
    assert.deepEqual(pairIds(result.amountDiffers), ['AMT']);
    assert.deepEqual(pairIds(result.statusDiffers), ['STA']);
    assert.deepEqual(pairIds(result.referenceDiffers), ['REF', 'ORD']);
    assert.deepEqual(ids(result.missingOnOurSide), ['UNKNOWN']);
    // YESTERDAY is paid but outside the day; WAIT and the one without a transaction are not paid.
    assert.deepEqual(ids(result.missingInStatement), ['LOST']);
    assert.equal(mismatchCount(result), 6);
  });

  it('adds up what each side counts as paid', () => {
    assert.deepEqual(result.totals, { statementPaid: 25000 + 30000 + 25000 + 25000 + 25000 + 25000, recordedPaid: 25000 * 4 + 10000 });
  });

  it('without a period every paid payment of ours is expected; a paid one without a transaction is missing', () => {
    const r = reconcile([], [mine({ gatewayTxnId: 'A' }), mine({ gatewayTxnId: null }), mine({ gatewayTxnId: 'B', status: 'failed' })]);
    assert.deepEqual(ids(r.missingInStatement), [null, 'A']);
  });

  it('a period includes its first instant and excludes its last', () => {
    const r = reconcile([], [mine({ gatewayTxnId: 'FIRST', paidAt: at('2026-10-26T17:00:00Z') }), mine({ gatewayTxnId: 'NEXT', paidAt: at('2026-10-27T17:00:00Z') })], { period: vietnamDay('2026-10-27') });
    assert.deepEqual(ids(r.missingInStatement), ['FIRST']);
  });

  it('a pair wrong in amount and state is listed under both', () => {
    const r = reconcile([row({ amount: 1 })], [mine({ status: 'pending' })]);
    assert.equal(r.amountDiffers.length, 1);
    assert.equal(r.statusDiffers.length, 1);
    assert.equal(r.matched.length, 0);
  });

  it('throws on two payments of ours with one transaction id', () => {
    assert.throws(() => reconcile([], [mine({}), mine({})]), /two recorded payments/);
  });

  it('takes a Vietnam calendar day as the period', () => {
    const day = vietnamDay('2026-10-27');
    assert.equal(day.from.toISOString(), '2026-10-26T17:00:00.000Z');
    assert.equal(day.to.toISOString(), '2026-10-27T17:00:00.000Z');
    assert.throws(() => vietnamDay('2026-02-30'), RangeError);
    assert.throws(() => vietnamDay('27/10/2026'), RangeError);
  });
});

describe('reconciliation export', () => {
  it('writes the mismatches as CSV that reads back, with formulas defused', () => {
    const statement = [row({ gatewayTxnId: '=HYPERLINK("http://evil","x")', recordCode: '+H, "1"', line: 9 }), row({ gatewayTxnId: '@SUM(A1)', recordCode: '-2' })];
    const result = reconcile(statement, [mine({ gatewayTxnId: 'LOST', recordCode: 'H-7', paidAt: at('2026-10-27T02:32:05Z') })]);
    const csv = reconciliationCsv(result);
    assert.ok(csv.startsWith('\ufeffLoại chênh lệch,Mã giao dịch,'));
    assert.ok(csv.endsWith('\r\n'));
    const read = readCsv(csv.slice(1), { delimiter: ',', maxRecords: 100, maxField: 1000 });
    assert.deepEqual(read.problems, []);
    const [header, ...lines] = read.records.map((r) => r.fields);
    assert.equal(header!.length, 13);
    assert.deepEqual(lines.map((l) => l.slice(0, 4)), [
      ['Có trong sao kê, không có trong hệ thống', `'=HYPERLINK("http://evil","x")`, '', `'+H, "1"`],
      ['Có trong sao kê, không có trong hệ thống', "'@SUM(A1)", '', "'-2"],
      ['Có trong hệ thống, không có trong sao kê', 'LOST', 'H-7', ''],
    ]);
    assert.equal(lines[0]![12], '9');
    assert.equal(lines[2]![10], '2026-10-27 09:32:05');
    assert.equal(lines[2]![6], '25000');
  });

  it('takes the caller’s labels', () => {
    const csv = reconciliationCsv(reconcile([row({})], []), { kind: 'Kind', missingOnOurSide: 'Not ours' });
    assert.match(csv, /^\ufeffKind,/);
    assert.match(csv, /\r\nNot ours,T,/);
  });

  it('defuses every formula start and quotes what needs it', () => {
    assert.deepEqual(['=1+1', '+1', '-1', '@x', '\tx', '\rx', 'a,b', 'say "hi"', 'line\nbreak', 'plain', 'H11.35-1'].map((v) => csvCell(v)), [
      "'=1+1", "'+1", "'-1", "'@x", "'\tx", `"'\rx"`, '"a,b"', '"say ""hi"""', '"line\nbreak"', 'plain', 'H11.35-1',
    ]);
    assert.equal(csvCell(-5), '-5');
    assert.equal(writeCsv([['a', null, 3]], { bom: false }), 'a,,3\r\n');
    assert.equal(vietnamTimestamp(null), '');
  });
});
