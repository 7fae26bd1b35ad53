import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import type { Transaction } from 'kysely';

/**
 * The database handle every module receives. Modules narrow it to their own tables with `tables<T>()`,
 * so a module's code can only name the tables it owns.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Trx = Transaction<any>;

export function tables<T>(db: Db | Trx): Kysely<T> {
  return db as unknown as Kysely<T>;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for log lines ("PGlite at ./data/pglite" or the server address). */
  description: string;
  /**
   * Runs `fn` in one transaction with a raw runner: without params the text may hold several
   * statements (migration files). Kysely cannot do this on PGlite, whose `query` takes one statement.
   */
  scriptTransaction<T>(fn: (run: ScriptRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ScriptRunner = (text: string, params?: unknown[]) => Promise<{ rows: any[] }>;

const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** int8 and numeric come back as JS numbers: ids and counts stay far below 2^53. */
const toNumber = (value: string) => Number(value);

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory of the embedded database; `memory://` keeps it in memory (tests). */
  pgliteDir?: string;
  /** A dumped PGlite data directory (tar) to start from, so tests skip initdb. */
  pgliteLoadDataDir?: Blob;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.pgliteDir ?? 'memory://', options.pgliteLoadDataDir);
}

async function openPostgres(url: string): Promise<Database> {
  const pg = (await import('pg')).default;
  pg.types.setTypeParser(INT8_OID, toNumber);
  pg.types.setTypeParser(NUMERIC_OID, toNumber);
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle connection the server closes (restart, idle timeout) must not take the process down: the
  // pool drops it and the next query opens a new one.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  const where = new URL(url);
  return {
    db,
    kind: 'postgres',
    description: `PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}`,
    scriptTransaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn((text, params) => client.query(text, params as unknown[] | undefined));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/** Another process holds the embedded database: PGlite is one process at a time. */
export class DatabaseBusyError extends Error {}

/**
 * An exclusive lock file beside the data directory. Two processes on one PGlite directory do not
 * fail: each silently works on its own copy and one overwrites the other, so refuse the second.
 */
function lockDataDir(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      const release = () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && processIsAlive(holder)) {
        throw new DatabaseBusyError(
          `The embedded database ${dir} is in use by process ${holder} (probably "smart-commune serve"). ` +
            'Stop that process first, or use PostgreSQL (DATABASE_URL) to run commands beside a running server.',
        );
      }
      fs.rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new DatabaseBusyError(`Could not lock ${dir}`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPglite(dir: string, loadDataDir?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const inMemory = dir.startsWith('memory://');
  if (!inMemory) fs.mkdirSync(path.dirname(dir), { recursive: true });
  const unlock = inMemory ? () => undefined : lockDataDir(dir);
  let pglite;
  try {
    pglite = await PGlite.create(dir, {
      parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const db: Db = new Kysely({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    description: dir.startsWith('memory://') ? 'PGlite in memory' : `PGlite at ${dir}`,
    // PGlite has one connection: Kysely queries wait on the same queue, so nothing interleaves.
    scriptTransaction: (fn) =>
      pglite.transaction((tx) =>
        fn(async (text, params) => {
          if (params && params.length > 0) return tx.query(text, params);
          const results = await tx.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }),
      ),
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      unlock();
    },
  };
}

/** `true` when the database answers a trivial query (used by /readyz). */
export async function isReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
