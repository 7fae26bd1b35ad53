import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseForm, parseQueryString } from '../../src/platform/http/body-parsers.ts';
import { AppError } from '../../src/platform/errors.ts';

/** parseForm must refuse `text` with a 400 invalid-encoding AppError. */
function assertRejected(text: string): void {
  assert.throws(
    () => parseForm(text),
    (error: unknown) => {
      assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'error.invalid_encoding');
      return true;
    },
    JSON.stringify(text),
  );
}

/** A plain object copy, so deepEqual compares values rather than the null prototype. */
const plain = (value: object) => ({ ...value });

test('simple pairs', () => {
  assert.deepEqual(plain(parseForm('a=1&b=two')), { a: '1', b: 'two' });
  assert.deepEqual(plain(parseForm('')), {});
});

test('repeated keys become arrays, in order', () => {
  assert.deepEqual(plain(parseForm('b=1&a=x&b=2&b=3')), { a: 'x', b: ['1', '2', '3'] });
  assert.deepEqual(plain(parseForm('role=clerk&role=clerk')), { role: ['clerk', 'clerk'] });
});

test('+ is a space; %2B is a plus', () => {
  assert.deepEqual(plain(parseForm('q=a+b%2Bc&k+1=v')), { q: 'a b+c', 'k 1': 'v' });
});

test('UTF-8 percent-escapes decode to Vietnamese text', () => {
  const encoded = new URLSearchParams({ name: 'Nguyễn Thị Ánh', address: 'Xã Đông Hà, 12/3' }).toString();
  assert.deepEqual(plain(parseForm(encoded)), { name: 'Nguyễn Thị Ánh', address: 'Xã Đông Hà, 12/3' });
  assert.equal(parseForm('x=Nguy%E1%BB%85n').x, 'Nguyễn');
});

test('edge shapes: missing value, empty pairs, = inside the value, empty key', () => {
  assert.deepEqual(plain(parseForm('flag')), { flag: '' });
  assert.deepEqual(plain(parseForm('a=1&&b=2&')), { a: '1', b: '2' });
  assert.deepEqual(plain(parseForm('a=b=c')), { a: 'b=c' });
  assert.deepEqual(plain(parseForm('=v')), { '': 'v' });
  assert.deepEqual(plain(parseForm('a=')), { a: '' });
});

test('malformed percent-escapes are a 400, not replacement characters', () => {
  assertRejected('a=%E0%A4'); // a truncated three-byte sequence
  assertRejected('a=%E0%A4%A'); // a truncated escape
  assertRejected('a=%'); // a lone percent sign
  assertRejected('a=%ZZ'); // not hex
  assertRejected('a=%C0%AF'); // overlong encoding of "/"
  assertRejected('a=%ED%A0%80'); // a UTF-16 surrogate encoded as UTF-8
  assertRejected('a=%FF'); // never valid in UTF-8
  assertRejected('%E0%A4=v'); // in the key too
  assertRejected('ok=1&a=%E0%A4'); // a bad pair anywhere spoils the body
});

test('NUL is refused in values and keys, escaped or raw', () => {
  assertRejected('a=%00');
  assertRejected('a=x%00y');
  assertRejected('a%00b=1');
  assertRejected('a=x\u0000y');
});

test('__proto__, constructor and prototype keys are dropped and pollute nothing', () => {
  const parsed = parseForm('__proto__=x&constructor=y&prototype=z&a=1&__proto__%5Bpolluted%5D=1');
  assert.deepEqual(Object.keys(parsed).sort(), ['__proto__[polluted]', 'a']);
  assert.equal(Object.getPrototypeOf(parsed), null);
  assert.equal(Object.hasOwn(parsed, '__proto__'), false);
  assert.equal(Object.hasOwn(parsed, 'constructor'), false);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).x, undefined);
  // Escaped spellings of the same keys are dropped too (they decode to the same string).
  const escaped = parseForm('%5F%5Fproto%5F%5F=x&__proto__=1&__proto__=2');
  assert.equal(Object.hasOwn(escaped, '__proto__'), false);
  assert.deepEqual(Object.keys(escaped), []);
});

test('other Object.prototype names are ordinary keys', () => {
  const parsed = parseForm('toString=1&hasOwnProperty=2&valueOf=3&toString=4');
  assert.deepEqual(plain(parsed), { toString: ['1', '4'], hasOwnProperty: '2', valueOf: '3' });
});

test('query strings get the same strict parsing', () => {
  assert.deepEqual({ ...parseQueryString('page=2&q=x+y') }, { page: '2', q: 'x y' });
  assert.throws(() => parseQueryString('q=%E0%A4'), AppError);
});
