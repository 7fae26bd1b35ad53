import path from 'node:path';
import crypto from 'node:crypto';
import fs from 'node:fs';

/** Runtime settings. Every value comes from the environment; nothing secret is committed. */
export interface Config {
  /** `postgres://…` to use a PostgreSQL server; empty for the embedded PGlite database. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** Secret for cookies and for keys that encrypt secrets at rest; generated once into the data directory when not given. */
  appSecret: string;
  /** Seed demo data on first start. */
  seedDemo: boolean;
  logLevel: string;
  /** Failed sign-ins before an account is locked, and for how long. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  sessionHours: number;
  /** How long a resolved session is reused before the database is asked again (0: never). */
  sessionCacheSeconds: number;
  /**
   * Which proxies may set X-Forwarded-For/-Proto: false (none), a number of hops, or addresses/CIDRs.
   * Never "trust everyone": a client could then choose its own IP address for the audit log and limits.
   */
  trustProxy: false | number | string[];
  /**
   * Serve `/dev/outbox`, the development sink's page (it shows one-time codes; system administrators only).
   * `DEV_OUTBOX=true|false`; by default on with demo data outside NODE_ENV=production.
   */
  devOutbox: boolean;
  /** OpenID Connect sign-in for citizens (the national identity app, VNeID); null when `OIDC_ISSUER` is unset. */
  oidc: OidcConfig | null;
  /** Command that scans an uploaded file given on standard input (exit 0 clean, 1 infected); empty: no scanner. */
  virusScanCommand: string;
  /** The address citizens reach the site at (`PUBLIC_URL`), printed in QR codes on receipts; default http://localhost:PORT. */
  publicUrl: string;
  /** The mirror of records to the national public service portal (`PORTAL_SYNC_*`). */
  portalSync: PortalSyncConfig;
  /** Where the notification outbox delivers (`SMTP_URL`, `MAIL_FROM`, `SMS_GATEWAY_*`). */
  notifications: NotificationsConfig;
  /** Digital signatures: key encryption, key type, extra trust anchors (`SIGNING_*`, `TRUST_ROOTS_FILE`). */
  signing: SigningConfig;
  /** Online payment of fees (`PAYMENT_*`): the built-in sandbox gateway, or the national payment platform. */
  payments: PaymentsConfig;
}

/**
 * Online payment (issue #6). `PAYMENT_GATEWAY=sandbox` (the default) is the built-in gateway that behaves like
 * the national payment platform, for standalone installs and tests; `national` speaks to the platform at
 * `PAYMENT_GATEWAY_URL` with `PAYMENT_MERCHANT_ID` and `PAYMENT_SECRET` (its wire format:
 * `src/modules/payments/wire.ts`).
 */
export interface PaymentsConfig {
  gateway: 'sandbox' | 'national';
  /** The platform's base URL (`PAYMENT_GATEWAY_URL`); null for the sandbox. */
  url: string | null;
  /** Our merchant code at the platform (`PAYMENT_MERCHANT_ID`); `SANDBOX` for the sandbox. */
  merchantId: string;
  /**
   * The shared secret of the HMAC-SHA256 signatures on messages both ways (`PAYMENT_SECRET`, at least 32
   * characters); for the sandbox, derived from the application secret when not given.
   */
  secret: string;
  /** `DuocThanhToanTrucTuyen` of payments through this gateway (`PAYMENT_CHANNEL`): 1 the national platform (default), 2 a provincial one. */
  channel: 1 | 2;
  /** A payment not confirmed within this many minutes is asked about at the gateway, then expired (`PAYMENT_EXPIRY_MINUTES`, default 15). */
  expiryMinutes: number;
  /** How long one call to the gateway may take (`PAYMENT_GATEWAY_TIMEOUT_MS`, default 15000). */
  timeoutMs: number;
}

export interface SigningConfig {
  /**
   * Secrets that encrypt signing keys at rest, newest first (`SIGNING_KEY_SECRETS=id:base64,id:base64`, each ≥ 32
   * bytes); empty: one derived from the application secret, so a standalone install works out of the box.
   */
  keySecrets: { id: string; secret: Uint8Array }[];
  /** The key type of new keys: `SIGNING_KEY_ALGORITHM=RSA-2048` (default) or `ECDSA-P256`. */
  algorithm: 'RSA-2048' | 'ECDSA-P256';
  /** Certificates (PEM) trusted besides the built-in root, e.g. the national root CA (`TRUST_ROOTS_FILE`). */
  extraTrustRoots: Uint8Array[];
  /** A remote signing service or HSM front for certificates whose keys are not held here (`SIGNING_REMOTE_URL`, `SIGNING_REMOTE_TOKEN`). */
  remote: { url: string; token: string } | null;
}

