import type { MessageKey } from './i18n/index.ts';

export type FieldMessage = MessageKey | { key: MessageKey; params: Record<string, string | number> };

/**
 * A failure a person can act on. `code` is a message key: the adapters render it in Vietnamese and
 * English. `status` is the HTTP status the web adapter answers with.
 */
export class AppError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 423 | 429 = 400,
    readonly params: Record<string, string | number> = {},
    /** Field name → message key (with its parameters when it has any), for forms. */
    readonly fields: Record<string, FieldMessage> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError('error.not_found', 404);
export const forbidden = () => new AppError('error.forbidden', 403);
