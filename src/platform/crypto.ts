import crypto from 'node:crypto';

/** A 32-byte key for one purpose, derived from the application secret (HKDF-SHA256). */
export function deriveKey(appSecret: string, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', appSecret, 'smart-commune', purpose, 32));
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` in base64url. For secrets kept at rest (TOTP keys). */
export function seal(key: Buffer, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function unseal(key: Buffer, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Unknown sealed format');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

export const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
export const randomToken = () => crypto.randomBytes(32).toString('base64url');

/** A short public fingerprint of the application secret: tells whether two installs share it. */
export const secretFingerprint = (appSecret: string) => sha256(deriveKey(appSecret, 'fingerprint').toString('hex')).slice(0, 16);
