import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database.ts';

/** A module's migrations: plain SQL files named `NNN_description.sql`, applied in name order. */
export interface MigrationSource {
  module: string;
  dir: string;
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own transaction, and
 * returns the names applied. An advisory lock lets several processes start at once on PostgreSQL.
 */
export async function migrate(database: Database, sources: MigrationSource[]): Promise<string[]> {
  await database.scriptTransaction(async (run) => {
    // Under the same lock as the migrations: two processes starting on an empty database would
    // otherwise both try to create the table.
    await run('select pg_advisory_xact_lock($1)', [727274]);
    await run(`create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`);
  });
  const applied: string[] = [];
  for (const source of sources) {
    const files = fs.readdirSync(source.dir).filter((f) => f.endsWith('.sql')).sort();
    for (const file of files) {
      const name = `${source.module}/${file}`;
      const text = fs.readFileSync(path.join(source.dir, file), 'utf8');
      const done = await database.scriptTransaction(async (run) => {
        await run('select pg_advisory_xact_lock($1)', [727274]);
        const seen = await run('select name from schema_migrations where name = $1', [name]);
        if (seen.rows.length > 0) return false;
        await run(text);
        await run('insert into schema_migrations (name) values ($1)', [name]);
        return true;
      });
      if (done) applied.push(name);
    }
  }
  return applied;
}
