/** How catalogue values read on pages, in the visitor's language. */
import type { MessageKey, Translate } from '../../../platform/i18n/index.ts';
import { formatDong } from '../domain/fees.ts';
import type { FeeLine } from '../domain/fees.ts';
import type { ProcedureSummary, ProcessingTime } from '../domain/procedure.ts';

export function timeLabel(t: Translate, time: ProcessingTime): string {
  if (time.value === null) return t('catalogue.time.none');
  const value = String(time.value).replace('.', ',');
  return time.unit ? t(`catalogue.time.${time.unit}` as MessageKey, { value }) : t('catalogue.time.bare', { value });
}

export function feeLineLabel(t: Translate, line: FeeLine): string {
  if (line.basis === 'per_case') return t('catalogue.fee.per_case', { amount: formatDong(line.amount), unit: line.unitLabel });
  const parts = [t('catalogue.fee.per_page', { amount: formatDong(line.amount) })];
  if (line.fromPage) parts.push(t('catalogue.fee.from_page', { page: line.fromPage.page, amount: formatDong(line.fromPage.amount) }));
  if (line.capPerCopy !== undefined) parts.push(t('catalogue.fee.cap', { amount: formatDong(line.capPerCopy) }));
  return parts.join('; ');
}

/** One short line for the result list. */
export function feeSummary(t: Translate, p: Pick<ProcedureSummary, 'feeStatus' | 'feeLines'>): string {
  if (p.feeStatus !== 'charged') return t(`catalogue.fee.${p.feeStatus}` as MessageKey);
  const first = p.feeLines[0];
  if (!first) return t('catalogue.fee.not_published');
  return first.basis === 'per_page' ? t('catalogue.fee.per_page', { amount: formatDong(first.amount) }) : formatDong(first.amount);
}

export const onlineLabel = (t: Translate, level: ProcedureSummary['onlineLevel']) => t(`catalogue.online.${level}` as MessageKey);
