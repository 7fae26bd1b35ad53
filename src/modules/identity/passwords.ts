import { Algorithm, hash, verify } from '@node-rs/argon2';
import { normalisePassword } from './domain/credentials.ts';

/**
 * argon2id with the OWASP baseline (19 MiB, 2 iterations, 1 lane). `ARGON2_FAST=1` lowers the cost
 * for the test suite only; hashes made either way verify either way (the cost is in the hash).
 */
const fast = process.env.ARGON2_FAST === '1';
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: fast ? 1024 : 19456, timeCost: fast ? 1 : 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(normalisePassword(password), OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, normalisePassword(password));
  } catch {
    return false;
  }
}

/** A hash of a random string, verified when the account does not exist, so timing does not reveal it. */
let dummy: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-' + Math.random());
  await verifyPassword(await dummy, password);
}
