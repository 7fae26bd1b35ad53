/**
 * Folding for search that ignores diacritics and case, done here rather than in the database so that it
 * behaves the same on PGlite and PostgreSQL and needs no extension (`unaccent` is not in PGlite):
 * "Đăng ký kết hôn" → "dang ky ket hon". Stored folded in `procedures.search_text`; queries are folded
 * the same way and every word must occur.
 */

/** NFD, drop combining marks, đ/Đ → d, lower case, anything but letters, digits and dots → space, spaces collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐÐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, ' ')
    .replace(/(^|\s)\.+|\.+(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export const MAX_QUERY_WORDS = 8;

/** The distinct words of a folded query (at most MAX_QUERY_WORDS, the rest ignored). */
export function queryWords(query: string): string[] {
  const folded = fold(query);
  if (folded === '') return [];
  return [...new Set(folded.split(' '))].slice(0, MAX_QUERY_WORDS);
}

/** A `like` pattern matching `word` anywhere, with the pattern characters escaped. */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, '\\$&')}%`;
}
