import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { FieldMessage } from '../errors.ts';
import { bilingual } from '../i18n/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import { html } from '../views/html.ts';
import { describeValidationErrors } from './validation.ts';

interface Problem {
  status: number;
  code: MessageKey;
  params: Record<string, string | number>;
  detail?: { vi: string; en: string };
  fields?: Record<string, FieldMessage>;
}

/** Maps every failure to a 4xx a person can act on, or to a 500 that reveals nothing. */
function toProblem(error: FastifyError | AppError | Error): Problem | null {
  if (error instanceof AppError) return { status: error.status, code: error.code, params: error.params, fields: error.fields };
  const fe = error as FastifyError;
  if (fe.validation) {
    const part = fe.validationContext ?? 'body';
    const vi = describeValidationErrors(fe.validation as never, part, 'vi');
    const en = describeValidationErrors(fe.validation as never, part, 'en');
    return { status: 400, code: 'error.invalid_request', params: { detail: vi }, detail: { vi, en } };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'error.too_large', params: { limit: '1 MB' } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'error.unsupported_media_type', params: {} };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'error.invalid_json', params: {} };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'error.invalid_request', params: { detail: 'content-length' } };
  }
  if (fe.statusCode === 429) return { status: 429, code: 'error.rate_limited', params: { seconds: Math.max(1, Math.ceil(Number((fe as { ttl?: number }).ttl ?? 60_000) / 1000)) } };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { status: fe.statusCode, code: 'error.bad_request', params: {} };
  return null;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** Machine endpoints answer errors in JSON (and are never redirected to the sign-in page). */
const wantsJson = (url: string) => url.startsWith('/api/') || /^\/(metrics|healthz|readyz)(\?|$)/.test(url);

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  const t = request.t;
  if (wantsJson(request.url)) {
    const message = problem.detail
      ? { vi: bilingual(problem.code, { ...problem.params, detail: problem.detail.vi }).vi, en: bilingual(problem.code, { ...problem.params, detail: problem.detail.en }).en }
      : bilingual(problem.code, problem.params);
    const fields = problem.fields ? Object.fromEntries(Object.entries(problem.fields).map(([k, v]) => [k, typeof v === 'string' ? bilingual(v) : bilingual(v.key, v.params)])) : undefined;
    return reply.code(problem.status).type('application/json; charset=utf-8').send({ error: { code: problem.code, message, ...(fields ? { fields } : {}) } });
  }
  const detail = problem.detail ? (request.lang === 'vi' ? problem.detail.vi : problem.detail.en) : undefined;
  const text = t(problem.code, { ...problem.params, ...(detail ? { detail } : {}) });
  const signIn = problem.status === 401;
  return reply.page(
    {
      title: t('error.title'),
      body: html`<h1>${t('error.title')}</h1><p class="lead">${text}</p>
<p>${signIn ? html`<a href="/login?next=${encodeURIComponent(request.url)}">${t('nav.sign_in')}</a>` : html`<a href="/">${t('error.back_home')}</a>`}</p>`,
    },
    problem.status,
  );
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error as Error);
    // A route with its own bodyLimit (an API taking base64 files, the timestamp authority) names its own limit.
    if (problem && (error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE' && request.routeOptions.bodyLimit) problem.params = { limit: sizeText(request.routeOptions.bodyLimit) };
    if (problem) {
      if (problem.status === 401 && request.method === 'GET' && !wantsJson(request.url)) {
        return reply.redirect(`/login?next=${encodeURIComponent(request.url)}${request.sessionExpired ? '&expired=1' : ''}`, 303);
      }
      return sendProblem(request, reply, problem);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, { status: 500, code: 'error.internal', params: {} });
  });
  app.setNotFoundHandler({ preValidation: undefined }, (request, reply) => sendProblem(request, reply, { status: 404, code: 'error.not_found', params: {} }));
}
