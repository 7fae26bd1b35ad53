import { isMessageKey } from '../../../platform/i18n/index.ts';
import type { Translate } from '../../../platform/i18n/index.ts';

/** Known actions read as words; an action without a label still shows its code. */
export function auditActionLabel(t: Translate, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
}

export function auditTargetLabel(t: Translate, targetType: string): string {
  const key = `audit.target.${targetType}`;
  return isMessageKey(key) ? t(key) : targetType;
}

/** Who did it: the person's name, or "System" / "Anonymous" in the reader's language. */
export function auditActorLabel(t: Translate, entry: { actorKind: string; actorName: string }): string {
  if (entry.actorKind === 'system') return t('audit.actor.system');
  if (entry.actorKind === 'anonymous') return t('audit.actor.anonymous');
  return entry.actorName;
}
