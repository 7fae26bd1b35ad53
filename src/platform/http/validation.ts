import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import type { Lang } from '../i18n/index.ts';

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

/** One readable sentence per problem, in Vietnamese or English, naming the field. */
export function describeValidationErrors(errors: readonly ErrorObject[], part: string, lang: Lang): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of errors.slice(0, 10)) {
    const field = fieldName(e, part);
    const line = lang === 'vi' ? vietnamese(e, field) : english(e, field);
    if (!seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  }
  return lines.join('; ');
}

function fieldName(e: ErrorObject, part: string): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required') return [path, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
  if (e.keyword === 'additionalProperties') return [path, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
  return path || part;
}

function vietnamese(e: ErrorObject, f: string): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `thiếu trường "${f}"`;
    case 'additionalProperties': return `trường "${f}" không được chấp nhận`;
    case 'type': return `"${f}" phải có kiểu ${p.type}`;
    case 'maxLength': return `"${f}" dài tối đa ${p.limit} ký tự`;
    case 'minLength': return `"${f}" cần ít nhất ${p.limit} ký tự`;
    case 'maximum': return `"${f}" không được lớn hơn ${p.limit}`;
    case 'minimum': return `"${f}" không được nhỏ hơn ${p.limit}`;
    case 'enum': return `"${f}" phải là một trong: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'pattern': case 'format': return `"${f}" không đúng định dạng`;
    case 'maxItems': return `"${f}" có tối đa ${p.limit} phần tử`;
    case 'minItems': return `"${f}" cần ít nhất ${p.limit} phần tử`;
    default: return `"${f}" không hợp lệ`;
  }
}

function english(e: ErrorObject, f: string): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `"${f}" is missing`;
    case 'additionalProperties': return `"${f}" is not an accepted field`;
    case 'type': return `"${f}" must be of type ${p.type}`;
    case 'maxLength': return `"${f}" has at most ${p.limit} characters`;
    case 'minLength': return `"${f}" needs at least ${p.limit} characters`;
    case 'maximum': return `"${f}" must not exceed ${p.limit}`;
    case 'minimum': return `"${f}" must be at least ${p.limit}`;
    case 'enum': return `"${f}" must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'pattern': case 'format': return `"${f}" has the wrong format`;
    case 'maxItems': return `"${f}" has at most ${p.limit} items`;
    case 'minItems': return `"${f}" needs at least ${p.limit} items`;
    default: return `"${f}" is not valid`;
  }
}
