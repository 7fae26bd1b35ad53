import type { Config } from '../../platform/config.ts';
import { deriveKey } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { OidcClient } from './oidc-client.ts';
import { SessionCache } from './session-cache.ts';

/** What the identity use cases need: the database, the settings and the key that seals TOTP secrets. */
export interface IdentityContext {
  db: Db;
  config: Pick<Config, 'lockoutThreshold' | 'lockoutMinutes' | 'sessionHours' | 'appSecret' | 'sessionCacheSeconds'> & Partial<Pick<Config, 'oidc'>>;
  totpKey: Buffer;
  sessions: SessionCache;
  /** The OpenID Connect relying party (VNeID sign-in for citizens), or null when it is not configured. */
  oidc: OidcClient | null;
}

export function identityContext(db: Db, config: IdentityContext['config']): IdentityContext {
  return {
    db, config, totpKey: deriveKey(config.appSecret, 'totp-secrets'), sessions: new SessionCache(config.sessionCacheSeconds * 1000),
    oidc: config.oidc ? new OidcClient(config.oidc) : null,
  };
}
