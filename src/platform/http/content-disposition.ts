/**
 * Content-Disposition for a download (RFC 6266): an ASCII `filename` for old clients (diacritics folded,
 * "đ" to "d", anything else outside printable ASCII to "_", and the characters that would end or bend the
 * quoted string replaced) and the exact name as UTF-8 in `filename*` (RFC 8187 / 5987: percent-encoded, the
 * characters outside attr-char included). The name should already be safe to show: this only encodes it.
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const name = fileName.normalize('NFC');
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
