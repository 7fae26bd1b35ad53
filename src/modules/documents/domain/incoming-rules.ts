/**
 * The rules of incoming documents that need no database (NĐ 30/2020, vn-rules.md §7): what a registration must
 * hold, the default deadline from the urgency, what the signature check decides, who may take which step, and the
 * workqueues. Tested without a database (test/unit/documents-incoming.test.ts).
 */
import { documentType } from './document-types.ts';

export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'express'] as const;
export type UrgencyLevel = (typeof URGENCIES)[number];
export const CHANNELS = ['paper', 'electronic'] as const;
export type ClerkChannel = (typeof CHANNELS)[number];

export const MAX_SUBJECT = 1000;
export const MAX_SENDER = 300;
export const MAX_NUMBER_TEXT = 100;
export const MAX_NOTE = 2000;

/** A day as typed in a date field: YYYY-MM-DD that exists in the calendar. */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The day of an instant in Vietnam (UTC+7, no daylight saving). */
export const vietnamDay = (at: Date): string => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/** "YYYY-MM-DDTHH:MM" (a datetime-local field) read as Vietnam time; null when malformed. */
export function vietnamDateTime(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!m || !isDay(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return new Date(Date.parse(`${m[1]}T${m[2]}:${m[3]}:00+07:00`));
}

/** An instant as a datetime-local value in Vietnam time. */
export const vietnamLocal = (at: Date): string => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 16);

/** The end of a day in Vietnam (23:59:59.999 +07:00): a deadline given as a date. */
export const endOfVietnamDay = (day: string): Date => new Date(Date.parse(`${day}T23:59:59.999+07:00`));

/** Working days allowed by default to handle a document of each urgency (the leader may set another date). */
export const DEFAULT_WORKING_DAYS: Record<UrgencyLevel, number> = { express: 0, very_urgent: 0, urgent: 1, normal: 10 };

/** The day `n` working days (Monday–Friday) after `day`; 0: the same day. Holidays are the leader's to allow for. */
export function addWorkingDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

export const defaultDueDay = (today: string, urgency: UrgencyLevel): string => addWorkingDays(today, DEFAULT_WORKING_DAYS[urgency]);

/** The clerk's registration as typed, before the files are looked at. */
export interface RegistrationInput {
  typeCode: string;
  numberText: string;
  documentDate: string;
  senderName: string;
  subject: string;
  urgency: string;
  confidential: boolean;
  pageCount: string;
  receivedAt: string;
  channel: string;
}

export interface Registration {
  typeCode: string;
  numberText: string | null;
  documentDate: string;
  senderName: string;
  subject: string;
  urgency: UrgencyLevel;
  confidential: boolean;
  pageCount: number | null;
  receivedAt: Date;
  channel: ClerkChannel;
}

/** Field → problem code (the message key's last part, `documents.incoming.error.<code>`). */
export type RegistrationProblems = Partial<Record<keyof RegistrationInput | 'files', string>>;

const clean = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Checks a registration; `now` bounds the received time (a few minutes of clock skew forgiven). */
export function checkRegistration(input: RegistrationInput, now: Date): { ok: true; value: Registration } | { ok: false; problems: RegistrationProblems } {
  const problems: RegistrationProblems = {};
  const typeCode = input.typeCode.trim();
  if (!documentType(typeCode)) problems.typeCode = 'type';
  const numberText = clean(input.numberText);
  if (numberText.length > MAX_NUMBER_TEXT) problems.numberText = 'number_text';
  const senderName = clean(input.senderName);
  if (senderName === '' || senderName.length > MAX_SENDER) problems.senderName = 'sender';
  const subject = clean(input.subject);
  if (subject === '' || subject.length > MAX_SUBJECT) problems.subject = 'subject';
  const urgency = (URGENCIES as readonly string[]).includes(input.urgency) ? input.urgency as UrgencyLevel : null;
  if (!urgency) problems.urgency = 'urgency';
  const channel = (CHANNELS as readonly string[]).includes(input.channel) ? input.channel as ClerkChannel : null;
  if (!channel) problems.channel = 'channel';
  const pages = input.pageCount.trim();
  const pageCount = pages === '' ? null : /^\d{1,5}$/.test(pages) && Number(pages) <= 10_000 ? Number(pages) : NaN;
  if (Number.isNaN(pageCount)) problems.pageCount = 'pages';
  const receivedAt = input.receivedAt.trim() === '' ? now : vietnamDateTime(input.receivedAt.trim());
  if (!receivedAt) problems.receivedAt = 'received_at';
  else if (receivedAt.getTime() > now.getTime() + 5 * 60_000) problems.receivedAt = 'received_future';
  const documentDate = input.documentDate.trim();
  if (!isDay(documentDate)) problems.documentDate = 'document_date';
  else if (receivedAt && documentDate > vietnamDay(receivedAt)) problems.documentDate = 'document_after_received';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { typeCode, numberText: numberText || null, documentDate, senderName, subject, urgency: urgency!, confidential: input.confidential, pageCount: pageCount as number | null, receivedAt: receivedAt!, channel: channel! },
  };
}

