/**
 * A PNG as an image XObject (and its alpha as the /SMask), decoded and deflated once per image per process.
 * pdf-lib's `embedPng` decodes the PNG and deflates the colour and alpha planes again (UPNG + pako, ~2.5 ms) for
 * every document; an official signs with the same signature image day after day. The planes come from pdf-lib's
 * own PngEmbedder, run once into a scratch context, so the objects are what `embedPng` writes; kept by the
 * SHA-256 of the PNG's bytes.
 */
import crypto from 'node:crypto';
import { PDFContext, PDFName, PDFRawStream, PDFRef, PngEmbedder, type PDFDocument } from 'pdf-lib';

interface Decoded {
  width: number;
  height: number;
  bitsPerComponent: number;
  /** The colour plane (DeviceRGB) and alpha plane (DeviceGray), FlateDecode, as PngEmbedder made them. */
  colour: Uint8Array;
  alpha: Uint8Array | undefined;
}

/** Officials' signatures and units' seals in use; the oldest is dropped past this many. */
const LIMIT = 64;
const cache = new Map<string, Promise<Decoded>>();

async function decode(png: Uint8Array): Promise<Decoded> {
  const scratch = PDFContext.create();
  const embedder = await PngEmbedder.for(png);
  const stream = (ref: unknown): PDFRawStream => {
    const object = ref instanceof PDFRef ? scratch.lookup(ref) : undefined;
    if (!(object instanceof PDFRawStream)) throw new Error('PAdES: pdf-lib did not make the PNG into an image stream');
    return object;
  };
  const image = stream(await embedder.embedIntoContext(scratch));
  const smask = image.dict.get(PDFName.of('SMask'));
  return {
    width: embedder.width,
    height: embedder.height,
    bitsPerComponent: embedder.bitsPerComponent,
    colour: image.getContents(),
    alpha: smask ? stream(smask).getContents() : undefined,
  };
}

function decoded(png: Uint8Array): Promise<Decoded> {
  const key = crypto.createHash('sha256').update(png).digest('base64');
  let entry = cache.get(key);
  if (!entry) {
    // A copy: the caller's bytes may be a pooled Buffer view.
    entry = decode(Uint8Array.prototype.slice.call(png));
    entry.catch(() => cache.delete(key));
    if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  }
  return entry;
}

/** Registers the PNG in `doc` as an image XObject: the objects `doc.embedPng` would make, from the cache. */
export async function embedPng(doc: PDFDocument, png: Uint8Array): Promise<{ ref: PDFRef; width: number; height: number }> {
  const d = await decoded(png);
  const { context } = doc;
  const common = { Type: 'XObject', Subtype: 'Image', BitsPerComponent: d.bitsPerComponent, Width: d.width, Height: d.height };
  const smask = d.alpha && context.register(context.stream(d.alpha, { ...common, ColorSpace: 'DeviceGray', Decode: [0, 1], Filter: 'FlateDecode' }));
  const ref = context.register(context.stream(d.colour, { ...common, ColorSpace: 'DeviceRGB', ...(smask ? { SMask: smask } : {}), Filter: 'FlateDecode' }));
  return { ref, width: d.width, height: d.height };
}
