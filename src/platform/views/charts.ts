/**
 * Server-rendered SVG charts (issue #7): horizontal bars and lines, each with a text alternative (the same
 * figures as a table inside a <details>), no JavaScript, no external fonts. The caller passes every visible
 * string, so nothing here has a language.
 *
 * Layout: the SVG's width is 100 % of its figure and its height a fixed number of pixels. Positions across
 * are percentages and positions down are pixels, so text keeps its size (13 px) on a 360 px phone and on a
 * 1280 px screen while bars and lines stretch (a viewBox would shrink the text to 6 px on a phone). Lines
 * are drawn as <line> segments (they take percentages, a polyline does not), so dash patterns are never
 * stretched; markers are <use> elements placed in percentages, so they stay round. No inline style (the CSP
 * forbids it): presentation attributes, plus a few classes in public/app.css ("Charts").
 */
import { html, raw } from './html.ts';
import type { SafeHtml } from './html.ts';

/** Strings and identity every chart needs. */
export interface ChartTexts {
  /** Unique on the page; prefixes every id in the chart. A letter, then letters, digits, `-` or `_`. */
  id: string;
  /** Shown as the figure's caption; also the SVG's <title> and the table's <caption>. */
  title: string;
  /** The SVG's <desc>: what the chart shows, in a sentence or two. */
  description: string;
  /** The <summary> that opens the data table ("Xem số liệu dạng bảng"). */
  tableLabel: string;
  /** Written where a value is missing (a zero denominator): never drawn as 0. */
  notAvailable: string;
}

/** A reference line (target, threshold) with its label for the legend and the table. */
export interface ChartTarget {
  value: number;
  label: string;
}

export type NumberFormat = (value: number) => string;

export interface BarDatum {
  label: string;
  /** null (or a non-finite number): not available. */
  value: number | null;
  /** Makes the value in the data table a link (drill-down). */
  href?: string;
}

export interface BarChartInput extends ChartTexts {
  bars: readonly BarDatum[];
  /** Column headings of the data table. */
  labelHeading: string;
  valueHeading: string;
  /** The end of the scale (e.g. 100 points); default: a round number above the largest value. */
  max?: number;
  target?: ChartTarget;
  /** Default: vi-VN digits, at most one decimal. */
  format?: NumberFormat;
}

export interface LineSeries {
  name: string;
  /** One per category; null breaks the line. */
  values: readonly (number | null)[];
}

export interface LineChartInput extends ChartTexts {
  categories: readonly string[];
  series: readonly LineSeries[];
  /** Heading of the table's first column (the categories); the series' names head the others. */
  categoryHeading: string;
  max?: number;
  target?: ChartTarget;
  format?: NumberFormat;
}

// --- shared ---------------------------------------------------------------------------------------

const INK = '#1b1b1b';
const MUTED = '#505a5f';
const TRACK = '#f3f2f1';
const GRID = '#d5d7d8';
const BAR = '#1d4f91';
/** ≥ 5:1 against white; each series also has its own dash pattern and marker shape. */
const SERIES = [
  { color: '#1d4f91', dash: '', marker: '<circle r="4.5"/>' },
  { color: '#c2410c', dash: '8 4', marker: '<rect x="-4" y="-4" width="8" height="8"/>' },
  { color: '#00703c', dash: '2 3', marker: '<path d="M0-5.5L5 3.5H-5z"/>' },
  { color: '#6a3d9a', dash: '10 3 2 3', marker: '<path d="M0-5.5L5.5 0 0 5.5-5.5 0z"/>' },
  { color: '#7a4f01', dash: '5 2', marker: '<path d="M0 5.5L5-3.5H-5z"/>' },
  { color: '#505a5f', dash: '2 6', marker: '<path d="M-4.5-1.5h3v-3h3v3h3v3h-3v3h-3v-3h-3z"/>' },
] as const;
const TARGET_DASH = '6 4';
/** A white outline under text that crosses lines (the target, gridlines), so the text stays readable. */
const HALO = raw(' stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"');

/** A <g> with trusted, constant attributes around `items`; nothing when there are none (smaller output). */
function group(attributes: string, items: readonly SafeHtml[]): SafeHtml | '' {
  return items.length ? html`<g${raw(attributes)}>${items}</g>` : '';
}

const defaultNumber = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const defaultFormat: NumberFormat = (v) => defaultNumber.format(v);

function checkId(id: string): void {
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new Error(`chart id must be a letter followed by letters, digits, - or _: ${JSON.stringify(id)}`);
}

/** A finite number, or null for missing (NaN and Infinity are bugs upstream, never a figure to draw). */
function known(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function round(v: number, places: number): string {
  const f = 10 ** places;
  return String(Math.round(v * f) / f);
}
const pct = (v: number) => `${round(v, 2)}%`;
const px = (v: number) => round(v, 1);
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

function niceStep(top: number, integers: boolean): number {
  const rough = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough - 1e-9) ?? 10 * magnitude;
  return integers ? Math.max(1, Math.round(step)) : step;
}

