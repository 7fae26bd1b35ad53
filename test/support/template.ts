/**
 * A migrated PGlite data directory, dumped to a tar file, that each test database starts from:
 * loading it takes about a second, where initdb plus migrations takes several.
 *
 * The file lives in the OS temp directory under a name that hashes everything it depends on (the
 * migration files and their order, the migration runner, the PGlite version, this file), so it is
 * rebuilt exactly when one of those changes and reused across runs otherwise.
 *
 * Run directly it prints the template's path, building it first if needed:
 *   node --import tsx test/support/template.ts
 * (scripts/run-tests.mjs does this once and hands the path to every test file in SC_PGLITE_TEMPLATE).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MigrationSource } from '../../src/platform/db/migrate.ts';

// Only node: imports above, so scripts/run-tests.mjs can ask for the template's path cheaply; the
// application code (2 s to load) is imported only when a template has to be built.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PREFIX = 'smart-commune-pglite-';

/**
 * A hash of everything the template's contents depend on: every module's migration files, the
 * module registry (which orders them), the migration runner, the PGlite version and this file.
 * A migration source outside src/modules/<module>/migrations would be missed here; test/support/db.ts
 * still applies anything the template lacks, with a warning.
 */
function templateKey(): string {
  const h = crypto.createHash('sha256');
  const add = (label: string, data: string | Buffer) => h.update(`${label}\0${data.length}\0`).update(data);
  const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel));
  add('pglite', (JSON.parse(read('node_modules/@electric-sql/pglite/package.json').toString()) as { version: string }).version);
  add('self', fs.readFileSync(fileURLToPath(import.meta.url)));
  add('migrate', read('src/platform/db/migrate.ts'));
  add('registry', read('src/modules/registry.ts'));
  const modules = path.join(ROOT, 'src/modules');
  for (const module of fs.readdirSync(modules).sort()) {
    const dir = path.join(modules, module, 'migrations');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
      add('file', `${module}/${file}`);
      add('sql', fs.readFileSync(path.join(dir, file)));
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** Where the template for the current migrations is (or will be) kept. */
export function pgliteTemplatePath(): string {
  return path.join(os.tmpdir(), `${PREFIX}${templateKey()}.tar`);
}

/** Builds the template: a fresh PGlite data directory with every migration applied, dumped as tar. */
async function buildTemplate(target: string, sources: MigrationSource[]): Promise<void> {
  // Built on disk rather than in memory because `Database` does not expose the PGlite instance to
  // dump: open it through the app's own openDatabase/migrate, close it, reopen it raw and dump.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}build-`));
  const dataDir = path.join(work, 'pgdata');
  try {
    const { openDatabase } = await import('../../src/platform/db/database.ts');
    const { migrate } = await import('../../src/platform/db/migrate.ts');
    const database = await openDatabase({ pgliteDir: dataDir });
    try {
      await migrate(database, sources);
    } finally {
      await database.close();
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(dataDir);
    // Uncompressed: about 40 MB, and each test database loads it ~15% faster than the gzip dump.
    const dump = await pglite.dumpDataDir('none');
    await pglite.close();
    const partial = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.partial`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, target); // atomic: concurrent builders never see a half-written file
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Deletes templates (and abandoned partial builds) from earlier schemas, older than a day. */
function pruneOld(keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const file = path.join(os.tmpdir(), name);
    if (file === keep) continue;
    try {
      if (fs.statSync(file).mtimeMs < dayAgo) fs.rmSync(file, { recursive: true, force: true });
    } catch {
      // Another process got there first.
    }
  }
}

/** The path of the template for the current migrations, building it if it is not there yet. */
export async function ensurePgliteTemplate(sources?: MigrationSource[]): Promise<string> {
  const target = pgliteTemplatePath();
  if (!fs.existsSync(target)) {
    await buildTemplate(target, sources ?? (await import('../../src/modules/registry.ts')).MIGRATIONS);
    pruneOld(target);
  }
  return target;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = Date.now();
  const file = await ensurePgliteTemplate();
  process.stderr.write(`PGlite template ready in ${Date.now() - started} ms\n`);
  process.stdout.write(`${file}\n`);
}
