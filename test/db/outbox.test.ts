import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';
import { devSinkSender, drainOutbox, enqueueInTrx, listOutbox, retryDelayMs, smsGatewaySender } from '../../src/modules/notifications/index.ts';
import type { RenderedMessage, Sender } from '../../src/modules/notifications/index.ts';

const message = (i: number) => ({ channel: 'sms' as const, recipient: `09${String(i).padStart(8, '0')}`, template: 'identity.registration_code', params: { code: String(100000 + i), minutes: 10 } });

async function rows(database: TestDatabase) {
  const r = await sql<{ id: number; status: string; attempts: number; next_attempt_at: Date; last_error: string | null; rendered_text: string | null; sent_at: Date | null }>`select id, status, attempts, next_attempt_at, last_error, rendered_text, sent_at from outbox order by id`.execute(database.db);
  return r.rows.map((x) => ({ ...x, id: Number(x.id), next_attempt_at: new Date(x.next_attempt_at) }));
}

const later = (ms: number) => new Date(Date.now() + ms);

describe('the notification outbox', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());
  beforeEach(async () => {
    await sql`delete from outbox`.execute(database.db);
  });

  it('keeps a message only when the enqueuing transaction commits', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await enqueueInTrx(trx, message(1));
        throw new Error('the business write failed');
      }),
      /the business write failed/,
    );
    assert.deepEqual(await rows(database), [], 'a rolled-back transaction leaves no message');
    await database.db.transaction().execute((trx) => enqueueInTrx(trx, message(2)));
    const kept = await rows(database);
    assert.equal(kept.length, 1);
    assert.equal(kept[0]!.status, 'pending');
    assert.equal(kept[0]!.attempts, 0);
  });

  it('refuses a message with an unknown template or channel, failing the caller’s transaction', async () => {
    await assert.rejects(database.db.transaction().execute((trx) => enqueueInTrx(trx, { ...message(3), template: 'identity.no_such_template' })), /Unknown message template/);
    await assert.rejects(database.db.transaction().execute((trx) => enqueueInTrx(trx, { ...message(3), channel: 'fax' as 'sms' })), /Unknown channel/);
    assert.deepEqual(await rows(database), []);
  });

  it('delivers through the development sink, keeping the Vietnamese text; another sender keeps nothing', async () => {
    await database.db.transaction().execute((trx) => enqueueInTrx(trx, message(4)));
    const result = await drainOutbox(database.db, devSinkSender, { now: later(1000) });
    assert.deepEqual(result, { sent: 1, retried: 0, failed: 0 });
    const [row] = await rows(database);
    assert.equal(row!.status, 'sent');
    assert.ok(row!.sent_at);
    assert.match(row!.rendered_text ?? '', /Ma xac nhan .* la 100004, hieu luc 10 phut/);
    assert.deepEqual(await drainOutbox(database.db, devSinkSender, { now: later(1000) }), { sent: 0, retried: 0, failed: 0 }, 'nothing is sent twice');

    const seen: RenderedMessage[] = [];
    const gateway: Sender = { name: 'gateway', send: async (m) => (seen.push(m), {}) };
    await database.db.transaction().execute((trx) => enqueueInTrx(trx, message(5)));
    await drainOutbox(database.db, gateway, { now: later(1000) });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.recipient, '0900000005');
    assert.match(seen[0]!.text, /100005/);
    const sent = (await listOutbox(database.db)).find((e) => e.recipient === '0900000005');
    assert.equal(sent?.status, 'sent');
    assert.equal(sent?.text, null, 'a real gateway’s messages (and their codes) are not kept');
  });

  it('never sends a message twice when two drains run at once', async () => {
    const total = 40;
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < total; i++) await enqueueInTrx(trx, message(100 + i));
    });
    const sends = new Map<number, number>();
    const slow = (name: string): Sender => ({
      name,
      send: async (m) => {
        sends.set(m.id, (sends.get(m.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return {};
      },
    });
    const now = later(1000);
    const [a, b] = await Promise.all([
      drainOutbox(database.db, slow('a'), { now, batchSize: 5 }),
      drainOutbox(database.db, slow('b'), { now, batchSize: 5 }),
    ]);
    assert.equal(a.sent + b.sent, total);
    assert.equal(sends.size, total, 'every message was sent');
    assert.deepEqual([...sends.values()].filter((n) => n !== 1), [], 'and none twice');
    assert.ok((await rows(database)).every((r) => r.status === 'sent'));
    if (database.kind === 'postgres') {
      // On PostgreSQL the two drains really overlap: each skips the rows the other has locked.
      assert.ok(a.sent > 0 && b.sent > 0, `both drains worked (${a.sent} + ${b.sent})`);
    }
  });

  it('retries a failed delivery with exponential backoff and gives up after the last attempt', async () => {
    await database.db.transaction().execute((trx) => enqueueInTrx(trx, message(7)));
    let calls = 0;
    const broken: Sender = {
      name: 'broken',
      send: async () => {
        calls++;
        throw new Error(`gateway down (${calls})`);
      },
    };
    const auditBefore = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'notifications.delivery_failed'`.execute(database.db)).rows[0]!.n);
    let now = later(1000);
    for (let attempt = 1; attempt <= 2; attempt++) {
      assert.deepEqual(await drainOutbox(database.db, broken, { now, maxAttempts: 3 }), { sent: 0, retried: 1, failed: 0 });
      const [row] = await rows(database);
      assert.equal(row!.status, 'pending');
      assert.equal(row!.attempts, attempt);
      assert.equal(row!.last_error, `gateway down (${attempt})`);
      assert.equal(row!.next_attempt_at.getTime() - now.getTime(), retryDelayMs(attempt, 3), `backoff after attempt ${attempt}`);
      // Not due yet: nothing happens a moment before the next attempt.
      assert.deepEqual(await drainOutbox(database.db, broken, { now: new Date(row!.next_attempt_at.getTime() - 1), maxAttempts: 3 }), { sent: 0, retried: 0, failed: 0 });
      now = row!.next_attempt_at;
    }
    assert.equal(retryDelayMs(2, 3)! > retryDelayMs(1, 3)!, true, 'the wait grows');
    assert.deepEqual(await drainOutbox(database.db, broken, { now, maxAttempts: 3 }), { sent: 0, retried: 0, failed: 1 });
    const [failed] = await rows(database);
    assert.equal(failed!.status, 'failed');
    assert.equal(failed!.attempts, 3);
    assert.equal(calls, 3);
    assert.deepEqual(await drainOutbox(database.db, broken, { now: later(24 * 3600_000), maxAttempts: 3 }), { sent: 0, retried: 0, failed: 0 }, 'a failed message is left alone');
    const auditAfter = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'notifications.delivery_failed'`.execute(database.db)).rows[0]!.n);
    assert.equal(auditAfter, auditBefore + 1, 'giving up is audited');
  });

  it('delivers on a later attempt after a transient failure', async () => {
    await database.db.transaction().execute((trx) => enqueueInTrx(trx, message(8)));
    let calls = 0;
    const flaky: Sender = {
      name: 'flaky',
      send: async (m) => {
        if (++calls === 1) throw new Error('timeout');
        return { keepText: m.text };
      },
    };
    const first = later(1000);
    assert.equal((await drainOutbox(database.db, flaky, { now: first })).retried, 1);
    const [pending] = await rows(database);
    assert.equal((await drainOutbox(database.db, flaky, { now: pending!.next_attempt_at })).sent, 1);
    const [row] = await rows(database);
    assert.equal(row!.status, 'sent');
    assert.equal(row!.attempts, 2);
    assert.equal(row!.last_error, null);
  });

  it('retries through the HTTP SMS gateway while it fails, then delivers when it recovers, keeping no text', async () => {
    let status = 503;
    const bodies: { to: string; text: string; id: number; brandname: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(JSON.parse(body));
        res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"status":"queued"}' : '{"error":"maintenance"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const gateway = smsGatewaySender({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, token: 't', brandname: 'UBND TEST', stripDiacritics: false, timeoutMs: 5000 });
      await database.db.transaction().execute((trx) => enqueueInTrx(trx, message(9)));
      const first = later(1000);
      assert.deepEqual(await drainOutbox(database.db, gateway, { now: first }), { sent: 0, retried: 1, failed: 0 });
      const [pending] = await rows(database);
      assert.equal(pending!.status, 'pending');
      assert.equal(pending!.attempts, 1);
      assert.match(pending!.last_error ?? '', /answered HTTP 503: .*maintenance/);
      assert.equal(pending!.next_attempt_at.getTime() - first.getTime(), retryDelayMs(1));

      assert.deepEqual(await drainOutbox(database.db, gateway, { now: pending!.next_attempt_at }), { sent: 0, retried: 1, failed: 0 }, 'still down');
      const [again] = await rows(database);
      assert.equal(again!.attempts, 2);

      status = 200;
      assert.deepEqual(await drainOutbox(database.db, gateway, { now: again!.next_attempt_at }), { sent: 1, retried: 0, failed: 0 });
      const [row] = await rows(database);
      assert.equal(row!.status, 'sent');
      assert.equal(row!.attempts, 3);
      assert.equal(row!.last_error, null);
      assert.equal(row!.rendered_text, null, 'the code does not stay in the database');
      assert.equal(bodies.length, 3);
      assert.deepEqual(bodies.map((b) => [b.to, b.id]), [0, 1, 2].map(() => ['84900000009', row!.id]), 'the same message each time, with its outbox id');
      assert.match(bodies[2]!.text, /la 100009, hieu luc 10 phut/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
