/**
 * Fills existing communes and wards with realistic one-stop records over the last 24 months: the demo's history
 * (demo-history.ts, a few hundred records per commune on first start) and the reporting benchmark
 * (bench/fill-records.ts, which creates the communes first and fills up to millions of records).
 *
 *   fillHistory(db: Db | Trx, { units: Unit[]; records: number; seed?; now?; batchSize?; profiles?; … }) → Promise<HistoryResult>
 *
 * Like the benchmark it serves, it writes the records module's tables directly (records, record_files,
 * record_sequences) in one INSERT … SELECT generate_series per batch, without events, citizen accounts or
 * officials: the records look as if filed and handled, but have no history to show or to mirror to the portal.
 *
 * What is made (every draw is hashint8extended of the record's series index with the seed: the same seed and `now`
 * give the same rows, on PGlite as on PostgreSQL):
 *   communes   the given units (communes or wards with an agency code), each with parameters drawn from the seed
 *              below (or given in `profiles`).
 *   volume     wards 5× the records of a commune, a quarter of the communes 2×; over the last 24 months (Vietnam
 *              days up to today, today only up to now): weekdays 1, Saturday 0.25, Sunday 0.05; January 1.15,
 *              February (Tết) 0.75, December 1.1; +30 % from the first month to the last; each commune-day × 0.6–1.4.
 *              Records of a commune-day are numbered by the day's counter (record_sequences is brought up to date).
 *   procedure  the seeded catalogue's versions in force at `now`, by popularity (certified copies 120, birth 90,
 *              marital status 70, copies of civil status extracts 50, signature 40, death 30 … any other 1).
 *   channel    online (2) only for procedures with online_level ≠ none; per commune 40–60 % of all records online
 *              in the middle of the period, 6–12 points lower at the start than at the end; otherwise desk (1),
 *              3 % of those by post (3). Desk filed 07:30–17:00, online 06:00–23:00 and received 6 min–30 h later
 *              (not yet received: status 1, no received_at).
 *   time       due_at = received + legal time (working days × 7/5 calendar days; none given: 1 day) + pauses;
 *              supplement_requests 0 (86 %), 1 (11.5 %), 2 (2.5 %), each pausing 1–6 days.
 *              On time 85–95 % per commune (finished at 10–100 % of the legal time), the others 8 h–10 days late.
 *   status     finished when that end is past: 2 % refused (3), 1.5 % withdrawn (7), 1 % stopped (8), the rest a
 *              result (9, then 10 once handed over 0–7 days later; 3 % left at 9); 0.4 % never finish (open,
 *              overdue). Unfinished: 6 payment requested (12 % of those with a fee), 5 supplement requested (60 %
 *              of those with a request), 2 (most of the first day, 10 % later), else 4.
 *   result     electronic (result_public_id, a 24-hex id with no signed document behind it) for 40–90 % of results
 *              per commune, +10 points online, −10 at the desk; 90 % of them sealed (`sealedShare`).
 *   fee        the catalogue's fee lines (computeFee) for 1–12 pages, 1–5 copies; paid at intake unless status 1
 *              or 6 (half the withdrawn never paid); online applicants pay online 50–90 % per commune (platform 1
 *              80 %, 2 20 %), desk payments cash 80 %, transfer 20 %.
 *   reuse      reused_data 8 % at the start → 30 % at the end (× 1.25 online, × 0.75 at the desk).
 *   rating     10–30 % of closed records (3, 8, 10) rated: on time mostly 4–5 (1–2: 3 %), late, refused or
 *              stopped 1–2 in 25 %.
 *   applicant  one of ~0.7 × the commune's records distinct people (same name, 12-digit number 011…, phone);
 *              no citizen account, no assisting official, empty form data, no history (record_events).
 *   files      record_files 'attachment' rows for components 1–3 (`file`, its real sha256, uploaded_by_id 0):
 *              97 % of online records, desk records 50–90 % per commune (× 0.75 at the start → × 1.25 at the end).
 * Then VACUUM ANALYZE records, record_files, record_sequences (unless `analyze: false`, e.g. inside a transaction).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Trx } from '../platform/db/database.ts';
import { computeFee } from '../modules/catalogue/index.ts';
import type { FeeLine } from '../modules/catalogue/index.ts';
import type { Unit } from '../modules/tenancy/index.ts';
import { batchStatement, FEE_OPTIONS } from './synthetic-history-sql.ts';
import type { CommuneParams, Names, PlanRow, ProcedureParams } from './synthetic-history-sql.ts';

export type { CommuneParams, Names } from './synthetic-history-sql.ts';

/** What may be set per commune instead of drawn (see CommuneParams). */
export type CommuneProfile = Partial<Pick<CommuneParams, 'weight' | 'online' | 'onlineTrend' | 'onTime' | 'payOnline' | 'digitised' | 'electronic' | 'rated'>>;

