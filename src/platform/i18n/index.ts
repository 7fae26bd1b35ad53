import { vi } from './vi.ts';
import { en } from './en.ts';

export type MessageKey = keyof typeof vi;
export type Catalogue = Record<MessageKey, string>;
export const LANGUAGES = ['vi', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

const catalogues: Record<Lang, Catalogue> = { vi, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Returns a translator for one language; `{name}` placeholders are filled from `params`. */
export function translator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  return (key, params) => {
    const text = catalogue[key] ?? vi[key] ?? key;
    if (!params || !text.includes('{')) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A message in both languages, as JSON errors carry it. */
export function bilingual(key: MessageKey, params?: Record<string, string | number>) {
  return { vi: translator('vi')(key, params), en: translator('en')(key, params) };
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(vi, value);
}
