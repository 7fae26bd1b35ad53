import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, TO, availableActions, permissionsFor, refusal, stepResult } from '../../src/modules/records/domain/workflow.ts';
import type { Action, WorkflowState } from '../../src/modules/records/domain/workflow.ts';
import { STATUSES } from '../../src/modules/records/domain/status.ts';
import { ROLES, permissionsOf } from '../../src/modules/identity/domain/roles.ts';
import type { Role } from '../../src/modules/identity/domain/roles.ts';

const NOW = new Date('2026-11-28T03:00:00Z');
const state = (over: Partial<WorkflowState> = {}): WorkflowState => ({ status: 1, awaitingApproval: false, holderId: null, extended: false, withdrawalRequested: false, dueAt: null, resultSigned: false, resultSealed: false, ...over });
const as = (role: Role, id = 7) => ({ id, permissions: permissionsOf([role]) });

test('the desk receives, refuses or asks for a supplement a new record; nobody else does', () => {
  assert.deepEqual(availableActions(state(), as('one_stop_officer'), NOW), ['accept', 'request_supplement', 'refuse']);
  for (const role of ROLES.filter((r) => r !== 'one_stop_officer')) assert.deepEqual(availableActions(state(), as(role), NOW), [], role);
});

test('a received record is forwarded by the desk; a processed one is approved by a leader only when submitted', () => {
  assert.ok(availableActions(state({ status: 2 }), as('one_stop_officer'), NOW).includes('forward'));
  const processing = state({ status: 4, holderId: 7 });
  assert.deepEqual(availableActions(processing, as('specialist', 7), NOW), ['request_supplement', 'hand_over', 'request_payment', 'submit_for_approval', 'extend']);
  assert.equal(refusal('approve', processing, as('chairman'), NOW), 'not_awaiting_approval');
  const submitted = state({ status: 4, holderId: 9, awaitingApproval: true });
  assert.deepEqual(availableActions(submitted, as('chairman', 9), NOW), ['send_back', 'approve', 'extend']);
  assert.deepEqual(availableActions(submitted, as('vice_chairman', 9), NOW), ['send_back', 'approve', 'extend']);
  assert.equal(refusal('approve', submitted, as('specialist'), NOW), 'not_permitted');
  assert.equal(refusal('submit_for_approval', submitted, as('specialist', 9), NOW), 'awaiting_approval');
});

test('only the holder acts on a record in processing', () => {
  const held = state({ status: 4, holderId: 7 });
  assert.equal(refusal('submit_for_approval', held, as('specialist', 8), NOW), 'not_holder');
  assert.equal(refusal('hand_over', held, as('specialist', 8), NOW), 'not_holder');
  assert.equal(refusal('request_supplement', held, as('specialist', 8), NOW), 'not_holder');
  assert.equal(refusal('request_supplement', held, as('specialist', 7), NOW), null);
});

test('supplements: the desk at intake, the specialist during processing', () => {
  assert.deepEqual(permissionsFor('request_supplement', 1), ['records.intake']);
  assert.deepEqual(permissionsFor('request_supplement', 4), ['records.process']);
  assert.equal(refusal('request_supplement', state({ status: 4, holderId: 7 }), as('one_stop_officer', 7), NOW), 'not_permitted');
});

test('one extension, before the due date; stop only when the citizen asked', () => {
  const due = new Date(NOW.getTime() + 86400_000);
  assert.equal(refusal('extend', state({ status: 4, holderId: 7, dueAt: due }), as('specialist', 7), NOW), null);
  assert.equal(refusal('extend', state({ status: 4, holderId: 7, dueAt: due, extended: true }), as('specialist', 7), NOW), 'already_extended');
  assert.equal(refusal('extend', state({ status: 4, holderId: 7, dueAt: new Date(NOW.getTime() - 1) }), as('specialist', 7), NOW), 'past_due');
  assert.equal(refusal('stop', state({ status: 4 }), as('one_stop_officer'), NOW), 'no_withdrawal_request');
  assert.equal(refusal('stop', state({ status: 4, withdrawalRequested: true }), as('one_stop_officer'), NOW), null);
  // The desk may also say no, with the reason; only to a request, and only the desk.
  assert.equal(refusal('decline_withdrawal', state({ status: 4 }), as('one_stop_officer'), NOW), 'no_withdrawal_request');
  assert.equal(refusal('decline_withdrawal', state({ status: 5, withdrawalRequested: true }), as('one_stop_officer'), NOW), null);
  assert.equal(refusal('decline_withdrawal', state({ status: 4, withdrawalRequested: true }), as('specialist', 7), NOW), 'not_permitted');
  assert.equal(refusal('decline_withdrawal', state({ status: 9, withdrawalRequested: true }), as('one_stop_officer'), NOW), 'wrong_status');
});

test('a signed result is sealed by the clerk before it is returned; an unsigned one is returned as it is', () => {
  const signed = state({ status: 9, resultSigned: true });
  assert.deepEqual(availableActions(signed, as('clerk'), NOW), ['seal']);
  assert.equal(refusal('return_result', signed, as('one_stop_officer'), NOW), 'not_sealed');
  assert.equal(refusal('seal', signed, as('one_stop_officer'), NOW), 'not_permitted');
  const sealed = state({ status: 9, resultSigned: true, resultSealed: true });
  assert.equal(refusal('seal', sealed, as('clerk'), NOW), 'nothing_to_seal');
  assert.equal(refusal('return_result', sealed, as('one_stop_officer'), NOW), null);
  assert.equal(refusal('seal', state({ status: 9 }), as('clerk'), NOW), 'nothing_to_seal');
  assert.equal(refusal('return_result', state({ status: 9 }), as('one_stop_officer'), NOW), null);
});

test('closed records accept no action at all', () => {
  for (const status of [3, 7, 8, 10] as const) {
    for (const role of ROLES) assert.deepEqual(availableActions(state({ status, withdrawalRequested: true }), as(role), NOW), [], `${role} at ${status}`);
  }
});

test('every action leads from allowed statuses to a status of the portal, or keeps it', () => {
  for (const action of ACTIONS) {
    const to = TO[action as Action];
    assert.ok(to === null || (STATUSES as readonly number[]).includes(to), action);
    const possible = STATUSES.filter((status) => ROLES.some((role) => refusal(action, state({ status, awaitingApproval: action === 'approve' || action === 'send_back', withdrawalRequested: true, resultSigned: action === 'seal' }), as(role), NOW) === null));
    assert.ok(possible.length > 0, `${action} is possible somewhere`);
  }
});

test('a step is early, on time or late against its budget', () => {
  assert.equal(stepResult(3600_000, 1000), 'early');
  assert.equal(stepResult(3600_000, 3600_000), 'on_time');
  assert.equal(stepResult(3600_000, 3600_001), 'late');
  assert.equal(stepResult(null, 5), null);
});
