import crypto from 'node:crypto';

/** The fields of one audit entry that its hash covers (everything but the hash itself). */
export interface AuditEntryFields {
  seq: number;
  unitId: number | null;
  actorKind: 'official' | 'citizen' | 'system' | 'anonymous';
  actorId: number | null;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  details: unknown;
  at: Date;
  ip: string;
  userAgent: string;
  prevHash: string;
}

export interface AuditEntry extends AuditEntryFields {
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so a value hashes the same after a round trip through jsonb. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256Hex = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** The hash of what an entry says, without its place in the chain. */
export function payloadHash(e: Omit<AuditEntryFields, 'seq' | 'prevHash'>): string {
  return sha256Hex(canonicalJson([
    e.unitId, e.actorKind, e.actorId, e.actorName, e.action, e.targetType, e.targetId, e.details, e.at.toISOString(), e.ip, e.userAgent,
  ]));
}

/**
 * An entry's hash binds its payload to its sequence number and the previous hash. Kept this simple on
 * purpose: the database computes the same `sha256(prev:seq:payload)` when it appends an entry, so
 * appending is one statement (see record-audit.ts).
 */
export function chainHash(prevHash: string, seq: number, payload: string): string {
  return sha256Hex(`${prevHash}:${seq}:${payload}`);
}

export function hashEntry(e: AuditEntryFields): string {
  return chainHash(e.prevHash, e.seq, payloadHash(e));
}

export type ChainVerdict =
  | { ok: true; entries: number }
  | { ok: false; seq: number; reason: 'hash_mismatch' | 'broken_link' | 'sequence_gap' | 'head_mismatch' };

/**
 * Checks entries fed in ascending `seq` order against each other and, at the end, against the head
 * record. Streaming, so a log of millions of rows is checked in constant memory. Names the first
 * entry that cannot be trusted.
 */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private expectedSeq = 1;
  private failure: ChainVerdict | undefined;

  /** Returns the verdict once an entry fails; later entries are ignored. */
  push(entry: AuditEntry): ChainVerdict | undefined {
    if (this.failure) return this.failure;
    if (entry.seq !== this.expectedSeq) {
      this.failure = { ok: false, seq: Math.min(entry.seq, this.expectedSeq), reason: 'sequence_gap' };
    } else if (entry.prevHash !== this.prevHash) {
      this.failure = { ok: false, seq: entry.seq, reason: 'broken_link' };
    } else if (hashEntry(entry) !== entry.hash) {
      this.failure = { ok: false, seq: entry.seq, reason: 'hash_mismatch' };
    } else {
      this.prevHash = entry.hash;
      this.expectedSeq++;
    }
    return this.failure;
  }

  finish(head: { seq: number; hash: string }): ChainVerdict {
    if (this.failure) return this.failure;
    const count = this.expectedSeq - 1;
    // Rows removed from the end, or a head that points elsewhere: the first missing entry is named.
    if (head.seq !== count || head.hash !== this.prevHash) return { ok: false, seq: count + 1, reason: 'head_mismatch' };
    return { ok: true, entries: count };
  }
}

export function verifyChain(entries: Iterable<AuditEntry>, head: { seq: number; hash: string }): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const entry of entries) if (verifier.push(entry)) break;
  return verifier.finish(head);
}