/** The signature check's overall verdict, as verifyDocument reports it. */
export type SignatureVerdict = 'valid' | 'invalid' | 'indeterminate' | 'unsigned' | 'not_checked';

/**
 * What happens to an electronic document after its signature check: an invalid signature (changed after signing,
 * a forged or revoked signature) means it failed authenticity or integrity, so it is returned to the sender and not
 * registered; anything else is registered, with a note saying what the check found.
 */
export function signatureDecision(verdict: SignatureVerdict): { register: boolean; note: 'valid' | 'unsigned' | 'indeterminate' | 'not_checked' | 'invalid' } {
  if (verdict === 'invalid') return { register: false, note: 'invalid' };
  return { register: true, note: verdict };
}

// --- who may take which step --------------------------------------------------------------------------

export type IncomingState = 'registered' | 'presented' | 'assigned' | 'in_progress' | 'completed' | 'returned';
export type AssignmentKind = 'main' | 'co' | 'info';
export type IncomingAction = 'present' | 'assign' | 'opinion' | 'forward' | 'complete' | 'task' | 'reply';

export interface Viewer {
  id: number;
  permissions: ReadonlySet<string>;
  /** The viewer works in the document's unit (officials above it read only). */
  ownUnit: boolean;
  /** The viewer's part in the document's assignment, if any (not yet completed). */
  role: AssignmentKind | null;
}

/** The steps open to a viewer on an incoming document in a state. */
export function incomingActions(state: IncomingState, holderId: number | null, v: Viewer): IncomingAction[] {
  if (!v.ownUnit) return [];
  const can = (p: string) => v.permissions.has(p);
  const out: IncomingAction[] = [];
  if (state === 'registered' && can('documents.register')) out.push('present');
  if (state === 'presented' && can('documents.assign')) out.push('assign');
  const open = state === 'assigned' || state === 'in_progress';
  if (open) {
    if ((v.role !== null && can('documents.handle')) || can('documents.assign')) out.push('opinion');
    if (v.role === 'main' && can('documents.handle')) out.push('forward', 'complete');
    if (v.role === 'main' && can('documents.draft')) out.push('reply');
    if (can('documents.assign')) out.push('task');
  }
  void holderId;
  return out;
}

// --- workqueues -----------------------------------------------------------------------------------

export const QUEUES = ['to_present', 'to_assign', 'to_process', 'due_soon', 'overdue', 'completed', 'returned', 'all'] as const;
export type Queue = (typeof QUEUES)[number];
/** Due soon: a deadline within this many hours. */
export const DUE_SOON_HOURS = 48;
export const OPEN_STATES: readonly IncomingState[] = ['registered', 'presented', 'assigned', 'in_progress'];

/** Which queue a document is in for a viewer (a document is in several): the rule the SQL of incoming-store.ts follows. */
export function inQueue(q: Queue, d: { status: IncomingState; dueAt: Date | null; holderId: number | null; myRole: AssignmentKind | null }, me: number, now: Date): boolean {
  const open = OPEN_STATES.includes(d.status);
  switch (q) {
    case 'to_present': return d.status === 'registered';
    case 'to_assign': return d.status === 'presented' && d.holderId === me;
    case 'to_process': return (d.status === 'assigned' || d.status === 'in_progress') && (d.myRole === 'main' || d.myRole === 'co');
    case 'due_soon': return open && d.dueAt !== null && d.dueAt.getTime() >= now.getTime() && d.dueAt.getTime() < now.getTime() + DUE_SOON_HOURS * 3600_000;
    case 'overdue': return open && d.dueAt !== null && d.dueAt.getTime() < now.getTime();
    case 'completed': return d.status === 'completed';
    case 'returned': return d.status === 'returned';
    case 'all': return true;
  }
}

/** A progress report's percentage as typed: a whole number 0–100. */
export function progressOf(text: string): number | null {
  const s = text.trim().replace(/%$/, '').trim();
  return /^\d{1,3}$/.test(s) && Number(s) <= 100 ? Number(s) : null;
}
