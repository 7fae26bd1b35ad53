/**
 * The record sets behind the Decision 766 indicators (issue #7; vn-rules.md §1.2), counted in the database on a
 * small fixture whose every count is known by hand: the on-time rule at its edges (finished on the due instant,
 * one second late, two supplement requests, paused, unfinished judged at the end of the window), the window's
 * edges, online records of paper-result procedures, digitised, paid online, disliked, tenant separation; the
 * drill-down lists exactly what is counted; reportUnits and rank on the same fixture. Then the real workflow
 * sets finished_at and reused_data.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { makePdf } from '../support/files.ts';
import { RECORD_SETS, countIndicatorFacts, listFinishedRecords, listRecordSet } from '../../src/modules/records/index.ts';
import type { FactsWindow, RecordSet } from '../../src/modules/records/index.ts';
import { catalogueFacts } from '../../src/modules/catalogue/index.ts';
import { insertUnitInTrx } from '../../src/modules/tenancy/index.ts';
import type { Unit } from '../../src/modules/tenancy/index.ts';
import { catalogueCounts, rank, reportUnits } from '../../src/modules/reports/compute.ts';
import { defaultSettings } from '../../src/modules/reports/domain/settings.ts';
import { parsePeriod } from '../../src/modules/reports/domain/period.ts';

/** A Vietnam wall-clock time in November 2026 (or another month), as an instant. */
const vn = (text: string) => new Date(`2026-${text}+07:00`);

// November 2026 in Vietnam.
const FROM = vn('11-01T00:00:00');
const TO = vn('12-01T00:00:00');

interface Rec {
  code: string;
  unit: 'A' | 'B' | 'D';
  /** P1 (paper result; v1 old, v2 in force) or P2 (no paper result). */
  proc: 'P1v1' | 'P1v2' | 'P2';
  status: number;
  channel?: 1 | 2 | 3;
  received?: string | null;
  due?: string | null;
  finished?: string | null;
  paused?: string | null;
  supplements?: number;
  fee?: number;
  /** Paid: 0 at the desk (cash), 1 or 2 online. */
  paid?: 0 | 1 | 2;
  result?: string;
  reused?: boolean;
  rating?: number;
  /** Files: a component position, or null for an "other" file. */
  files?: (number | null)[];
}

/**
 * Unit A's records, with the sets each falls in for November (by hand, from vn-rules.md §1.2):
 *   processed = received before the end and not finished before the start; on_time = ended by the due instant (≤),
 *   at most one supplement request; received = received in the month; and so on.
 */
