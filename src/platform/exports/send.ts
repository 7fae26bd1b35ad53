/** Sending an export as a download: the type, a Vietnamese-safe file name, and no guessing by the browser. */
import type { FastifyReply } from 'fastify';
import { contentDisposition } from '../http/content-disposition.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/**
 * The file name sent for `fileName`: NFC, without path separators, control characters or characters that mean
 * something to a shell or a header, at most 120 characters, ending in the format's extension (added when
 * missing). Nothing left → "bao-cao".
 */
export function exportFileName(fileName: string, format: ExportFormat): string {
  const base = fileName
    .normalize('NFC')
    .replace(new RegExp(`\\.${format}$`, 'i'), '')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/["'`<>|:*?;%$&{}[\]\\/^~#=]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.]+$/g, '');
  const clipped = [...base].slice(0, 120).join('').trim();
  return `${clipped || 'bao-cao'}.${format}`;
}

/**
 * Sends `body` as a download of `format`: Content-Type, Content-Disposition `attachment` with an ASCII
 * fallback name and the UTF-8 name (RFC 5987 `filename*`), `X-Content-Type-Options: nosniff`, and
 * `Cache-Control: private, no-store` (exports hold an office's figures).
 */
export function sendExport(reply: FastifyReply, format: ExportFormat, fileName: string, body: Buffer | Uint8Array): FastifyReply {
  return reply
    .header('content-type', EXPORT_CONTENT_TYPES[format])
    .header('content-disposition', contentDisposition(exportFileName(fileName, format)))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}
