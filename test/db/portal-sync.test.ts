/**
 * The national portal mirror against a real database (PGlite, or PostgreSQL with DATABASE_URL): records filed
 * and changed through the records module's own use cases, then `drainPortalSync` into the built-in simulator.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';
import { makePdf } from '../support/files.ts';
import { seedDemo } from '../../src/seed/seed-demo.ts';
import { seedDemoRecords } from '../../src/seed/demo-records.ts';
import type { AuditActor } from '../../src/modules/audit/index.ts';
import { findProcedureByCode } from '../../src/modules/catalogue/index.ts';
import type { Procedure } from '../../src/modules/catalogue/index.ts';
import { findCitizenByContact, findOfficialRowByUsername } from '../../src/modules/identity/index.ts';
import { changeStatus, STATUS, submitApplication } from '../../src/modules/records/index.ts';
import type { Filer, RecordsContext, RecordStatus } from '../../src/modules/records/index.ts';
import { findUnitByCode } from '../../src/modules/tenancy/index.ts';
import { noScanner } from '../../src/platform/files/virus-scan.ts';
import { countQueue, drainPortalSync, listMessagesOf, readCursor, retryFailed, setSimulatorDown, simulatorClient } from '../../src/modules/portal-sync/index.ts';
import type { PortalClient, PortalSyncResult } from '../../src/modules/portal-sync/index.ts';
import { retryDelayMs } from '../../src/modules/notifications/index.ts';

interface InboxRow {
  id: number;
  idempotency_key: string;
  operation: 'create' | 'status';
  ma_ho_so: string;
  accepted: boolean;
  error_code: string | null;
  payload: Record<string, unknown>;
}

const daysAgo = (n: number) => new Date(Date.now() + 7 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);

describe('national portal sync', () => {
  let database: TestDatabase;
  let ctx: RecordsContext;
  let birth: Procedure;
  let citizen: Filer;
  let desk: Filer & { kind: 'official' };
  let unitId: number;
  let allUnits: number[];
  let simulator: PortalClient;
  /** The drains' clock: only moves forward, so retries scheduled by one test never go back in time for the next. */
  let clock = Date.now();
  const tick = (ms = 1000) => new Date((clock += ms));
  const system: AuditActor = { kind: 'system', id: null, name: 'test', unitId: null, ip: '', userAgent: 'portal-sync test' };

  before(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db);
    assert.equal(await seedDemoRecords(database.db), 5);
    ctx = { db: database.db, scanner: noScanner };
    birth = (await findProcedureByCode(database.db, '1.001193'))!;
    const mai = (await findCitizenByContact(database.db, '0912000001'))!;
    const md = (await findUnitByCode(database.db, 'H11.35.01'))!;
    const deskRow = (await findOfficialRowByUsername(database.db, 'motcua.muongdang'))!;
    unitId = md.id;
    citizen = { kind: 'citizen', id: mai.id, name: mai.fullName };
    desk = { kind: 'official', id: Number(deskRow.id), name: deskRow.full_name, unitId: md.id, role: 'one_stop_officer' };
    allUnits = (await sql<{ id: number }>`select id from units`.execute(database.db)).rows.map((r) => Number(r.id));
    simulator = simulatorClient(database.db);
  });
  after(() => database.close());

  const actorOf = (who: Filer): AuditActor => ({ kind: who.kind, id: who.id, name: who.name, unitId: who.kind === 'official' ? who.unitId : null, ip: '', userAgent: 'portal-sync test' });

  async function file(who: Filer = citizen, options: { attach?: boolean; child?: string } = {}): Promise<{ id: number; code: string }> {
    const result = await submitApplication(ctx, who, actorOf(who), {
      procedure: birth, unitId: String(unitId), idempotencyKey: null,
      values: {
        applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông, xã Mường Đăng',
        relation: 'cha_me', childName: options.child ?? 'Lò Văn Đồng Bộ', childSex: 'nam', childBirthDate: daysAgo(5), childBirthPlace: 'Trạm y tế xã Mường Đăng',
        childEthnicity: 'Thái', childNationality: 'Việt Nam', motherName: 'Lò Thị Mai', fatherKnown: 'khong',
      },
      attachments: options.attach ? [{ component: 4, fileName: 'giay-chung-sinh.pdf', data: makePdf() }] : [],
    });
    assert.ok(result.ok, JSON.stringify(!result.ok && result));
    return { id: Number(result.record.id), code: result.record.code };
  }

  const move = (record: { id: number }, ...statuses: RecordStatus[]) =>
    statuses.reduce((p, s) => p.then(() => changeStatus(ctx, { kind: 'official', id: desk.id, name: desk.name }, actorOf(desk), record.id, s)), Promise.resolve());

  async function inbox(code?: string): Promise<InboxRow[]> {
    const rows = code
      ? await sql<InboxRow>`select id, idempotency_key, operation, ma_ho_so, accepted, error_code, payload from portal_sync_simulator_inbox where ma_ho_so = ${code} order by id`.execute(database.db)
      : await sql<InboxRow>`select id, idempotency_key, operation, ma_ho_so, accepted, error_code, payload from portal_sync_simulator_inbox order by id`.execute(database.db);
    return rows.rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** Drains until nothing is due (messages of one record go one per round). */
  async function drainAll(client: PortalClient = simulator, now = tick()): Promise<PortalSyncResult> {
    return drainPortalSync(database.db, client, now);
  }

  it('a new record reaches the portal as "create dossier" in its vocabulary; the demo records too', async () => {
    const first = await drainAll();
    assert.deepEqual(first, { queued: 6, sent: 6, retried: 0, failed: 0 }, 'the five demo records are mirrored, with the one that waits for a supplement (status 5)');

    const online = await file(citizen, { attach: true });
    const atDesk = await file(desk);
    const result = await drainAll();
    assert.deepEqual(result, { queued: 2, sent: 2, retried: 0, failed: 0 });

    const [create] = await inbox(online.code);
    assert.equal(create?.operation, 'create');
    assert.equal(create!.accepted, true);
    const p = create!.payload;
    assert.equal(p.MaHoSo, online.code);
    assert.equal(p.MaTTHC, '1.001193');
    assert.equal(p.TrangThaiHoSo, 1);
    assert.equal(p.KenhThucHien, 2, 'filed online by the citizen');
    assert.equal(p.ChuHoSo, 'Lò Thị Mai');
    assert.equal(p.SoGiayToChuHoSo, '011190001234');
    assert.match(String(p.NgayNopHoSo), /^20\d{12}$/);
    assert.equal(p.DuocThanhToanTrucTuyen, 0);
    const files = p.DanhSachTaiLieuNop as { TenTepDinhKem: string; MaBamTep: string; DuocSoHoa: number }[];
    assert.equal(files.length, 1);
    assert.equal(files[0]!.TenTepDinhKem, 'giay-chung-sinh.pdf');
    assert.match(files[0]!.MaBamTep, /^[0-9a-f]{64}$/);
    assert.equal((await inbox(atDesk.code))[0]!.payload.KenhThucHien, 1, 'filed at the desk');

    const [queued] = await listMessagesOf(database.db, online.code);
    assert.equal(queued!.status, 'sent');
    assert.equal(queued!.attempts, 1);
    assert.ok(queued!.sent_at);
    assert.deepEqual(await drainAll(), { queued: 0, sent: 0, retried: 0, failed: 0 }, 'nothing is sent twice');
  });

  it('each status change becomes "update status" with TrangThaiHoSo and its dates; other events are not sent', async () => {
    const record = await file();
    await move(record, STATUS.received, STATUS.processing);
    // A message to the citizen is an event the portal has no use for.
    await sql`insert into record_events (record_id, unit_id, kind, author_kind, author_name, body) values (${record.id}, ${unitId}, 'message', 'official', 'x', 'Xin chào')`.execute(database.db);
    await move(record, STATUS.done, STATUS.returned);
    const result = await drainAll();
    assert.equal(result.queued, 5);
    assert.equal(result.sent, 5);
    const received = await inbox(record.code);
    assert.deepEqual(received.map((r) => [r.operation, r.payload.TrangThaiHoSo]), [['create', 1], ['status', 2], ['status', 4], ['status', 9], ['status', 10]]);
    assert.ok(received.every((r) => r.accepted));
    assert.match(String(received[1]!.payload.NgayTiepNhan), /^\d{14}$/, 'the receipt date goes with status 2');
    assert.match(String(received[3]!.payload.NgayKetThucXuLy), /^\d{14}$/, 'the end of processing with status 9');
    assert.match(String(received[4]!.payload.NgayTra), /^\d{14}$/, 'the return date with status 10');
    const dossier = await sql<{ status: number }>`select status from portal_sync_simulator_dossiers where ma_ho_so = ${record.code}`.execute(database.db);
    assert.equal(dossier.rows[0]!.status, 10);
    const cursor = await readCursor(database.db);
    const latest = await sql<{ id: number }>`select max(id) as id from record_events`.execute(database.db);
    assert.equal(Number(cursor.last_event_id), Number(latest.rows[0]!.id), 'the cursor read every event');
  });

  it('with the portal down nothing is lost: messages wait with backoff, then arrive in order', async () => {
    await setSimulatorDown(database.db, system, true);
    const record = await file();
    await move(record, STATUS.received, STATUS.processing, STATUS.done);
    const start = tick();
    const r1 = await drainAll(simulator, start);
    assert.deepEqual(r1, { queued: 4, sent: 0, retried: 1, failed: 0 }, 'only the first message of the record is tried');
    let queue = await listMessagesOf(database.db, record.code);
    assert.deepEqual(queue.map((m) => [m.kind, m.status, m.attempts]), [['create', 'pending', 1], ['status', 'pending', 0], ['status', 'pending', 0], ['status', 'pending', 0]]);
    assert.match(queue[0]!.last_error ?? '', /PORTAL_UNAVAILABLE/);
    assert.equal(queue[0]!.next_attempt_at.getTime() - start.getTime(), retryDelayMs(1, 12));

    assert.deepEqual(await drainAll(simulator, new Date(start.getTime() + 10_000)), { queued: 0, sent: 0, retried: 0, failed: 0 }, 'not due yet');
    const second = new Date(start.getTime() + retryDelayMs(1, 12)!);
    clock = second.getTime();
    assert.equal((await drainAll(simulator, second)).retried, 1);
    queue = await listMessagesOf(database.db, record.code);
    assert.equal(queue[0]!.attempts, 2);
    assert.equal(queue[0]!.next_attempt_at.getTime() - second.getTime(), retryDelayMs(2, 12), 'the wait doubles');
    assert.equal((await inbox(record.code)).length, 0, 'a portal that is down received nothing');

    // Work on records never waits for the portal.
    await move(record, STATUS.returned);
    await setSimulatorDown(database.db, system, false);
    const back = await drainAll(simulator, tick(3600_000));
    assert.deepEqual(back, { queued: 1, sent: 5, retried: 0, failed: 0 });
    const received = await inbox(record.code);
    assert.deepEqual(received.map((r) => [r.operation, r.payload.TrangThaiHoSo]), [['create', 1], ['status', 2], ['status', 4], ['status', 9], ['status', 10]], 'in order');
    assert.ok((await listMessagesOf(database.db, record.code)).every((m) => m.status === 'sent'));
    const audited = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'portal_sync.simulator_switched'`.execute(database.db);
    assert.equal(audited.rows[0]!.n, 2, 'switching the simulator is audited');
  });

  it('after the last attempt a message is failed, holds back its record, and "retry failed" sends it', async () => {
    await setSimulatorDown(database.db, system, true);
    const record = await file();
    await move(record, STATUS.received);
    const options = { maxAttempts: 2 };
    assert.equal((await drainPortalSync(database.db, simulator, tick(), options)).retried, 1);
    assert.equal((await drainPortalSync(database.db, simulator, tick(3600_000), options)).failed, 1);
    let queue = await listMessagesOf(database.db, record.code);
    assert.deepEqual(queue.map((m) => m.status), ['failed', 'pending']);
    assert.equal(queue[1]!.attempts, 0, 'the status update waits behind the failed create');
    const failedAudit = await sql<{ target_id: string }>`select target_id from audit_log where action = 'portal_sync.message_failed' order by seq desc limit 1`.execute(database.db);
    assert.equal(failedAudit.rows[0]!.target_id, record.code);

    await setSimulatorDown(database.db, system, false);
    assert.equal((await drainAll(simulator, tick(3600_000))).sent, 0, 'a failed message stays failed until someone retries it');
    assert.equal(await retryFailed(database.db, system, allUnits, new Date(clock)), 1);
    const retried = await drainAll();
    assert.equal(retried.sent, 2);
    queue = await listMessagesOf(database.db, record.code);
    assert.deepEqual(queue.map((m) => m.status), ['sent', 'sent']);
    assert.deepEqual((await inbox(record.code)).map((r) => r.payload.TrangThaiHoSo), [1, 2]);
  });

  it('a message the portal refuses fails at once and blocks only its own record', async () => {
    const stuck = await file();
    const other = await file();
    // The back office may move a record back; the portal does not accept going back behind "processing".
    await move(stuck, STATUS.received, STATUS.processing, STATUS.received, STATUS.processing, STATUS.done);
    await move(other, STATUS.received, STATUS.processing);
    const result = await drainAll();
    assert.equal(result.failed, 1);
    const stuckQueue = await listMessagesOf(database.db, stuck.code);
    assert.deepEqual(stuckQueue.map((m) => m.status), ['sent', 'sent', 'sent', 'failed', 'pending', 'pending']);
    assert.equal(stuckQueue[3]!.attempts, 1, 'a refusal is not retried: the same message would be refused again');
    assert.match(stuckQueue[3]!.last_error ?? '', /STATUS_BACKWARDS/);
    assert.deepEqual(stuckQueue.slice(4).map((m) => m.attempts), [0, 0], 'later messages of that record wait');
    assert.ok((await listMessagesOf(database.db, other.code)).every((m) => m.status === 'sent'), 'other records go on');
    const refused = (await inbox(stuck.code)).filter((r) => !r.accepted);
    assert.deepEqual(refused.map((r) => r.error_code), ['STATUS_BACKWARDS'], 'the simulator keeps what it refused');
    const counts = await countQueue(database.db, allUnits);
    assert.equal(counts.failed, 1);
    assert.equal(counts.pending, 2);
    // Clear it for the tests below: nothing else of this record will ever be accepted in this order.
    await sql`update portal_sync_queue set status = 'sent', sent_at = now() where record_code = ${stuck.code} and status <> 'sent'`.execute(database.db);
  });

  it('two drains at once never send one message twice, and keep each record in order', async () => {
    const records = [];
    for (let i = 0; i < 8; i++) records.push(await file());
    for (const [i, r] of records.entries()) if (i % 2 === 0) await move(r, STATUS.received, STATUS.processing);
    const sends = new Map<string, number>();
    const counting = (name: string): PortalClient => ({
      name, kind: 'simulator',
      send: async (m) => {
        sends.set(m.key, (sends.get(m.key) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 3));
        return simulator.send(m);
      },
    });
    const expected = 8 + 4 * 2;
    // Queue first (no deliveries), so that both drains find work at once.
    assert.equal((await drainPortalSync(database.db, simulator, tick(), { limit: 0 })).queued, expected, 'every event queued once');
    const now = tick();
    const [a, b] = await Promise.all([drainPortalSync(database.db, counting('a'), now, { batchSize: 3 }), drainPortalSync(database.db, counting('b'), now, { batchSize: 3 })]);
    assert.equal(a.queued + b.queued, 0);
    assert.equal(a.sent + b.sent, expected);
    assert.equal(a.failed + a.retried + b.failed + b.retried, 0);
    assert.equal(sends.size, expected);
    assert.deepEqual([...sends.values()].filter((n) => n !== 1), [], 'no message was sent twice');
    for (const r of records) {
      const got = await inbox(r.code);
      assert.deepEqual(got.map((x) => x.payload.TrangThaiHoSo), got.length === 3 ? [1, 2, 4] : [1], `${r.code} in order`);
    }
    if (database.kind === 'postgres') assert.ok(a.sent > 0 && b.sent > 0, `both drains worked (${a.sent} + ${b.sent})`);
  });

  it('a portal that already has a message (sent again after a lost answer) accepts it once', async () => {
    const record = await file();
    await drainAll();
    const [message] = await listMessagesOf(database.db, record.code);
    const again = await simulator.send({ key: `smart-commune:${message!.id}`, operation: 'create', recordCode: record.code, unitId, payload: message!.payload });
    assert.equal(again.duplicate, true);
    assert.equal((await inbox(record.code)).length, 1);
  });

  it('an event id left by a rolled-back change is stepped over once no transaction of that time is running', async () => {
    await drainAll();
    const record = await file();
    await drainAll();
    await assert.rejects(database.db.transaction().execute(async (trx) => {
      await sql`insert into record_events (record_id, unit_id, kind, from_status, to_status, author_kind, author_name) values (${record.id}, ${unitId}, 'status', 1, 8, 'system', 'x')`.execute(trx);
      throw new Error('rolled back');
    }), /rolled back/);
    await move(record, STATUS.received);
    const now = tick();
    assert.equal((await drainPortalSync(database.db, simulator, now)).queued, 0, 'the cursor waits at the gap');
    const cursor = await readCursor(database.db);
    assert.ok(cursor.gap_seen_at, 'and says so');
    const later = await drainPortalSync(database.db, simulator, tick(6000));
    assert.deepEqual([later.queued, later.sent], [1, 1]);
    assert.deepEqual((await inbox(record.code)).map((r) => r.payload.TrangThaiHoSo), [1, 2]);
    assert.equal((await readCursor(database.db)).gap_seen_at, null);
  });

  it('PostgreSQL: an event still being written holds the cursor back until it commits, so it is not lost', { skip: !process.env.DATABASE_URL }, async () => {
    await drainAll();
    const slow = await file();
    const fast = await file();
    await drainAll();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const started = new Promise<void>((resolve) => (inserted = resolve));
    const writing = database.db.transaction().execute(async (trx) => {
      await sql`select id from records where id = ${slow.id} for update`.execute(trx);
      await sql`insert into record_events (record_id, unit_id, kind, from_status, to_status, author_kind, author_name) values (${slow.id}, ${unitId}, 'status', 1, 2, 'system', 'x')`.execute(trx);
      inserted();
      await gate;
    });
    await started;
    await move(fast, STATUS.received);
    const waiting = await drainPortalSync(database.db, simulator, tick(3600_000));
    assert.equal(waiting.queued, 0, 'the change committed after the gap waits for the one still being written');
    const again = await drainPortalSync(database.db, simulator, tick(3600_000));
    assert.equal(again.queued, 0, 'however long it takes');
    release();
    await writing;
    const done = await drainAll();
    assert.deepEqual([done.queued, done.sent], [2, 2]);
    assert.deepEqual((await inbox(slow.code)).map((r) => r.payload.TrangThaiHoSo), [1, 2]);
    assert.deepEqual((await inbox(fast.code)).map((r) => r.payload.TrangThaiHoSo), [1, 2]);
  });
});