export interface HistoryOptions {
  /** The communes and wards to fill (each with an agency code). */
  units: readonly Unit[];
  records: number;
  seed?: number;
  now?: Date;
  /** Records per statement (default 50,000). */
  batchSize?: number;
  /** Per unit, in the order of `units`: values that replace the drawn ones (the draws still happen, so the others stay the same). */
  profiles?: readonly (CommuneProfile | undefined)[];
  names?: Names;
  /** The bytes of every component file (default: a tiny marker PDF). */
  file?: Uint8Array;
  sealedShare?: number;
  /** Applicant ID numbers no synthetic person may take (e.g. those of hand-made records). */
  avoidIdNumbers?: readonly string[];
  /** VACUUM ANALYZE the tables after (default true; impossible inside a transaction). */
  analyze?: boolean;
  log?: (line: string) => void;
}

export interface HistoryResult {
  communes: CommuneParams[];
  records: number;
  files: number;
  batches: number;
  /** Wall time of the inserts, and of the VACUUM ANALYZE after them. */
  insertMs: number;
  analyzeMs: number;
}

/** Popularity of the common commune procedures; every other procedure of the catalogue weighs 1. */
const POPULARITY: Record<string, number> = {
  '2.000815': 120, '1.001193': 90, '1.004873': 70, '2.000635': 50, '2.000884': 40, '1.000656': 30, '1.000894': 25, '1.013978': 25,
  '2.001035': 15, '1.001612': 10, '1.004859': 10, '1.013133': 10, '2.000908': 8, '1.001776': 8, '1.000689': 8, '1.011607': 6, '1.004884': 6,
  '2.001019': 5, '1.013225': 5, '1.012796': 4,
};

/** Fictional applicants: common Kinh, Thái and H'Mông names of the north-west, and villages of the demo province. */
export const SYNTHETIC_NAMES: Names = {
  family: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Lò', 'Lường', 'Quàng', 'Cà', 'Tòng', 'Giàng', 'Sùng', 'Vàng', 'Mùa', 'Thào', 'Lý'],
  maleMiddle: ['Văn', 'Đức', 'Minh', 'A', 'Quang', 'Văn'],
  femaleMiddle: ['Thị', 'Thị', 'Thu', 'Ngọc', 'Thị'],
  maleGiven: ['An', 'Bình', 'Chính', 'Dũng', 'Hùng', 'Khánh', 'Thắng', 'Páo', 'Dình', 'Chư', 'Sính', 'Tú', 'Long', 'Hải', 'Phong', 'Nam', 'Tuấn'],
  femaleGiven: ['Hoa', 'Lan', 'Mai', 'Hương', 'Mây', 'Pằng', 'Dợ', 'Xuân', 'Yến', 'Dung', 'Thư', 'Linh', 'Hằng', 'Nga', 'Trang'],
  villages: ['Bản Co Muông', 'Bản Hua Ná', 'Bản Nậm Chim', 'Thôn Phìn Hồ', 'Bản Huổi Lóng', 'Bản Na Hai', 'Bản Pá Chả', 'Tổ dân phố 2', 'Tổ dân phố 5', 'Bản Xôm', 'Bản Tâu', 'Bản Mển'],
};

const DAY = 86_400_000;
const VN = 7 * 3_600_000;
const SLOTS = 4096;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The tiny PDF every component file holds unless another is given. */
const FILE = Buffer.from('%PDF-1.4\n% smart-commune bench: a scanned component\n%%EOF\n', 'latin1');

