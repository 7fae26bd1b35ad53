import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * File uploads (`multipart/form-data`), for the few routes that declare `config.multipart: true`; any other
 * route answers a multipart request with 415.
 *
 * The body is read by a hook that runs after the permission check and before the CSRF check, so a person
 * without the permission never gets an upload buffered, and the `_csrf` field of a plain HTML form (no
 * JavaScript, no header) is checked like that of any other form. Text fields become `request.body`
 * (read them with `formText`), files `request.uploads` (read them with `formFile`).
 */

/** The largest file kept unless the route sets `maxUploadBytes`; a larger one arrives with `truncated: true` and its first bytes only. */
export const MAX_UPLOAD_BYTES = 512 * 1024;

/**
 * The largest multipart request read at all. Busboy reads a body to its end even after cutting a file
 * short, and Fastify's bodyLimit does not apply to multipart, so the request's declared length is the bound:
 * up to it an over-large file gets the route's own message, beyond it a 413 before anything is read. A route
 * with a larger `maxUploadBytes` reads up to that plus 512 KB of form.
 */
export const MAX_MULTIPART_REQUEST_BYTES = 4 * 1024 * 1024;

const LIMITS = {
  fileSize: MAX_UPLOAD_BYTES,
  files: 1,
  fields: 10,
  parts: 11,
  fieldNameSize: 100,
  fieldSize: 4000,
  headerPairs: 20,
};

/** One uploaded file, in memory. The name the browser sent is kept for logs only: never trust it. */
export interface UploadedFile {
  field: string;
  filename: string;
  mimetype: string;
  data: Buffer;
  /** Larger than MAX_UPLOAD_BYTES: `data` is cut short and must be refused. */
  truncated: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Files of a multipart request (null for any other request). */
    uploads: readonly UploadedFile[] | null;
  }
}

export async function registerMultipart(app: FastifyInstance): Promise<void> {
  // throwFileSizeLimit: false — an over-large file is marked, not thrown, so the route can answer with its own message.
  await app.register(multipart, { limits: LIMITS, throwFileSizeLimit: false });
  app.decorateRequest('uploads', null);
}

const storable = (text: string) => !text.includes('\u0000') && text.isWellFormed();

/** preValidation hook: reads the whole multipart body of a route that accepts one. */
export async function readMultipartBody(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  if (!request.routeOptions.config.multipart) throw new AppError('error.unsupported_media_type', 415);
  // Browsers and HTTP clients state the length of a form they upload; a chunked upload of unknown length is refused.
  const declared = request.headers['content-length'];
  if (declared === undefined || !/^\d{1,15}$/.test(declared)) throw new AppError('error.invalid_upload', 400);
  const fileLimit = request.routeOptions.config.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const requestLimit = Math.max(MAX_MULTIPART_REQUEST_BYTES, fileLimit + 512 * 1024);
  if (Number(declared) > requestLimit) throw new AppError('error.too_large', 413, { limit: `${Math.round(requestLimit / 1024 / 1024)} MB` });
  const fields: Record<string, string | string[]> = Object.create(null);
  const files: UploadedFile[] = [];
  try {
    const maxFiles = request.routeOptions.config.maxUploadFiles ?? LIMITS.files;
    const maxFields = request.routeOptions.config.maxFormFields ?? LIMITS.fields;
    for await (const part of request.parts({ limits: { fileSize: fileLimit, files: maxFiles, fields: maxFields, parts: maxFiles + maxFields } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        files.push({ field: part.fieldname, filename: part.filename, mimetype: part.mimetype, data, truncated: part.file.truncated });
        continue;
      }
      const value = part.value;
      if (part.fieldnameTruncated || part.valueTruncated || typeof value !== 'string') throw new AppError('error.invalid_upload', 400);
      if (!storable(value) || !storable(part.fieldname)) throw new AppError('error.invalid_encoding', 400);
      const previous = fields[part.fieldname];
      fields[part.fieldname] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Malformed bodies, a missing boundary, too many files, fields or parts: busboy's and the plugin's errors.
    throw new AppError('error.invalid_upload', 400);
  }
  request.body = fields;
  request.uploads = files;
}
