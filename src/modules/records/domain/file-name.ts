/** Names of uploaded files: shown to people and sent back in Content-Disposition, never used as paths. */

const EXTENSION = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as const;
export type StoredContentType = keyof typeof EXTENSION;

/**
 * The browser's name reduced to something safe to show and to send back: the last path segment, no
 * control or formatting characters, no characters that mean something to a shell or a header, at most
 * 80 characters before an extension that matches the detected type. Nothing left → "tep".
 */
export function sanitiseFileName(raw: string, contentType: StoredContentType): string {
  const lastSegment = raw.split(/[\\/]/).pop() ?? '';
  const base = lastSegment
    .normalize('NFC')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/["'`<>|:*?;%$&{}[\]\\^~#=]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.]+$/g, '');
  const clipped = [...base].slice(0, 80).join('').trim();
  return `${clipped || 'tep'}.${EXTENSION[contentType]}`;
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187). */
export { contentDisposition } from '../../../platform/http/content-disposition.ts';
