import type { MessageKey } from '../../../platform/i18n/index.ts';
import { isMessageKey, translator } from '../../../platform/i18n/index.ts';

export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A message as a module hands it to the outbox: whom, how, which catalogue template, with what values. */
export interface OutgoingMessage {
  channel: Channel;
  recipient: string;
  /** `module.name`: the catalogue holds its text under `notify.module.name`. */
  template: string;
  params?: Record<string, string | number>;
}

/** The text a sender delivers. */
export interface RenderedMessage {
  id: number;
  channel: Channel;
  recipient: string;
  text: string;
}

export const TEMPLATE_PATTERN = /^[a-z_]+\.[a-z_]+$/;

export function templateKey(template: string): MessageKey | null {
  if (!TEMPLATE_PATTERN.test(template)) return null;
  const key = `notify.${template}`;
  return isMessageKey(key) ? key : null;
}

/** Throws on a message that could never be delivered, so the caller's transaction fails instead. */
export function checkMessage(m: OutgoingMessage): void {
  if (!(CHANNELS as readonly string[]).includes(m.channel)) throw new Error(`Unknown channel ${m.channel}`);
  if (templateKey(m.template) === null) throw new Error(`Unknown message template ${m.template}`);
  if (m.recipient.length < 3 || m.recipient.length > 254) throw new Error('A recipient is 3 to 254 characters');
}

const vi = translator('vi');

/** The message's text from the catalogue, in Vietnamese (the people it reaches read Vietnamese). */
export function renderMessage(template: string, params: Record<string, string | number>): string {
  const key = templateKey(template);
  if (!key) throw new Error(`Unknown message template ${template}`);
  return vi(key, params);
}

/** Attempts before a message is given up as failed. */
export const MAX_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 60 * 60_000;

/**
 * After `attempts` failed attempts (1, 2, …): wait 30 s, 1 min, 2 min, 4 min … at most an hour; or give up
 * (null) once `maxAttempts` have failed.
 */
export function retryDelayMs(attempts: number, maxAttempts = MAX_ATTEMPTS): number | null {
  if (attempts >= maxAttempts) return null;
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}
