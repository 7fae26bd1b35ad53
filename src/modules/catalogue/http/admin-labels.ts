/** How the editor's pages name fields, states and problems, in the reader's language. */
import { isMessageKey } from '../../../platform/i18n/index.ts';
import type { MessageKey, Translate } from '../../../platform/i18n/index.ts';
import { displayDate } from '../domain/procedure-rules.ts';
import type { Problem, VersionState } from '../domain/procedure-rules.ts';

/** `feeLines.1.amount` → "Phí, lệ phí – dòng 2 – Số tiền". */
export function pathLabel(t: Translate, path: string): string {
  const parts = path.split('.');
  const word = (key: string) => {
    const k = `catalogue_admin.field.${key}`;
    return isMessageKey(k) ? t(k) : key;
  };
  if (parts.length >= 2 && /^\d+$/.test(parts[1]!)) {
    const [list, n, ...rest] = parts;
    const line = `${word(list!)} – ${t('catalogue_admin.line_n', { n: Number(n) + 1 })}`;
    return rest.length > 0 ? `${line} – ${word(`${list}.${rest.join('.')}`)}` : line;
  }
  return word(path);
}

export const problemText = (t: Translate, p: Problem) => `${pathLabel(t, p.path)}: ${t(p.key, p.params)}`;

export const stateLabel = (t: Translate, state: VersionState) => t(`catalogue_admin.state.${state}` as MessageKey);

/** "Hiệu lực từ 01/07/2026", or "—" for a draft. */
export const effectiveLabel = (t: Translate, date: string | null) => (date ? t('catalogue_admin.effective_from', { date: displayDate(date) }) : '—');

/** A moment in Vietnam's time: 01/07/2026 08:30. */
export function vietnamTime(at: Date | null): string {
  if (!at) return '—';
  const v = new Date(new Date(at).getTime() + 7 * 3600_000).toISOString();
  return `${displayDate(v.slice(0, 10))} ${v.slice(11, 16)}`;
}
