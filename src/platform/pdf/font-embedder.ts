/**
 * Embedding the committed fonts with pdf-lib: a repair to its font embedder, so that every document gets a
 * correct ToUnicode map and the font file deflated once per process.
 */
import type { PDFContext, PDFDocument, PDFFont, PDFRef } from 'pdf-lib';
import { cachingFontkit, loadFont, type FontStyle, type LoadedFont } from './fonts.ts';

/**
 * Two repairs to pdf-lib 1.17.1's font embedder (pinned; CustomFontEmbedder), made on the instance:
 * - its ToUnicode map puts all ~700 glyphs in one `beginbfchar` block, over the PDF limit of 100, and maps a
 *   glyph shared by several code points to all of them at once; ours (`toUnicodeCMap`) is correct;
 * - it deflates the whole font file again for every document (a third of a receipt's time); ours is deflated
 *   once, and carries the Length1 the specification asks of TrueType font files.
 * If a later pdf-lib lacks these methods the font is embedded the ordinary way (the tests would then show it).
 */
export function repairEmbedder(pdfFont: PDFFont, font: LoadedFont): PDFFont {
  const embedder = (pdfFont as unknown as { embedder?: { embedFontStream?: unknown; embedUnicodeCmap?: unknown } }).embedder;
  if (embedder && typeof embedder.embedFontStream === 'function' && typeof embedder.embedUnicodeCmap === 'function') {
    embedder.embedFontStream = async (context: PDFContext): Promise<PDFRef> =>
      context.register(context.stream(font.deflated, { Filter: 'FlateDecode', Length1: font.bytes.length }));
    embedder.embedUnicodeCmap = (context: PDFContext): PDFRef =>
      context.register(context.stream(font.toUnicode, { Filter: 'FlateDecode' }));
  }
  return pdfFont;
}

/**
 * One committed style embedded whole (`subset: false`) with the repairs above: parsed and deflated once per
 * process, whichever document it goes into. Also what the signature appearance uses (signatures module).
 */
export async function embedCommittedFont(doc: PDFDocument, style: FontStyle): Promise<PDFFont> {
  doc.registerFontkit(cachingFontkit);
  const font = loadFont(style);
  return repairEmbedder(await doc.embedFont(font.bytes, { subset: false }), font);
}
