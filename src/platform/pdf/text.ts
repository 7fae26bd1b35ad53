/**
 * Text as the platform's PDFs print it: cleaned (NFC, no control characters, only what the font can draw) and broken
 * into lines that fit a width, measured with the font itself. Lines break at spaces; a word wider than the
 * whole line (a long code or address) breaks after "-", "/", "." or ",", else between letters.
 */
import { loadFont, type FontStyle } from './fonts.ts';

export type { FontStyle } from './fonts.ts';

/** A stretch of text in one style. */
export interface Run {
  text: string;
  style?: FontStyle;
}

/** Plain text (in the default style of where it goes) or styled runs. */
export type Rich = string | readonly Run[];

export interface Piece {
  text: string;
  style: FontStyle;
  width: number;
}

export interface Line {
  pieces: Piece[];
  width: number;
  /** The last line of a paragraph (never stretched when justifying). */
  end?: boolean;
}

const REPLACEMENT = '?';

/**
 * NFC, line ends to "\n", tabs and other spaces to " ", control characters dropped; a character the subset
 * has no glyph for becomes its base letter when it has one the font can draw (NFD without marks the font
 * lacks), else "?". The three styles cover the same characters, so the regular face decides.
 */
export function cleanText(value: string): string {
  const font = loadFont('regular');
  const text = value.normalize('NFC').replace(/\r\n?/g, '\n');
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\n') out += ch;
    else if (cp === 0x09 || cp === 0x2028 || cp === 0x2029 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f) out += ' ';
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x2060 || cp === 0xfeff || cp === 0xad) continue;
    else if (font.has(cp)) out += ch;
    else {
      const parts = [...ch.normalize('NFD')].filter((c) => font.has(c.codePointAt(0)!));
      out += parts.length > 0 && !/^\p{M}/u.test(parts[0]!) ? parts.join('') : REPLACEMENT;
    }
  }
  return out;
}

export function textWidth(text: string, style: FontStyle, size: number): number {
  return loadFont(style).widthAt1(text) * size;
}

interface Word {
  pieces: { text: string; style: FontStyle }[];
  /** The style of the space before the word, or null when none (start of text or after a line break). */
  space: FontStyle | null;
  /** Line breaks ("\n") before the word. */
  breaks: number;
}

function toRuns(rich: Rich, style: FontStyle): Run[] {
  return typeof rich === 'string' ? [{ text: rich, style }] : rich.map((r) => ({ text: r.text, style: r.style ?? style }));
}

function words(rich: Rich, style: FontStyle): Word[] {
  const out: Word[] = [];
  let current: Word | null = null;
  let space: FontStyle | null = null;
  let breaks = 0;
  for (const run of toRuns(rich, style)) {
    const runStyle = run.style ?? style;
    const parts = cleanText(run.text).split(/([ \n]+)/);
    parts.forEach((part, i) => {
      if (part === '') return;
      if (i % 2 === 1) {
        current = null;
        const newlines = part.split('\n').length - 1;
        if (newlines > 0) {
          breaks += newlines;
          space = null;
        } else if (out.length > 0 && breaks === 0) space = runStyle;
        return;
      }
      if (current === null) {
        current = { pieces: [], space, breaks };
        out.push(current);
        space = null;
        breaks = 0;
      }
      current.pieces.push({ text: part, style: runStyle });
    });
  }
  return out;
}

function wordWidth(w: Word, size: number): number {
  let width = 0;
  for (const p of w.pieces) width += textWidth(p.text, p.style, size);
  return width;
}

/** Joins neighbouring pieces of one style and measures them. */
function finish(raw: { text: string; style: FontStyle }[], size: number): Line {
  const pieces: Piece[] = [];
  for (const p of raw) {
    const last = pieces[pieces.length - 1];
    if (last && last.style === p.style) last.text += p.text;
    else pieces.push({ text: p.text, style: p.style, width: 0 });
  }
  let width = 0;
  for (const p of pieces) {
    p.width = textWidth(p.text, p.style, size);
    width += p.width;
  }
  return { pieces, width };
}

