/**
 * Fills a migrated database that holds the seeded catalogue with realistic one-stop records, for the reporting
 * benchmark of issue #7 (the province dashboard vs the raw SQL aggregate).
 *
 *   fillRecords(db: Db, { communes: number; records: number; seed?: number; now?: Date; batchSize?: number; log? })
 *     → Promise<FillResult>   (bench/run.ts reads --records / --communes with parseFillArgs(process.argv.slice(2)))
 *
 *   node --import tsx bench/fill-records.ts --records 100000 --communes 100 [--seed 1] [--batch 50000]
 *        [--database-url postgres://… | --data-dir ./data] [--no-demo]
 *   (PGlite in --data-dir, default $DATA_DIR or ./data, as `npm start` uses it; the demo province and its logins
 *   are seeded first unless --no-demo, so `giamsat` sees the filled province.)
 *
 * Measured 2026-11-28 on a quiet machine (2 vCPU, 23 GiB, load < 2), `… --communes 100 --no-demo` into a new database,
 * batches of 50,000, fillRecords alone (units, inserts, VACUUM ANALYZE; not initdb, migrations or the catalogue):
 *     100,000 records (143,000 files): PostgreSQL 15 on 127.0.0.1   7.7 s;   PGlite 0.5.17 on disk   8.4 s (336 MB)
 *   1,000,000 records (1.43 M files): PostgreSQL 15 on 127.0.0.1  73 s;     PGlite 0.5.17 on disk  78 s (2.2 GB,
 *                                     the process at 1.05 GB resident), so PGlite keeps the same default.
 *   While the machine was busy (load 15, other test suites) the same fills took 2–3× as long (1M: 176 s, 226 s).
 *
 * What is made: the province (the existing one, else H11 Tỉnh Điện Biên) and N communes/wards below it, codes
 * <province>.NN.NNN (NN from 50: 25 per "district"), every 8th a ward (existing codes are reused); then the records,
 * by src/seed/synthetic-history.ts (fillHistory: volumes, procedures, channels, times, statuses, results, fees, reuse,
 * ratings, applicants and files are described there; the demo's history on first start uses the same generator).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from '../src/platform/db/database.ts';
import { findUnitByCode, insertUnitInTrx } from '../src/modules/tenancy/index.ts';
import type { Unit } from '../src/modules/tenancy/index.ts';
import { fillHistory } from '../src/seed/synthetic-history.ts';

export interface FillOptions {
  communes: number;
  records: number;
  seed?: number;
  now?: Date;
  /** Records per statement (default 50,000). */
  batchSize?: number;
  log?: (line: string) => void;
}

export interface FillResult {
  provinceId: number;
  communes: { id: number; code: string; kind: string; weight: number }[];
  records: number;
  files: number;
  batches: number;
  /** Wall time of the inserts, and of the VACUUM ANALYZE after them. */
  insertMs: number;
  analyzeMs: number;
}

/** Defaults of the benchmark and of the command line (the same on both databases: see the timings above). */
export const FILL_DEFAULTS = { communes: 100, records: 1_000_000 };

const FIRST = ['Mường', 'Na', 'Nà', 'Phìn', 'Tả', 'Sín', 'Pú', 'Nậm', 'Huổi', 'Chiềng', 'Thanh', 'Noong', 'Tủa', 'Sa', 'Mùn', 'Quài', 'Xá', 'Pa', 'Búng', 'Ẳng'];
const SECOND = ['Tùng', 'Sang', 'Lèng', 'Chải', 'Nhùng', 'Ten', 'Kè', 'Lay', 'Pồ', 'Nưa', 'Luông', 'Hẹ', 'Chua', 'Thín', 'Cang', 'Lao', 'Phăng', 'Mươi', 'Nhé', 'Pồng'];

async function ensureUnits(db: Db, count: number): Promise<{ province: Unit; units: Unit[] }> {
  const existing = (await sql<{ code: string }>`select code from units where kind = 'province' order by id limit 1`.execute(db)).rows[0];
  return db.transaction().execute(async (trx) => {
    const province = existing ? (await findUnitByCode(trx, existing.code))!
      : await insertUnitInTrx(trx, { parentId: null, kind: 'province', code: 'H11', name: 'Tỉnh Điện Biên', address: 'Phường Điện Biên Phủ, tỉnh Điện Biên', sealName: 'ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN' });
    const units: Unit[] = [];
    for (let i = 0; i < count; i++) {
      const code = `${province.code}.${String(50 + Math.floor(i / 25)).padStart(2, '0')}.${String((i % 25) + 1).padStart(3, '0')}`;
      const found = await findUnitByCode(trx, code);
      if (found) {
        units.push(found);
        continue;
      }
      const ward = i % 8 === 0;
      const place = `${FIRST[i % 20]} ${SECOND[(Math.floor(i / 20) + i) % 20]}${i >= 400 ? ` ${Math.floor(i / 400) + 1}` : ''}`;
      const kindName = ward ? 'Phường' : 'Xã';
      units.push(await insertUnitInTrx(trx, {
        parentId: province.id, kind: ward ? 'ward' : 'commune', code, name: `${kindName} ${place}`,
        address: `${kindName.toLowerCase()} ${place}, ${province.name.replace(/^Tỉnh /, 'tỉnh ')}`, sealName: `ỦY BAN NHÂN DÂN ${kindName.toLocaleUpperCase('vi')} ${place.toLocaleUpperCase('vi')}`,
      }));
    }
    return { province, units };
  });
}