async function loadProcedures(db: Db | Trx, today: string): Promise<ProcedureParams[]> {
  const rows = (await sql<{ id: number; code: string; name: string; online_level: string; paper_result_required: boolean; processing_time_value: string | number | null; processing_time_unit: string | null; fee_status: string; fee_lines: FeeLine[]; components: number }>`
    select distinct on (p.code) p.id, p.code, p.name, p.online_level, p.paper_result_required, p.processing_time_value, p.processing_time_unit, p.fee_status, p.fee_lines,
      (select count(*) from procedure_components pc where pc.procedure_id = p.id)::int as components
    from procedures p where p.status = 'published' order by p.code, p.effective_from <= ${today}::date desc, p.version desc`.execute(db)).rows;
  if (rows.length === 0) throw new Error('fillHistory needs the seeded catalogue (seedCatalogue) first');
  const pages = [1, 2, 3, 5, 8, 12, 2, 1];
  const copies = [1, 1, 2, 1, 3, 2, 5, 1];
  return rows.map((r) => {
    const value = r.processing_time_value === null ? null : Number(r.processing_time_value);
    const legalDays = value === null ? 1 : r.processing_time_unit === 'days' ? value : r.processing_time_unit === 'working_hours' ? Math.max(0.5, (value / 8) * 1.4) : value * 1.4;
    const charged = r.fee_status === 'charged' && r.fee_lines.length > 0;
    return {
      id: Number(r.id), code: r.code, name: r.name, capable: r.online_level !== 'none', paper: r.paper_result_required, legalDays, components: r.components,
      fees: Array.from({ length: FEE_OPTIONS }, (_, i) => (charged ? computeFee(r.fee_lines, { pages: pages[i], copies: copies[i] }) : 0)),
    };
  });
}

/** 4,096 slots shared out by popularity (largest remainder, at least one each). */
function slotsOf(procedures: readonly ProcedureParams[]): number[] {
  const weights = procedures.map((p) => POPULARITY[p.code] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * (SLOTS - procedures.length));
  const counts = exact.map((e) => 1 + Math.floor(e));
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = SLOTS - counts.reduce((a, b) => a + b, 0); left > 0; k++, left--) counts[order[k % order.length]![1]]!++;
  return counts.flatMap((n, i) => Array.from({ length: n }, () => i + 1));
}

const MONTH = [1.15, 0.75, 1, 1, 1, 0.95, 1, 1, 0.95, 1, 1, 1.1];
const ymdOf = (dayNum: number) => new Date(dayNum * DAY).toISOString().slice(0, 10);

/** Records per commune and Vietnam day, summing to `records` exactly, in day order (ids then follow time). */
function planDays(communes: readonly CommuneParams[], records: number, now: Date, seed: number, existing: Map<string, number>): { rows: (PlanRow & { day: string })[]; start: Date } {
  const today = Math.floor((now.getTime() + VN) / DAY);
  const vnNow = new Date(today * DAY);
  const first = Math.floor(Date.UTC(vnNow.getUTCFullYear() - 2, vnNow.getUTCMonth(), vnNow.getUTCDate() + 1) / DAY);
  const span = Math.max(1, today - first);
  const rand = prng(seed * 7 + 3);
  const cells: { commune: number; day: number; w: number }[] = [];
  for (let day = first; day <= today; day++) {
    const date = new Date(day * DAY);
    const dow = date.getUTCDay();
    const t = (day - first) / span;
    let w = (dow === 0 ? 0.05 : dow === 6 ? 0.25 : 1) * MONTH[date.getUTCMonth()]! * (0.85 + 0.3 * t);
    // Today counts for the part of the working day gone by.
    if (day === today) w *= Math.min(1, Math.max(0, (now.getTime() - (day * DAY - VN) - 7.5 * 3_600_000) / (9.5 * 3_600_000)));
    communes.forEach((c, i) => cells.push({ commune: i + 1, day, w: w * c.weight * (0.6 + 0.8 * rand()) }));
  }
  const total = cells.reduce((a, c) => a + c.w, 0);
  const offset = rand();
  let cum = 0;
  let g = 0;
  const rows: (PlanRow & { day: string })[] = [];
  for (const cell of cells) {
    const before = Math.floor(cum + offset);
    cum += (cell.w / total) * records;
    const n = Math.min(records - g, Math.floor(cum + offset) - before);
    if (n <= 0) continue;
    const day = ymdOf(cell.day);
    const c = communes[cell.commune - 1]!;
    rows.push({ commune: cell.commune, day0: new Date(cell.day * DAY - VN), t: (cell.day - first) / span, n, g0: g, seq0: existing.get(`${c.unitId}|${day}`) ?? 0, ymd: day.slice(2).replaceAll('-', ''), day });
    g += n;
  }
  // Rounding may leave one record over: the busiest cell takes it.
  if (g < records && rows.length > 0) rows.reduce((a, b) => (b.n > a.n ? b : a)).n += records - g;
  let at = 0;
  for (const r of rows) [r.g0, at] = [at, at + r.n];
  return { rows, start: new Date(first * DAY - VN) };
}

