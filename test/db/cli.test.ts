/**
 * The operator's commands, run as a person would run them (`node bin/smart-commune.js …`) against a
 * real database: PGlite in a temporary data directory, or a fresh PostgreSQL database.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../src/platform/db/database.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/smart-commune.js');

interface Target {
  env: NodeJS.ProcessEnv;
  /** Opens the same database in-process (PGlite allows one process at a time: close before the next command). */
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

async function newTarget(): Promise<Target> {
  if (process.env.DATABASE_URL) {
    // An empty PostgreSQL database of our own; the commands migrate it themselves.
    const holder: TestDatabase = await createTestDatabase({ migrated: false });
    return { env: { DATABASE_URL: holder.url! }, open: () => openDatabase({ databaseUrl: holder.url }), dispose: () => holder.close() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-cli-'));
  return {
    env: { DATA_DIR: dir },
    open: () => openDatabase({ pgliteDir: path.join(dir, 'pglite') }),
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function cli(target: Target, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: '', ...target.env, ...extraEnv, APP_SECRET: 'cli-test-secret', ARGON2_FAST: '1' };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('smart-commune command line', () => {
  let target: Target;
  before(async () => {
    target = await newTarget();
  });
  after(() => target.dispose());

  it('lists its commands', async () => {
    const help = await cli(target, ['--help']);
    assert.equal(help.code, 0);
    for (const command of ['serve', 'migrate', 'seed', 'audit', 'user', 'backup', 'restore']) assert.match(help.stdout, new RegExp(`\\b${command}\\b`));
    const auditHelp = await cli(target, ['audit', '--help']);
    assert.match(auditHelp.stdout, /verify/);
    const userHelp = await cli(target, ['user', '--help']);
    assert.match(userHelp.stdout, /create/);
  });

  it('migrates, seeds once, and creates a user', async () => {
    assert.equal((await cli(target, ['migrate'])).code, 0);
    const seeded = await cli(target, ['seed']);
    assert.equal(seeded.code, 0);
    assert.match(seeded.stdout, /Demo data seeded/);
    assert.match((await cli(target, ['seed'])).stdout, /nothing seeded/);
    const noPassword = await cli(target, ['user', 'create', '--unit', 'H11.35.02', '--username', 'congchuc.phinho', '--name', 'Thào A Sử', '--role', 'specialist']);
    assert.equal(noPassword.code, 1, 'no password, no user');
    const created = await cli(target, ['user', 'create', '--unit', 'H11.35.02', '--username', 'congchuc.phinho', '--name', 'Thào A Sử', '--role', 'specialist'], { SC_PASSWORD: 'mat-khau-tam-thoi-1' });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created official #\d+ congchuc\.phinho in Xã Phìn Hồ/);
    const wrongRole = await cli(target, ['user', 'create', '--unit', 'H11.35.02', '--username', 'x.phinho', '--name', 'X', '--role', 'system_admin'], { SC_PASSWORD: 'mat-khau-tam-thoi-1' });
    assert.equal(wrongRole.code, 1, 'a provincial role is refused in a commune');
  });

  it('audit verify passes on an intact log and names the first edited, deleted or reordered entry', async () => {
    const ok = await cli(target, ['audit', 'verify']);
    assert.equal(ok.code, 0, ok.stderr);
    const entries = Number(/intact: (\d+) entries/.exec(ok.stdout)?.[1]);
    assert.ok(entries >= 15, `expected the seed to be audited, got ${entries} entries`);

    const tamper = async (statement: string) => {
      const db = await target.open();
      try {
        await db.scriptTransaction((runSql) => runSql(statement));
      } finally {
        await db.close();
      }
    };
    // Edit one field of entry 5.
    await tamper(`update audit_log set actor_name = 'someone else' where seq = 5`);
    let bad = await cli(target, ['audit', 'verify']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /first bad entry is #5 \(hash_mismatch\)/);
    await tamper(`update audit_log set actor_name = 'system' where seq = 5`);
    assert.equal((await cli(target, ['audit', 'verify'])).code, 0, 'restoring the value restores the chain');

    // Swap the contents of entries 7 and 8 (reordering).
    await tamper(`update audit_log set seq = -7 where seq = 7; update audit_log set seq = 7 where seq = 8; update audit_log set seq = 8 where seq = -7`);
    bad = await cli(target, ['audit', 'verify']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /first bad entry is #7 \(broken_link\)/);
    await tamper(`update audit_log set seq = -7 where seq = 7; update audit_log set seq = 7 where seq = 8; update audit_log set seq = 8 where seq = -7`);

    // Delete entry 10.
    await tamper(`delete from audit_log where seq = 10`);
    bad = await cli(target, ['audit', 'verify']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /first bad entry is #10 \(sequence_gap\)/);
  });

  it('refuses to open the embedded database while another process holds it', { skip: !!process.env.DATABASE_URL && 'PGlite only' }, async () => {
    const held = await target.open();
    try {
      const refused = await cli(target, ['user', 'create', '--unit', 'H11.35.02', '--username', 'khac.phinho', '--name', 'Lò Văn Khác', '--role', 'specialist'], { SC_PASSWORD: 'mat-khau-tam-thoi-1' });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /in use by process \d+/);
    } finally {
      await held.close();
    }
    assert.equal((await cli(target, ['migrate'])).code, 0, 'free again once the holder closed it');
  });

  it('backs up and restores, refusing to overwrite unless asked', async () => {
    const file = path.join(os.tmpdir(), `sc-backup-${process.pid}-${Date.now()}.jsonl.gz`);
    try {
      const backup = await cli(target, ['backup', file]);
      assert.equal(backup.code, 0, backup.stderr);
      const rows = Number(/(\d+) rows/.exec(backup.stdout)?.[1]);
      assert.ok(rows > 20);
      const refused = await cli(target, ['restore', file]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /not empty/);
      const replaced = await cli(target, ['restore', file, '--replace']);
      assert.equal(replaced.code, 0, replaced.stderr);
      assert.match(replaced.stdout, new RegExp(`Restored ${rows} rows`));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
