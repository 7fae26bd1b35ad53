/**
 * Private keys encrypted at rest. A key is exported as PKCS#8 DER and sealed with AES-256-GCM under a
 * key derived (HKDF-SHA256, fresh random salt per key) from a master secret kept outside the database.
 * The sealed form names its master secret's id, so secrets can rotate: keep the old secret until every
 * key has been re-sealed with reencryptPrivateKey().
 *
 *   byte 0            format version (1)
 *   byte 1            n = length of the master secret id (UTF-8, 1..255)
 *   bytes 2..2+n      master secret id
 *   next 8            check value: HMAC-SHA256(secret, "smart-commune/pki/master-check")[0..8]
 *   next 16           HKDF salt
 *   next 12           GCM IV
 *   then              ciphertext of the PKCS#8 DER
 *   last 16           GCM tag
 *
 * Everything before the ciphertext is GCM associated data, so no header byte can be changed unnoticed.
 * The check value tells a wrong master secret apart from damaged data; it reveals nothing about the
 * secret beyond what a MAC does.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { PkiError } from './errors.ts';

export interface MasterSecret {
  /** Short stable name, e.g. "2026-01"; stored in clear in every sealed key. */
  readonly id: string;
  /** At least 32 random bytes. */
  readonly secret: Uint8Array;
}

const VERSION = 1;
const CHECK_LENGTH = 8;
const SALT_LENGTH = 16;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const HKDF_INFO = Buffer.from('smart-commune/pki/private-key/v1');
const CHECK_INFO = Buffer.from('smart-commune/pki/master-check');

export function encryptPrivateKey(key: KeyObject, master: MasterSecret): Uint8Array {
  if (key.type !== 'private') throw new PkiError('pki.unsupported_key', 'only private keys are sealed');
  const id = checkMaster(master);
  const salt = crypto.randomBytes(SALT_LENGTH);
  const iv = crypto.randomBytes(IV_LENGTH);
  const header = Buffer.concat([Buffer.from([VERSION, id.length]), id, checkValue(master.secret), salt, iv]);
  const cipher = crypto.createCipheriv('aes-256-gcm', derive(master.secret, salt), iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(header);
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  const body = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  pkcs8.fill(0);
  return new Uint8Array(Buffer.concat([header, body, cipher.getAuthTag()]));
}

/** The id of the master secret a sealed key needs (to find keys still sealed with an old one). */
export function sealedKeyMasterId(sealed: Uint8Array): string {
  return readHeader(sealed).id;
}

export function decryptPrivateKey(sealed: Uint8Array, masters: readonly MasterSecret[]): KeyObject {
  const header = readHeader(sealed);
  const master = masters.find((m) => m.id === header.id);
  if (!master) throw new PkiError('key.unknown_master', `no master secret with id "${header.id}" is configured`);
  if (!crypto.timingSafeEqual(checkValue(master.secret), header.check)) {
    throw new PkiError('key.wrong_master', `the master secret "${header.id}" is not the one this key was encrypted with`);
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', derive(master.secret, header.salt), header.iv, { authTagLength: TAG_LENGTH });
  decipher.setAAD(header.aad);
  decipher.setAuthTag(header.tag);
  let pkcs8: Buffer;
  try {
    pkcs8 = Buffer.concat([decipher.update(header.body), decipher.final()]);
  } catch {
    // GCM authentication failed: nothing decrypted is ever returned.
    throw new PkiError('key.corrupt', 'the encrypted private key was altered or damaged');
  }
  try {
    return crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  } catch {
    throw new PkiError('key.corrupt', 'the decrypted data is not a PKCS#8 private key');
  } finally {
    pkcs8.fill(0);
  }
}

/** Re-seals a key under another master secret (rotation); the key itself does not change. */
export function reencryptPrivateKey(sealed: Uint8Array, masters: readonly MasterSecret[], to: MasterSecret): Uint8Array {
  return encryptPrivateKey(decryptPrivateKey(sealed, masters), to);
}

function checkMaster(master: MasterSecret): Buffer {
  const id = Buffer.from(master.id, 'utf8');
  if (id.length < 1 || id.length > 255) throw new PkiError('key.invalid_master', 'a master secret id is 1 to 255 bytes of UTF-8');
  if (master.secret.byteLength < 32) throw new PkiError('key.invalid_master', 'a master secret must be at least 32 bytes');
  return id;
}

function derive(secret: Uint8Array, salt: Uint8Array): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, salt, HKDF_INFO, 32));
}

function checkValue(secret: Uint8Array): Buffer {
  return crypto.createHmac('sha256', secret).update(CHECK_INFO).digest().subarray(0, CHECK_LENGTH);
}

interface SealedParts {
  id: string;
  check: Buffer;
  salt: Buffer;
  iv: Buffer;
  aad: Buffer;
  body: Buffer;
  tag: Buffer;
}

function readHeader(sealed: Uint8Array): SealedParts {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < 2) throw new PkiError('key.corrupt', 'the encrypted private key is truncated');
  if (bytes[0] !== VERSION) throw new PkiError('key.unsupported_version', `unknown encrypted key format version ${bytes[0]}`);
  const idLength = bytes[1]!;
  const headerLength = 2 + idLength + CHECK_LENGTH + SALT_LENGTH + IV_LENGTH;
  if (idLength === 0 || bytes.length < headerLength + 1 + TAG_LENGTH) throw new PkiError('key.corrupt', 'the encrypted private key is truncated');
  let at = 2 + idLength;
  const take = (length: number) => bytes.subarray(at, (at += length));
  const id = bytes.subarray(2, at).toString('utf8');
  const check = take(CHECK_LENGTH);
  const salt = take(SALT_LENGTH);
  const iv = take(IV_LENGTH);
  return { id, check, salt, iv, aad: bytes.subarray(0, headerLength), body: bytes.subarray(headerLength, bytes.length - TAG_LENGTH), tag: bytes.subarray(bytes.length - TAG_LENGTH) };
}
