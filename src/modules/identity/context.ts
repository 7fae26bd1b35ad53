import type { Config } from '../../platform/config.ts';
import { deriveKey } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { SessionCache } from './session-cache.ts';

/** What the identity use cases need: the database, the settings and the key that seals TOTP secrets. */
export interface IdentityContext {
  db: Db;
  config: Pick<Config, 'lockoutThreshold' | 'lockoutMinutes' | 'sessionHours' | 'appSecret' | 'sessionCacheSeconds'>;
  totpKey: Buffer;
  sessions: SessionCache;
}

export function identityContext(db: Db, config: IdentityContext['config']): IdentityContext {
  return { db, config, totpKey: deriveKey(config.appSecret, 'totp-secrets'), sessions: new SessionCache(config.sessionCacheSeconds * 1000) };
}
