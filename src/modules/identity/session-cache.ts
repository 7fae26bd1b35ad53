import type { Actor, SessionInfo } from '../../platform/http/actor.ts';

export interface CachedSession {
  actor: Actor | null;
  session: SessionInfo;
  expiresAt: number;
}

/**
 * Resolved sessions kept for a few seconds, so a page view does not cost three database round trips
 * (on PGlite those run in the server's own thread). Every change this process makes to an account or
 * its sessions drops the affected entries at once; with several processes, another process's change is
 * seen within `ttlMs` (SESSION_CACHE_SECONDS, 0 turns the cache off).
 */
export class SessionCache {
  private readonly entries = new Map<string, { value: CachedSession; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(token: string, now = Date.now()): CachedSession | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= now || entry.value.expiresAt <= now) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  set(token: string, value: CachedSession, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    // Map keeps insertion order: the oldest entry goes first when full.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { value, until: now + this.ttlMs });
  }

  forgetToken(token: string): void {
    this.entries.delete(token);
  }

  forgetOfficial(unitId: number, officialId: number): void {
    for (const [key, { value }] of this.entries) {
      if (value.session.unitId === unitId && value.session.officialId === officialId) this.entries.delete(key);
    }
  }

  forgetCitizen(citizenId: number): void {
    for (const [key, { value }] of this.entries) if (value.session.citizenId === citizenId) this.entries.delete(key);
  }

  forgetUnit(unitId: number): void {
    for (const [key, { value }] of this.entries) if (value.session.unitId === unitId) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
