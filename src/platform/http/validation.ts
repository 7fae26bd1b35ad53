import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { translator } from '../i18n/index.ts';
import type { Lang, MessageKey } from '../i18n/index.ts';

/**
 * Bodies are validated strictly: no type coercion, unknown fields rejected, all errors reported.
 * Path and query parameters arrive as text, so they are coerced ("12" → 12).
 */
const strict = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false });
const lenient = new Ajv({ allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true, strict: false });
// ajv-formats ships as CommonJS with a default export object.
const withFormats = ((addFormats as unknown as { default?: unknown }).default ?? addFormats) as unknown as (ajv: Ajv) => Ajv;
withFormats(strict);
withFormats(lenient);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : lenient;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

/** One readable sentence per problem, from the message catalogue, naming the field. */
export function describeValidationErrors(errors: readonly ErrorObject[], part: string, lang: Lang): string {
  const t = translator(lang);
  const lines = new Set<string>();
  for (const e of errors.slice(0, 10)) {
    const p = e.params as Record<string, unknown>;
    const field = fieldName(e, part);
    const key = MESSAGES[e.keyword] ?? 'validation.invalid';
    lines.add(t(key, { field, limit: String(p.limit ?? ''), type: String(p.type ?? ''), values: ((p.allowedValues as unknown[]) ?? []).join(', ') }));
  }
  return [...lines].join('; ');
}

const MESSAGES: Record<string, MessageKey> = {
  required: 'validation.required',
  additionalProperties: 'validation.additional',
  type: 'validation.type',
  maxLength: 'validation.max_length',
  minLength: 'validation.min_length',
  maximum: 'validation.maximum',
  minimum: 'validation.minimum',
  enum: 'validation.enum',
  pattern: 'validation.format',
  format: 'validation.format',
  maxItems: 'validation.max_items',
  minItems: 'validation.min_items',
  uniqueItems: 'validation.unique_items',
};

function fieldName(e: ErrorObject, part: string): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required') return [path, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
  if (e.keyword === 'additionalProperties') return [path, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
  return path || part;
}
