/**
 * The one statement synthetic-history.ts sends per batch: `generate_series` over a slice of the plan (so many
 * records of one commune on one day), every attribute drawn from `hashint8extended(series index, seed·16 + k)`
 * (never random(): the same seed gives the same rows), the records inserted, and their component files inserted
 * from the RETURNING rows in the same statement. The probabilities are explained at the top of synthetic-history.ts.
 * A generator for the demo and the benchmark: it writes the records module's tables directly, without events.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

export interface CommuneParams {
  unitId: number;
  code: string;
  /** "Xã Na Sang"; `addressName` is the same in an address ("xã Na Sang"). */
  name: string;
  addressName: string;
  /** Relative volume of records (1, 2 or 5). */
  weight: number;
  /** Share of records filed online in the middle of the 24 months, and its rise over them (± half). */
  online: number;
  onlineTrend: number;
  /** Share of records finished by the appointment. */
  onTime: number;
  /** Share of online records with a fee that pay through a platform. */
  payOnline: number;
  /** Share of desk records with their components scanned (rises over time). */
  digitised: number;
  /** Share of results (status 9, 10) issued as a signed electronic document. */
  electronic: number;
  /** Share of closed records the applicant rates. */
  rated: number;
  /** Distinct applicants the commune's records are drawn from (some file more than once). */
  pool: number;
}

export interface ProcedureParams {
  id: number;
  code: string;
  name: string;
  /** online_level is not 'none'. */
  capable: boolean;
  paper: boolean;
  /** The legal processing time in calendar days (working days × 7/5). */
  legalDays: number;
  components: number;
  /** FEE_OPTIONS fees (0 when free), one drawn per record. */
  fees: number[];
}

export const FEE_OPTIONS = 8;

/** Records of one commune on one day (the day's counter continues after `seq0`); the global index of the first is g0 + 1. */
export interface PlanRow {
  commune: number;
  /** Midnight of the Vietnam day, as an instant. */
  day0: Date;
  /** Position of the day in the 24 months, 0 … 1. */
  t: number;
  n: number;
  g0: number;
  seq0: number;
  /** YYMMDD, for the record code. */
  ymd: string;
}

export interface Batch {
  seed: number;
  now: Date;
  start: Date;
  communes: readonly CommuneParams[];
  procedures: readonly ProcedureParams[];
  /** 4,096 slots of procedure indexes (1-based), as many per procedure as its popularity. */
  slots: readonly number[];
  /** Share of the slots whose procedure can be filed online. */
  onlineCapable: number;
  rows: readonly PlanRow[];
  names: Names;
  file: { data: Uint8Array; sha256: string };
  /** Share of the electronic results sealed by the clerk (default 0.9; the others wait at status 9 for the seal). */
  sealedShare?: number;
  /** Applicant ID numbers no synthetic person may take (one drawn equal is moved to the next number). */
  avoidIdNumbers?: readonly string[];
}

export interface Names {
  family: readonly string[];
  maleMiddle: readonly string[];
  femaleMiddle: readonly string[];
  maleGiven: readonly string[];
  femaleGiven: readonly string[];
  villages: readonly string[];
}

/** A uniform number in [0, 1) from 16 bits of h.h<word>. */
const u = (word: number, part: number) => sql.raw(`(((h.h${word} >> ${16 * part}) & 65535)::float8 / 65536)`);

/** The applicant's 12-digit number: province 011, century and sex, year of birth, six digits of the person (see `avoid`). */
function idNumber(avoid: readonly string[]): RawBuilder<string> {
  const head = sql`'011' || ((case when y.year >= 2000 then 2 else 0 end) + x.person % 2)::text || lpad((y.year % 100)::text, 2, '0')`;
  const serial = sql`(c.idx * 7919 + x.person::bigint * 104729)`;
  const number = sql<string>`${head} || lpad((${serial} % 1000000)::text, 6, '0')`;
  if (avoid.length === 0) return number;
  return sql<string>`case when ${number} = any(${[...avoid]}::text[]) then ${head} || lpad(((${serial} + 1) % 1000000)::text, 6, '0') else ${number} end`;
}

