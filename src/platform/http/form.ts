import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { UploadedFile } from './multipart.ts';

type FormBody = Record<string, string | string[] | undefined>;

function body(request: FastifyRequest): FormBody {
  const b = request.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new AppError('error.unsupported_media_type', 415);
  return b as FormBody;
}

/** One text field of a posted form; a repeated field or an over-long value is a 400. */
export function formText(request: FastifyRequest, name: string, maxLength = 2000): string {
  const value = body(request)[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new AppError('error.invalid_request', 400, { detail: name });
  if (value.length > maxLength) throw new AppError('error.invalid_request', 400, { detail: name });
  return value;
}

/** A field that may repeat (checkboxes). */
export function formList(request: FastifyRequest, name: string, maxItems = 50): string[] {
  const value = body(request)[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.length > maxItems || list.some((v) => typeof v !== 'string' || v.length > 200)) throw new AppError('error.invalid_request', 400, { detail: name });
  return list;
}

/** A positive integer path parameter; anything else is a 404 (the resource cannot exist). */
export function idParam(request: FastifyRequest, name: string): number {
  const raw = (request.params as Record<string, string>)[name];
  const id = Number(raw);
  if (!raw || !/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) throw new AppError('error.not_found', 404);
  return id;
}

/** The one uploaded file of a multipart form field (see multipart.ts); undefined when none was sent. A repeated field is a 400. */
export function formFile(request: FastifyRequest, name: string): UploadedFile | undefined {
  const files = (request.uploads ?? []).filter((f) => f.field === name);
  if (files.length > 1) throw new AppError('error.invalid_request', 400, { detail: name });
  return files[0];
}
