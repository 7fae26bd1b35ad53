import type { FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Cookies are `HttpOnly; SameSite=Lax` always and `Secure` everywhere but on plain-HTTP localhost,
 * where development runs. `COOKIE_SECURE=true|false` overrides.
 */
export function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number): CookieSerializeOptions {
  const override = process.env.COOKIE_SECURE;
  // HTTPS (directly, or as a trusted proxy reports it) or any host but localhost: Secure.
  const secure =
    override === 'true' ? true : override === 'false' ? false : request.protocol === 'https' || !LOCAL_HOSTS.has(request.hostname.replace(/:\d+$/, ''));
  return { path: '/', httpOnly: true, sameSite: 'lax', secure, ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}) };
}
