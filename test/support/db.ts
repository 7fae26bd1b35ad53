/**
 * A fresh, migrated database for one test (or one test file): embedded PGlite in memory by default,
 * or a new database on the PostgreSQL server named by DATABASE_URL.
 *
 *   const database = await createTestDatabase();
 *   after(() => database.close());
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { MIGRATIONS } from '../../src/modules/registry.ts';
import { ensurePgliteTemplate } from './template.ts';

export type TestDatabase = Database & {
  /** The connection URL of the new database (PostgreSQL only), e.g. to start a server process on it. */
  url?: string;
};

export { MIGRATIONS };

export interface TestDatabaseOptions {
  /**
   * `false` gives an empty database with no migrations applied (on PGlite a fresh initdb, several
   * seconds): for testing the migration runner itself. Default `true`.
   */
  migrated?: boolean;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) return createPostgresDatabase(serverUrl, migrated);
  if (!migrated) return openDatabase({ pgliteDir: 'memory://' });
  return createPgliteDatabase();
}

// --- PGlite --------------------------------------------------------------------------------------

/** The template's bytes, read once per process (each test file is its own process). */
let template: Promise<Uint8Array<ArrayBuffer>> | undefined;

function templateBytes(): Promise<Uint8Array<ArrayBuffer>> {
  template ??= (async () => {
    // scripts/run-tests.mjs builds the template once per run; a test file run on its own builds
    // (or reuses) it here.
    const file = process.env.SC_PGLITE_TEMPLATE || (await ensurePgliteTemplate());
    return new Uint8Array(fs.readFileSync(file));
  })();
  return template;
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const bytes = await templateBytes();
  const database = await openDatabase({
    pgliteDir: 'memory://',
    pgliteLoadDataDir: new Blob([bytes], { type: 'application/x-tar' }),
  });
  // A template built before a new migration was added would be caught here rather than in a
  // confusing failure later: this applies nothing when the template is current.
  const late = await migrate(database, MIGRATIONS);
  if (late.length > 0) {
    process.emitWarning(`the PGlite test template lacked migrations ${late.join(', ')}: test/support/template.ts's key misses them`);
  }
  return database;
}

// --- PostgreSQL ----------------------------------------------------------------------------------

/** The same server and credentials as `serverUrl`, another database. */
function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function adminRows(serverUrl: string, text: string): Promise<Record<string, unknown>[]> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(serverUrl: string, migrated: boolean): Promise<TestDatabase> {
  // Lower case hex and underscores only: safe to splice into SQL without quoting. scripts/run-tests.mjs
  // sets SC_TEST_RUN_ID and drops any `sc_t_<run>_*` database a crashed test file left behind.
  const run = /^[0-9a-f]{1,12}$/.test(process.env.SC_TEST_RUN_ID ?? '') ? `${process.env.SC_TEST_RUN_ID}_` : '';
  const name = `sc_t_${run}${crypto.randomBytes(8).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const drop = () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  /**
   * pg's Pool.end() resolves before its connections have closed; `with (force)` would then kill one that is
   * still saying goodbye, and that idle client's 'error' (57P01) reaches the test process as an uncaught
   * exception. So wait (briefly) for the database's connections to go, then drop it.
   */
  const dropWhenIdle = async () => {
    for (let i = 0; i < 50; i++) {
      const rows = await adminRows(serverUrl, `select count(*)::int as n from pg_stat_activity where datname = '${name}'`);
      if (Number(rows[0]?.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await drop();
  };
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: url });
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  try {
    if (migrated) await migrate(database, MIGRATIONS);
  } catch (error) {
    await database.close().catch(() => undefined);
    await drop().catch(() => undefined);
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    ...database,
    url,
    description: `${database.description} (test database)`,
    close: () => {
      closed ??= (async () => {
        try {
          await database.close();
        } finally {
          await dropWhenIdle();
        }
      })();
      return closed;
    },
  };
}
