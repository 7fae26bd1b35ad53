import type { Lang, MessageKey } from '../../../platform/i18n/index.ts';
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
  /** In Vietnamese: what an SMS carries and what an email says first. */
  text: string;
  /** The template's English text when the catalogue has one of its own (not a copy of the Vietnamese); emails add it second. */
  english: string | null;
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

const translators = { vi: translator('vi'), en: translator('en') } as const;

/**
 * The message's text from the catalogue, in Vietnamese by default (the people it reaches read Vietnamese).
 * The one way a message is rendered: the SMS text, the email body and the development sink all come from here.
 */
export function renderMessage(template: string, params: Record<string, string | number>, lang: Lang = 'vi'): string {
  const key = templateKey(template);
  if (!key) throw new Error(`Unknown message template ${template}`);
  return translators[lang](key, params);
}

/** The English text of a template, or null when the catalogue's English is the Vietnamese again (SMS-only templates). */
export function renderEnglish(template: string, params: Record<string, string | number>, vietnamese = renderMessage(template, params)): string | null {
  const english = renderMessage(template, params, 'en');
  return english === vietnamese ? null : english;
}

/**
 * An email's subject and plain-text body: Vietnamese first, then English where the template has both. The
 * subject and the closing line are catalogue messages (`notify_email.*`) with both languages.
 */
export function emailContent(message: Pick<RenderedMessage, 'text' | 'english'>): { subject: string; text: string } {
  const vi = translators.vi;
  const en = translators.en;
  const subject = `${vi('notify_email.subject')} / ${en('notify_email.subject')}`;
  const parts = [message.text, '', vi('notify_email.footer')];
  if (message.english) parts.push('', '---', '', message.english, '', en('notify_email.footer'));
  return { subject, text: `${parts.join('\n')}\n` };
}

/**
 * Vietnamese without its marks ("Đăng ký khai sinh" → "Dang ky khai sinh"), for SMS gateways that take only
 * GSM-7 text. `đ`/`Đ` are letters of their own, not a `d` with a combining mark, so they are mapped by hand.
 */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/**
 * A Vietnamese mobile number as SMS gateways take it: `84` and the 9 digits after the leading 0
 * ("0912 345 678", "+84 912 345 678", "84912345678" → "84912345678"). Throws on anything else.
 */
export function internationalMobile(recipient: string): string {
  const digits = recipient.replace(/[\s.\-()]/g, '').replace(/^\+/, '');
  const national = /^0(\d{9})$/.exec(digits) ?? /^84(\d{9})$/.exec(digits);
  if (!national) throw new Error(`Not a Vietnamese mobile number: ${recipient}`);
  return `84${national[1]}`;
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
