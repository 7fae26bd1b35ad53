/** What the signatures module needs from the composition root. */
import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import type { KeyAlgorithm } from './domain/ports.ts';
import type { MasterSecret } from './pki/index.ts';
import type { RemoteSignerConfig } from './remote-signer.ts';

export interface SignaturesContext {
  db: Db;
  /** Secrets that encrypt private keys at rest; the first one encrypts new keys, the others still decrypt. */
  masters: readonly MasterSecret[];
  /** The install's address, for the CRL and CA certificate URLs written into certificates. */
  publicUrl: string;
  /** The key type of new keys (the province's CA policy decides; both work). */
  algorithm: KeyAlgorithm;
  /** Trust anchors besides the built-in root (e.g. the national root CA), DER. */
  extraTrustRoots: readonly Uint8Array[];
  /** Where certificates whose keys are not held here get their signatures (remote-signer.ts). */
  remoteSigner?: RemoteSignerConfig | null;
  /** The clock; tests move it. */
  now?: () => Date;
}

/**
 * The master secret when SIGNING_KEY_SECRET is not set: derived from the application secret, so a standalone
 * install works out of the box. A production install sets its own (and keeps it apart from database backups).
 */
export function masterFromAppSecret(appSecret: string): MasterSecret {
  const secret = new Uint8Array(crypto.hkdfSync('sha256', Buffer.from(appSecret, 'utf8'), Buffer.alloc(0), 'smart-commune signing keys', 32));
  return { id: 'app-secret', secret };
}

export const nowOf = (ctx: Pick<SignaturesContext, 'now'>) => (ctx.now ? ctx.now() : new Date());
