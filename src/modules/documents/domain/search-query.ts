/**
 * What a search for documents asks, ignoring diacritics and case: the words of the query folded as `search_text` is
 * ("Quyết định" → "quyet dinh", đ → d, "12/QĐ-UBND" → "12 qd ubnd"), every word required, the last one also as a
 * prefix ("chuyển đổi s" finds "chuyen doi so"), as a `to_tsquery('simple', …)` text; and the pieces of a text with
 * the words that match marked, for the highlights of a result.
 */
import { fold } from '../../catalogue/index.ts';

/** Words of a query kept (the rest are ignored), as the catalogue's search does. */
export const MAX_QUERY_WORDS = 8;

export interface ParsedQuery {
  /** The distinct folded words, in order (at most 8). */
  words: string[];
  /** `word & word & last:*`, or '' when there are no words. */
  tsquery: string;
}

/** The query's words and its tsquery text. Folded words hold only [a-z0-9.], so nothing needs quoting. */
export function parseQuery(query: string): ParsedQuery {
  const folded = fold(query.slice(0, 500));
  const words = [...new Set(folded.split(' ').map((w) => w.replace(/^\.+|\.+$/g, '')).filter((w) => w !== ''))].slice(0, MAX_QUERY_WORDS);
  const tsquery = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
  return { words, tsquery };
}

/** Whether a folded word of a text matches the query: equal to a word, or starting with the last one. */
export function matchesWord(folded: string, q: ParsedQuery): boolean {
  if (folded === '') return false;
  const last = q.words.at(-1);
  return q.words.includes(folded) || (last !== undefined && folded.startsWith(last));
}

export interface Piece {
  text: string;
  hit: boolean;
}

/**
 * A text cut into pieces, the words that match the query marked: "Quyết định 12/QĐ-UBND" with "quyet 12" gives
 * [Quyết✓][ định][ ][12✓][/QĐ-UBND]. Words are runs of letters and digits, as `fold` sees them.
 */
export function highlight(text: string, q: ParsedQuery): Piece[] {
  if (q.words.length === 0) return [{ text, hit: false }];
  const pieces: Piece[] = [];
  for (const part of text.split(/([\p{L}\p{M}\p{N}]+)/u)) {
    if (part === '') continue;
    const hit = /^[\p{L}\p{M}\p{N}]+$/u.test(part) && matchesWord(fold(part), q);
    const previous = pieces.at(-1);
    if (previous && previous.hit === hit && !hit) previous.text += part;
    else pieces.push({ text: part, hit });
  }
  return pieces;
}

/** Whether any word of the text matches (to show a snippet of the files' text when the metadata says nothing). */
export const anyHit = (text: string | null | undefined, q: ParsedQuery): boolean => !!text && highlight(text, q).some((p) => p.hit);

/**
 * A window of a folded text around the first word that matches, at most `width` characters, cut at spaces:
 * the snippet of the files' text (OCR or PDF text) shown under a result.
 */
export function snippet(folded: string, q: ParsedQuery, width = 200): string {
  const words = folded.split(' ');
  const at = words.findIndex((w) => matchesWord(w, q));
  if (at < 0) return '';
  let from = at;
  let to = at + 1;
  let length = words[at]!.length;
  while (length < width && (from > 0 || to < words.length)) {
    if (to < words.length && (to - at <= at - from || from === 0)) length += words[to++]!.length + 1;
    else if (from > 0) length += words[--from]!.length + 1;
  }
  return `${from > 0 ? '… ' : ''}${words.slice(from, to).join(' ')}${to < words.length ? ' …' : ''}`;
}
