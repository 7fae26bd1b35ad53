#!/usr/bin/env node
/**
 * Runs the test suite with Node's own test runner (each file in its own process).
 *
 *   node scripts/run-tests.mjs               every test: test/**\/*.test.ts and src/**\/*.test.ts
 *   node scripts/run-tests.mjs --db-only     only the tests that touch a database (test/db, test/http)
 *   node scripts/run-tests.mjs --e2e-only    only the browser tests (test/e2e)
 *   node scripts/run-tests.mjs test/unit test/db/migrate.test.ts   only these files or folders
 *
 * Other `--test-*` options (e.g. --test-name-pattern=lockout, --test-concurrency=1) go to node.
 *
 * With DATABASE_URL set, database tests each create (and drop) their own database on that server.
 * Without it they use embedded PGlite: a migrated PGlite template is built once here (or reused from
 * an earlier run with the same migrations) and handed to every test file in SC_PGLITE_TEMPLATE, so a
 * test database loads in about a second instead of running initdb and the migrations.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);

// --- arguments -----------------------------------------------------------------------------------

const args = process.argv.slice(2);
let only = null; // 'db' | 'e2e' | null
const nodeTestArgs = [];
const paths = [];
for (const arg of args) {
  if (arg === '--db-only') only = 'db';
  else if (arg === '--e2e-only') only = 'e2e';
  else if (arg.startsWith('--test-')) nodeTestArgs.push(arg);
  else if (arg === '-h' || arg === '--help') {
    console.log('usage: node scripts/run-tests.mjs [--db-only | --e2e-only] [--test-* node options] [file or folder ...]');
    process.exit(0);
  } else if (arg.startsWith('-')) {
    console.error(`run-tests: unknown option ${arg}`);
    process.exit(2);
  } else paths.push(path.relative(ROOT, path.resolve(arg)).split(path.sep).join('/'));
}

// --- which files ---------------------------------------------------------------------------------

/** Every `*.test.ts` below `dir`, as a relative path with forward slashes. */
function findTests(dir) {
  const found = [];
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...findTests(rel));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(rel);
  }
  return found;
}

const DB_DIRS = ['test/db/', 'test/http/'];
const E2E_DIRS = ['test/e2e/'];
const under = (file, dirs) => dirs.some((d) => file.startsWith(d));

let files = [...findTests('test'), ...findTests('src')].sort();
if (only === 'db') files = files.filter((f) => under(f, DB_DIRS));
if (only === 'e2e') files = files.filter((f) => under(f, E2E_DIRS));
if (paths.length > 0) {
  for (const p of paths) {
    if (!fs.existsSync(p)) {
      console.error(`run-tests: no such file or folder: ${p}`);
      process.exit(2);
    }
  }
  files = files.filter((f) => paths.some((p) => f === p || f.startsWith(`${p.replace(/\/$/, '')}/`)));
}
if (files.length === 0) {
  console.error(`run-tests: no test files selected${only ? ` (--${only}-only)` : ''}${paths.length ? ` under ${paths.join(', ')}` : ''}`);
  process.exit(1);
}

// --- environment ---------------------------------------------------------------------------------

const env = { ...process.env, ARGON2_FAST: '1' };
// Names the databases this run creates on a server (sc_t_<run>_…), so leftovers can be dropped after.
env.SC_TEST_RUN_ID ??= crypto.randomBytes(3).toString('hex');

const usesDatabase = files.some((f) => !f.startsWith('test/unit/'));
if (!env.DATABASE_URL && usesDatabase && !env.SC_PGLITE_TEMPLATE) {
  const started = Date.now();
  const { tsImport } = await import('tsx/esm/api');
  const { pgliteTemplatePath } = await tsImport('../test/support/template.ts', import.meta.url);
  let template = pgliteTemplatePath();
  if (fs.existsSync(template)) {
    console.log(`# PGlite template: ${template} (reused)`);
  } else {
    // Built in a child process, so the PGlite used to build it does not stay in this one's memory.
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/template.ts'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (built.status !== 0) {
      console.error(`run-tests: building the PGlite template failed (exit ${built.status ?? built.signal})`);
      if (built.stdout) process.stderr.write(built.stdout);
      process.exit(1);
    }
    template = built.stdout.trim().split('\n').at(-1);
    console.log(`# PGlite template: ${template} (built in ${Date.now() - started} ms)`);
  }
  env.SC_PGLITE_TEMPLATE = template;
}
console.log(
  `# ${files.length} test file(s); database: ${env.DATABASE_URL ? `PostgreSQL (${redact(env.DATABASE_URL)})` : 'embedded PGlite'}`,
);

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