const BREAK_AFTER = new Set(['-', '/', '.', ',', '_', ';', ':', '?', '&', '=']);

/** Cuts a word too wide for a line into pieces: the first at most `first` wide, the others `max`. */
function splitWord(word: Word, first: number, max: number, size: number): { text: string; style: FontStyle }[][] {
  const chars: { ch: string; style: FontStyle; w: number }[] = [];
  for (const p of word.pieces) for (const ch of p.text) chars.push({ ch, style: p.style, w: textWidth(ch, p.style, size) });
  const chunks: { text: string; style: FontStyle }[][] = [];
  let start = 0;
  while (start < chars.length) {
    const limit = chunks.length === 0 ? first : max;
    let width = 0;
    let end = start;
    while (end < chars.length && (end === start || width + chars[end]!.w <= limit)) width += chars[end++]!.w;
    if (end < chars.length) {
      // Prefer to break after punctuation inside the chunk, if that keeps at least a third of the line.
      for (let i = end - 1; i > start; i--) {
        if (BREAK_AFTER.has(chars[i - 1]!.ch) && i - start >= (end - start) / 3) {
          end = i;
          break;
        }
      }
    }
    chunks.push(chars.slice(start, end).map((c) => ({ text: c.ch, style: c.style })));
    start = end;
  }
  return chunks;
}

/**
 * Breaks text into lines no wider than `max` points at `size` (the first line `indent` narrower). Empty
 * text gives no lines. A line that ends a paragraph (before "\n", or the last) is marked `end`.
 */
export function wrap(rich: Rich, max: number, size: number, style: FontStyle = 'regular', indent = 0): Line[] {
  const list = words(rich, style);
  const lines: Line[] = [];
  let raw: { text: string; style: FontStyle }[] = [];
  let width = 0;
  const avail = () => (lines.length === 0 ? max - indent : max);
  const push = (end: boolean) => {
    lines.push({ ...finish(raw, size), end });
    raw = [];
    width = 0;
  };
  for (const word of list) {
    for (let i = 0; i < word.breaks; i++) push(true);
    const ww = wordWidth(word, size);
    const sw = word.space !== null && raw.length > 0 ? textWidth(' ', word.space, size) : 0;
    if (raw.length > 0 && width + sw + ww <= avail() + 0.001) {
      if (sw > 0) raw.push({ text: ' ', style: word.space! });
      raw.push(...word.pieces);
      width += sw + ww;
      continue;
    }
    if (raw.length > 0) push(false);
    if (ww <= avail() + 0.001) {
      raw.push(...word.pieces);
      width = ww;
      continue;
    }
    const chunks = splitWord(word, avail(), max, size);
    chunks.forEach((chunk, i) => {
      raw.push(...chunk);
      if (i < chunks.length - 1) push(false);
      else width = chunk.reduce((sum, c) => sum + textWidth(c.text, c.style, size), 0);
    });
  }
  if (raw.length > 0) push(true);
  return lines;
}

/** The widest single word of the text: a column narrower than this must break words. */
export function longestWord(rich: Rich, size: number, style: FontStyle = 'regular'): number {
  return words(rich, style).reduce((max, w) => Math.max(max, wordWidth(w, size)), 0);
}

/**
 * Like `wrap`, but as narrow as the same number of lines allows, so that centred headings break evenly
 * ("ỦY BAN NHÂN DÂN / XÃ MƯỜNG ĐĂNG" rather than "ỦY BAN NHÂN DÂN XÃ MƯỜNG / ĐĂNG").
 */
export function wrapBalanced(rich: Rich, max: number, size: number, style: FontStyle = 'regular'): Line[] {
  const lines = wrap(rich, max, size, style);
  if (lines.length < 2) return lines;
  let lo = Math.max(longestWord(rich, size, style), max / lines.length);
  let hi = max;
  if (lo >= hi) return lines;
  for (let i = 0; i < 12; i++) {
    const mid = (lo + hi) / 2;
    if (wrap(rich, mid, size, style).length > lines.length) lo = mid;
    else hi = mid;
  }
  return wrap(rich, hi, size, style);
}