/**
 * The gateways of the notification outbox. A channel without one (null) goes to the development sink,
 * which keeps the text for `/dev/outbox`: the default, so a fresh install and the tests need no gateway.
 */
export interface NotificationsConfig {
  email: SmtpConfig | null;
  sms: SmsGatewayConfig | null;
}

/** Email over SMTP: `SMTP_URL` (`smtps://user:pass@host:465`, or `smtp://host:587` with STARTTLS required) and `MAIL_FROM`. */
export interface SmtpConfig {
  host: string;
  port: number;
  /** `smtps://`: TLS from the first byte; `smtp://`: plain connection that must be upgraded with STARTTLS. */
  implicitTls: boolean;
  user: string;
  pass: string;
  /** `MAIL_FROM`: `thongbao@xa.gov.vn` or `UBND xã Tả Van <thongbao@xa.gov.vn>`. */
  from: string;
}

/** A brandname SMS provider's HTTP gateway taking one JSON post per message (`SMS_GATEWAY_*`, `SMS_BRANDNAME`). */
export interface SmsGatewayConfig {
  url: string;
  /** Sent as `Authorization: Bearer …`. */
  token: string;
  brandname: string;
  /** `SMS_STRIP_DIACRITICS=1`: send Vietnamese without its marks, for gateways that take GSM-7 text only. */
  stripDiacritics: boolean;
  /** `SMS_GATEWAY_TIMEOUT_MS`, default 10000: a slower answer counts as a failure (retried later). */
  timeoutMs: number;
}

/**
 * Where records are mirrored: the province's gateway to the national public service portal when
 * `PORTAL_SYNC_URL` is set (client id and secret then required), otherwise the built-in simulator.
 */
export interface PortalSyncConfig {
  /** The gateway's base URL; null: the built-in simulator. */
  url: string | null;
  clientId: string;
  clientSecret: string;
  /** `PORTAL_SYNC_SIMULATE_DOWN=true`: the simulator answers every call as unavailable (to watch retries). */
  simulateDown: boolean;
  /** How long one call to the gateway may take (`PORTAL_SYNC_TIMEOUT_MS`, default 15000). */
  timeoutMs: number;
}

/** OpenID Connect settings (`OIDC_*`); see README and docs/SECURITY.md. */
export interface OidcConfig {
  /** The provider's issuer identifier; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** How the client authenticates at the token endpoint. */
  tokenAuthMethod: 'client_secret_basic' | 'client_secret_post';
  /** Registered at the provider: `OIDC_REDIRECT_URI`, else `PUBLIC_URL` + `/login/oidc/callback`. Never taken from a request. */
  redirectUri: string;
  /** Space-separated, always including `openid`. */
  scopes: string;
  /** The claims that carry the 12-digit personal ID number and the full name (VNeID's names are not public). */
  idNumberClaim: string;
  nameClaim: string;
  /** Shown on the button: "Đăng nhập bằng {name}". */
  providerName: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? 'data');
  const seedDemo = env.SEED_DEMO !== 'false';
  const appSecret = env.APP_SECRET ?? persistentSecret(dataDir);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    port: intFrom(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    appSecret,
    seedDemo,
    logLevel: env.LOG_LEVEL ?? 'info',
    lockoutThreshold: intFrom(env.LOCKOUT_THRESHOLD, 5),
    lockoutMinutes: intFrom(env.LOCKOUT_MINUTES, 15),
    sessionHours: intFrom(env.SESSION_HOURS, 12),
    sessionCacheSeconds: intFrom(env.SESSION_CACHE_SECONDS, 5),
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    devOutbox: env.DEV_OUTBOX ? env.DEV_OUTBOX === 'true' : seedDemo && env.NODE_ENV !== 'production',
    oidc: oidcFrom(env),
    virusScanCommand: env.VIRUS_SCAN_COMMAND ?? '',
    publicUrl: (env.PUBLIC_URL?.trim() || `http://localhost:${intFrom(env.PORT, 3000)}`).replace(/\/+$/, ''),
    portalSync: portalSyncFrom(env),
    notifications: notificationsFrom(env),
    signing: signingFrom(env),
    payments: paymentsFrom(env, appSecret),
  };
}

