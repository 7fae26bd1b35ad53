/** Periodic reports, pure parts: the fields editor's text, typed answers, commune states and the aggregate. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldLines, parseAnswer, parseFieldLines, readAnswers } from '../../src/modules/periodic-reports/domain/fields.ts';
import type { FieldDef } from '../../src/modules/periodic-reports/domain/fields.ts';
import { aggregate, isLate, unitState } from '../../src/modules/periodic-reports/domain/progress.ts';
import { parseDay, vietnamInstant } from '../../src/modules/periodic-reports/domain/period.ts';

const SOURCES = ['records_received', 'records_online'];

describe('periodic reports: the fields editor', () => {
  it('reads one field a line, with Vietnamese or English words, skipping blanks and comments', () => {
    const { fields, problems } = parseFieldLines([
      '# chỉ tiêu tháng',
      'received | Số hồ sơ tiếp nhận | integer | có | records_received',
      '',
      'budget|Kinh phí (triệu đồng)|số thập phân|không',
      '  rate | Tỷ lệ hài lòng | tỷ lệ | yes  ',
      'note | Kiến nghị | text',
    ].join('\r\n'), SOURCES);
    assert.deepEqual(problems, []);
    assert.deepEqual(fields, [
      { key: 'received', label: 'Số hồ sơ tiếp nhận', kind: 'integer', required: true, source: 'records_received' },
      { key: 'budget', label: 'Kinh phí (triệu đồng)', kind: 'decimal', required: false },
      { key: 'rate', label: 'Tỷ lệ hài lòng', kind: 'percent', required: true },
      { key: 'note', label: 'Kiến nghị', kind: 'text', required: false },
    ]);
    // The editor shows a template's fields as text that reads back the same.
    assert.deepEqual(parseFieldLines(formatFieldLines(fields), SOURCES).fields, fields);
  });

  it('names the line and the problem of every bad line, and keeps none of them', () => {
    const { fields, problems } = parseFieldLines([
      'ok | Tốt | integer | có',
      'only two | parts',
      'Bad-Key | Nhãn | integer | có',
      'ok | Trùng mã | integer | có',
      'x1 |  | integer | có',
      'x2 | Nhãn | money | có',
      'x3 | Nhãn | integer | maybe',
      'x4 | Nhãn | integer | có | unknown_figure',
      'x5 | Nhãn | text | không | records_online',
      'a | b | integer | có | records_online | extra',
    ].join('\n'), SOURCES);
    assert.deepEqual(fields.map((f) => f.key), ['ok']);
    assert.deepEqual(problems.map((p) => [p.line, p.key]), [
      [2, 'periodic_reports.fields.columns'],
      [3, 'periodic_reports.fields.key'],
      [4, 'periodic_reports.fields.duplicate'],
      [5, 'periodic_reports.fields.label'],
      [6, 'periodic_reports.fields.kind'],
      [7, 'periodic_reports.fields.required'],
      [8, 'periodic_reports.fields.source'],
      [9, 'periodic_reports.fields.source_kind'],
      [10, 'periodic_reports.fields.extra'],
    ]);
    assert.equal(problems[2]!.params.first, 1, 'the duplicate points at the first use');
    assert.equal(problems[6]!.params.known, 'records_received, records_online');
  });

  it('refuses an empty list and more than 50 fields', () => {
    assert.deepEqual(parseFieldLines('\n# nothing\n', SOURCES).problems.map((p) => p.key), ['periodic_reports.fields.empty']);
    const many = Array.from({ length: 51 }, (_, i) => `f${i} | Chỉ tiêu ${i} | integer | không`).join('\n');
    assert.deepEqual(parseFieldLines(many, SOURCES).problems.map((p) => p.key), ['periodic_reports.fields.too_many']);
  });
});

describe('periodic reports: answers', () => {
  it('reads numbers the Vietnamese way', () => {
    assert.deepEqual(parseAnswer('integer', ' 1.234 '), { ok: true, value: 1234 });
    assert.deepEqual(parseAnswer('integer', '1234'), { ok: true, value: 1234 });
    assert.deepEqual(parseAnswer('integer', '-7'), { ok: true, value: -7 });
    assert.equal(parseAnswer('integer', '12,5').ok, false);
    assert.equal(parseAnswer('integer', '1.23').ok, false, 'a dot groups thousands in an integer');
    assert.deepEqual(parseAnswer('decimal', '12,5'), { ok: true, value: 12.5 });
    assert.deepEqual(parseAnswer('decimal', '12.5'), { ok: true, value: 12.5 });
    assert.deepEqual(parseAnswer('percent', '87,5 %'), { ok: true, value: 87.5 });
    assert.equal(parseAnswer('percent', '100,5').ok, false);
    assert.equal(parseAnswer('percent', '-1').ok, false);
    assert.equal(parseAnswer('decimal', '1e5').ok, false);
    assert.equal(parseAnswer('integer', '10000000000000').ok, false, 'beyond 10^12');
    assert.deepEqual(parseAnswer('integer', '  '), { ok: true, value: null });
    assert.deepEqual(parseAnswer('text', '  Không có  '), { ok: true, value: 'Không có' });
    assert.equal(parseAnswer('text', 'x'.repeat(2001)).ok, false);
  });

  const fields: FieldDef[] = [
    { key: 'received', label: 'Tiếp nhận', kind: 'integer', required: true, source: 'records_received' },
    { key: 'online', label: 'Trực tuyến', kind: 'integer', required: true, source: 'records_online' },
    { key: 'staff', label: 'Cán bộ', kind: 'integer', required: true },
    { key: 'note', label: 'Ghi chú', kind: 'text', required: false },
  ];

  it('takes live figures over what was posted, and lets an unknown figure be typed', () => {
    const { answers, problems } = readAnswers(fields, { received: '999', online: '4', staff: '3' }, { records_received: 12, records_online: null }, 'submit');
    assert.deepEqual(answers, { received: 12, online: 4, staff: 3, note: null });
    assert.deepEqual(problems, {});
  });

  it('requires required fields on submission only, and reports bad formats either way', () => {
    const draft = readAnswers(fields, { staff: '' }, { records_received: 1, records_online: 2 }, 'draft');
    assert.deepEqual(draft.problems, {});
    const submit = readAnswers(fields, { staff: '' }, { records_received: 1, records_online: null }, 'submit');
    assert.deepEqual(Object.fromEntries(Object.entries(submit.problems).map(([k, v]) => [k, v.key])), { online: 'periodic_reports.answer.required', staff: 'periodic_reports.answer.required' });
    const bad = readAnswers(fields, { staff: 'ba' }, { records_received: 1, records_online: 2 }, 'draft');
    assert.equal(bad.problems.staff?.key, 'periodic_reports.answer.integer');
  });
});

describe('periodic reports: states and the aggregate', () => {
  const deadline = new Date('2026-12-05T10:00:00Z');
  const before = new Date('2026-12-05T09:00:00Z');
  const after = new Date('2026-12-05T10:00:01Z');

  it('tells each commune\'s state', () => {
    assert.equal(unitState(undefined, deadline, before), 'not_started');
    assert.equal(unitState(undefined, deadline, after), 'overdue');
    assert.equal(unitState({ status: 'draft', late: null }, deadline, before), 'draft');
    assert.equal(unitState({ status: 'draft', late: null }, deadline, after), 'overdue');
    assert.equal(unitState({ status: 'returned', late: true }, deadline, after), 'returned');
    assert.equal(unitState({ status: 'submitted', late: false }, deadline, after), 'submitted_on_time');
    assert.equal(unitState({ status: 'submitted', late: true }, deadline, before), 'submitted_late');
    assert.equal(isLate(deadline, deadline), false, 'the deadline itself is on time');
    assert.equal(isLate(after, deadline), true);
  });

  it('sums and averages numbers, never sums rates, counts only given values', () => {
    const f: FieldDef[] = [
      { key: 'n', label: 'n', kind: 'integer', required: true },
      { key: 'd', label: 'd', kind: 'decimal', required: false },
      { key: 'p', label: 'p', kind: 'percent', required: true },
      { key: 't', label: 't', kind: 'text', required: false },
    ];
    const result = aggregate(f, [{ n: 3, d: 0.1, p: 87.5, t: 'x' }, { n: 2, d: 0.2, p: 50, t: null }, { n: 0, d: null, p: 100 }]);
    assert.equal(result.submitted, 3);
    assert.deepEqual(result.fields, [
      { key: 'n', count: 3, sum: 5, average: 1.67 },
      { key: 'd', count: 2, sum: 0.3, average: 0.15 },
      { key: 'p', count: 3, sum: null, average: 79.17 },
      { key: 't', count: 1, sum: null, average: null },
    ]);
    assert.deepEqual(aggregate(f, []).fields[0], { key: 'n', count: 0, sum: 0, average: null });
  });

  it('reads dates and deadlines in Vietnam time', () => {
    assert.equal(parseDay('2026-02-29'), null);
    assert.equal(parseDay('05/12/2026'), '2026-12-05');
    assert.equal(vietnamInstant('2026-12-05', '17:00')?.toISOString(), '2026-12-05T10:00:00.000Z');
    assert.equal(vietnamInstant('2026-12-05', '25:00'), null);
  });
});