const RECORDS: Rec[] = [
  // Finished on the due instant: on time (≤). Desk, no fee, a component file, rated 3 (not dissatisfied).
  { code: 'A01', unit: 'A', proc: 'P2', status: 10, received: '11-02T08:00:00', due: '11-10T17:00:00', finished: '11-10T17:00:00', files: [1], rating: 3 },
  // Finished one second after the due instant: late. Only an "other" file (not digitised). Rated 2: dissatisfied.
  { code: 'A02', unit: 'A', proc: 'P2', status: 9, received: '11-02T08:00:00', due: '11-10T17:00:00', finished: '11-10T17:00:01', files: [null], rating: 2 },
  // Two supplement requests: late although finished early. Online, no paper result: online.
  { code: 'A03', unit: 'A', proc: 'P2', status: 10, channel: 2, received: '11-03T08:00:00', due: '11-20T17:00:00', finished: '11-05T10:00:00', supplements: 2 },
  // Waiting for a supplement since before its due date, unfinished at the end of the month: on time (the clock stopped).
  { code: 'A04', unit: 'A', proc: 'P2', status: 5, received: '11-05T08:00:00', due: '11-12T17:00:00', paused: '11-08T09:00:00', supplements: 1 },
  // Open, due on the 20th, unfinished at the end of the month: late (judged at the end); judged on the 15th: on time.
  { code: 'A05', unit: 'A', proc: 'P2', status: 4, received: '11-10T08:00:00', due: '11-20T17:00:00' },
  // Finished before the month: not in the window.
  { code: 'A06', unit: 'A', proc: 'P2', status: 10, received: '10-01T08:00:00', due: '10-10T17:00:00', finished: '10-09T10:00:00', files: [1], rating: 1 },
  // Received after the month: not in the window.
  { code: 'A07', unit: 'A', proc: 'P2', status: 2, received: '12-01T08:00:00', due: '12-10T17:00:00', rating: 1 },
  // Received in October, finished in November: processed (on time), finished, not received. Paper result with the
  // electronic one; a component file, reuse and a dislike that do not count (not received in the month).
  { code: 'A08', unit: 'A', proc: 'P1v2', status: 10, received: '10-25T08:00:00', due: '11-05T17:00:00', finished: '11-04T10:00:00', result: 'res-a08', files: [1], reused: true, rating: 1 },
  // Online, paper-result procedure, no electronic result (yet): not online, not digitised despite its component
  // file. Paid at the desk: a fee due, not paid online. Unfinished, due in December: on time.
  { code: 'A09', unit: 'A', proc: 'P1v2', status: 4, channel: 2, received: '11-12T08:00:00', due: '12-05T17:00:00', fee: 50000, paid: 0, files: [1] },
  // Online, of the older version of the paper-result procedure, with the electronic result: online, digitised,
  // paper result with the electronic one. Paid on the national platform. Reused data. Rated 1.
  { code: 'A10', unit: 'A', proc: 'P1v1', status: 9, channel: 2, received: '11-14T08:00:00', due: '11-28T17:00:00', finished: '11-20T10:00:00', result: 'res-a10', fee: 50000, paid: 1, files: [2, null], reused: true, rating: 1 },
  // No appointment: on time. A fee paid on the provincial platform (the procedure has no fee in the catalogue).
  { code: 'A11', unit: 'A', proc: 'P2', status: 2, received: '11-20T08:00:00', due: null, fee: 20000, paid: 2 },
  // Withdrawn (status 7) in the month: processing ended on time, but not finished with a result (9 or 10).
  { code: 'A12', unit: 'A', proc: 'P2', status: 7, received: '11-18T08:00:00', due: '11-25T17:00:00', finished: '11-22T10:00:00' },
  // Finished in December, due on 28 November: in November it was unfinished at the end, so late; not finished in November.
  { code: 'A13', unit: 'A', proc: 'P2', status: 10, channel: 3, received: '11-25T08:00:00', due: '11-28T17:00:00', finished: '12-02T10:00:00' },
  // Not yet received: in no set.
  { code: 'A14', unit: 'A', proc: 'P2', status: 1, channel: 2, received: null },
  // Paper result without the electronic one, finished on time: paper result only; its component file does not make it digitised.
  { code: 'A15', unit: 'A', proc: 'P1v2', status: 9, received: '11-03T08:00:00', due: '11-10T17:00:00', finished: '11-06T10:00:00', files: [1] },
  // Received at the very end of the month (exclusive): not in the window.
  { code: 'A16', unit: 'A', proc: 'P2', status: 2, received: '12-01T00:00:00', due: '12-05T17:00:00' },
  // Finished at the very start of the month (inclusive): processed, on time, finished; received in October.
  { code: 'A17', unit: 'A', proc: 'P2', status: 10, received: '10-20T08:00:00', due: '11-05T17:00:00', finished: '11-01T00:00:00' },
  // Unit B (and D, its twin): one online record on time, one paper-result record overdue and disliked.
  { code: 'B01', unit: 'B', proc: 'P2', status: 10, channel: 2, received: '11-10T08:00:00', due: '11-15T17:00:00', finished: '11-11T10:00:00' },
  { code: 'B02', unit: 'B', proc: 'P1v2', status: 4, received: '11-10T08:00:00', due: '11-12T17:00:00', rating: 1 },
  { code: 'D01', unit: 'D', proc: 'P2', status: 10, channel: 2, received: '11-10T08:00:00', due: '11-15T17:00:00', finished: '11-11T10:00:00' },
  { code: 'D02', unit: 'D', proc: 'P1v2', status: 4, received: '11-10T08:00:00', due: '11-12T17:00:00', rating: 1 },
];

