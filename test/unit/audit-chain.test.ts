import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChainVerifier,
  GENESIS_HASH,
  canonicalJson,
  hashEntry,
  verifyChain,
  type AuditEntry,
  type AuditEntryFields,
} from '../../src/modules/audit/domain/chain.ts';

/** A well-formed chain of `n` entries and the head record that points at its last entry. */
function buildChain(n = 5): { entries: AuditEntry[]; head: { seq: number; hash: string } } {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields: AuditEntryFields = {
      seq,
      unitId: seq % 2 === 0 ? 7 : null,
      actorKind: seq === 1 ? 'system' : 'official',
      actorId: seq === 1 ? null : 40 + seq,
      actorName: seq === 1 ? '' : `Nguyễn Văn ${seq}`,
      action: `test.action_${seq}`,
      targetType: 'official',
      targetId: String(100 + seq),
      details: { changed: ['name', 'phone'], reason: `lý do ${seq}`, nested: { b: seq, a: [1, 2] } },
      at: new Date(Date.UTC(2025, 0, 1, 8, 0, seq)),
      ip: '203.0.113.9',
      userAgent: 'test-agent',
      prevHash,
    };
    const entry = { ...fields, hash: hashEntry(fields) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return { entries, head: { seq: n, hash: prevHash } };
}

/** A deep copy, so tampering with one test's chain cannot leak into another. */
const clone = (entries: AuditEntry[]): AuditEntry[] => entries.map((e) => ({ ...e, at: new Date(e.at), details: structuredClone(e.details) }));

test('an untouched chain verifies', () => {
  const { entries, head } = buildChain(5);
  assert.deepEqual(verifyChain(entries, head), { ok: true, entries: 5 });
  // Each link really points at its predecessor.
  assert.equal(entries[0]!.prevHash, GENESIS_HASH);
  for (let i = 1; i < entries.length; i++) assert.equal(entries[i]!.prevHash, entries[i - 1]!.hash);
  assert.equal(new Set(entries.map((e) => e.hash)).size, 5);
});

test('an empty log with a genesis head verifies; an empty log with a non-empty head does not', () => {
  assert.deepEqual(verifyChain([], { seq: 0, hash: GENESIS_HASH }), { ok: true, entries: 0 });
  const { head } = buildChain(3);
  assert.deepEqual(verifyChain([], head), { ok: false, seq: 1, reason: 'head_mismatch' });
});

test('every covered field is tamper-evident: an edit is a hash_mismatch at that seq', () => {
  const edits: Array<[string, (e: AuditEntry) => void]> = [
    ['actorName', (e) => { e.actorName = 'Someone Else'; }],
    ['action', (e) => { e.action = 'test.other'; }],
    ['unitId', (e) => { e.unitId = 8; }],
    ['actorId', (e) => { e.actorId = 1; }],
    ['actorKind', (e) => { e.actorKind = 'citizen'; }],
    ['targetType', (e) => { e.targetType = 'unit'; }],
    ['targetId', (e) => { e.targetId = '999'; }],
    ['details (nested value)', (e) => { (e.details as { nested: { b: number } }).nested.b = 42; }],
    ['details (added key)', (e) => { (e.details as Record<string, unknown>).extra = true; }],
    ['at (one millisecond)', (e) => { e.at = new Date(e.at.getTime() + 1); }],
    ['ip', (e) => { e.ip = '198.51.100.1'; }],
    ['userAgent', (e) => { e.userAgent = 'other'; }],
  ];
  for (const [name, edit] of edits) {
    const { entries, head } = buildChain(5);
    const tampered = clone(entries);
    edit(tampered[2]!);
    assert.deepEqual(verifyChain(tampered, head), { ok: false, seq: 3, reason: 'hash_mismatch' }, `editing ${name}`);
  }
});

test('an edited entry whose hash is recomputed breaks the link of the next entry', () => {
  const { entries, head } = buildChain(5);
  const tampered = clone(entries);
  const target = tampered[1]!;
  target.actorName = 'Forger';
  target.hash = hashEntry(target);
  assert.deepEqual(verifyChain(tampered, head), { ok: false, seq: 3, reason: 'broken_link' });
});

test('a forged prevHash on an entry is a broken_link at that seq', () => {
  const { entries, head } = buildChain(5);
  const tampered = clone(entries);
  tampered[3]!.prevHash = 'f'.repeat(64);
  assert.deepEqual(verifyChain(tampered, head), { ok: false, seq: 4, reason: 'broken_link' });
});

test('deleting a middle entry is a sequence_gap naming the deleted seq', () => {
  const { entries, head } = buildChain(5);
  const tampered = clone(entries).filter((e) => e.seq !== 3);
  assert.deepEqual(verifyChain(tampered, head), { ok: false, seq: 3, reason: 'sequence_gap' });
  const firstGone = clone(entries).slice(1);
  assert.deepEqual(verifyChain(firstGone, head), { ok: false, seq: 1, reason: 'sequence_gap' });
});

test('deleting an entry and rewriting everything after it still fails at the untouched head', () => {
  const { entries, head } = buildChain(5);
  const kept = clone(entries).filter((e) => e.seq !== 3);
  // The forger renumbers and re-links entries 4 and 5 so the chain is internally consistent.
  let prevHash = kept[1]!.hash;
  for (const e of kept.slice(2)) {
    e.seq -= 1;
    e.prevHash = prevHash;
    e.hash = hashEntry(e);
    prevHash = e.hash;
  }
  assert.deepEqual(verifyChain(kept, head), { ok: false, seq: 5, reason: 'head_mismatch' });
});

test('swapping two entries names the first position that is wrong', () => {
  const { entries, head } = buildChain(5);
  // Rows swapped in order: entry 3 arrives where entry 2 was expected.
  const swapped = clone(entries);
  [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
  assert.deepEqual(verifyChain(swapped, head), { ok: false, seq: 2, reason: 'sequence_gap' });

  // Contents swapped but seq numbers kept in place: entry 2's slot now has the wrong link.
  const relabelled = clone(entries);
  const a = relabelled[1]!;
  const b = relabelled[2]!;
  [relabelled[1], relabelled[2]] = [{ ...b, seq: 2 }, { ...a, seq: 3 }];
  const verdict = verifyChain(relabelled, head);
  assert.equal(verdict.ok, false);
  assert.equal(verdict.ok === false && verdict.seq, 2);
});

test('removing the last entry while the head still points at it is a head_mismatch', () => {
  const { entries, head } = buildChain(5);
  const truncated = clone(entries).slice(0, 4);
  assert.deepEqual(verifyChain(truncated, head), { ok: false, seq: 5, reason: 'head_mismatch' });
});

test('a head whose hash disagrees with the last entry is a head_mismatch', () => {
  const { entries, head } = buildChain(5);
  assert.deepEqual(verifyChain(entries, { seq: 5, hash: GENESIS_HASH }), { ok: false, seq: 6, reason: 'head_mismatch' });
  assert.deepEqual(verifyChain(entries, { seq: 6, hash: head.hash }), { ok: false, seq: 6, reason: 'head_mismatch' });
});

test('the streaming verifier keeps its first failure', () => {
  const { entries, head } = buildChain(5);
  const tampered = clone(entries);
  tampered[1]!.action = 'x';
  const verifier = new ChainVerifier();
  assert.equal(verifier.push(tampered[0]!), undefined);
  const first = verifier.push(tampered[1]!);
  assert.deepEqual(first, { ok: false, seq: 2, reason: 'hash_mismatch' });
  // Later entries (even good ones) do not change the verdict.
  assert.deepEqual(verifier.push(tampered[2]!), first);
  assert.deepEqual(verifier.finish(head), first);
});

test('canonicalJson does not depend on key order, at any depth', () => {
  const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'ç' }, e: null };
  const b = { e: null, a: { c: 'ç', d: [1, { x: 1, y: 2 }] }, b: 1 };
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(canonicalJson(a), '{"a":{"c":"ç","d":[1,{"x":1,"y":2}]},"b":1,"e":null}');
  // Array order is meaningful; undefined members vanish as they do in jsonb.
  assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
  assert.equal(canonicalJson({ a: 1, gone: undefined }), '{"a":1}');
  assert.equal(canonicalJson(undefined), 'null');
  assert.equal(canonicalJson('x"y'), '"x\\"y"');
});

test('hashEntry is stable across a jsonb-style reordering of details', () => {
  const { entries } = buildChain(1);
  const e = entries[0]!;
  const reordered = { ...e, details: JSON.parse(canonicalJson(e.details)) as unknown };
  const reversed = {
    ...e,
    details: Object.fromEntries(Object.entries(e.details as Record<string, unknown>).reverse()),
  };
  assert.equal(hashEntry(reordered), e.hash);
  assert.equal(hashEntry(reversed), e.hash);
  assert.match(e.hash, /^[0-9a-f]{64}$/);
});