export async function fillRecords(db: Db, options: FillOptions): Promise<FillResult> {
  const { communes: count, records } = options;
  for (const [name, v, min] of [['communes', count, 1], ['records', records, 0], ['seed', options.seed ?? 1, 0], ['batchSize', options.batchSize ?? 1, 1]] as const) {
    if (!Number.isSafeInteger(v) || v < min || (name === 'seed' && v > 2 ** 31)) throw new RangeError(`fillRecords: ${name} must be a whole number from ${min}${name === 'seed' ? ' to 2^31' : ''}`);
  }
  const catalogued = (await sql<{ n: number }>`select count(*)::int as n from procedures where status = 'published'`.execute(db)).rows[0]!.n;
  if (catalogued === 0) throw new Error('fillRecords needs the seeded catalogue (seedCatalogue) first');
  const { province, units } = await ensureUnits(db, count);
  const r = await fillHistory(db, { units, records, seed: options.seed, now: options.now, batchSize: options.batchSize, log: options.log });
  return {
    provinceId: province.id, communes: units.map((u, i) => ({ id: u.id, code: u.code!, kind: u.kind, weight: r.communes[i]!.weight })),
    records, files: r.files, batches: r.batches, insertMs: r.insertMs, analyzeMs: r.analyzeMs,
  };
}

/** --records, --communes, --seed, --batch, --database-url, --data-dir, --no-demo (also --name=value); absent ones are undefined. */
export function parseFillArgs(argv: readonly string[]): { records?: number; communes?: number; seed?: number; batchSize?: number; databaseUrl?: string; dataDir?: string; demo: boolean } {
  const out: ReturnType<typeof parseFillArgs> = { demo: true };
  const numbers = { '--records': 'records', '--communes': 'communes', '--seed': 'seed', '--batch': 'batchSize' } as const;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === '--no-demo') { out.demo = false; continue; }
    if (!(flag in numbers) && flag !== '--database-url' && flag !== '--data-dir') continue; // other benchmarks' flags
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--database-url') out.databaseUrl = value;
    else if (flag === '--data-dir') out.dataDir = value;
    else {
      const n = Number(value.replaceAll('_', ''));
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, not ${value}`);
      out[numbers[flag as keyof typeof numbers]] = n;
    }
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let args: ReturnType<typeof parseFillArgs>;
  try {
    args = parseFillArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`fill-records: ${(error as Error).message}`);
    process.exit(2);
  }
  const { openAndMigrate } = await import('../src/main.ts');
  const { seedDemo } = await import('../src/seed/seed-demo.ts');
  const { seedCatalogue } = await import('../src/modules/catalogue/index.ts');
  const databaseUrl = args.databaseUrl ?? process.env.DATABASE_URL ?? undefined;
  const dataDir = path.resolve(args.dataDir ?? process.env.DATA_DIR ?? 'data');
  const { database } = await openAndMigrate({ databaseUrl: databaseUrl || undefined, dataDir });
  try {
    if (args.demo) await seedDemo(database.db);
    else await seedCatalogue(database.db);
    const records = args.records ?? FILL_DEFAULTS.records;
    const communes = args.communes ?? FILL_DEFAULTS.communes;
    console.log(`Filling ${database.description} with ${records.toLocaleString('en-US')} records in ${communes} communes (seed ${args.seed ?? 1}) …`);
    const began = performance.now();
    const r = await fillRecords(database.db, { records, communes, seed: args.seed, batchSize: args.batchSize, log: (line) => console.log(line) });
    console.log(`${r.records.toLocaleString('en-US')} records and ${r.files.toLocaleString('en-US')} component files in ${r.batches} batch${r.batches === 1 ? '' : 'es'}: ` +
      `inserts ${(r.insertMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${(r.analyzeMs / 1000).toFixed(1)} s, ${((performance.now() - began) / 1000).toFixed(1)} s in all (with the units).`);
  } finally {
    await database.close();
  }
}