/** Unit A's sets in November, by hand. */
const A_SETS: Record<RecordSet, string[]> = {
  processed: ['A01', 'A02', 'A03', 'A04', 'A05', 'A08', 'A09', 'A10', 'A11', 'A12', 'A13', 'A15', 'A17'],
  on_time: ['A01', 'A04', 'A08', 'A09', 'A10', 'A11', 'A12', 'A15', 'A17'],
  late: ['A02', 'A03', 'A05', 'A13'],
  received: ['A01', 'A02', 'A03', 'A04', 'A05', 'A09', 'A10', 'A11', 'A12', 'A13', 'A15'],
  online: ['A03', 'A10'],
  fee_due: ['A09', 'A10', 'A11'],
  paid_online: ['A10', 'A11'],
  paper_result: ['A08', 'A10', 'A15'],
  electronic_result: ['A08', 'A10'],
  digitised: ['A01', 'A10'],
  reused: ['A10'],
  dissatisfied: ['A02', 'A10'],
  finished: ['A01', 'A02', 'A03', 'A08', 'A10', 'A15', 'A17'],
};
const B_COUNTS: Record<RecordSet, number> = {
  processed: 2, on_time: 1, late: 1, received: 2, online: 1, fee_due: 0, paid_online: 0, paper_result: 0, electronic_result: 0, digitised: 0, reused: 0, dissatisfied: 1, finished: 1,
};