// --- run -----------------------------------------------------------------------------------------

const has = (name) => nodeTestArgs.some((a) => a === name || a.startsWith(`${name}=`));
const nodeArgs = [
  '--import',
  'tsx',
  '--test',
  // Two files at a time on the two-core machines: measured on the full suite, 76 s against 134 s one
  // at a time (the CLI and browser files mostly wait on child processes). Each file holds a PGlite of
  // a few hundred MB at most; pass --test-concurrency=1 to run them one by one.
  ...(has('--test-concurrency') ? [] : ['--test-concurrency=2']),
  // A file that hangs (an unclosed server, a stuck query) fails after 10 minutes instead of
  // holding up the whole run; and a file whose tests are done exits even if a handle is left open.
  ...(has('--test-timeout') ? [] : ['--test-timeout=600000']),
  // (Node 20 cuts a file reporter destination short under --test-force-exit, so the summary is read
  // from the spec reporter's own stdout below rather than from a second, TAP, reporter.)
  '--test-force-exit',
  '--test-reporter=spec',
  ...nodeTestArgs,
  ...files,
];

const started = Date.now();
// The spec reporter colours its output only on a terminal; keep that when stdout is one.
if (process.stdout.isTTY && env.NO_COLOR === undefined && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '1';
const child = spawn(process.execPath, nodeArgs, { env, stdio: ['inherit', 'pipe', 'inherit'] });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// Passed through as it comes; each complete line is also checked for the closing totals, which the
// spec reporter prints before its (possibly long) list of failures.
const decoder = new StringDecoder('utf8');
const counts = {};
let partial = '';
const scan = (line) => {
  // eslint-disable-next-line no-control-regex
  const m = /^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) (\d+(?:\.\d+)?)\s*$/.exec(line.replace(/\u001b\[[0-9;]*m/g, ''));
  if (m) counts[m[1]] = m[1] === 'duration_ms' ? Math.round(Number(m[2])) : Number(m[2]);
};
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (partial + decoder.write(chunk)).split('\n');
  partial = lines.pop();
  lines.forEach(scan);
});
child.stdout.on('end', () => scan(partial + decoder.end()));

const { code, signal } = await new Promise((resolve) => child.on('close', (c, s) => resolve({ code: c, signal: s })));

if (env.DATABASE_URL) await dropLeftoverDatabases(env.DATABASE_URL, env.SC_TEST_RUN_ID);

// The totals again as TAP-style closing lines (`# pass N`, `# fail N`, …) and one plain line, so
// they are the last thing printed and read the same whatever the reporter looked like.
console.log('');
console.log(`# wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
if ('tests' in counts) {
  for (const [key, value] of Object.entries(counts)) console.log(`# ${key} ${value}`);
  const failed = (counts.fail ?? 0) + (counts.cancelled ?? 0);
  console.log(`tests: ${counts.pass ?? 0} passed, ${failed} failed, ${(counts.skipped ?? 0) + (counts.todo ?? 0)} skipped`);
} else {
  console.log('# the test runner printed no totals');
}
process.exit(code ?? (signal ? 1 : 0));

/** Drops databases this run created and did not drop (a test that crashed before close()). */
async function dropLeftoverDatabases(url, runId) {
  let client;
  try {
    const pg = (await import('pg')).default;
    client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('select datname from pg_database where datname like $1', [`sc_t_${runId}_%`]);
    for (const { datname } of rows) {
      if (!/^sc_t_[0-9a-f_]+$/.test(datname)) continue;
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
    if (rows.length > 0) console.log(`# dropped ${rows.length} test database(s) left behind by this run`);
  } catch (error) {
    console.error(`run-tests: could not check for leftover test databases: ${error.message}`);
  } finally {
    await client?.end().catch(() => undefined);
  }
}
