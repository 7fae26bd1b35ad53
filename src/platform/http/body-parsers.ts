import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { AppError } from '../errors.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decode(body: Buffer): string {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new AppError('error.invalid_encoding', 400);
  }
  // PostgreSQL text cannot hold NUL; refuse it here rather than fail at the database.
  if (text.includes('\u0000')) throw new AppError('error.invalid_encoding', 400);
  return text;
}

/** Text PostgreSQL can store as it was sent: no NUL, and no lone UTF-16 surrogate (JSON's "\ud800"). */
const storable = (text: string) => !text.includes('\u0000') && text.isWellFormed();

/** Walks with its own stack: JSON nested 100 000 deep parses fine, and must not overflow the call stack here (a 500). */
function rejectUnstorable(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (!storable(value)) throw new AppError('error.invalid_encoding', 400);
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!storable(key)) throw new AppError('error.invalid_encoding', 400);
        stack.push(item);
      }
    }
  }
}

/** Parses `a=1&b=2&b=3` strictly: malformed percent-escapes or invalid UTF-8 are a 400, not garbage. */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  if (text === '') return out;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(k.replace(/\+/g, ' '));
      value = decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      throw new AppError('error.invalid_encoding', 400);
    }
    if (key.includes('\u0000') || value.includes('\u0000')) throw new AppError('error.invalid_encoding', 400);
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** Replaces Fastify's lenient parsers (which turn bad bytes into U+FFFD) with strict ones. */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      const text = decode(body as Buffer);
      if (text.trim() === '') return done(null, undefined);
      let value: unknown;
      try {
        value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
      } catch {
        throw new AppError('error.invalid_json', 400);
      }
      rejectUnstorable(value);
      done(null, value);
    } catch (error) {
      done(error as Error);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseForm(decode(body as Buffer)));
    } catch (error) {
      done(error as Error);
    }
  });
}

/** Query strings get the same strictness as bodies. */
export function parseQueryString(text: string): Record<string, unknown> {
  return parseForm(text);
}
