/**
 * The benchmark's record generator (bench/fill-records.ts): 2,000 records in 10 communes of a fresh database are
 * inserted at all (every CHECK holds), shaped as the generator promises (statuses, channels, punctuality,
 * supplements, fees and payments, results, ratings, files, codes and the day's counters), and the same seed gives
 * the same rows while another seed gives others, added after the first without a clash of codes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';
import { seedCatalogue } from '../../src/modules/catalogue/index.ts';
import { RECORD_CODE_PATTERN } from '../../src/modules/records/domain/record-code.ts';
import { fillRecords } from '../../bench/fill-records.ts';
import type { FillResult } from '../../bench/fill-records.ts';

const NOW = new Date('2026-06-15T04:00:00Z'); // a Monday, 11:00 in Vietnam
const OPTIONS = { communes: 10, records: 2000, seed: 7, now: NOW };

const FIGURES = ['n', 'finished', 'result', 'open', 'paused', 'refused', 'withdrawn', 'stopped', 'online', 'post', 'on_time', 'sreq0', 'sreq1', 'sreq2',
  'electronic', 'electronic_elsewhere', 'sealed', 'signed', 'reused', 'unrated', 'liked', 'disliked', 'rated_elsewhere', 'fee', 'paid_online', 'paid_desk',
  'codes', 'applicants', 'procedures', 'bad_times', 'bad_received', 'with_file', 'online_with_file'] as const;
type Row = Record<(typeof FIGURES)[number], number>;

/** One row of figures over the records (shares as fractions of all records unless said). */
async function figures(db: TestDatabase['db']): Promise<Row> {
  const row = (await sql<Row>`
    select count(*)::int as n,
      avg((status in (3, 7, 8, 9, 10))::int)::float8 as finished, avg((status in (9, 10))::int)::float8 as result,
      avg((status in (2, 4))::int)::float8 as open, avg((status in (5, 6))::int)::float8 as paused,
      avg((status = 3)::int)::float8 as refused, avg((status = 7)::int)::float8 as withdrawn, avg((status = 8)::int)::float8 as stopped,
      avg((channel = 2)::int)::float8 as online, avg((channel = 3)::int)::float8 as post,
      (avg((finished_at <= due_at)::int) filter (where status in (9, 10)))::float8 as on_time,
      avg((supplement_requests = 0)::int)::float8 as sreq0, avg((supplement_requests = 1)::int)::float8 as sreq1, avg((supplement_requests = 2)::int)::float8 as sreq2,
      (avg((result_public_id is not null)::int) filter (where status in (9, 10)))::float8 as electronic,
      count(*) filter (where result_public_id is not null and status not in (9, 10))::int as electronic_elsewhere,
      count(*) filter (where result_sealed_at is not null)::int as sealed, count(*) filter (where result_public_id is not null)::int as signed,
      avg(reused_data::int)::float8 as reused,
      avg((rating is null)::int)::float8 as unrated, count(*) filter (where rating >= 4)::int as liked, count(*) filter (where rating <= 2)::int as disliked,
      count(*) filter (where rating is not null and status not in (3, 8, 10))::int as rated_elsewhere,
      count(*) filter (where fee_amount > 0)::int as fee, count(*) filter (where payment_method = 'online')::int as paid_online,
      count(*) filter (where payment_method in ('cash', 'transfer'))::int as paid_desk,
      count(distinct code)::int as codes, count(distinct applicant_id_number)::int as applicants, count(distinct procedure_code)::int as procedures,
      count(*) filter (where not (submitted_at <= coalesce(received_at, submitted_at) and coalesce(received_at, ${NOW}) <= ${NOW} and received_at >= ${NOW}::timestamptz - interval '24 months 1 day'
        and due_at > received_at and coalesce(finished_at, received_at) >= received_at and coalesce(finished_at, ${NOW}) <= ${NOW} and updated_at <= ${NOW}
        and coalesce(returned_at, finished_at) >= finished_at and (status in (3, 7, 8, 9, 10)) = (finished_at is not null)))::int as bad_times,
      count(*) filter (where (received_at is null) <> (status = 1))::int as bad_received,
      avg((exists (select 1 from record_files f where f.record_id = r.id and f.component_position is not null))::int)::float8 as with_file,
      (avg((exists (select 1 from record_files f where f.record_id = r.id))::int) filter (where channel = 2))::float8 as online_with_file
    from records r`.execute(db)).rows[0]!;
  assert.deepEqual(Object.keys(row).sort(), [...FIGURES].sort());
  return Object.fromEntries(FIGURES.map((k) => [k, Number(row[k])])) as Row;
}