/** Each unit's parameters: drawn from the seed in a fixed order, then replaced by its profile's values. */
function communeParams(units: readonly Unit[], records: number, seed: number, profiles: HistoryOptions['profiles']): CommuneParams[] {
  const rand = prng(seed);
  const weights = units.map((u, i) => {
    const drawn = u.kind === 'ward' ? 5 : rand() < 0.25 ? 2 : 1;
    return profiles?.[i]?.weight ?? drawn;
  });
  const weightSum = weights.reduce((a, b) => a + b, 0);
  return units.map((u, i) => ({
    unitId: u.id, code: u.code!, name: u.name, addressName: u.name.replace(/^(Xã|Phường) /, (m) => m.toLowerCase()),
    online: 0.4 + 0.2 * rand(), onlineTrend: 0.06 + 0.06 * rand(), onTime: 0.85 + 0.1 * rand(), payOnline: 0.5 + 0.4 * rand(),
    digitised: 0.5 + 0.4 * rand(), electronic: 0.4 + 0.5 * rand(), rated: 0.1 + 0.2 * rand(),
    pool: Math.max(50, Math.round((0.7 * records * weights[i]!) / weightSum)),
    ...Object.fromEntries(Object.entries(profiles?.[i] ?? {}).filter(([, v]) => v !== undefined)),
    weight: weights[i]!,
  }));
}

export async function fillHistory(db: Db | Trx, options: HistoryOptions): Promise<HistoryResult> {
  const { units, records } = options;
  const seed = options.seed ?? 1;
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 50_000;
  const log = options.log ?? (() => undefined);
  for (const [name, v, min] of [['records', records, 0], ['seed', seed, 0], ['batchSize', batchSize, 1]] as const) {
    if (!Number.isSafeInteger(v) || v < min || (name === 'seed' && v > 2 ** 31)) throw new RangeError(`fillHistory: ${name} must be a whole number from ${min}${name === 'seed' ? ' to 2^31' : ''}`);
  }
  if (units.length === 0 || units.some((u) => !u.code)) throw new RangeError('fillHistory: give one or more units with an agency code');
  const procedures = await loadProcedures(db, ymdOf(Math.floor((now.getTime() + VN) / DAY)));
  const communes = communeParams(units, records, seed, options.profiles);
  const existing = new Map((await sql<{ unit_id: number; day: string; last_value: number }>`
    select unit_id, to_char(day, 'YYYY-MM-DD') as day, last_value from record_sequences where unit_id = any(${units.map((u) => u.id)}::bigint[])`.execute(db)).rows
    .map((r) => [`${r.unit_id}|${r.day}`, r.last_value]));
  const { rows, start } = planDays(communes, records, now, seed, existing);
  const slots = slotsOf(procedures);
  const onlineCapable = slots.filter((s) => procedures[s - 1]!.capable).length / SLOTS;
  const bytes = options.file ?? FILE;
  const file = { data: new Uint8Array(bytes), sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  const names = options.names ?? SYNTHETIC_NAMES;

  const began = performance.now();
  let batches = 0;
  let files = 0;
  for (let i = 0; i < rows.length;) {
    const slice: PlanRow[] = [];
    let n = 0;
    while (i < rows.length && (n === 0 || n + rows[i]!.n <= batchSize)) {
      slice.push(rows[i]!);
      n += rows[i++]!.n;
    }
    // Commune by commune within the batch: the inserts into the indexes led by unit or code then go to 1 place per commune.
    slice.sort((a, b) => a.commune - b.commune || a.g0 - b.g0);
    const inserted = await batchStatement({
      seed, now, start, communes, procedures, slots, onlineCapable, rows: slice, names, file, sealedShare: options.sealedShare, avoidIdNumbers: options.avoidIdNumbers,
    }).execute(db);
    files += Number(inserted.numAffectedRows ?? 0);
    batches++;
    log(`  batch ${batches}: ${i < rows.length ? rows[i]!.g0 : records} of ${records} records, ${((performance.now() - began) / 1000).toFixed(1)} s`);
  }
  for (let i = 0; i < rows.length; i += 20_000) {
    const part = rows.slice(i, i + 20_000);
    await sql`insert into record_sequences (unit_id, day, last_value)
      select * from unnest(${part.map((r) => communes[r.commune - 1]!.unitId)}::bigint[], ${part.map((r) => r.day)}::date[], ${part.map((r) => r.seq0 + r.n)}::int[])
      on conflict (unit_id, day) do update set last_value = greatest(record_sequences.last_value, excluded.last_value)`.execute(db);
  }
  const insertMs = performance.now() - began;
  if (options.analyze ?? true) await sql`vacuum analyze records, record_files, record_sequences`.execute(db);
  const analyzeMs = performance.now() - began - insertMs;
  return { communes, records, files, batches, insertMs, analyzeMs };
}
