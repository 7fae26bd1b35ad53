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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? 'data');
  const seedDemo = env.SEED_DEMO !== 'false';
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    port: intFrom(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    appSecret: env.APP_SECRET ?? persistentSecret(dataDir),
    seedDemo,
    logLevel: env.LOG_LEVEL ?? 'info',
    lockoutThreshold: intFrom(env.LOCKOUT_THRESHOLD, 5),
    lockoutMinutes: intFrom(env.LOCKOUT_MINUTES, 15),
    sessionHours: intFrom(env.SESSION_HOURS, 12),
    sessionCacheSeconds: intFrom(env.SESSION_CACHE_SECONDS, 5),
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    devOutbox: env.DEV_OUTBOX ? env.DEV_OUTBOX === 'true' : seedDemo && env.NODE_ENV !== 'production',
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
