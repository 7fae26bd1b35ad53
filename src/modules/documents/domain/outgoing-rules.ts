/**
 * The life of an outgoing document (văn bản đi) and who may move it: drafting (the drafter saves versions) →
 * in_review (the holder — a reviewer or a leader — forwards it up, returns it to the drafter, or, holding
 * documents.approve, approves it) → approved (the approving leader signs) → signed (a clerk numbers, seals and
 * issues it) → issued. Returned documents go back to drafting, held by their drafter.
 */
import type { OutgoingStatus, Urgency } from '../store.ts';

export type OutgoingAction = 'save' | 'submit' | 'forward' | 'return' | 'approve' | 'sign' | 'issue';
export const OUTGOING_ACTIONS: readonly OutgoingAction[] = ['save', 'submit', 'forward', 'return', 'approve', 'sign', 'issue'];

export interface OutgoingState {
  status: OutgoingStatus;
  createdById: number | null;
  holderId: number | null;
}

export interface Actor {
  id: number;
  permissions: ReadonlySet<string>;
}

/** What a draft drawn from the template says, kept to draw the next version (documents.draft_template). */
export interface TemplateFields {
  body: string;
  capacity: string;
  signerTitle: string;
  signerName: string;
  signerId: number;
  /** The drafting office in "Lưu: VT, …" and a công văn's symbol ("VP"). */
  office: string;
  /** Extra lines of "Nơi nhận" (besides the recipients), without the leading "- ". */
  extraRecipients: string[];
}

export const URGENCIES: readonly Urgency[] = ['normal', 'urgent', 'very_urgent', 'express'];

export function allowedActions(s: OutgoingState, who: Actor): OutgoingAction[] {
  const out: OutgoingAction[] = [];
  const holds = s.holderId === who.id;
  const can = (p: string) => who.permissions.has(p);
  if (s.status === 'drafting' && holds && can('documents.draft')) out.push('save', 'submit');
  if (s.status === 'in_review' && holds) {
    out.push('forward', 'return');
    if (can('documents.approve')) out.push('approve');
  }
  if (s.status === 'approved' && holds && can('documents.approve')) out.push('sign', 'return');
  if (s.status === 'signed' && can('documents.issue')) out.push('issue');
  return out;
}

export const mayDo = (s: OutgoingState, who: Actor, action: OutgoingAction) => allowedActions(s, who).includes(action);

/** The "Nơi nhận" lines: the recipients, the extra lines, then "Lưu: VT, <office>." — each "- …;" as written. */
export function recipientLines(recipients: readonly string[], extra: readonly string[], filed: string): string[] {
  const lines = [...recipients, ...extra].map((r) => r.trim().replace(/[;.]+$/, '')).filter((r) => r !== '');
  return [...lines.map((r) => `- ${r};`), `- ${filed}`];
}
