/**
 * What may happen to a record, by whom, in which status: the one-stop workflow as a table. Checked
 * without a database; the use cases apply it under a row lock. Statuses are the national portal's
 * (status.ts); the steps follow NĐ 61/2018 as kept by NĐ 118/2025 and TT 03/2025 (vn-rules §3.2).
 */
import type { RecordStatus } from './status.ts';

export const ACTIONS = [
  'accept', // intake: valid → Mẫu 01 with the appointment (1 → 2)
  'request_supplement', // incomplete → Mẫu 02, everything missing at once (1, 2, 4 → 5)
  'refuse', // outside scope or not eligible → Mẫu 03 with the reason (1, 2 → 3)
  'forward', // the desk hands the record to the specialist who processes it (2 → 4)
  'hand_over', // a specialist passes the record to another official (4 → 4)
  'request_payment', // a fee, tax or charge must be paid first (4 → 6)
  'confirm_payment', // paid (6 → 4)
  'submit_for_approval', // the drafted result goes to the chairman or a vice-chairman (4 → 4, awaiting approval)
  'send_back', // the leader returns the draft to the specialist, with the reason (4 → 4)
  'approve', // the leader signs off: result ready (4 → 9)
  'seal', // the clerk (văn thư) applies the unit's seal to the leader's signed result (9 → 9)
  'return_result', // the result is handed over at the desk, by post or electronically, sealed if signed (9 → 10)
  'extend', // late: apology and new date, once, before the due date (Mẫu 04) (2, 4)
  'stop', // at the citizen's request, before a result exists (Mẫu 05) (2, 4, 5, 6 → 8)
  'decline_withdrawal', // the desk answers a request to stop with a no and the reason; processing goes on (2, 4, 5, 6)
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who does it: the one-stop desk (intake), the specialist who processes, the chairman or a vice-chairman (approve). */
export function permissionsFor(action: Action, status: RecordStatus): readonly string[] {
  switch (action) {
    case 'request_supplement':
      // Mẫu 02 at intake is the desk's; during processing, the specialist's.
      return status === 4 ? ['records.process'] : ['records.intake'];
    case 'hand_over':
    case 'request_payment':
    case 'submit_for_approval':
      return ['records.process'];
    case 'send_back':
    case 'approve':
      return ['records.approve'];
    case 'seal':
      return ['records.seal'];
    case 'extend':
      // The apology letter is the agency's: whoever holds the record prepares it.
      return ['records.intake', 'records.process', 'records.approve'];
    default:
      return ['records.intake'];
  }
}

export interface WorkflowState {
  status: RecordStatus;
  awaitingApproval: boolean;
  /** The official who holds the record (status 4): only they act on it, besides the leaders. */
  holderId: number | null;
  extended: boolean;
  withdrawalRequested: boolean;
  dueAt: Date | null;
  /** The electronic result carries the leader's digital signature, and (after that) the unit's seal. */
  resultSigned: boolean;
  resultSealed: boolean;
}

export interface Performer {
  id: number;
  permissions: ReadonlySet<string>;
}

const FROM: Record<Action, readonly RecordStatus[]> = {
  accept: [1],
  request_supplement: [1, 2, 4],
  refuse: [1, 2],
  forward: [2],
  hand_over: [4],
  request_payment: [4],
  confirm_payment: [6],
  submit_for_approval: [4],
  send_back: [4],
  approve: [4],
  seal: [9],
  return_result: [9],
  extend: [2, 4],
  stop: [2, 4, 5, 6],
  decline_withdrawal: [2, 4, 5, 6],
};

/** The status an action leads to; null: the status stays. */
export const TO: Record<Action, RecordStatus | null> = {
  accept: 2,
  request_supplement: 5,
  refuse: 3,
  forward: 4,
  hand_over: null,
  request_payment: 6,
  confirm_payment: 4,
  submit_for_approval: null,
  send_back: null,
  approve: 9,
  seal: null,
  return_result: 10,
  extend: null,
  stop: 8,
  decline_withdrawal: null,
};

/** Why an action is not possible now; null when it is. */
export type Refusal = 'wrong_status' | 'not_permitted' | 'not_holder' | 'awaiting_approval' | 'not_awaiting_approval' | 'already_extended' | 'no_withdrawal_request' | 'past_due' | 'nothing_to_seal' | 'not_sealed';

export function refusal(action: Action, state: WorkflowState, who: Performer, now: Date): Refusal | null {
  if (!FROM[action].includes(state.status)) return 'wrong_status';
  if (!permissionsFor(action, state.status).some((p) => who.permissions.has(p))) return 'not_permitted';
  const holderOnly = action === 'hand_over' || action === 'request_payment' || action === 'submit_for_approval' || (action === 'request_supplement' && state.status === 4);
  if (holderOnly && state.holderId !== null && state.holderId !== who.id) return 'not_holder';
  if ((action === 'approve' || action === 'send_back') && !state.awaitingApproval) return 'not_awaiting_approval';
  if (state.awaitingApproval && (action === 'hand_over' || action === 'request_payment' || action === 'submit_for_approval' || action === 'request_supplement')) return 'awaiting_approval';
  if (action === 'extend') {
    if (state.extended) return 'already_extended';
    // The apology and the new date come before the appointment is missed (TT 03/2025).
    if (state.dueAt && state.dueAt.getTime() <= now.getTime()) return 'past_due';
  }
  if ((action === 'stop' || action === 'decline_withdrawal') && !state.withdrawalRequested) return 'no_withdrawal_request';
  if (action === 'seal' && (!state.resultSigned || state.resultSealed)) return 'nothing_to_seal';
  // A signed result leaves the office sealed (Decree 30/2020: the agency's signature follows the official's).
  if (action === 'return_result' && state.resultSigned && !state.resultSealed) return 'not_sealed';
  return null;
}

/** The actions a person may take on a record now, in the order the page offers them. */
export function availableActions(state: WorkflowState, who: Performer, now: Date): Action[] {
  return ACTIONS.filter((a) => refusal(a, state, who, now) === null);
}

/** Waiting for the citizen: the clock stops (statuses 5 and 6). */
export const pausesClock = (status: RecordStatus) => status === 5 || status === 6;

/** Early, on time or late, as the control slip (Mẫu 06) records a step: budget in ms vs time used. */
export function stepResult(budgetMs: number | null, usedMs: number): 'early' | 'on_time' | 'late' | null {
  if (budgetMs === null) return null;
  if (usedMs < budgetMs) return 'early';
  if (usedMs === budgetMs) return 'on_time';
  return 'late';
}
