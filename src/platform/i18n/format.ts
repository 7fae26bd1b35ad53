import type { Lang } from './index.ts';

const formats = new Map<Lang, Intl.DateTimeFormat>();

/** Date and time as officials read them, always in Vietnam's time zone: 19:56:35 28/11/2026 (vi-VN orders the time first). */
export function formatDateTime(lang: Lang, at: Date): string {
  let f = formats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Asia/Ho_Chi_Minh',
    });
    formats.set(lang, f);
  }
  return f.format(at);
}
