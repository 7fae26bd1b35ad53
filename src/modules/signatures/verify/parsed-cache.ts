/**
 * Parsed certificates and CRLs kept by the SHA-256 of their bytes, per process: the same CA, TSA and signer
 * certificates and the same CRLs come back in every document of an install (and twice in one: the CMS and the DSS).
 * Keyed by the hash of the exact bytes, so different bytes are never served another parse; the entries hold their
 * own copy of the bytes and are never changed after they are made. Bounded: the oldest entry goes first.
 */
import crypto from 'node:crypto';

export class ParsedCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  /** The SHA-256 of `bytes` and the cached value for it, or undefined. */
  find(bytes: Uint8Array): { sha256: Buffer; value: T | undefined } {
    const sha256 = crypto.createHash('sha256').update(bytes).digest();
    return { sha256, value: this.entries.get(sha256.toString('latin1')) };
  }

  add(sha256: Buffer, value: T): T {
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(sha256.toString('latin1'), value);
    return value;
  }
}