/** Everything a seed decides, ids aside: equal digests mean equal rows. */
async function digest(db: TestDatabase['db'], since = 0): Promise<string> {
  return (await sql<{ d: string }>`
    select md5(string_agg(concat_ws('|', r.code, u.code, r.procedure_code, r.status, r.channel, r.applicant_name, r.applicant_id_number, r.applicant_phone, r.applicant_address,
      r.fee_amount, r.submitted_at, r.received_at, r.due_at, r.original_due_at, r.paused_at, r.supplement_requests, r.finished_at, r.returned_at, r.returned_via,
      r.result_public_id, r.result_sealed_at, r.paid_at, r.paid_amount, r.payment_channel, r.payment_method, r.reused_data, r.rating, r.rated_at, r.updated_at,
      (select string_agg(f.component_position || ':' || f.uploaded_by_kind, ',' order by f.component_position) from record_files f where f.record_id = r.id)), ';' order by r.code)) as d
    from records r join units u on u.id = r.unit_id where r.id > ${since}`.execute(db)).rows[0]!.d;
}

const between = (value: number, low: number, high: number, what: string) => assert.ok(value >= low && value <= high, `${what}: ${value} is not within ${low}–${high}`);

describe('bench/fill-records.ts', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  let filled: FillResult;
  let f: Row;

  before(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await Promise.all([seedCatalogue(a.db), seedCatalogue(b.db)]);
    [filled] = await Promise.all([fillRecords(a.db, OPTIONS), fillRecords(b.db, OPTIONS)]);
    f = await figures(a.db);
  });
  after(() => Promise.all([a?.close(), b?.close()]));

  it('creates the province and the communes and wards below it, wards five times as busy', async () => {
    const units = (await sql<{ code: string; kind: string; parent: string | null; n: number }>`
      select u.code, u.kind, p.code as parent, (select count(*) from records r where r.unit_id = u.id)::int as n
      from units u left join units p on p.id = u.parent_id order by u.id`.execute(a.db)).rows;
    assert.deepEqual(units[0], { code: 'H11', kind: 'province', parent: null, n: 0 });
    const communes = units.slice(1);
    assert.equal(communes.length, 10);
    for (const c of communes) {
      assert.match(c.code, /^H11\.\d{2}\.\d{3}$/);
      assert.equal(c.parent, 'H11');
    }
    assert.deepEqual(communes.filter((c) => c.kind === 'ward').map((c) => c.code), ['H11.50.001', 'H11.50.009']);
    assert.equal(filled.communes.length, 10);
    const mean = (kind: string) => communes.filter((c) => c.kind === kind).reduce((s, c) => s + c.n, 0) / communes.filter((c) => c.kind === kind).length;
    assert.ok(mean('ward') > 3 * mean('commune'), `wards ${mean('ward')}, communes ${mean('commune')}`);
    assert.ok(Math.min(...communes.map((c) => c.n)) > 50, 'every commune has records');
  });

  it('inserts every record once, with unique codes numbered by the day’s counter of each agency', async () => {
    assert.equal(f.n, 2000);
    assert.equal(filled.records, 2000);
    assert.equal(f.codes, 2000);
    const misdated = (await sql<{ n: number }>`
      select count(*)::int as n from records r join units u on u.id = r.unit_id
      where substr(r.code, length(u.code) + 2, 6) <> to_char((r.submitted_at at time zone 'UTC') + interval '7 hours', 'YYMMDD')`.execute(a.db)).rows[0]!;
    assert.equal(misdated.n, 0, 'the date in the code is the Vietnam date of submission');
    const perDay = (await sql<{ code: string; n: number; max: number; last: number | null; bad: number }>`
      select d.code, d.n, d.max, s.last_value as last, d.bad from (
        select u.id as unit_id, substr(r.code, length(u.code) + 2, 6) as ymd, min(r.code) as code, count(*)::int as n,
          max(substr(r.code, length(u.code) + 9)::int) as max,
          count(*) filter (where r.code !~ ('^' || replace(u.code, '.', '\\.') || '-[0-9]{6}-[0-9]{4,}$'))::int as bad
        from records r join units u on u.id = r.unit_id group by 1, 2) d
      left join record_sequences s on s.unit_id = d.unit_id and to_char(s.day, 'YYMMDD') = d.ymd`.execute(a.db)).rows;
    for (const d of perDay) {
      assert.equal(d.max, d.n, `${d.code}: the day's numbers run 1…n`);
      assert.equal(d.last, d.n, `${d.code}: record_sequences continues after the last`);
      assert.equal(d.bad, 0);
    }
    const some = (await sql<{ code: string }>`select code from records order by id limit 50`.execute(a.db)).rows;
    for (const r of some) assert.match(r.code, RECORD_CODE_PATTERN);
  });

  it('gives statuses, channels, times and supplements the promised shares', () => {
    between(f.finished, 0.93, 0.995, 'finished (3, 7, 8, 9, 10)');
    between(f.result, 0.88, 0.97, 'with a result (9, 10)');
    between(f.open, 0.003, 0.05, 'open (2, 4)');
    between(f.paused, 0.0005, 0.02, 'paused (5, 6)');
    for (const s of ['refused', 'withdrawn', 'stopped'] as const) between(f[s], 0.003, 0.035, s);
    between(f.online, 0.4, 0.6, 'online');
    between(f.post, 0.005, 0.03, 'by post');
    between(f.on_time, 0.83, 0.96, 'results on time');
    between(f.sreq0, 0.8, 0.92, 'no supplement request');
    between(f.sreq1, 0.07, 0.17, 'one supplement request');
    between(f.sreq2, 0.01, 0.05, 'two supplement requests');
    assert.equal(f.bad_times, 0, 'submitted ≤ received ≤ finished ≤ returned ≤ now, due after receipt, within the 24 months');
    assert.equal(f.bad_received, 0, 'only status 1 lacks a receipt');
  });

  it('charges the catalogue’s fees and records payments, results, reuse and ratings', async () => {
    const fees = (await sql<{ wrong: number; missing: number }>`
      select count(*) filter (where r.fee_amount > 0 and p.fee_status <> 'charged')::int as wrong,
        count(*) filter (where r.fee_amount = 0 and p.fee_status = 'charged' and jsonb_array_length(p.fee_lines) > 0)::int as missing
      from records r join procedures p on p.id = r.procedure_id`.execute(a.db)).rows[0]!;
    assert.deepEqual(fees, { wrong: 0, missing: 0 });
    between(f.fee / f.n, 0.2, 0.5, 'records with a fee');
    assert.ok(f.paid_online > 20 && f.paid_desk > f.paid_online, `paid online ${f.paid_online}, at the desk ${f.paid_desk}`);
    between(f.electronic, 0.4, 0.9, 'electronic results');
    assert.equal(f.electronic_elsewhere, 0);
    between(f.sealed / f.signed, 0.8, 0.97, 'sealed of the signed');
    between(f.reused, 0.08, 0.3, 'reused data');
    between(f.unrated, 0.75, 0.95, 'not rated');
    assert.ok(f.liked > 5 * f.disliked && f.disliked > 0, `4–5 stars ${f.liked}, 1–2 stars ${f.disliked}`);
    assert.equal(f.rated_elsewhere, 0, 'only closed records are rated');
    assert.ok(f.applicants < f.n * 0.9, `some applicants come back: ${f.applicants} for ${f.n}`);
    assert.ok(f.procedures >= 30, `${f.procedures} procedures`);
    const top = (await sql<{ code: string }>`select procedure_code as code from records group by 1 order by count(*) desc, 1 limit 1`.execute(a.db)).rows[0]!;
    assert.equal(top.code, '2.000815', 'certified copies are the commonest');
  });

  it('attaches component files to most records', async () => {
    between(f.with_file, 0.65, 0.95, 'records with a component file');
    between(f.online_with_file, 0.93, 1, 'online records with a file');
    const files = (await sql<{ n: number; bad: number }>`
      select count(*)::int as n, count(*) filter (where component_position is null or sha256 <> encode(sha256(data), 'hex') or size_bytes <> length(data)
        or content_type <> 'application/pdf' or component_position > (select count(*) from procedure_components c join records r on r.procedure_id = c.procedure_id where r.id = f.record_id))::int as bad
      from record_files f`.execute(a.db)).rows[0]!;
    assert.equal(files.n, filled.files);
    assert.equal(files.bad, 0);
  });

  it('is deterministic: the same seed gives the same rows, another seed others, added without a clash', async () => {
    assert.deepEqual(await figures(b.db), f);
    const first = await digest(a.db);
    assert.equal(await digest(b.db), first);
    const lastId = (await sql<{ id: number }>`select max(id)::int as id from records`.execute(b.db)).rows[0]!.id;
    const again = await fillRecords(b.db, { ...OPTIONS, seed: 8 });
    assert.equal(again.communes.map((c) => c.id).join(), filled.communes.map((c) => c.id).join(), 'the same communes are reused');
    const both = await figures(b.db);
    assert.equal(both.n, 4000);
    assert.equal(both.codes, 4000);
    assert.notEqual(await digest(b.db, lastId), first);
    const sequences = (await sql<{ n: number }>`
      select count(*)::int as n from record_sequences s
      where s.last_value <> (select count(*) from records r join units u on u.id = r.unit_id where r.unit_id = s.unit_id and substr(r.code, length(u.code) + 2, 6) = to_char(s.day, 'YYMMDD'))`.execute(b.db)).rows[0]!;
    assert.equal(sequences.n, 0, 'the counters continue after both fills');
  });
});
