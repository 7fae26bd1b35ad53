import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieOptions } from './cookies.ts';

/**
 * Signed double-submit CSRF tokens (OWASP): a random HttpOnly cookie, and in every form or
 * `X-CSRF-Token` header the HMAC of that cookie under the application secret. An attacker's page can
 * neither read the cookie nor compute the HMAC.
 */
export const CSRF_COOKIE = 'sc_csrf';

/** Recently computed tokens: every page shows one, and the HMAC was a visible share of a page's CPU. */
const recent = new Map<string, string>();

export function csrfTokenFor(secret: string, cookieValue: string): string {
  const key = `${secret}\u0000${cookieValue}`;
  let token = recent.get(key);
  if (token === undefined) {
    token = crypto.createHmac('sha256', secret).update(`csrf:${cookieValue}`).digest('base64url');
    if (recent.size >= 10_000) recent.delete(recent.keys().next().value!);
    recent.set(key, token);
  }
  return token;
}

/** The token to put in forms; sets the cookie the first time. */
export function issueCsrfToken(secret: string, request: FastifyRequest, reply: FastifyReply): string {
  let value = request.cookies[CSRF_COOKIE];
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    value = crypto.randomBytes(32).toString('base64url');
    request.cookies[CSRF_COOKIE] = value;
    reply.setCookie(CSRF_COOKIE, value, cookieOptions(request));
  }
  return csrfTokenFor(secret, value);
}

export function csrfTokenIsValid(secret: string, request: FastifyRequest): boolean {
  const cookie = request.cookies[CSRF_COOKIE];
  const body = request.body as Record<string, unknown> | undefined;
  const sent = (body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
  if (!cookie || typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(secret, cookie));
  const given = Buffer.from(sent);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
