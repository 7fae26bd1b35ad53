import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import type { Database, ScriptRunner } from './database.ts';

/**
 * Logical backups that restore into either database: gzip'd JSON lines, a header then the rows of
 * each table in foreign-key order. Values travel through `row_to_json` and `json_populate_recordset`,
 * so every type round-trips exactly as PostgreSQL prints and parses it (PGlite and the server alike).
 */
const FORMAT = 'smart-commune-backup';
const CHUNK = 1000;

interface Header {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: { name: string; rows: number }[];
  /** Fingerprint of the APP_SECRET that sealed the secrets inside (TOTP keys). */
  secretFingerprint?: string;
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected table name ${name}`);
  return `"${name}"`;
};

/** Application tables, parents before children. */
async function tablesInOrder(run: ScriptRunner): Promise<string[]> {
  const tables = (await run(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations' order by 1`, [])).rows.map((r) => r.name as string);
  const edges = (await run(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent from pg_constraint c join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = 'public'`, [],
  )).rows as { child: string; parent: string }[];
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const e of edges) if (e.child === t && e.parent !== t) visit(e.parent);
    ordered.push(t);
  };
  tables.forEach(visit);
  return ordered;
}

async function primaryKeyOrder(run: ScriptRunner, table: string): Promise<string> {
  const cols = (await run(
    `select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey) where i.indrelid = $1::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`,
    [table],
  )).rows.map((r) => ident(r.name as string));
  return cols.length > 0 ? cols.join(', ') : 'ctid';
}

export async function backupDatabase(database: Database, file: string, options: { secretFingerprint?: string } = {}): Promise<Header> {
  return database.scriptTransaction(async (run) => {
    await run('set transaction isolation level repeatable read', []).catch(() => undefined);
    const tables = await tablesInOrder(run);
    const migrations = (await run('select name from schema_migrations order by name', [])).rows.map((r) => r.name as string);
    const counts = [];
    for (const t of tables) counts.push({ name: t, rows: Number((await run(`select count(*)::int as n from ${ident(t)}`, [])).rows[0].n) });
    const header: Header = { format: FORMAT, version: 1, createdAt: new Date().toISOString(), migrations, tables: counts, secretFingerprint: options.secretFingerprint };
    const gzip = zlib.createGzip();
    const out = fs.createWriteStream(file, { mode: 0o600 });
    const done = new Promise<void>((resolve, reject) => { out.on('finish', resolve); out.on('error', reject); gzip.on('error', reject); });
    gzip.pipe(out);
    const write = (line: unknown) => new Promise<void>((resolve) => (gzip.write(JSON.stringify(line) + '\n') ? resolve() : gzip.once('drain', resolve)));
    await write(header);
    for (const t of tables) {
      const order = await primaryKeyOrder(run, t);
      for (let offset = 0; ; offset += CHUNK) {
        const rows = (await run(`select row_to_json(x) as r from (select * from ${ident(t)} order by ${order} limit ${CHUNK} offset ${offset}) x`, [])).rows.map((r) => r.r);
        if (rows.length === 0) break;
        await write({ table: t, rows });
        if (rows.length < CHUNK) break;
      }
    }
    gzip.end();
    await done;
    return header;
  });
}

export class RestoreError extends Error {}

/**
 * Restores a backup into a migrated database. Refuses a non-empty database unless `replace` is set,
 * in which case everything is replaced in the same transaction, so a failed restore changes nothing.
 */
export async function restoreDatabase(database: Database, file: string, options: { replace?: boolean; secretFingerprint?: string } = {}): Promise<Header> {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new RestoreError('The backup file is empty');
  const header = JSON.parse(first.value) as Header;
  if (header.format !== FORMAT || header.version !== 1) throw new RestoreError('Not a smart-commune backup (version 1)');
  if (header.secretFingerprint && options.secretFingerprint && header.secretFingerprint !== options.secretFingerprint) {
    throw new RestoreError(
      'The backup was made under another APP_SECRET: the two-step verification keys in it cannot be read with this one. ' +
        'Set APP_SECRET to the original value (or copy the original data/app-secret file) and run the restore again.',
    );
  }
  return database.scriptTransaction(async (run) => {
    const applied = new Set((await run('select name from schema_migrations', [])).rows.map((r) => r.name as string));
    const missing = header.migrations.filter((m) => !applied.has(m));
    if (missing.length > 0) throw new RestoreError(`The backup comes from a newer version: migrations ${missing.join(', ')} are unknown here`);
    const tables = await tablesInOrder(run);
    const nonEmpty = [];
    for (const t of tables) {
      if (t === 'audit_head') continue; // created with its genesis row by the migration
      if (Number((await run(`select count(*)::int as n from ${ident(t)}`, [])).rows[0].n) > 0) nonEmpty.push(t);
    }
    if (nonEmpty.length > 0 && !options.replace) throw new RestoreError(`The database is not empty (${nonEmpty.join(', ')}); use --replace to overwrite it`);
    await run(`truncate ${tables.map(ident).join(', ')} restart identity cascade`);
    const restored = new Map<string, number>();
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value.trim() === '') continue;
      const chunk = JSON.parse(next.value) as { table: string; rows: unknown[] };
      if (!tables.includes(chunk.table)) throw new RestoreError(`Unknown table ${chunk.table} in backup`);
      await run(`insert into ${ident(chunk.table)} overriding system value select * from json_populate_recordset(null::${ident(chunk.table)}, $1::json)`, [JSON.stringify(chunk.rows)]);
      restored.set(chunk.table, (restored.get(chunk.table) ?? 0) + chunk.rows.length);
    }
    for (const t of header.tables) {
      if ((restored.get(t.name) ?? 0) !== t.rows) throw new RestoreError(`Table ${t.name}: expected ${t.rows} rows, found ${restored.get(t.name) ?? 0}; the file is truncated`);
    }
    const identities = (await run(`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and is_identity = 'YES'`, [])).rows as { t: string; c: string }[];
    for (const { t, c } of identities) {
      await run(`select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${ident(c)}) from ${ident(t)}), 0) + 1, false)`, [t, c]);
    }
    return header;
  });
}