export function batchStatement(b: Batch): RawBuilder<unknown> {
  const k = (n: number) => sql.lit(b.seed * 16 + n);
  const hashes = sql.join([0, 1, 2, 3, 4, 5, 6].map((n) => sql`hashint8extended(plan.g0 + s.i, ${k(n)}::bigint) as ${sql.raw(`h${n}`)}`));
  const c = b.communes;
  const p = b.procedures;
  const r = b.rows;
  const n = b.names;
  const now = sql`${b.now.toISOString()}::timestamptz`;
  const spanSeconds = (b.now.getTime() - b.start.getTime()) / 1000;
  const hour = sql.raw(`interval '1 hour'`);
  return sql`
    with c as (
      select * from unnest(${c.map((x) => x.unitId)}::bigint[], ${c.map((x) => x.code)}::text[], ${c.map((x) => x.addressName)}::text[],
        ${c.map((x) => x.online)}::float8[], ${c.map((x) => x.onlineTrend)}::float8[], ${c.map((x) => x.onTime)}::float8[], ${c.map((x) => x.payOnline)}::float8[],
        ${c.map((x) => x.digitised)}::float8[], ${c.map((x) => x.electronic)}::float8[], ${c.map((x) => x.rated)}::float8[], ${c.map((x) => x.pool)}::int[])
        with ordinality as c(unit_id, code, address_name, online, online_trend, on_time, pay_online, digitised, electronic, rated, pool, idx)
    ), p as (
      select * from unnest(${p.map((x) => x.id)}::bigint[], ${p.map((x) => x.code)}::text[], ${p.map((x) => x.name)}::text[], ${p.map((x) => x.capable)}::bool[],
        ${p.map((x) => x.legalDays)}::float8[], ${p.map((x) => x.components)}::int[])
        with ordinality as p(id, code, name, capable, legal_days, components, idx)
    ), plan as (
      select * from unnest(${r.map((x) => x.commune)}::int[], ${r.map((x) => x.day0.toISOString())}::timestamptz[], ${r.map((x) => x.t)}::float8[],
        ${r.map((x) => x.n)}::int[], ${r.map((x) => x.g0)}::bigint[], ${r.map((x) => x.seq0)}::int[], ${r.map((x) => x.ymd)}::text[])
        as plan(cidx, day0, t, n, g0, seq0, ymd)
    ), ins as (
      insert into records (unit_id, code, procedure_id, procedure_code, procedure_name, status, channel, applicant_name, applicant_id_number, applicant_phone,
        applicant_address, fee_amount, submitted_at, updated_at, received_at, due_at, original_due_at, paused_at, supplement_requests, decided_at, returned_at,
        returned_via, result_public_id, result_sealed_at, paid_at, paid_amount, payment_channel, payment_method, finished_at, reused_data, rating, rated_at)
      select c.unit_id, x.code, p.id, p.code, p.name, st.status, a.channel, who.name, who.id_number, who.phone, who.address, bb.fee, a.submitted,
        greatest(a.submitted, bb.received, d.paused_at, d.finished_at, d.returned_at, d.paid_at, d.rated_at, d.sealed_at),
        bb.received, bb.received + ${hour} * (bb.legal_h + bb.pause_h), bb.received + ${hour} * bb.legal_h, d.paused_at, bb.sreq,
        case when st.status in (3, 8, 9, 10) then d.finished_at end, d.returned_at,
        case when st.status = 10 then (case when d.electronic and a.online then 'electronic' when a.channel = 3 then 'post' else 'desk' end) end,
        case when d.electronic then substr(md5('ket-qua:' || x.code), 1, 24) end, d.sealed_at,
        d.paid_at, case when d.paid_at is not null then bb.fee end,
        case when d.paid_at is not null then (case when d.pay_online then (case when ${u(4, 1)} < 0.8 then 1 else 2 end) else 0 end) end,
        case when d.paid_at is not null then (case when d.pay_online then 'online' when ${u(4, 1)} < 0.8 then 'cash' else 'transfer' end) end,
        d.finished_at,
        bb.received is not null and ${u(4, 2)} < (0.08 + 0.22 * plan.t) * (case when a.online then 1.25 else 0.75 end),
        d.rating, d.rated_at
      from plan
      join c on c.idx = plan.cidx
      cross join lateral generate_series(1, plan.n) s(i)
      cross join lateral (select ${hashes} offset 0) h
      join p on p.idx = (${b.slots}::int[])[1 + ((h.h0 >> 52) & 4095)::int]
      cross join lateral (select c.code || '-' || plan.ymd || '-' || lpad((plan.seq0 + s.i)::text, greatest(4, length((plan.seq0 + s.i)::text)), '0') as code,
        ((h.h6 & 9223372036854775807) % c.pool)::int as person offset 0) x
      -- Channel and the moment of filing: desk 07:30–17:00, online 06:00–23:00 (Vietnam time); today only up to now.
      cross join lateral (select o.online, case when o.online then 2 when ${u(0, 1)} < 0.03 then 3 else 1 end::smallint as channel,
          case when o.at < ${now} then o.at else plan.day0 + (${now} - plan.day0) * ${u(0, 2)} end as submitted
        from (select p.capable and ${u(0, 0)} < least(0.98, (c.online + c.online_trend * (plan.t - 0.5)) / ${b.onlineCapable}::float8) as online) o0
        cross join lateral (select o0.online, plan.day0 + interval '1 second' * (case when o0.online then 21600 + ${u(0, 2)} * 61200 else 27000 + ${u(0, 2)} * 34200 end) as at) o
        offset 0) a
      -- Receipt (online: 6 minutes to 30 hours later; not yet: status 1), supplements, the way it ends and when.
      cross join lateral (select rc.received, rc.legal_h, rc.sreq, rc.pause_h, rc.on_time, rc.close, rc.fee, rc.electronic, rc.ret_h,
          rc.received + ${hour} * (case rc.close
            when 3 then least(rc.legal_h, 48) * (0.05 + 0.9 * ${u(2, 0)})
            when 7 then rc.legal_h * 0.8 * ${u(2, 0)}
            when 8 then rc.pause_h + rc.legal_h * (0.3 + 0.6 * ${u(2, 0)})
            else rc.pause_h + (case when rc.on_time then rc.legal_h * (0.1 + 0.9 * ${u(2, 0)}) else rc.legal_h + 8 + 240 * ${u(2, 0)} ^ 2 end) end) as fin
        from (select case when r0.at <= ${now} then r0.at end as received, p.legal_days * 24 as legal_h, q.sreq, q.sreq * 24 * (1 + 5 * ${u(1, 2)}) as pause_h,
            ${u(1, 3)} < c.on_time as on_time,
            case when ${u(2, 1)} < 0.02 then 3 when ${u(2, 1)} < 0.035 then 7 when ${u(2, 1)} < 0.045 then 8 else 0 end as close,
            (${p.flatMap((x) => x.fees)}::bigint[])[(p.idx - 1) * ${FEE_OPTIONS} + 1 + floor(${u(5, 1)} * ${FEE_OPTIONS})::int] as fee,
            ${u(3, 2)} < least(0.98, greatest(0.05, c.electronic + (case when a.online then 0.1 else -0.1 end))) as electronic,
            case when a.online and ${u(3, 2)} < c.electronic then 0.2 when ${u(2, 3)} < 0.5 then 24 * ${u(2, 3)} else 24 + 144 * ${u(2, 3)} end as ret_h
          from (select case when a.online then a.submitted + ${hour} * (0.1 + 30 * ${u(1, 0)} ^ 2) else a.submitted end as at) r0
          cross join (select case when ${u(1, 1)} < 0.86 then 0 when ${u(1, 1)} < 0.975 then 1 else 2 end as sreq) q) rc
        offset 0) bb
      -- Status: finished when the end is past (0.4 % never finish: stuck, overdue); otherwise open or paused.
      cross join lateral (select case
          when bb.received is null then 1
          when bb.close > 0 and bb.fin <= ${now} then bb.close
          when bb.close = 0 and ${u(2, 2)} >= 0.004 and bb.fin <= ${now} then (case when ${u(3, 0)} < 0.03 or bb.fin + ${hour} * bb.ret_h > ${now} then 9 else 10 end)
          when bb.fee > 0 and ${u(3, 1)} < 0.12 then 6
          when bb.sreq > 0 and ${u(3, 1)} < 0.6 then 5
          when ${now} - bb.received < interval '1 day' and ${u(3, 1)} < 0.7 then 2
          when ${u(3, 1)} < 0.1 then 2
          else 4 end::smallint as status offset 0) st
      cross join lateral (select f.*, case when f.rated then least(${now}, coalesce(f.returned_at, f.finished_at) + ${hour} * (1 + 70 * ${u(5, 2)})) end as rated_at,
          case when f.rated then (case when not bb.on_time or bb.sreq > 1 or st.status <> 10
            then (case when ${u(5, 0)} < 0.12 then 1 when ${u(5, 0)} < 0.25 then 2 when ${u(5, 0)} < 0.4 then 3 when ${u(5, 0)} < 0.7 then 4 else 5 end)
            else (case when ${u(5, 0)} < 0.01 then 1 when ${u(5, 0)} < 0.03 then 2 when ${u(5, 0)} < 0.1 then 3 when ${u(5, 0)} < 0.4 then 4 else 5 end) end) end::smallint as rating
        from (select case when st.status in (3, 7, 8, 9, 10) then bb.fin end as finished_at,
            st.status in (9, 10) and bb.electronic as electronic,
            case when st.status = 10 then bb.fin + ${hour} * bb.ret_h end as returned_at,
            case when st.status in (5, 6) then bb.received + (${now} - bb.received) * (0.2 + 0.7 * ${u(1, 2)}) end as paused_at,
            case when bb.fee > 0 and st.status not in (1, 6) and not (st.status = 7 and ${u(4, 0)} < 0.5)
              then least(${now}, bb.received + interval '1 minute' * (1 + 20 * ${u(4, 1)})) end as paid_at,
            a.online and ${u(4, 0)} < c.pay_online as pay_online,
            case when st.status in (9, 10) and bb.electronic and ${u(3, 3)} < ${sql.lit(b.sealedShare ?? 0.9)} then least(${now}, bb.fin + interval '1 minute' * (5 + 120 * ${u(3, 3)})) end as sealed_at,
            st.status in (3, 8, 10) and ${u(4, 3)} < c.rated as rated) f
        offset 0) d
      -- The applicant: one of the commune's pool of people, the same name and numbers each time.
      cross join lateral (select
          (${n.family}::text[])[1 + (x.person / 2) % ${n.family.length}] || ' ' ||
            (case when x.person % 2 = 0 then (${n.maleMiddle}::text[])[1 + (x.person / 7) % ${n.maleMiddle.length}] || ' ' || (${n.maleGiven}::text[])[1 + (x.person / 13) % ${n.maleGiven.length}]
              else (${n.femaleMiddle}::text[])[1 + (x.person / 7) % ${n.femaleMiddle.length}] || ' ' || (${n.femaleGiven}::text[])[1 + (x.person / 13) % ${n.femaleGiven.length}] end) as name,
          ${idNumber(b.avoidIdNumbers ?? [])} as id_number,
          case when x.person % 10 = 3 then null else '09' || lpad(((x.person::bigint * 104723 + c.idx * 7919) % 100000000)::text, 8, '0') end as phone,
          (${n.villages}::text[])[1 + (x.person / 5) % ${n.villages.length}] || ', ' || c.address_name as address
        from (select 1950 + (x.person / 3) % 56 as year) y) who
      returning id, unit_id, code, procedure_id, channel, submitted_at
    )
    -- Component files: nearly every online record, a rising share of desk records; one to three components.
    insert into record_files (unit_id, record_id, kind, component_position, file_name, content_type, size_bytes, sha256, data, uploaded_by_kind, uploaded_by_id, uploaded_at)
    select ins.unit_id, ins.id, 'attachment', f.pos, 'thanh-phan-' || f.pos || '.pdf', 'application/pdf', ${b.file.data.length}, ${b.file.sha256}, ${b.file.data},
      case when ins.channel = 2 then 'citizen' else 'official' end, 0, ins.submitted_at
    from ins
    join c on c.unit_id = ins.unit_id
    join p on p.id = ins.procedure_id
    cross join lateral (select hashtextextended(ins.code, ${k(7)}::bigint) & 9223372036854775807 as hf offset 0) hf
    cross join lateral generate_series(1, case
      when (hf.hf % 65536)::float8 / 65536 < (case when ins.channel = 2 then 0.97
        else least(0.98, c.digitised * (0.75 + 0.5 * extract(epoch from ins.submitted_at - ${b.start.toISOString()}::timestamptz) / ${spanSeconds}::float8)) end)
      then least(p.components, 1 + (hf.hf / 65536) % 3)::int else 0 end) f(pos)`;
}
