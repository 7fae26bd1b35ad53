/**
 * The notification gateways: the HTTP SMS gateway against a real local HTTP server, email against a real
 * local SMTP server (`smtp-server`, with a throw-away certificate made by the openssl CLI), the routing by
 * channel, and the configuration that turns them on.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';
import { devSinkSender, routingSender, senderFor, smsGatewaySender, smtpEmailSender } from '../../src/modules/notifications/index.ts';
import type { RenderedMessage, Sender } from '../../src/modules/notifications/index.ts';
import { emailContent, internationalMobile, renderEnglish, renderMessage, stripDiacritics } from '../../src/modules/notifications/domain/message.ts';
import { notificationsFrom } from '../../src/platform/config.ts';
import type { SmsGatewayConfig, SmtpConfig } from '../../src/platform/config.ts';

const sms = (over: Partial<RenderedMessage> = {}): RenderedMessage => ({
  id: 42, channel: 'sms', recipient: '0912 345 678', text: 'UBND Xã Tả Van: da nhan ho so H11-0001 (Đăng ký khai sinh).', english: null, ...over,
});

// --- the pieces without a network ------------------------------------------------------------------

describe('message pieces', () => {
  it('writes Vietnamese mobile numbers as 84 and nine digits, and refuses anything else', () => {
    for (const input of ['0912345678', '0912 345 678', '091.234.5678', '+84 912 345 678', '84912345678', '(+84) 912-345-678']) {
      assert.equal(internationalMobile(input), '84912345678', input);
    }
    for (const input of ['912345678', '09123456789', '+1 912 345 678', 'nguoi@xa.vn', '0912a45678', '']) {
      assert.throws(() => internationalMobile(input), /Not a Vietnamese mobile number/, input);
    }
  });

  it('strips Vietnamese diacritics, đ included', () => {
    assert.equal(stripDiacritics('Đăng ký khai sinh — Ủy ban nhân dân xã Tả Van, đường Hồ Chí Minh'), 'Dang ky khai sinh — Uy ban nhan dan xa Ta Van, duong Ho Chi Minh');
    assert.equal(stripDiacritics('Ma xac nhan 123456'), 'Ma xac nhan 123456');
  });

  it('renders English only where the catalogue has it, and an email with Vietnamese first', () => {
    const params = { code: '123456', minutes: 10 };
    const vi = renderMessage('identity.registration_code', params);
    const en = renderEnglish('identity.registration_code', params);
    assert.match(vi, /Ma xac nhan .* 123456/);
    assert.match(en ?? '', /Your public services registration code is 123456, valid for 10 minutes/);
    assert.equal(renderEnglish('records.status_changed', { code: 'H1', status: 'Da tiep nhan' }), null, 'an SMS-only template has no English of its own');

    const both = emailContent({ text: vi, english: en });
    assert.equal(both.subject, 'Thông báo từ hệ thống Dịch vụ công / Notice from the public services system');
    const viAt = both.text.indexOf(vi);
    const enAt = both.text.indexOf(en!);
    assert.ok(viAt === 0 && enAt > viAt, 'Vietnamese first, English second');
    assert.match(both.text, /vui lòng không trả lời[\s\S]*please do not reply/);

    const viOnly = emailContent({ text: 'Ho so H1: Da tiep nhan.', english: null });
    assert.doesNotMatch(viOnly.text, /please do not reply|---/, 'no English part without an English text');
  });
});

// --- configuration ---------------------------------------------------------------------------------

describe('notification configuration', () => {
  it('has no gateway without configuration', () => {
    assert.deepEqual(notificationsFrom({}), { email: null, sms: null });
  });

  it('reads SMTP_URL and MAIL_FROM', () => {
    const { email } = notificationsFrom({ SMTP_URL: 'smtps://thong%40bao:m%E1%BA%ADt%20kh%E1%BA%A9u@mail.xa.gov.vn', MAIL_FROM: 'UBND xã Tả Van <thongbao@xa.gov.vn>' });
    assert.deepEqual(email, { host: 'mail.xa.gov.vn', port: 465, implicitTls: true, user: 'thong@bao', pass: 'mật khẩu', from: 'UBND xã Tả Van <thongbao@xa.gov.vn>' });
    const plain = notificationsFrom({ SMTP_URL: 'smtp://relay.xa.gov.vn', MAIL_FROM: 'thongbao@xa.gov.vn' }).email;
    assert.equal(plain?.port, 587);
    assert.equal(plain?.implicitTls, false);
    assert.equal(plain?.user, '');
  });

  it('stops the start on a malformed SMTP_URL or MAIL_FROM, without printing the password', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ SMTP_URL: 'mail.xa.gov.vn:465', MAIL_FROM: 'a@xa.vn' }, /SMTP_URL must start with smtps:\/\/ \(TLS\) or smtp:\/\/ \(STARTTLS\)/],
      [{ SMTP_URL: 'https://user:secret@mail.xa.gov.vn', MAIL_FROM: 'a@xa.vn' }, /SMTP_URL must start with smtps:\/\/ \(TLS\) or smtp:\/\/ \(STARTTLS\)/],
      [{ SMTP_URL: 'user:secret@mail.xa.gov.vn', MAIL_FROM: 'a@xa.vn' }, /SMTP_URL must start with smtps:\/\//],
      [{ SMTP_URL: 'mail.xa.gov.vn', MAIL_FROM: 'a@xa.vn' }, /SMTP_URL must be a URL like smtps:\/\//],
      [{ SMTP_URL: 'smtps:secret', MAIL_FROM: 'a@xa.vn' }, /SMTP_URL has no host name/],
      [{ SMTP_URL: 'smtps://u:secret@mail.xa.gov.vn/inbox', MAIL_FROM: 'a@xa.vn' }, /SMTP_URL takes no path/],
      [{ SMTP_URL: 'smtps://mail.xa.gov.vn:99999', MAIL_FROM: 'a@xa.vn' }, /SMTP_URL must be a URL/],
      [{ SMTP_URL: 'smtps://mail.xa.gov.vn' }, /MAIL_FROM is required/],
      [{ SMTP_URL: 'smtps://mail.xa.gov.vn', MAIL_FROM: 'thongbao' }, /MAIL_FROM must be an address/],
      [{ SMTP_URL: 'smtps://mail.xa.gov.vn', MAIL_FROM: 'a@xa.vn\r\nBcc: x@y.vn' }, /MAIL_FROM must be an address/],
    ];
    for (const [env, message] of cases) {
      assert.throws(() => notificationsFrom(env), (error: Error) => message.test(error.message) && !error.message.includes('secret'), JSON.stringify(env));
    }
  });

  it('reads SMS_GATEWAY_* and refuses a malformed or incomplete gateway', () => {
    const base = { SMS_GATEWAY_URL: 'https://sms.example.vn/api/send', SMS_GATEWAY_TOKEN: 'tok', SMS_BRANDNAME: 'UBND TAVAN' };
    assert.deepEqual(notificationsFrom(base).sms, { url: 'https://sms.example.vn/api/send', token: 'tok', brandname: 'UBND TAVAN', stripDiacritics: false, timeoutMs: 10_000 });
    assert.equal(notificationsFrom({ ...base, SMS_STRIP_DIACRITICS: '1', SMS_GATEWAY_TIMEOUT_MS: '2500' }).sms?.stripDiacritics, true);
    assert.equal(notificationsFrom({ ...base, SMS_GATEWAY_TIMEOUT_MS: '2500' }).sms?.timeoutMs, 2500);
    assert.throws(() => notificationsFrom({ ...base, SMS_GATEWAY_URL: 'sms.example.vn/api' }), /SMS_GATEWAY_URL must be an absolute URL/);
    assert.throws(() => notificationsFrom({ ...base, SMS_GATEWAY_URL: 'http://sms.example.vn/api' }), /SMS_GATEWAY_URL must use https:\/\//);
    assert.throws(() => notificationsFrom({ ...base, SMS_GATEWAY_TOKEN: '' }), /SMS_GATEWAY_TOKEN is required/);
    assert.throws(() => notificationsFrom({ ...base, SMS_BRANDNAME: ' ' }), /SMS_BRANDNAME .* is required/);
    assert.throws(() => notificationsFrom({ ...base, SMS_STRIP_DIACRITICS: 'yes' }), /SMS_STRIP_DIACRITICS must be 1 or 0/);
  });
});

// --- the SMS gateway over HTTP ---------------------------------------------------------------------

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local gateway; `answer` decides each reply (status, or 'hang' to never answer). */
async function fakeGateway() {
  const received: Received[] = [];
  let answer: () => number | 'hang' = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const a = answer();
      if (a === 'hang') return;
      res.writeHead(a, { 'content-type': 'application/json' }).end(JSON.stringify(a < 300 ? { status: 'queued' } : { error: 'brandname not registered' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sms/send`,
    answerWith(a: () => number | 'hang') {
      answer = a;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the HTTP SMS gateway adapter', () => {
  let gateway: Awaited<ReturnType<typeof fakeGateway>>;
  let config: SmsGatewayConfig;
  before(async () => {
    gateway = await fakeGateway();
    config = { url: gateway.url, token: 'sms-token-1', brandname: 'UBND TAVAN', stripDiacritics: false, timeoutMs: 2000 };
  });
  after(() => gateway.close());

  it('posts the JSON message with the bearer token and the number as 84…, the text as it is in UTF-8', async () => {
    gateway.received.length = 0;
    gateway.answerWith(() => 200);
    const outcome = await smsGatewaySender(config).send(sms());
    assert.deepEqual(outcome, {}, 'nothing of the text is kept');
    assert.equal(gateway.received.length, 1);
    const [r] = gateway.received;
    assert.equal(r!.method, 'POST');
    assert.equal(r!.url, '/api/sms/send');
    assert.equal(r!.headers.authorization, 'Bearer sms-token-1');
    assert.match(r!.headers['content-type'] ?? '', /^application\/json; charset=utf-8$/);
    assert.deepEqual(JSON.parse(r!.body), { to: '84912345678', text: 'UBND Xã Tả Van: da nhan ho so H11-0001 (Đăng ký khai sinh).', brandname: 'UBND TAVAN', id: 42 });
  });

  it('sends the text without diacritics when SMS_STRIP_DIACRITICS is on', async () => {
    gateway.received.length = 0;
    gateway.answerWith(() => 202);
    await smsGatewaySender({ ...config, stripDiacritics: true }).send(sms({ recipient: '+84 388 000 111' }));
    const body = JSON.parse(gateway.received[0]!.body);
    assert.equal(body.text, 'UBND Xa Ta Van: da nhan ho so H11-0001 (Dang ky khai sinh).');
    assert.equal(body.to, '84388000111');
  });

  it('throws on a non-2xx answer, saying what the gateway said', async () => {
    gateway.answerWith(() => 500);
    await assert.rejects(smsGatewaySender(config).send(sms()), /answered HTTP 500: .*brandname not registered/);
    gateway.answerWith(() => 401);
    await assert.rejects(smsGatewaySender(config).send(sms()), /HTTP 401/);
  });

  it('throws when the gateway does not answer in time', async () => {
    gateway.answerWith(() => 'hang');
    const started = Date.now();
    await assert.rejects(smsGatewaySender({ ...config, timeoutMs: 300 }).send(sms()), /no answer within 300 ms/);
    const took = Date.now() - started;
    assert.ok(took >= 250 && took < 5000, `gave up after ${took} ms`);
  });

  it('throws when the gateway cannot be reached, and on a number it cannot send to (before any request)', async () => {
    const closed = await fakeGateway();
    await closed.close();
    await assert.rejects(smsGatewaySender({ ...config, url: closed.url }).send(sms()), /unreachable/);
    gateway.received.length = 0;
    gateway.answerWith(() => 200);
    await assert.rejects(smsGatewaySender(config).send(sms({ recipient: '024 3825 1234' })), /Not a Vietnamese mobile number/);
    assert.equal(gateway.received.length, 0);
  });
});

// --- email over SMTP --------------------------------------------------------------------------------

/** A self-signed certificate for 127.0.0.1, made by the openssl CLI (independent of the code under test). */
function localCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Mail {
  mailFrom: string;
  rcptTo: string[];
  user: unknown;
  secure: boolean;
  raw: string;
}

async function fakeSmtp(options: SMTPServerOptions) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'thongbao@xa.gov.vn' && auth.password === 'mật khẩu 1') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback(null);
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    mails,
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A minimal MIME reader for a single-part message: unfolded headers (RFC 2047 words decoded) and the decoded body. */
function readMime(raw: string): { headers: Map<string, string>; contentType: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const raw8 = raw.slice(split + 4);
  const bytes =
    encoding === 'base64' ? Buffer.from(raw8.replace(/\s+/g, ''), 'base64')
    : encoding === 'quoted-printable' ? quotedPrintable(raw8.replace(/=\r\n/g, ''))
    : Buffer.from(raw8, 'latin1');
  return { headers, contentType: headers.get('content-type') ?? '', body: bytes.toString('utf8').replace(/\r\n/g, '\n') };
}

function quotedPrintable(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(text.charCodeAt(i));
  }
  return Buffer.from(out);
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_w, charset: string, kind: string, text: string) => {
      assert.equal(charset.toLowerCase(), 'utf-8');
      return (kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintable(text.replace(/_/g, ' '))).toString('utf8');
    });
}

describe('the SMTP email adapter', () => {
  let tls: { key: string; cert: string };
  before(() => {
    tls = localCertificate();
  });

  const smtpConfig = (port: number, over: Partial<SmtpConfig> = {}): SmtpConfig => ({
    host: '127.0.0.1', port, implicitTls: false, user: 'thongbao@xa.gov.vn', pass: 'mật khẩu 1', from: 'UBND xã Tả Van <thongbao@xa.gov.vn>', ...over,
  });
  const email = (over: Partial<RenderedMessage> = {}): RenderedMessage => ({
    id: 7, channel: 'email', recipient: 'lo.thi.mai@example.vn',
    text: renderMessage('records.submitted', { agency: 'xã Tả Van', code: 'H11.35.01-261128-0001', procedure: 'Đăng ký khai sinh' }),
    english: null, ...over,
  });

  it('sends over STARTTLS with authentication: From, To, a bilingual UTF-8 subject and the UTF-8 body', async () => {
    const server = await fakeSmtp({ key: tls.key, cert: tls.cert });
    try {
      const params = { code: '654321', minutes: 10 };
      const text = renderMessage('identity.registration_code', params);
      const message = email({ text: `${text} (xã Tả Van)`, english: renderEnglish('identity.registration_code', params) });
      const outcome = await smtpEmailSender(smtpConfig(server.port), { tls: { ca: tls.cert } }).send(message);
      assert.deepEqual(outcome, {}, 'nothing of the text is kept');
      assert.equal(server.mails.length, 1);
      const [mail] = server.mails;
      assert.equal(mail!.secure, true, 'upgraded with STARTTLS before the message');
      assert.equal(mail!.user, 'thongbao@xa.gov.vn', 'authenticated');
      assert.equal(mail!.mailFrom, 'thongbao@xa.gov.vn');
      assert.deepEqual(mail!.rcptTo, ['lo.thi.mai@example.vn']);
      const { headers, contentType, body } = readMime(mail!.raw);
      assert.equal(headers.get('from'), 'UBND xã Tả Van <thongbao@xa.gov.vn>');
      assert.equal(headers.get('to'), 'lo.thi.mai@example.vn');
      assert.equal(headers.get('subject'), 'Thông báo từ hệ thống Dịch vụ công / Notice from the public services system');
      assert.equal(headers.get('auto-submitted'), 'auto-generated');
      assert.match(contentType, /^text\/plain; charset=utf-8$/i);
      assert.equal(body, emailContent(message).text);
      assert.ok(body.startsWith('Ma xac nhan dang ky tai khoan Dich vu cong cua ban la 654321, hieu luc 10 phut. Khong chia se ma nay cho bat ky ai. (xã Tả Van)\n'));
      assert.match(body, /\n---\n\nYour public services registration code is 654321, valid for 10 minutes\./);
    } finally {
      await server.close();
    }
  });

  it('sends over implicit TLS (smtps://)', async () => {
    const server = await fakeSmtp({ key: tls.key, cert: tls.cert, secure: true });
    try {
      await smtpEmailSender(smtpConfig(server.port, { implicitTls: true }), { tls: { ca: tls.cert } }).send(email());
      assert.equal(server.mails.length, 1);
      assert.equal(server.mails[0]!.secure, true);
      assert.match(readMime(server.mails[0]!.raw).body, /UBND xã Tả Van: da nhan ho so H11\.35\.01-261128-0001 \(Đăng ký khai sinh\)/);
    } finally {
      await server.close();
    }
  });

  it('refuses to send when the server offers no STARTTLS, when its certificate is not trusted, or when it refuses the login', async () => {
    const noTls = await fakeSmtp({ key: tls.key, cert: tls.cert, disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    try {
      await assert.rejects(smtpEmailSender(smtpConfig(noTls.port), { tls: { ca: tls.cert } }).send(email()), /STARTTLS/i);
      assert.equal(noTls.mails.length, 0, 'nothing was sent in clear');
    } finally {
      await noTls.close();
    }
    const server = await fakeSmtp({ key: tls.key, cert: tls.cert });
    try {
      await assert.rejects(smtpEmailSender(smtpConfig(server.port)).send(email()), /self[- ]signed|certificate/i, 'the certificate is verified');
      await assert.rejects(smtpEmailSender(smtpConfig(server.port, { pass: 'wrong' }), { tls: { ca: tls.cert } }).send(email()), /Invalid username or password|auth/i);
      assert.equal(server.mails.length, 0);
    } finally {
      await server.close();
    }
  });
});

// --- routing ---------------------------------------------------------------------------------------

describe('the routing sender', () => {
  const recording = (name: string) => {
    const seen: RenderedMessage[] = [];
    const sender: Sender = { name, send: async (m) => (seen.push(m), {}) };
    return { seen, sender };
  };

  it('sends each channel to its adapter and a channel without one to the development sink, which keeps the text', async () => {
    const smsGw = recording('sms-gateway:test');
    const router = routingSender({ sms: smsGw.sender, email: null });
    assert.deepEqual(await router.send(sms()), {});
    assert.equal(smsGw.seen.length, 1);
    const mail = { id: 8, channel: 'email' as const, recipient: 'a@xa.vn', text: 'Thu', english: null };
    assert.deepEqual(await router.send(mail), { keepText: 'Thu' }, 'email went to the development sink');
    assert.equal(smsGw.seen.length, 1);
    assert.equal(router.name, 'sms→sms-gateway:test, email→dev-sink');

    const smtp = recording('smtp:test');
    const both = routingSender({ sms: smsGw.sender, email: smtp.sender });
    await both.send(mail);
    await both.send(sms({ id: 9 }));
    assert.deepEqual(smtp.seen.map((m) => m.id), [8]);
    assert.deepEqual(smsGw.seen.map((m) => m.id), [42, 9]);
  });

  it('is the development sink for both channels without configuration, as before', async () => {
    const router = senderFor(notificationsFrom({}));
    assert.equal(router.name, `sms→${devSinkSender.name}, email→${devSinkSender.name}`);
    assert.deepEqual(await router.send(sms()), { keepText: sms().text });
    const configured = senderFor(notificationsFrom({ SMS_GATEWAY_URL: 'https://sms.example.vn/send', SMS_GATEWAY_TOKEN: 't', SMS_BRANDNAME: 'B', SMTP_URL: 'smtps://mail.example.vn', MAIL_FROM: 'a@example.vn' }));
    assert.equal(configured.name, 'sms→sms-gateway:sms.example.vn, email→smtp:mail.example.vn');
  });
});