/**
 * `PAYMENT_*`, checked at start; no side effects, so the background worker can read it too. The sandbox's
 * secret, when `PAYMENT_SECRET` is not given, is derived from the application secret (`appSecret`; without
 * one, the worker only asks the sandbox about transactions and needs none).
 */
export function paymentsFrom(env: NodeJS.ProcessEnv = process.env, appSecret = ''): PaymentsConfig {
  const explicit = env.PAYMENT_GATEWAY?.trim() ?? '';
  const gateway = explicit || 'sandbox';
  if (gateway !== 'sandbox' && gateway !== 'national') throw new Error(`PAYMENT_GATEWAY must be sandbox or national, got "${gateway}"`);
  // The sandbox lets anyone "pay" on its page without any money moving: a production install must say which
  // gateway it uses, and keeps the sandbox only when it says so twice (a training or demonstration install).
  if (env.NODE_ENV === 'production') {
    if (!explicit) throw new Error('NODE_ENV=production: set PAYMENT_GATEWAY explicitly — national (the real payment platform, with PAYMENT_GATEWAY_URL, PAYMENT_MERCHANT_ID, PAYMENT_SECRET) or sandbox (no real money: anyone can "pay" on its page; then also PAYMENT_SANDBOX_IN_PRODUCTION=true)');
    if (gateway === 'sandbox' && env.PAYMENT_SANDBOX_IN_PRODUCTION?.trim() !== 'true') throw new Error('NODE_ENV=production with PAYMENT_GATEWAY=sandbox: the sandbox gateway lets anyone "pay" without money; set PAYMENT_SANDBOX_IN_PRODUCTION=true if this install really collects no fees (training, demonstration), otherwise PAYMENT_GATEWAY=national');
  }
  const channel = env.PAYMENT_CHANNEL?.trim() || '1';
  if (channel !== '1' && channel !== '2') throw new Error(`PAYMENT_CHANNEL must be 1 (the national payment platform) or 2 (a provincial one), got "${channel}"`);
  const expiryMinutes = intFrom(env.PAYMENT_EXPIRY_MINUTES, 15);
  if (expiryMinutes < 1 || expiryMinutes > 24 * 60) throw new Error(`PAYMENT_EXPIRY_MINUTES must be 1 to 1440, got "${env.PAYMENT_EXPIRY_MINUTES}"`);
  const timeoutMs = intFrom(env.PAYMENT_GATEWAY_TIMEOUT_MS, 15_000);
  const given = env.PAYMENT_SECRET ?? '';
  if (given && given.length < 32) throw new Error('PAYMENT_SECRET must be at least 32 characters (the key of the HMAC-SHA256 signatures agreed with the platform)');
  if (gateway === 'sandbox') {
    const secret = given || (appSecret ? crypto.createHmac('sha256', appSecret).update('payments:sandbox').digest('base64url') : '');
    return { gateway, url: null, merchantId: env.PAYMENT_MERCHANT_ID?.trim() || 'SANDBOX', secret, channel: channel === '2' ? 2 : 1, expiryMinutes, timeoutMs };
  }
  const url = env.PAYMENT_GATEWAY_URL?.trim() ?? '';
  if (!url) throw new Error('PAYMENT_GATEWAY=national: PAYMENT_GATEWAY_URL is required too');
  urlFrom(url, 'PAYMENT_GATEWAY_URL');
  const merchantId = env.PAYMENT_MERCHANT_ID?.trim() ?? '';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(merchantId)) throw new Error('PAYMENT_GATEWAY=national: PAYMENT_MERCHANT_ID (letters, digits, . _ -) is required too');
  if (!given) throw new Error('PAYMENT_GATEWAY=national: PAYMENT_SECRET is required too');
  return { gateway, url: url.replace(/\/+$/, ''), merchantId, secret: given, channel: channel === '2' ? 2 : 1, expiryMinutes, timeoutMs };
}

