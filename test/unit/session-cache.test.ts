import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionCache } from '../../src/modules/identity/session-cache.ts';
import type { CachedSession } from '../../src/modules/identity/session-cache.ts';

const entry = (unitId: number, officialId: number, expiresAt = Date.now() + 3600_000): CachedSession => ({
  actor: null,
  expiresAt,
  session: { token: 't', stage: 'active', subject: 'official', unitId, officialId, citizenId: null },
});

test('an entry lives for the TTL, and never past the session’s own expiry', () => {
  const cache = new SessionCache(5000);
  const now = 1_000_000;
  cache.set('a', entry(2, 3, now + 60_000), now);
  assert.ok(cache.get('a', now + 4999));
  assert.equal(cache.get('a', now + 5000), undefined);
  cache.set('b', entry(2, 3, now + 1000), now);
  assert.equal(cache.get('b', now + 1000), undefined, 'the session expired before the TTL');
});

test('forgetting an official or a unit drops exactly their entries', () => {
  const cache = new SessionCache(5000);
  cache.set('a', entry(2, 3));
  cache.set('b', entry(2, 3));
  cache.set('c', entry(2, 4));
  cache.set('d', entry(5, 3));
  cache.forgetOfficial(2, 3);
  assert.deepEqual(['a', 'b', 'c', 'd'].filter((k) => cache.get(k)), ['c', 'd']);
  cache.forgetUnit(2);
  assert.deepEqual(['a', 'b', 'c', 'd'].filter((k) => cache.get(k)), ['d']);
  cache.forgetToken('d');
  assert.equal(cache.size, 0);
});

test('a TTL of 0 turns the cache off; a full cache evicts the oldest entry', () => {
  const off = new SessionCache(0);
  off.set('a', entry(1, 1));
  assert.equal(off.get('a'), undefined);
  const small = new SessionCache(5000, 2);
  small.set('a', entry(1, 1));
  small.set('b', entry(1, 2));
  small.set('c', entry(1, 3));
  assert.equal(small.get('a'), undefined);
  assert.ok(small.get('b') && small.get('c'));
});