describe('indicator facts on a hand-counted fixture', () => {
  let database: TestDatabase;
  const units: Record<'A' | 'B' | 'C' | 'D', Unit> = {} as never;
  const versions: Record<'P1v1' | 'P1v2' | 'P2' | 'P3', number> = {} as never;
  const ids = new Map<string, number>();
  let window: FactsWindow;

  before(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const empty = (await sql<{ n: number }>`select (select count(*) from records) + (select count(*) from procedures) + (select count(*) from units) as n`.execute(db)).rows[0]!;
    assert.equal(Number(empty.n), 0, 'a fresh database: the fixture is all there is');
    await db.transaction().execute(async (trx) => {
      const province = await insertUnitInTrx(trx, { parentId: null, kind: 'province', code: 'T99', name: 'Tỉnh Thử', address: '', sealName: '' });
      units.A = await insertUnitInTrx(trx, { parentId: province.id, kind: 'commune', code: 'T99.01', name: 'Xã An', address: '', sealName: '' });
      units.B = await insertUnitInTrx(trx, { parentId: province.id, kind: 'commune', code: 'T99.02', name: 'Xã Bình', address: '', sealName: '' });
      units.C = await insertUnitInTrx(trx, { parentId: province.id, kind: 'commune', code: 'T99.03', name: 'Xã Chiêm', address: '', sealName: '' });
      units.D = await insertUnitInTrx(trx, { parentId: province.id, kind: 'ward', code: 'T99.04', name: 'Phường Đông', address: '', sealName: '' });
    });
    // P1: a paper result, online in full, a fee, all seven parts published; two published versions (v2 in force).
    // P2: no paper result, partly online, free, no components (incomplete). P3: provincial level, not online.
    const procedure = async (code: string, version: number, effective: string, o: { level: string; paper: boolean; online: string; fee: 'charged' | 'free'; components: number }) => {
      const lines = o.fee === 'charged' ? JSON.stringify([{ name: 'Lệ phí', amount: 50000 }]) : '[]';
      const { id } = (await sql<{ id: string }>`
        insert into procedures (code, version, status, effective_from, name, field, level, agencies, steps, methods, subjects, processing_time_value, processing_time_unit,
          fee_status, fee_lines, paper_result_required, online_level, search_text)
        values (${code}, ${version}, 'published', ${effective}, ${`Thủ tục ${code}`}, 'Hộ tịch', ${o.level}, '["UBND xã"]', '["Nộp hồ sơ"]', '["Trực tiếp"]', 'Công dân', 5, 'working_days',
          ${o.fee}, ${lines}::jsonb, ${o.paper}, ${o.online}, ${code})
        returning id`.execute(database.db)).rows[0]!;
      for (let position = 1; position <= o.components; position++) {
        await sql`insert into procedure_components (procedure_id, position, name) values (${id}, ${position}, ${`Giấy tờ ${position}`})`.execute(database.db);
      }
      return Number(id);
    };
    versions.P1v1 = await procedure('1.000001', 1, '2020-01-01', { level: 'Cấp xã', paper: true, online: 'full', fee: 'charged', components: 2 });
    versions.P1v2 = await procedure('1.000001', 2, '2025-01-01', { level: 'Cấp xã', paper: true, online: 'full', fee: 'charged', components: 2 });
    versions.P2 = await procedure('1.000002', 1, '2020-01-01', { level: 'Cấp xã', paper: false, online: 'partial', fee: 'free', components: 0 });
    versions.P3 = await procedure('1.000003', 1, '2020-01-01', { level: 'Cấp tỉnh', paper: true, online: 'none', fee: 'charged', components: 1 });

    for (const r of RECORDS) {
      const at = (t: string | null | undefined) => (t ? vn(t) : null);
      const code = r.proc === 'P2' ? '1.000002' : '1.000001';
      const paid = r.paid === undefined ? null : { at: at(r.received), channel: r.paid, method: r.paid === 0 ? 'cash' : 'online' };
      const { id } = (await sql<{ id: string }>`
        insert into records (unit_id, code, procedure_id, procedure_code, procedure_name, status, channel, applicant_name, applicant_id_number,
          received_at, due_at, finished_at, paused_at, supplement_requests, fee_amount, paid_at, paid_amount, payment_channel, payment_method,
          result_public_id, reused_data, rating)
        values (${units[r.unit].id}, ${r.code}, ${versions[r.proc]}, ${code}, ${`Thủ tục ${code}`}, ${r.status}, ${r.channel ?? 1}, 'Người thử', '011190001111',
          ${at(r.received === undefined ? null : r.received)}, ${at(r.due)}, ${at(r.finished)}, ${at(r.paused)}, ${r.supplements ?? 0}, ${r.fee ?? 0},
          ${paid?.at ?? null}, ${paid ? r.fee ?? 0 : null}, ${paid?.channel ?? null}, ${paid?.method ?? null},
          ${r.result ?? null}, ${r.reused ?? false}, ${r.rating ?? null})
        returning id`.execute(db)).rows[0]!;
      ids.set(r.code, Number(id));
      for (const position of r.files ?? []) {
        await sql`insert into record_files (unit_id, record_id, kind, component_position, file_name, content_type, size_bytes, sha256, data, uploaded_by_kind, uploaded_by_id)
          values (${units[r.unit].id}, ${id}, 'attachment', ${position}, 'giay-to.pdf', 'application/pdf', 4, ${'0'.repeat(64)}, ${Buffer.from('%PDF')}, 'citizen', 1)`.execute(db);
      }
    }
    window = { from: FROM, to: TO, paperResultVersionIds: (await catalogueFacts(db)).paperResultVersionIds };
  });
  after(() => database.close());

  const codesOf = (rows: { id: number | string }[]) => rows.map((r) => [...ids].find(([, id]) => id === Number(r.id))![0]).sort();

  it('the catalogue facts: the paper-result versions and the procedures in force', async () => {
    const facts = await catalogueFacts(database.db);
    assert.deepEqual([...facts.paperResultVersionIds].sort((a, b) => a - b), [versions.P1v1, versions.P1v2, versions.P3].sort((a, b) => a - b), 'every published version of a paper-result procedure, the old one too');
    assert.deepEqual(facts.inForce.map((p) => [p.code, p.communeLevel, p.onlineLevel, p.hasFee, p.paperResult, p.complete]), [
      ['1.000001', true, 'full', true, true, true],
      ['1.000002', true, 'partial', false, false, false],
      ['1.000003', false, 'none', true, true, true],
    ]);
    const c = catalogueCounts(facts);
    assert.deepEqual([c.communeProcedures, c.complete, [...c.onlineCodes].sort(), [...c.feeCodes]], [2, 1, ['1.000001', '1.000002'], ['1.000001']]);
  });

  it('counts every set of unit A as counted by hand', async () => {
    const [a] = await countIndicatorFacts(database.db, [units.A.id], window);
    assert.ok(a);
    assert.equal(a.unitId, units.A.id);
    assert.deepEqual(a.counts, Object.fromEntries(RECORD_SETS.map((s) => [s, A_SETS[s].length])));
    assert.deepEqual([...a.onlineProcedures].sort(), ['1.000001', '1.000002'], 'A03 (P2), A09 and A10 (P1) were received online');
    assert.deepEqual([...a.feeProcedures].sort(), ['1.000001', '1.000002'], 'A09, A10 (P1) and A11 (P2) have a fee');
    assert.equal(a.counts.on_time + a.counts.late, a.counts.processed);
  });

  it('the drill-down lists exactly the records counted, set by set', async () => {
    for (const set of RECORD_SETS) {
      const { total, rows } = await listRecordSet(database.db, [units.A.id], set, window, { limit: 100, offset: 0 });
      assert.equal(total, A_SETS[set].length, set);
      assert.deepEqual(codesOf(rows), [...A_SETS[set]].sort(), set);
    }
    // Paged: the most recently received first, then by id.
    const first = await listRecordSet(database.db, [units.A.id], 'processed', window, { limit: 3, offset: 0 });
    const second = await listRecordSet(database.db, [units.A.id], 'processed', window, { limit: 3, offset: 3 });
    assert.equal(first.total, 13);
    assert.deepEqual(first.rows.map((r) => r.code), ['A13', 'A11', 'A12']);
    assert.deepEqual(second.rows.map((r) => r.code), ['A10', 'A09', 'A05']);
    assert.deepEqual(await listRecordSet(database.db, [], 'processed', window, { limit: 3, offset: 0 }), { total: 0, rows: [] });
  });

  it('the on-time rule at its edges', async () => {
    const onTime = new Set(codesOf((await listRecordSet(database.db, [units.A.id], 'on_time', window, { limit: 100, offset: 0 })).rows));
    const late = new Set(codesOf((await listRecordSet(database.db, [units.A.id], 'late', window, { limit: 100, offset: 0 })).rows));
    assert.ok(onTime.has('A01') && !late.has('A01'), 'finished on the due instant: on time');
    assert.ok(late.has('A02') && !onTime.has('A02'), 'finished one second late: late');
    assert.ok(late.has('A03'), 'two supplement requests: late although finished early');
    assert.ok(onTime.has('A04'), 'paused before the due date, unfinished at the end: on time');
    assert.ok(late.has('A05'), 'unfinished, due before the end of the window: late');
    assert.ok(late.has('A13'), 'finished after the window, due inside it: late in this window');
    assert.ok(onTime.has('A11'), 'no appointment: on time');
    // The same records judged with a window ending on 15 November (before A05's appointment on the 20th).
    const mid: FactsWindow = { ...window, to: vn('11-15T17:00:00') };
    const early = new Set(codesOf((await listRecordSet(database.db, [units.A.id], 'on_time', mid, { limit: 100, offset: 0 })).rows));
    assert.ok(early.has('A05'), 'judged before its appointment: on time');
    assert.ok(early.has('A10'), 'finished after the window\'s end, judged at the end (before its appointment): on time');
    const [a] = await countIndicatorFacts(database.db, [units.A.id], mid);
    // Received before the 15th at 17:00: A01–A05, A08–A10, A15, A17; A11–A13 later.
    assert.deepEqual([a!.counts.processed, a!.counts.on_time, a!.counts.late, a!.counts.finished], [10, 8, 2, 6]);
  });

  it('the window: finished before it or received after it are out; received before it and finished in it is processed, not received', async () => {
    const processed = codesOf((await listRecordSet(database.db, [units.A.id], 'processed', window, { limit: 100, offset: 0 })).rows);
    for (const code of ['A06', 'A07', 'A14', 'A16']) assert.ok(!processed.includes(code), code);
    const received = codesOf((await listRecordSet(database.db, [units.A.id], 'received', window, { limit: 100, offset: 0 })).rows);
    assert.ok(processed.includes('A08') && !received.includes('A08'));
    assert.ok(processed.includes('A17') && !received.includes('A17'), 'finished at the first instant of the window: in it');
    // October: A06 is there (finished on 9 October), A08 and A17 too (received then, unfinished at the end).
    const october: FactsWindow = { ...window, from: new Date('2026-09-30T17:00:00Z'), to: FROM };
    const inOctober = codesOf((await listRecordSet(database.db, [units.A.id], 'received', october, { limit: 100, offset: 0 })).rows);
    assert.deepEqual(inOctober, ['A06', 'A08', 'A17']);
    const finishedOctober = codesOf((await listRecordSet(database.db, [units.A.id], 'finished', october, { limit: 100, offset: 0 })).rows);
    assert.deepEqual(finishedOctober, ['A06']);
  });

  it('online, digitised, paid online and dissatisfied follow their rules', async () => {
    const set = async (s: RecordSet) => codesOf((await listRecordSet(database.db, [units.A.id], s, window, { limit: 100, offset: 0 })).rows);
    const online = await set('online');
    assert.ok(!online.includes('A09'), 'online, paper-result procedure, no electronic result: not online');
    assert.ok(online.includes('A10'), 'with the electronic result: online');
    assert.ok(!online.includes('A13'), 'by post is not online');
    const digitised = await set('digitised');
    assert.ok(digitised.includes('A01') && !digitised.includes('A02'), 'a file without a component does not count');
    assert.ok(!digitised.includes('A15'), 'paper result without the electronic one: not digitised');
    const fee = await set('fee_due');
    const paid = await set('paid_online');
    assert.ok(fee.includes('A09') && !paid.includes('A09'), 'paid at the desk (channel 0): fee due, not paid online');
    assert.ok(paid.includes('A10') && paid.includes('A11'), 'channels 1 and 2');
    const dissatisfied = await set('dissatisfied');
    assert.ok(dissatisfied.includes('A02') && !dissatisfied.includes('A01'), 'rating 2 dissatisfied, rating 3 not');
  });

  it('tenants are counted apart; a unit without records is absent', async () => {
    const all = await countIndicatorFacts(database.db, [units.A.id, units.B.id, units.C.id, units.D.id], window);
    const by = new Map(all.map((f) => [f.unitId, f]));
    assert.deepEqual([...by.keys()].sort((a, b) => a - b), [units.A.id, units.B.id, units.D.id].sort((a, b) => a - b), 'C has no records');
    assert.deepEqual(by.get(units.A.id)!.counts, Object.fromEntries(RECORD_SETS.map((s) => [s, A_SETS[s].length])), 'B\'s records are not in A\'s counts');
    assert.deepEqual(by.get(units.B.id)!.counts, B_COUNTS);
    assert.deepEqual(by.get(units.B.id)!.onlineProcedures, ['1.000002']);
    assert.deepEqual(by.get(units.B.id)!.feeProcedures, []);
    assert.deepEqual((await countIndicatorFacts(database.db, [units.B.id], window))[0]!.counts, B_COUNTS);
    assert.deepEqual(await countIndicatorFacts(database.db, [units.C.id], window), []);
    assert.deepEqual(await countIndicatorFacts(database.db, [], window), []);
    const listedB = await listRecordSet(database.db, [units.B.id], 'processed', window, { limit: 100, offset: 0 });
    assert.deepEqual(codesOf(listedB.rows), ['B01', 'B02']);
    const listedAB = await listRecordSet(database.db, [units.A.id, units.B.id], 'late', window, { limit: 100, offset: 0 });
    assert.deepEqual(codesOf(listedAB.rows), [...A_SETS.late, 'B02'].sort(), 'several units: the union');
  });

  it('listFinishedRecords: only status 9 or 10, finished in the window', async () => {
    const finished = await listFinishedRecords(database.db, [units.A.id], window);
    const expected = A_SETS.finished.map((code) => RECORDS.find((r) => r.code === code)!);
    assert.deepEqual(
      finished.map((f) => [f.unitId, f.procedureCode, f.receivedAt.toISOString(), f.finishedAt.toISOString()]).sort(),
      expected.map((r) => [units.A.id, r.proc === 'P2' ? '1.000002' : '1.000001', vn(r.received!).toISOString(), vn(r.finished!).toISOString()]).sort(),
    );
    assert.ok(finished.every((f) => f.procedureName.startsWith('Thủ tục ')));
    assert.deepEqual(await listFinishedRecords(database.db, [], window), []);
  });

  it('reportUnits and rank: the indicators of each unit; a unit without records is all N/A and last; ranks "1224"', async () => {
    const period = parsePeriod('2026-11')!;
    const list = [units.C, units.A, units.D, units.B];
    const reports = await reportUnits(database.db, list, period, defaultSettings(), new Date('2027-01-10T00:00:00Z'));
    assert.deepEqual(reports.map((r) => r.unit.id), list.map((u) => u.id), 'in the order given');
    const rates = (unit: Unit) => Object.fromEntries(reports.find((r) => r.unit.id === unit.id)!.values.map((v) => [v.id, v.rate]));
    const a = rates(units.A);
    // 2.1 9/13; 3.3 2/11; 3.6 2/3; 4.1 2/3; 4.2 2/11; 4.3 1/11; 5.4 100 − 400/13 − 200/11 = 51.049; 1.3 1/2; 3.1 2/2;
    // 3.2 {P1, P2} of {P1, P2}; 3.5 {P1} of {P1} (P2's fee is not in the catalogue).
    assert.deepEqual(
      ['1.3', '2.1', '3.1', '3.2', '3.3', '3.5', '3.6', '4.1', '4.2', '4.3', '5.4'].map((id) => a[id]),
      [50, 69.23, 100, 100, 18.18, 100, 66.67, 66.67, 18.18, 9.09, 51.05],
    );
    const b = rates(units.B);
    assert.deepEqual(['2.1', '3.2', '3.3', '3.5', '3.6', '4.1', '4.2', '4.3', '5.4'].map((id) => b[id]), [50, 50, 50, 0, null, null, 0, 0, 0]);
    const c = reports.find((r) => r.unit.id === units.C.id)!;
    assert.deepEqual(c.counts, Object.fromEntries(RECORD_SETS.map((s) => [s, 0])));
    for (const v of c.values) {
      if (['2.1', '3.3', '3.6', '4.1', '4.2', '4.3', '5.4'].includes(v.id)) assert.equal(v.rate, null, `${v.id} N/A without records`);
    }
    assert.deepEqual([rates(units.C)['1.3'], rates(units.C)['3.1'], rates(units.C)['3.2'], rates(units.C)['3.5']], [50, 100, 0, 0], 'the catalogue\'s indicators still apply');
    const ranked = rank(reports);
    assert.deepEqual(ranked.map((r) => [r.unit.name, r.rank]), [['Xã An', 1], ['Phường Đông', 2], ['Xã Bình', 2], ['Xã Chiêm', 4]]);
    assert.equal(ranked[1]!.card.total, ranked[2]!.card.total, 'B and D are twins');
    assert.ok(ranked[0]!.card.total > ranked[1]!.card.total && ranked[2]!.card.total > ranked[3]!.card.total);
    // C earns only the catalogue's points: 1.3 at 50 % of 4.5 and 3.1 at full 4.
    assert.equal(ranked[3]!.card.total, 6.25);
  });

  it('reportUnits of a period still running judges unfinished records now', async () => {
    const period = parsePeriod('2026-11')!;
    const [a] = await reportUnits(database.db, [units.A], period, defaultSettings(), vn('11-15T17:00:00'));
    assert.deepEqual([a!.counts.processed, a!.counts.on_time, a!.counts.late], [10, 8, 2], 'as the window ending on the 15th');
  });
});