/** The scale's end and its ticks (about four steps of 1, 2, 2.5 or 5 × 10ⁿ; the end is always a tick). */
export function chartScale(values: readonly number[], max?: number): { max: number; ticks: number[] } {
  const integers = values.every(Number.isInteger);
  let top = max !== undefined && Number.isFinite(max) && max > 0 ? max : 0;
  let step: number;
  if (top > 0) step = niceStep(top, integers && Number.isInteger(top));
  else {
    const highest = Math.max(0, ...values);
    if (highest <= 0) return { max: 1, ticks: [0, 1] };
    step = niceStep(highest, integers);
    top = Number((Math.ceil(highest / step - 1e-9) * step).toPrecision(12));
  }
  const ticks: number[] = [];
  for (let i = 0; i * step < top - step / 2 + 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  ticks.push(top);
  return { max: top, ticks };
}

/** Rough width of 13 px system-ui text, to decide where labels go before any browser measures them. */
const textWidth = (text: string) => text.length * 7.4;
/** Characters that fit across a 360 px phone's chart (328 px) at 13 px. */
const LINE_CHARS = 42;

/** A long name on up to two lines, cut at spaces; what still does not fit ends in "…" (the table has it whole). */
export function wrapLabel(label: string, chars = LINE_CHARS): string[] {
  const words = label.trim().split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  if (lines.length <= 2 && lines.every((l) => l.length <= chars)) return lines;
  const second = lines.slice(1).join(' ');
  const first = lines[0]!.length > chars ? lines[0]!.slice(0, chars - 1) + '…' : lines[0]!;
  if (lines.length === 1) return [first];
  return [first, second.length > chars ? second.slice(0, chars - 1) + '…' : second];
}

function openFigure(t: ChartTexts, kind: string, height: number, inner: SafeHtml): SafeHtml {
  return html`<figure class="chart chart-${kind}" id="${t.id}"><figcaption class="chart-title">${t.title}</figcaption><svg class="chart-svg" role="img" aria-labelledby="${t.id}-title ${t.id}-desc" width="100%" height="${px(height)}" font-size="13" fill="${INK}"><title id="${t.id}-title">${t.title}</title><desc id="${t.id}-desc">${t.description}</desc>${inner}</svg>`;
}

function legendItem(color: string, dash: string, marker: string, width: number, label: string): SafeHtml {
  return html`<li><svg width="36" height="14" aria-hidden="true" focusable="false"><line x1="2" y1="7" x2="34" y2="7" stroke="${color}" stroke-width="${width}"${dash ? html` stroke-dasharray="${dash}"` : ''}/>${marker ? html`<g transform="translate(18 7)" fill="${color}" stroke="#fff" stroke-width="1.5">${raw(marker)}</g>` : ''}</svg>${label}</li>`;
}

function targetLegend(target: ChartTarget | undefined, format: NumberFormat): SafeHtml | '' {
  if (!target || known(target.value) === null) return '';
  return legendItem(INK, TARGET_DASH, '', 2, `${target.label}: ${format(target.value)}`);
}

function dataTable(t: ChartTexts, head: readonly string[], rows: readonly SafeHtml[], foot: SafeHtml | ''): SafeHtml {
  return html`<details class="chart-data"><summary>${t.tableLabel}</summary><table><caption>${t.title}</caption><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody>${foot ? html`<tfoot>${foot}</tfoot>` : ''}</table></details>`;
}

function cell(value: number | null, t: ChartTexts, format: NumberFormat, href?: string): SafeHtml {
  const v = known(value);
  if (v === null) return html`<td class="chart-na">${t.notAvailable}</td>`;
  return href ? html`<td><a href="${href}">${format(v)}</a></td>` : html`<td>${format(v)}</td>`;
}

// --- bars -----------------------------------------------------------------------------------------

const AXIS_H = 26; // the tick labels' row
const LABEL_LINE = 16;
const BAR_H = 14;
const ROW_GAP = 10;
/** Values are placed for the narrowest chart (328 px) and stay where they are on wider ones. */
const NARROW = 320;

/**
 * Horizontal bars, one row per item: its label on a line of its own (long commune names fit a phone), then
 * the bar, with the value written at its end (inside it when the bar is long), over light gridlines at the
 * ticks. A missing value is an empty grey bar across the whole scale with the N/A text in it: never a bar
 * of length 0 (a 0 is no bar and the text "0").
 */
export function barChart(input: BarChartInput): SafeHtml {
  checkId(input.id);
  const format = input.format ?? defaultFormat;
  const values = input.bars.map((b) => known(b.value));
  const target = input.target && known(input.target.value) !== null ? input.target : undefined;
  const scale = chartScale([...values.filter((v): v is number => v !== null), ...(target ? [target.value] : [])], input.max);
  const share = (v: number) => clamp01(v / scale.max) * 100;

  const labels: SafeHtml[] = [];
  const empty: SafeHtml[] = [];
  const bars: SafeHtml[] = [];
  const outside: SafeHtml[] = [];
  const inside: SafeHtml[] = [];
  const missing: SafeHtml[] = [];
  let y = AXIS_H + 6;
  input.bars.forEach((bar, i) => {
    const lines = wrapLabel(bar.label);
    labels.push(html`<text y="${px(y + 12)}">${lines.length === 1 ? lines[0] : lines.map((l, k) => html`<tspan x="0"${k ? html` dy="${LABEL_LINE}"` : ''}>${l}</tspan>`)}</text>`);
    const barY = y + lines.length * LABEL_LINE + 2;
    const textY = barY + 12;
    const v = values[i]!;
    if (v === null) {
      empty.push(html`<rect y="${barY}" width="100%" height="${BAR_H}"/>`);
      missing.push(html`<text x="6" y="${textY}">${input.notAvailable}</text>`);
    } else {
      const w = share(v);
      const text = format(v);
      bars.push(html`<rect y="${barY}" width="${pct(w)}" height="${BAR_H}"/>`);
      const fitsOutside = (w / 100) * NARROW + 6 + textWidth(text) <= NARROW;
      const fitsInside = (w / 100) * NARROW >= textWidth(text) + 12;
      (fitsOutside || !fitsInside ? outside : inside).push(html`<text x="${pct(w)}" y="${textY}">${text}</text>`);
    }
    y = barY + BAR_H + ROW_GAP;
  });
  const height = y - ROW_GAP + 4;

  const ticks = scale.ticks.map((t) => {
    const x = share(t);
    const anchor = x === 0 ? 'start' : x === 100 ? 'end' : 'middle';
    return html`<text x="${pct(x)}" y="16" text-anchor="${anchor}">${format(t)}</text>`;
  });
  const grid = scale.ticks.map((t) => html`<line x1="${pct(share(t))}" x2="${pct(share(t))}" y1="${AXIS_H - 6}" y2="${height}"${t === 0 ? html` stroke="${MUTED}" stroke-width="2"` : ''}/>`);
  const targetLine = target
    ? html`<line x1="${pct(share(target.value))}" x2="${pct(share(target.value))}" y1="${AXIS_H - 4}" y2="${px(height)}" stroke="${INK}" stroke-width="2" stroke-dasharray="${TARGET_DASH}"/>`
    : '';
  const inner = html`<g class="chart-ticks" fill="${MUTED}" font-size="12">${ticks}</g><g stroke="${GRID}">${grid}</g>${group(` class="chart-empty" fill="${TRACK}"`, empty)}<g class="chart-bars" fill="${BAR}">${bars}</g>${targetLine}<g class="chart-labels"${HALO}>${labels}</g>${group(` class="chart-values" transform="translate(6 0)"${HALO.value}`, outside)}${group(` class="chart-values-inside" fill="#fff" text-anchor="end" transform="translate(-6 0)"`, inside)}${group(` class="chart-na" fill="${MUTED}" font-style="italic"`, missing)}`;

  const legend = targetLegend(target, format);
  const rows = input.bars.map((b) => html`<tr><th scope="row">${b.label}</th>${cell(b.value, input, format, b.href)}</tr>`);
  const foot = target ? html`<tr><th scope="row">${target.label}</th><td>${format(target.value)}</td></tr>` : '';
  return html`${openFigure(input, 'bars', height, inner)}${legend ? html`<ul class="chart-legend">${legend}</ul>` : ''}${dataTable(input, [input.labelHeading, input.valueHeading], rows, foot)}</figure>`;
}

// --- lines ----------------------------------------------------------------------------------------

const PLOT_TOP = 22;
const PLOT_H = 200;
/** Share of the width kept empty at each side (%): the gridlines' values at the left, whole labels at the right. */
const LEFT = 8;
const RIGHT = 5;
/** Chart widths (px) the category labels are thinned for: a phone, then 38rem and 56rem (app.css). */
const TIERS = [300, 608, 896];

/** Category i is labelled at tier `t` when i is a multiple of the step for that tier; steps divide each other. */
function labelSteps(categories: readonly string[]): number[] {
  const widest = Math.max(1, ...categories.map(textWidth)) + 12;
  const steps: number[] = [];
  for (let t = TIERS.length - 1; t >= 0; t--) {
    const need = Math.max(1, Math.ceil((categories.length * widest) / ((TIERS[t]! * (100 - LEFT - RIGHT)) / 100)));
    const next = steps[0] ?? 1;
    steps.unshift(Math.ceil(need / next) * next);
  }
  return steps;
}

/** Where category i sits across, as a share of the width (0–100). */
function categoryX(i: number, n: number): number {
  return LEFT + ((100 - LEFT - RIGHT) * (i + 0.5)) / n;
}

/**
 * One or more series over categories (months): gridlines with their values, a line per series broken
 * where a value is missing, a marker at every known value, an optional target line, and a legend that
 * tells the series apart by colour, dash pattern and marker shape.
 */
export function lineChart(input: LineChartInput): SafeHtml {
  checkId(input.id);
  const n = input.categories.length;
  for (const s of input.series) {
    if (s.values.length !== n) throw new Error(`series ${JSON.stringify(s.name)} has ${s.values.length} values for ${n} categories`);
  }
  const format = input.format ?? defaultFormat;
  const target = input.target && known(input.target.value) !== null ? input.target : undefined;
  const all = input.series.flatMap((s) => s.values.map(known).filter((v): v is number => v !== null));
  const scale = chartScale([...all, ...(target ? [target.value] : [])], input.max);
  const yOf = (v: number) => PLOT_TOP + PLOT_H * (1 - clamp01(v / scale.max));

  const grid = scale.ticks.map((t) => html`<line x2="100%" y1="${px(yOf(t))}" y2="${px(yOf(t))}"${t === 0 ? html` stroke="${MUTED}"` : ''}/>`);
  const tickLabels = scale.ticks.map((t) => html`<text y="${px(yOf(t) - 4)}">${format(t)}</text>`);
  const steps = labelSteps(input.categories);
  const xLabels = input.categories.map((c, i) => {
    const tier = steps.findIndex((s) => i % s === 0);
    if (tier < 0) return '';
    return html`<text${tier ? html` class="chart-x${tier}"` : ''} x="${pct(categoryX(i, n))}">${c}</text>`;
  });

  const defs: SafeHtml[] = [];
  const lines: SafeHtml[] = [];
  const markers: SafeHtml[] = [];
  input.series.forEach((s, k) => {
    const style = SERIES[k % SERIES.length]!;
    const marker = `${input.id}-m${k}`;
    defs.push(html`<g id="${marker}" fill="${style.color}" stroke="#fff" stroke-width="1.5">${raw(style.marker)}</g>`);
    // One <line> per pair of neighbouring known values (a polyline cannot take percentages): a missing value
    // leaves a gap on both sides, a value alone between gaps is its marker only.
    const segments: SafeHtml[] = [];
    s.values.forEach((value, i) => {
      const v = known(value);
      if (v === null) return;
      const x = pct(categoryX(i, n));
      const y = px(yOf(v));
      const before = i > 0 ? known(s.values[i - 1]) : null;
      if (before !== null) segments.push(html`<line x1="${pct(categoryX(i - 1, n))}" y1="${px(yOf(before))}" x2="${x}" y2="${y}"/>`);
      markers.push(html`<use href="#${marker}" x="${x}" y="${y}"/>`);
    });
    if (segments.length) lines.push(html`<g stroke="${style.color}"${style.dash ? html` stroke-dasharray="${style.dash}"` : ''}>${segments}</g>`);
  });
  const targetLine = target
    ? html`<line x2="100%" y1="${px(yOf(target.value))}" y2="${px(yOf(target.value))}" stroke="${INK}" stroke-width="2" stroke-dasharray="${TARGET_DASH}"/>`
    : '';
  const axisY = PLOT_TOP + PLOT_H + 18;
  const height = axisY + 8;
  const inner = html`<defs>${defs}</defs><g stroke="${GRID}">${grid}</g>${targetLine}<g class="chart-lines" stroke-width="2.5">${lines}</g><g class="chart-markers">${markers}</g><g class="chart-ticks" fill="${MUTED}" font-size="12"${HALO}>${tickLabels}</g><g class="chart-categories" fill="${MUTED}" font-size="12" text-anchor="middle" transform="translate(0 ${axisY})">${xLabels}</g>`;

  const legend = [
    ...input.series.map((s, k) => {
      const style = SERIES[k % SERIES.length]!;
      return legendItem(style.color, style.dash, style.marker, 2.5, s.name);
    }),
    targetLegend(target, format),
  ];
  const rows = input.categories.map((c, i) => html`<tr><th scope="row">${c}</th>${input.series.map((s) => cell(s.values[i] ?? null, input, format))}</tr>`);
  const foot = target ? html`<tr><th scope="row">${target.label}</th><td colspan="${Math.max(1, input.series.length)}">${format(target.value)}</td></tr>` : '';
  return html`${openFigure(input, 'lines', height, inner)}<ul class="chart-legend">${legend}</ul>${dataTable(input, [input.categoryHeading, ...input.series.map((s) => s.name)], rows, foot)}</figure>`;
}
