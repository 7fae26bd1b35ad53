/**
 * The page a sheet is drawn on: its size (A4 or A5, upright or landscape), its margins after NĐ 30/2020 and
 * the type scale that goes with the size.
 */
export type PageSize = 'A4' | 'A5';

const MM = 72 / 25.4;

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Geometry {
  width: number;
  height: number;
  margin: Margins;
  /** Type scale: 1 on A5 (the size the forms are drawn for), larger on A4. */
  scale: number;
}

const SIZES: Record<PageSize, [number, number]> = { A4: [595.28, 841.89], A5: [419.53, 595.28] };

/**
 * Page size and margins. A4: the minimum margins of NĐ 30/2020 Phụ lục I (top and bottom 20 mm, left 30 mm,
 * right 15 mm). A5: the decree gives none; the same proportions scaled to the smaller sheet (15/15/20/10 mm).
 * Landscape keeps the wide left margin for binding.
 */
export function geometry(size: PageSize, landscape = false): Geometry {
  const [w, h] = SIZES[size];
  const margin = size === 'A4'
    ? { top: 20 * MM, right: 15 * MM, bottom: 20 * MM, left: 30 * MM }
    : { top: 15 * MM, right: 10 * MM, bottom: 15 * MM, left: 20 * MM };
  return { width: landscape ? h : w, height: landscape ? w : h, margin, scale: size === 'A4' ? 1.25 : 1 };
}