/** `SIGNING_KEY_SECRETS`, `SIGNING_KEY_ALGORITHM`, `TRUST_ROOTS_FILE`, checked at start. */
export function signingFrom(env: NodeJS.ProcessEnv = process.env): SigningConfig {
  const keySecrets = (env.SIGNING_KEY_SECRETS ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const secret = Buffer.from(entry.slice(colon + 1), 'base64');
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(id) || secret.length < 32) throw new Error('SIGNING_KEY_SECRETS: give id:secret pairs separated by commas, each secret at least 32 bytes in base64 (e.g. 2026-01:$(openssl rand -base64 32))');
    return { id, secret: new Uint8Array(secret) };
  });
  const algorithm = env.SIGNING_KEY_ALGORITHM?.trim() || 'RSA-2048';
  if (algorithm !== 'RSA-2048' && algorithm !== 'ECDSA-P256') throw new Error(`SIGNING_KEY_ALGORITHM must be RSA-2048 or ECDSA-P256, got "${algorithm}"`);
  const file = env.TRUST_ROOTS_FILE?.trim();
  let extraTrustRoots: Uint8Array[] = [];
  if (file) {
    let pem: string;
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch {
      throw new Error(`TRUST_ROOTS_FILE: cannot read "${file}"`);
    }
    extraTrustRoots = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
    if (extraTrustRoots.length === 0) throw new Error(`TRUST_ROOTS_FILE: no PEM certificate in "${file}"`);
  }
  const remoteUrl = env.SIGNING_REMOTE_URL?.trim();
  let remote: SigningConfig['remote'] = null;
  if (remoteUrl) {
    urlFrom(remoteUrl, 'SIGNING_REMOTE_URL');
    const token = env.SIGNING_REMOTE_TOKEN?.trim() ?? '';
    if (!token) throw new Error('SIGNING_REMOTE_URL is set: SIGNING_REMOTE_TOKEN is required too');
    remote = { url: remoteUrl, token };
  }
  return { keySecrets, algorithm, extraTrustRoots, remote };
}

/** `SMTP_URL`, `MAIL_FROM`, `SMS_*`: checked here so a typo stops the start instead of every delivery. No side effects. */
export function notificationsFrom(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  return { email: smtpFrom(env), sms: smsGatewayFrom(env) };
}

const MAILBOX = /^[^\s@<>",;]{1,64}@[^\s@<>",;]{1,190}\.[^\s@<>",;]{2,}$/;

function smtpFrom(env: NodeJS.ProcessEnv): SmtpConfig | null {
  const value = env.SMTP_URL?.trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('SMTP_URL must be a URL like smtps://user:password@mail.example.vn:465 or smtp://mail.example.vn:587');
  }
  // Never echo the URL itself in these errors: it may carry the password.
  if (url.protocol !== 'smtps:' && url.protocol !== 'smtp:') throw new Error('SMTP_URL must start with smtps:// (TLS) or smtp:// (STARTTLS), e.g. smtps://user:password@mail.example.vn:465');
  if (!url.hostname) throw new Error('SMTP_URL has no host name');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) throw new Error('SMTP_URL takes no path or query: smtps://user:password@host:port');
  const from = env.MAIL_FROM?.trim() ?? '';
  if (!from) throw new Error('SMTP_URL is set: MAIL_FROM is required too (e.g. "UBND xã Tả Van <thongbao@taivan.gov.vn>")');
  const address = /<([^<>]*)>$/.exec(from)?.[1] ?? from;
  if (/[\r\n]/.test(from) || !MAILBOX.test(address)) throw new Error(`MAIL_FROM must be an address or "Name <address>", got "${from}"`);
  const implicitTls = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : implicitTls ? 465 : 587,
    implicitTls,
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
    from,
  };
}

function smsGatewayFrom(env: NodeJS.ProcessEnv): SmsGatewayConfig | null {
  const value = env.SMS_GATEWAY_URL?.trim();
  if (!value) return null;
  const url = urlFrom(value, 'SMS_GATEWAY_URL');
  const token = env.SMS_GATEWAY_TOKEN?.trim() ?? '';
  const brandname = env.SMS_BRANDNAME?.trim() ?? '';
  if (!token) throw new Error('SMS_GATEWAY_URL is set: SMS_GATEWAY_TOKEN is required too');
  if (!brandname) throw new Error('SMS_GATEWAY_URL is set: SMS_BRANDNAME (the sender name registered with the provider) is required too');
  const strip = env.SMS_STRIP_DIACRITICS?.trim() ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(strip)) throw new Error(`SMS_STRIP_DIACRITICS must be 1 or 0, got "${strip}"`);
  return { url: url.href, token, brandname, stripDiacritics: strip === '1' || strip === 'true', timeoutMs: intFrom(env.SMS_GATEWAY_TIMEOUT_MS, 10_000) };
}

