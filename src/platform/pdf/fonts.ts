/**
 * The three committed Noto Sans subsets (assets/fonts, made once with pyftsubset: see its README) and what
 * the layout needs from them; every PDF the platform draws uses them (one-stop forms, receipts, signature
 * appearances, report exports). Their bytes and their parsed fontkit objects are read once per process and
 * shared by every document: pdf-lib embeds the file whole (`subset: false`), so each PDF carries the same
 * ~52 KB per style it uses and nothing is subset at run time (see docs/DECISIONS.md).
 *
 * The subsets have no GSUB/GPOS tables, so a string's width is the plain sum of its glyphs' advances: we
 * measure from a per-code-point table instead of asking fontkit to lay the text out for every word.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit, { type Font } from '@pdf-lib/fontkit';

export type FontStyle = 'regular' | 'bold' | 'italic';

export const FONT_FILES: Record<FontStyle, string> = {
  regular: 'NotoSans-Regular-VN.ttf',
  bold: 'NotoSans-Bold-VN.ttf',
  italic: 'NotoSans-Italic-VN.ttf',
};

export const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../assets/fonts');

export interface LoadedFont {
  style: FontStyle;
  bytes: Uint8Array;
  /** The file deflated once (FlateDecode), for every document that embeds it. */
  deflated: Uint8Array;
  /** Its ToUnicode CMap (see `toUnicodeCMap`), deflated once. */
  toUnicode: Uint8Array;
  kit: Font;
  /** Width of `text` at 1 pt. */
  widthAt1(text: string): number;
  /** Whether the subset has a glyph for this code point. */
  has(codePoint: number): boolean;
}

const loaded = new Map<FontStyle, LoadedFont>();
const byBytes = new Map<Uint8Array, Font>();

export function loadFont(style: FontStyle): LoadedFont {
  const cached = loaded.get(style);
  if (cached) return cached;
  const bytes = new Uint8Array(fs.readFileSync(path.join(FONT_DIR, FONT_FILES[style])));
  const kit = fontkit.create(bytes);
  const scale = 1 / kit.unitsPerEm;
  const advances = new Map<number, number>();
  const advance = (cp: number): number => {
    let w = advances.get(cp);
    if (w === undefined) {
      w = kit.glyphForCodePoint(cp).advanceWidth * scale;
      advances.set(cp, w);
    }
    return w;
  };
  const font: LoadedFont = {
    style,
    bytes,
    deflated: new Uint8Array(zlib.deflateSync(bytes, { level: 9 })),
    toUnicode: new Uint8Array(zlib.deflateSync(toUnicodeCMap(kit), { level: 9 })),
    kit,
    widthAt1(text) {
      let w = 0;
      for (let i = 0; i < text.length; i++) {
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) i++;
        w += advance(cp);
      }
      return w;
    },
    has: (cp) => kit.hasGlyphForCodePoint(cp),
  };
  byBytes.set(bytes, kit);
  loaded.set(style, font);
  return font;
}

/**
 * What we register with pdf-lib in place of `@pdf-lib/fontkit`: the same `create`, answering our own font
 * files from the cache so that each document skips parsing them again.
 */
export const cachingFontkit = {
  create(bytes: Uint8Array, postscriptName?: string): Font {
    return byBytes.get(bytes) ?? fontkit.create(bytes, postscriptName);
  },
};

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/**
 * The ToUnicode CMap for text shown with glyph ids (Identity-H): each glyph to one character, in blocks of at
 * most 100 entries as the PDF specification requires (ISO 32000-1 §9.10.3; pdf-lib 1.17.1 writes all ~700 in
 * one block, which poppler tolerates but Ghostscript rejects, extracting nonsense). A glyph several code
 * points share maps to the lowest printable one; control characters are left out. The no-break space, which
 * the layout uses only to keep words together, reads back as an ordinary space.
 */
export function toUnicodeCMap(kit: Font): string {
  const byGlyph = new Map<number, number>();
  for (const cp of [...kit.characterSet].sort((a, b) => a - b)) {
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    const id = kit.glyphForCodePoint(cp).id;
    if (id !== 0 && !byGlyph.has(id)) byGlyph.set(id, cp === 0xa0 ? 0x20 : cp);
  }
  const entries = [...byGlyph].sort((a, b) => a[0] - b[0]).map(([id, cp]) => {
    const utf16 = String.fromCodePoint(cp);
    const target = Array.from({ length: utf16.length }, (_, i) => hex4(utf16.charCodeAt(i))).join('');
    return `<${hex4(id)}> <${target}>`;
  });
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
