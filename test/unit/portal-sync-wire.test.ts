/** The portal's wire format, its rules as the simulator applies them, and the HTTP client against a local gateway. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { portalDate, readOutcome } from '../../src/modules/portal-sync/wire.ts';
import { checkCreate, checkStatusUpdate, checkTransition, rankOf } from '../../src/modules/portal-sync/domain/portal-rules.ts';
import { httpPortalClient, PortalError } from '../../src/modules/portal-sync/index.ts';
import type { PortalMessage } from '../../src/modules/portal-sync/index.ts';
import { portalSyncFrom } from '../../src/platform/config.ts';

const dossier = {
  MaHoSo: 'H11.35.01-261128-0001', MaTTHC: '1.001193', TrichYeuHoSo: 'Đăng ký khai sinh', KenhThucHien: 2, TrangThaiHoSo: 1, LoaiDoiTuong: 0,
  ChuHoSo: 'Lò Thị Mai', SoGiayToChuHoSo: '011190001234', DiaChiChuHoSo: 'Bản Co Muông', NgayNopHoSo: '20261128093200', NgayTiepNhan: null, NgayHenTra: null,
  DanhSachLePhi: [], DuocThanhToanTrucTuyen: 0, HoSoCoThanhPhanSoHoa: 0, DanhSachTaiLieuNop: [],
};

describe('the wire format and the portal’s rules', () => {
  it('writes dates as yyyyMMddHHmmss in Vietnam time', () => {
    assert.equal(portalDate(new Date('2026-11-28T02:32:07.900Z')), '20261128093207');
    assert.equal(portalDate(new Date('2026-12-31T17:00:00Z')), '20270101000000', 'the Vietnam date, not UTC');
  });

  it('accepts a complete dossier and names what is wrong with a broken one', () => {
    assert.equal(checkCreate(dossier), null);
    const cases: [Record<string, unknown>, string][] = [
      [{ MaHoSo: undefined }, 'MISSING_FIELD'],
      [{ MaHoSo: 'HS-0001' }, 'INVALID_MA_HO_SO'],
      [{ MaHoSo: 'H11.35.01-261332-0001' }, 'INVALID_MA_HO_SO'],
      [{ MaHoSo: 'H11.35.01-261128-01' }, 'INVALID_MA_HO_SO'],
      [{ MaTTHC: 'khai sinh' }, 'UNKNOWN_TTHC'],
      [{ ChuHoSo: '  ' }, 'MISSING_FIELD'],
      [{ SoGiayToChuHoSo: '12345' }, 'INVALID_ID_NUMBER'],
      [{ TrangThaiHoSo: 11 }, 'UNKNOWN_STATUS'],
      [{ KenhThucHien: 4 }, 'UNKNOWN_CHANNEL'],
      [{ DanhSachLePhi: [{ Gia: -1 }] }, 'INVALID_FEE'],
      [{ NgayNopHoSo: '2026-11-28' }, 'INVALID_DATE'],
      [{ NgayNopHoSo: null }, 'MISSING_FIELD'],
    ];
    for (const [change, code] of cases) assert.equal(checkCreate({ ...dossier, ...change })?.code, code, JSON.stringify(change));
    assert.equal(checkStatusUpdate({ MaHoSo: dossier.MaHoSo, TrangThaiHoSo: 10, NgayCapNhat: '20261128093200' })?.code, 'MISSING_FIELD', 'status 10 needs NgayTra');
    assert.equal(checkStatusUpdate({ MaHoSo: dossier.MaHoSo, TrangThaiHoSo: 4, NgayCapNhat: '20261128093200' }), null);
  });

  it('lets statuses move forward, pause and end, never back behind the furthest step nor out of a closed dossier', () => {
    assert.equal(checkTransition(1, rankOf(1), 2), null);
    assert.equal(checkTransition(2, rankOf(2), 4), null);
    assert.equal(checkTransition(4, rankOf(4), 5), null, 'a pause');
    assert.equal(checkTransition(5, rankOf(4), 4), null, 'back from a pause to where it was');
    assert.equal(checkTransition(5, rankOf(1), 1), null, 'a supplement asked for before intake');
    assert.equal(checkTransition(4, rankOf(4), 2)?.code, 'STATUS_BACKWARDS');
    assert.equal(checkTransition(5, rankOf(4), 2)?.code, 'STATUS_BACKWARDS');
    assert.equal(checkTransition(9, rankOf(9), 10), null);
    assert.equal(checkTransition(10, rankOf(10), 4)?.code, 'DOSSIER_CLOSED');
    assert.equal(checkTransition(10, rankOf(10), 10), null, 'the same status again updates dates');
    assert.equal(checkTransition(2, rankOf(2), 7), null, 'withdrawn');
  });

  it('reads gateway answers: accepted, refused for good, or to try again', () => {
    assert.deepEqual(readOutcome(200, { error_code: '0', message: 'ok' }), { kind: 'accepted' });
    assert.deepEqual(readOutcome(200, null), { kind: 'accepted' });
    assert.equal(readOutcome(200, { error_code: -1, message: 'MaTTHC không tồn tại' }).kind, 'rejected');
    assert.equal(readOutcome(400, {}).kind, 'rejected');
    for (const status of [401, 408, 429, 500, 502, 503]) assert.equal(readOutcome(status, {}).kind, 'retry', String(status));
  });

  it('reads PORTAL_SYNC_* settings: the simulator unless a URL is given with its credentials', () => {
    assert.deepEqual(portalSyncFrom({}), { url: null, clientId: '', clientSecret: '', simulateDown: false, timeoutMs: 15000 });
    assert.equal(portalSyncFrom({ PORTAL_SYNC_SIMULATE_DOWN: 'true' }).simulateDown, true);
    assert.throws(() => portalSyncFrom({ PORTAL_SYNC_URL: 'https://lgsp.dienbien.gov.vn/dvcqg' }), /PORTAL_SYNC_CLIENT_ID/);
    assert.throws(() => portalSyncFrom({ PORTAL_SYNC_URL: 'http://lgsp.dienbien.gov.vn', PORTAL_SYNC_CLIENT_ID: 'a', PORTAL_SYNC_CLIENT_SECRET: 'b' }), /https/);
    assert.equal(portalSyncFrom({ PORTAL_SYNC_URL: 'https://lgsp.dienbien.gov.vn/dvcqg', PORTAL_SYNC_CLIENT_ID: 'a', PORTAL_SYNC_CLIENT_SECRET: 'b' }).url, 'https://lgsp.dienbien.gov.vn/dvcqg');
  });
});

describe('the HTTP client against a gateway', () => {
  let server: http.Server;
  let base: string;
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  /** What the gateway answers next to a dossier call: status and JSON. */
  let answer: { status: number; body: unknown } = { status: 200, body: { error_code: '0' } };
  let tokens = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        if (req.url === '/dvcqg/token') {
          tokens++;
          res.end(JSON.stringify({ access_token: `token-${tokens}`, expires_in: 3600 }));
          return;
        }
        res.statusCode = answer.status;
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dvcqg`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const message = (operation: 'create' | 'status'): PortalMessage => ({
    key: 'smart-commune:7', operation, recordCode: dossier.MaHoSo, unitId: 2,
    payload: operation === 'create' ? (dossier as never) : ({ MaHoSo: dossier.MaHoSo, TrangThaiHoSo: 2, NgayCapNhat: '20261128093200' } as never),
  });

  it('gets a token once, then posts each message as JSON with it', async () => {
    const client = httpPortalClient({ url: base, clientId: 'xa-muong-dang', clientSecret: 's3cret', timeoutMs: 2000 });
    assert.equal(client.name, new URL(base).host);
    assert.deepEqual(await client.send(message('create')), { duplicate: false });
    await client.send(message('status'));
    assert.equal(tokens, 1, 'the token is kept until it expires');
    const [token, create, update] = seen;
    assert.equal(token!.url, '/dvcqg/token');
    assert.equal(new URLSearchParams(token!.body).get('client_id'), 'xa-muong-dang');
    assert.equal(new URLSearchParams(token!.body).get('grant_type'), 'client_credentials');
    assert.equal(create!.url, '/dvcqg/dossiers');
    assert.equal(create!.headers.authorization, 'Bearer token-1');
    assert.equal(create!.headers['idempotency-key'], 'smart-commune:7');
    assert.equal(JSON.parse(create!.body).MaHoSo, dossier.MaHoSo);
    assert.equal(update!.url, `/dvcqg/dossiers/${encodeURIComponent(dossier.MaHoSo)}/status`);
  });

  it('tells a refusal (not retried) from an unavailable gateway (retried), and asks for a new token after a 401', async () => {
    const client = httpPortalClient({ url: base, clientId: 'a', clientSecret: 'b', timeoutMs: 2000 });
    answer = { status: 200, body: { error_code: '-1', message: 'MaTTHC không tồn tại' } };
    const refused = await client.send(message('create')).catch((e: unknown) => e);
    assert.ok(refused instanceof PortalError);
    assert.equal(refused.retryable, false);
    assert.match(refused.message, /MaTTHC/);
    answer = { status: 503, body: {} };
    const down = await client.send(message('create')).catch((e: unknown) => e);
    assert.ok(down instanceof PortalError && down.retryable);
    const before = tokens;
    answer = { status: 401, body: {} };
    assert.ok(((await client.send(message('create')).catch((e: unknown) => e)) as PortalError).retryable);
    answer = { status: 200, body: { error_code: 0 } };
    await client.send(message('create'));
    assert.equal(tokens, before + 1, 'a refused token is replaced');
    const unreachable = httpPortalClient({ url: 'http://127.0.0.1:9/dvcqg', clientId: 'a', clientSecret: 'b', timeoutMs: 2000 });
    const lost = await unreachable.send(message('create')).catch((e: unknown) => e);
    assert.ok(lost instanceof PortalError && lost.retryable && lost.code === 'UNREACHABLE');
  });
});