/** `PORTAL_SYNC_*`: no side effects, so the background worker can read it too. */
export function portalSyncFrom(env: NodeJS.ProcessEnv = process.env): PortalSyncConfig {
  const url = env.PORTAL_SYNC_URL?.trim() || null;
  const clientId = env.PORTAL_SYNC_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.PORTAL_SYNC_CLIENT_SECRET ?? '';
  if (url) {
    urlFrom(url, 'PORTAL_SYNC_URL');
    if (!clientId) throw new Error('PORTAL_SYNC_URL is set: PORTAL_SYNC_CLIENT_ID is required too');
    if (!clientSecret) throw new Error('PORTAL_SYNC_URL is set: PORTAL_SYNC_CLIENT_SECRET is required too');
  }
  return { url, clientId, clientSecret, simulateDown: env.PORTAL_SYNC_SIMULATE_DOWN === 'true', timeoutMs: intFrom(env.PORTAL_SYNC_TIMEOUT_MS, 15_000) };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function urlFrom(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new Error(`${name} must use https:// (plain http:// only on localhost or 127.0.0.1, for testing), got "${value}"`);
  }
  return url;
}

/**
 * OpenID Connect is on when `OIDC_ISSUER` is set; the client id and secret are then required, and so is
 * the redirect URI, given whole (`OIDC_REDIRECT_URI`) or as the public address (`PUBLIC_URL`). It is never
 * derived from a request's Host header, which a client chooses.
 */
function oidcFrom(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return null;
  urlFrom(issuer, 'OIDC_ISSUER');
  const clientId = env.OIDC_CLIENT_ID?.trim();
  const clientSecret = env.OIDC_CLIENT_SECRET ?? '';
  if (!clientId) throw new Error('OIDC_ISSUER is set: OIDC_CLIENT_ID is required too');
  if (!clientSecret) throw new Error('OIDC_ISSUER is set: OIDC_CLIENT_SECRET is required too');
  const explicit = env.OIDC_REDIRECT_URI?.trim();
  const publicUrl = env.PUBLIC_URL?.trim();
  if (!explicit && !publicUrl) throw new Error('OIDC_ISSUER is set: give PUBLIC_URL (e.g. https://dichvucong.xa.gov.vn) or OIDC_REDIRECT_URI');
  const redirectUri = explicit ? urlFrom(explicit, 'OIDC_REDIRECT_URI').href : new URL('/login/oidc/callback', urlFrom(publicUrl!, 'PUBLIC_URL')).href;
  const scopes = (env.OIDC_SCOPES?.trim() || 'openid profile').split(/\s+/);
  if (!scopes.includes('openid')) throw new Error(`OIDC_SCOPES must include openid, got "${env.OIDC_SCOPES}"`);
  const tokenAuthMethod = env.OIDC_TOKEN_AUTH_METHOD?.trim() || 'client_secret_basic';
  if (tokenAuthMethod !== 'client_secret_basic' && tokenAuthMethod !== 'client_secret_post') {
    throw new Error(`OIDC_TOKEN_AUTH_METHOD must be client_secret_basic or client_secret_post, got "${tokenAuthMethod}"`);
  }
  return {
    issuer, clientId, clientSecret, tokenAuthMethod, redirectUri, scopes: scopes.join(' '),
    idNumberClaim: env.OIDC_ID_NUMBER_CLAIM?.trim() || 'sub',
    nameClaim: env.OIDC_NAME_CLAIM?.trim() || 'name',
    providerName: env.OIDC_PROVIDER_NAME?.trim() || 'VNeID',
  };
}

function trustProxyFrom(value: string | undefined): Config['trustProxy'] {
  if (!value || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true') throw new Error('TRUST_PROXY=true would trust any client; give the number of proxies (e.g. 1) or their addresses');
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a non-negative integer, got "${value}"`);
  return n;
}

/** A random secret kept in the data directory, so sessions survive restarts without configuration. */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'app-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