describe('the workflow sets finished_at and reused_data', () => {
  let t: TestApp;
  let md: number;
  let citizen: Client;
  let desk: Client;
  let specialist: Client;
  let chairman: Client;
  const officials: Record<string, number> = {};

  interface Row { id: number; code: string; status: number; version: number; finished_at: Date | null; reused_data: boolean }
  const row = async (code: string) => (await sql<Row>`select id, code, status, version, finished_at, reused_data from records where code = ${code}`.execute(t.database.db)).rows[0]!;
  const act = async (client: Client, code: string, action: string, fields: Record<string, string> = {}) => {
    const r = await row(code);
    const res = await client.postForm(`/admin/units/${md}/records/${r.id}/act`, { action, version: String(r.version), ...fields });
    assert.equal(res.statusCode, 303, `${action}: ${res.body.slice(0, 300)}`);
  };
  const file = async (applicantId = '011190001234'): Promise<string> => {
    const res = await citizen.postJson('/api/v1/applications', {
      procedureCode: '1.001193', unitId: md,
      values: {
        applicantName: 'Lò Thị Mai', applicantId, applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', relation: 'cha_me',
        childName: 'Lò Văn Nam', childSex: 'nam', childBirthDate: '2026-11-01', childBirthPlace: 'Trạm y tế', childEthnicity: 'Thái', childNationality: 'Việt Nam',
        motherName: 'Lò Thị Mai', fatherKnown: 'khong',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return JSON.parse(res.body).code;
  };

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    citizen = await t.signIn('0912000001');
    desk = await t.signIn('motcua.muongdang');
    specialist = await t.signIn('chuyenmon.muongdang');
    chairman = await t.signIn('chutich.muongdang');
    for (const o of (await sql<{ id: number; username: string }>`select id, username from officials`.execute(t.database.db)).rows) officials[o.username] = Number(o.id);
  });
  after(async () => t.close());

  it('finished_at is set on approval (status 9) and not moved by the return (status 10)', async () => {
    const code = await file();
    await act(desk, code, 'accept');
    assert.equal((await row(code)).finished_at, null, 'received: not finished');
    await act(desk, code, 'forward', { toOfficialId: String(officials['chuyenmon.muongdang']) });
    await act(specialist, code, 'submit_for_approval', { toOfficialId: String(officials['chutich.muongdang']) });
    assert.equal((await row(code)).finished_at, null, 'awaiting approval: not finished');
    const r = await row(code);
    const started = Date.now();
    const approve = await chairman.postMultipart(`/admin/units/${md}/records/${r.id}/act`, { action: 'approve', version: String(r.version), text: '' },
      [{ name: 'result', filename: 'trich-luc.pdf', type: 'application/pdf', data: makePdf('Trich luc khai sinh') }]);
    assert.equal(approve.statusCode, 303, approve.body.slice(0, 300));
    const approved = await row(code);
    assert.equal(approved.status, 9);
    assert.ok(approved.finished_at, 'finished on approval');
    const decided = (await sql<{ decided_at: Date }>`select decided_at from records where id = ${approved.id}`.execute(t.database.db)).rows[0]!.decided_at;
    assert.equal(approved.finished_at.getTime(), decided.getTime(), 'the instant of the approval (the action\'s clock, as decided_at)');
    assert.ok(approved.finished_at.getTime() >= started && approved.finished_at.getTime() <= Date.now());
    // Time passes before the result is handed over.
    await sql`update records set finished_at = finished_at - interval '2 days' where id = ${approved.id}`.execute(t.database.db);
    const before = (await row(code)).finished_at!;
    await act(await t.signIn('vanthu.muongdang'), code, 'seal');
    await act(desk, code, 'return_result', { via: 'electronic' });
    const returned = await row(code);
    assert.equal(returned.status, 10);
    assert.equal(returned.finished_at!.getTime(), before.getTime(), 'the return does not move it');
  });

  it('reused_data is set at intake when a component without a file is one of the applicant\'s earlier digital results', async () => {
    // An earlier marriage registration of the applicant, returned with an electronic result (as in test/http/one-stop.test.ts).
    const earlier = await file();
    await sql`update records set status = 10, returned_at = now(), procedure_id = (select id from procedures where code = '1.000894' and status = 'published' order by version desc limit 1) where code = ${earlier}`.execute(t.database.db);
    const earlierRow = await row(earlier);
    await sql`insert into record_files (unit_id, record_id, kind, component_position, file_name, content_type, size_bytes, sha256, data, uploaded_by_kind, uploaded_by_id)
      values (${md}, ${earlierRow.id}, 'result', null, 'giay-chung-nhan-ket-hon.pdf', 'application/pdf', 4, ${'0'.repeat(64)}, ${Buffer.from('%PDF')}, 'official', ${officials['chutich.muongdang']})`.execute(t.database.db);
    // Mobile birth registration asks for the parents' marriage certificate (component 4).
    const asMobileBirth = async (code: string) => {
      await sql`update records set procedure_code = '1.003583', procedure_id = (select id from procedures where code = '1.003583' and status = 'published' order by version desc limit 1) where code = ${code}`.execute(t.database.db);
      return row(code);
    };
    const covered = await asMobileBirth(await file());
    // The same, but the applicant brought the certificate (a file for component 4): nothing reused.
    const brought = await asMobileBirth(await file());
    await sql`insert into record_files (unit_id, record_id, kind, component_position, file_name, content_type, size_bytes, sha256, data, uploaded_by_kind, uploaded_by_id)
      values (${md}, ${brought.id}, 'attachment', 4, 'ket-hon.pdf', 'application/pdf', 4, ${'0'.repeat(64)}, ${Buffer.from('%PDF')}, 'citizen', 1)`.execute(t.database.db);
    // Another applicant: no earlier result of theirs.
    const stranger = await asMobileBirth(await file());
    await sql`update records set applicant_id_number = '011190009999' where id = ${stranger.id}`.execute(t.database.db);

    for (const code of [covered.code, brought.code, stranger.code]) {
      assert.equal((await row(code)).reused_data, false, `${code}: not yet received`);
      await act(desk, code, 'accept');
    }
    assert.equal((await row(covered.code)).reused_data, true, 'the marriage certificate came from the earlier result');
    assert.equal((await row(brought.code)).reused_data, false, 'the applicant brought the paper');
    assert.equal((await row(stranger.code)).reused_data, false, 'another applicant');
    const audit = (await sql<{ details: Record<string, unknown> }>`select details from audit_log where action = 'records.accept' and target_id = ${covered.code}`.execute(t.database.db)).rows[0];
    assert.equal(audit?.details.reusedData, true, 'the audit entry says so');
  });
});
