import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { barChart, chartScale, lineChart, wrapLabel } from '../../src/platform/views/charts.ts';
import type { BarChartInput, LineChartInput } from '../../src/platform/views/charts.ts';
import { SafeHtml, html } from '../../src/platform/views/html.ts';

const texts = { title: 'Score', description: 'Score per commune', tableLabel: 'Show the table', notAvailable: 'N/A' };

function bars(over: Partial<BarChartInput> = {}): string {
  return barChart({ id: 'score', ...texts, labelHeading: 'Commune', valueHeading: 'Points', max: 100, bars: [{ label: 'A', value: 50 }], ...over }).value;
}

function lines(over: Partial<LineChartInput> = {}): string {
  return lineChart({ id: 'trend', ...texts, categoryHeading: 'Month', max: 100, categories: ['01/2026', '02/2026', '03/2026'], series: [{ name: 'On time', values: [10, 50, 90] }], ...over }).value;
}

/** The contents of the <g class="…"> with that class, up to the next classed group or the end of the SVG. */
function group(svg: string, cls: string): string {
  const m = new RegExp(`<g class="${cls}"[^>]*>(.*?)(?:<g class=|</svg>)`).exec(svg);
  return m ? m[1]! : '';
}

function attr(tag: string, name: string): string {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  assert.ok(m, `${name} in ${tag}`);
  return m[1]!;
}

const tags = (markup: string, name: string) => markup.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];
const texts_ = (markup: string) => [...markup.matchAll(/<text\b[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!);
const ids = (markup: string) => [...markup.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
const tableCells = (markup: string) => [...markup.split('<table>')[1]!.matchAll(/<t[dh](?:\s[^>]*)?>(?:<a [^>]*>)?(.*?)(?:<\/a>)?<\/t[dh]>/g)].map((m) => m[1]!);

describe('bar chart', () => {
  it('returns SafeHtml: a figure with an SVG named by its title and description, a caption and a data table', () => {
    const out = barChart({ id: 'score', ...texts, labelHeading: 'Commune', valueHeading: 'Points', bars: [{ label: 'A', value: 5 }] });
    assert.ok(out instanceof SafeHtml);
    const s = out.value;
    assert.match(s, /^<figure class="chart chart-bars" id="score"><figcaption class="chart-title">Score<\/figcaption>/);
    assert.match(s, /<svg class="chart-svg" role="img" aria-labelledby="score-title score-desc"/);
    assert.match(s, /<title id="score-title">Score<\/title><desc id="score-desc">Score per commune<\/desc>/);
    assert.match(s, /<details class="chart-data"><summary>Show the table<\/summary><table><caption>Score<\/caption>/);
    assert.match(s, /<th scope="col">Commune<\/th><th scope="col">Points<\/th>/);
    assert.match(s, /<th scope="row">A<\/th><td>5<\/td>/);
    assert.doesNotMatch(s, /<script|style=/);
    assert.ok(s.endsWith('</figure>'));
  });

  it('escapes hostile labels, names and texts everywhere', () => {
    const evil = '<script>alert("x")</script>';
    const s = barChart({
      id: 'score', title: evil, description: evil, tableLabel: evil, notAvailable: evil, labelHeading: evil, valueHeading: evil,
      target: { value: 10, label: evil }, format: () => evil, bars: [{ label: evil, value: 1, href: '/x?a="><script>' }, { label: evil, value: null }],
    }).value;
    assert.doesNotMatch(s, /<script/i);
    assert.ok(s.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    assert.ok(s.includes('href="/x?a=&quot;&gt;&lt;script&gt;"'));
    // Nested in html`` it stays as it is (not escaped twice).
    assert.equal(html`<div>${barChart({ id: 'b', ...texts, labelHeading: 'c', valueHeading: 'v', bars: [{ label: 'a&b', value: 1 }] })}</div>`.value.includes('a&amp;amp;b'), false);
  });

  it('rejects an id that could break out of its attribute or clash with CSS selectors', () => {
    for (const id of ['', '1abc', 'a b', 'a"b', 'a<b']) assert.throws(() => bars({ id }), /chart id/);
  });

  it('scales bars: 50 of 100 is half the width, values above the scale stop at its end', () => {
    const s = bars({ bars: [{ label: 'half', value: 50 }, { label: 'quarter', value: 25 }, { label: 'over', value: 130 }, { label: 'neg', value: -5 }] });
    const rects = tags(group(s, 'chart-bars'), 'rect');
    assert.deepEqual(rects.map((r) => attr(r, 'width')), ['50%', '25%', '100%', '0%']);
    // The label keeps the real value.
    assert.ok(texts_(s).includes('130'));
  });

  it('picks a round end of the scale when no max is given', () => {
    const s = barChart({ id: 'c', ...texts, labelHeading: 'c', valueHeading: 'v', bars: [{ label: 'a', value: 87 }, { label: 'b', value: 40 }] }).value;
    assert.deepEqual(texts_(group(s, 'chart-ticks')), ['0', '25', '50', '75', '100']);
    assert.deepEqual(tags(group(s, 'chart-bars'), 'rect').map((r) => attr(r, 'width')), ['87%', '40%']);
  });

  it('shows a missing value as N/A in an empty bar, never as a bar of length 0 like a real 0', () => {
    const s = bars({ bars: [{ label: 'zero', value: 0 }, { label: 'missing', value: null }, { label: 'nan', value: Number.NaN }] });
    const drawn = tags(group(s, 'chart-bars'), 'rect');
    assert.equal(drawn.length, 1, 'only the 0 has a bar');
    assert.equal(attr(drawn[0]!, 'width'), '0%');
    assert.deepEqual(texts_(group(s, 'chart-na')), ['N/A', 'N/A']);
    const empty = tags(group(s, 'chart-empty'), 'rect');
    assert.equal(empty.length, 2);
    for (const r of empty) assert.equal(attr(r, 'width'), '100%');
    // The 0 is written as 0, the missing ones nowhere as 0 or NaN.
    assert.deepEqual(texts_(group(s, 'chart-values')), ['0']);
    assert.doesNotMatch(s, /NaN/);
    assert.match(s, /<th scope="row">missing<\/th><td class="chart-na">N\/A<\/td>/);
    assert.match(s, /<th scope="row">zero<\/th><td>0<\/td>/);
  });

  it('the data table holds every label and value (formatted), links, and the target', () => {
    const data = Array.from({ length: 30 }, (_, i) => ({ label: `Xã số ${i}`, value: i % 7 === 3 ? null : i * 3.25, href: `/r/${i}` }));
    const format = (v: number) => `${v.toFixed(2)} pts`;
    const s = bars({ bars: data, format, target: { value: 80, label: 'Target' } });
    const cells = tableCells(s);
    assert.deepEqual(cells.slice(0, 2), ['Commune', 'Points']);
    const body = cells.slice(2, 2 + data.length * 2);
    data.forEach((d, i) => {
      assert.equal(body[2 * i], d.label);
      assert.equal(body[2 * i + 1], d.value === null ? 'N/A' : format(d.value));
    });
    assert.deepEqual(cells.slice(2 + data.length * 2), ['Target', '80.00 pts']);
    assert.ok(s.includes('<td><a href="/r/1">3.25 pts</a></td>'));
    // The target line sits at 80 % of the width and is in the legend.
    const line = tags(s, 'line').find((l) => l.includes('stroke-dasharray'))!;
    assert.equal(attr(line, 'x1'), '80%');
    assert.match(s, /<ul class="chart-legend"><li>.*Target: 80.00 pts<\/li><\/ul>/);
  });

  it('formats numbers in Vietnamese by default', () => {
    const s = bars({ bars: [{ label: 'a', value: 87.25 }, { label: 'b', value: 1234 }] });
    assert.ok(texts_(s).includes('87,3'));
    assert.ok(s.includes('<td>1.234</td>'));
  });

  it('puts long labels on two lines and cuts what does not fit (the table keeps the whole name)', () => {
    const long = 'Xã Sáng Nhè thuộc huyện Tuần Giáo tỉnh Điện Biên, một cái tên dài để thử việc xuống dòng và cắt bớt chữ';
    const s = bars({ bars: [{ label: long, value: 10 }] });
    const spans = [...group(s, 'chart-labels').matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((m) => m[1]!);
    assert.equal(spans.length, 2);
    assert.ok(spans.every((l) => l.length <= 42));
    assert.ok(spans[1]!.endsWith('…'));
    assert.ok(s.includes(`<th scope="row">${long}</th>`));
    assert.deepEqual(wrapLabel('Xã Mường Đăng'), ['Xã Mường Đăng']);
  });

  it('ids are unique within a chart and between charts with different ids', () => {
    const page = bars({ id: 'one', target: { value: 1, label: 't' } }) + bars({ id: 'two' }) + lines({ id: 'three', series: [{ name: 'a', values: [1, 2, 3] }, { name: 'b', values: [3, 2, 1] }] });
    const all = ids(page);
    assert.equal(new Set(all).size, all.length, all.join(' '));
    for (const id of all) assert.match(id, /^(one|two|three)(-|$)/);
    // Every reference points at an id of the same chart.
    for (const m of page.matchAll(/href="#([^"]+)"/g)) assert.ok(all.includes(m[1]!), m[1]);
  });

  it('stays small: 100 bars with Vietnamese names and the table under 22 KB', () => {
    const names = ['Xã Mường Đăng', 'Phường Điện Biên Phủ', 'Xã Phìn Hồ', 'Xã Mường Phăng'];
    const s = bars({ bars: Array.from({ length: 100 }, (_, i) => ({ label: `${names[i % 4]} ${i}`, value: i % 9 === 0 ? null : (i * 37) % 101 })), target: { value: 80, label: 'Target' } });
    const size = Buffer.byteLength(s);
    assert.ok(size < 22_000, `${size} bytes`);
    assert.equal(tags(group(s, 'chart-bars'), 'rect').length, 100 - 12);
  });
});

describe('line chart', () => {
  /** Every segment of the chart as [x1, y1, x2, y2] in % and px. */
  function segments(s: string): number[][] {
    return tags(group(s, 'chart-lines').replace(/<g[^>]*>/g, ''), 'line').map((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => parseFloat(attr(l, a))));
  }
  /** y (px) of the gridline for `tick` (the tick labels sit 4 px above their lines). */
  function gridY(s: string, tick: string): number {
    const label = tags(group(s, 'chart-ticks'), 'text')[texts_(group(s, 'chart-ticks')).indexOf(tick)]!;
    return parseFloat(attr(label, 'y')) + 4;
  }

  it('has the figure, named SVG, legend and table with every value', () => {
    const s = lines({ series: [{ name: 'On time', values: [10, null, 90] }, { name: 'Online', values: [1.5, 2, 3] }], target: { value: 75, label: 'Target' } });
    assert.match(s, /^<figure class="chart chart-lines" id="trend"><figcaption class="chart-title">Score<\/figcaption><svg class="chart-svg" role="img" aria-labelledby="trend-title trend-desc"/);
    assert.deepEqual(tableCells(s), ['Month', 'On time', 'Online', '01/2026', '10', '1,5', '02/2026', 'N/A', '2', '03/2026', '90', '3', 'Target', '75']);
    assert.match(s, /<td colspan="2">75<\/td>/);
    const legend = s.split('<ul class="chart-legend">')[1]!.split('</ul>')[0]!;
    assert.deepEqual([...legend.matchAll(/<\/svg>(.*?)<\/li>/g)].map((m) => m[1]), ['On time', 'Online', 'Target: 75']);
  });

  it('scales: 50 of 100 is half the plot height, categories spread evenly across', () => {
    const s = lines({ series: [{ name: 'a', values: [0, 50, 100] }] });
    const top = gridY(s, '100');
    const bottom = gridY(s, '0');
    // The scale fills the plot: 100 near the top of the SVG, 0 just above the category labels.
    const height = parseFloat(attr(tags(s, 'svg')[0]!, 'height'));
    assert.ok(top <= 30 && height - bottom <= 40 && bottom - top >= 150, `${top}–${bottom} of ${height}`);
    const [first, second] = segments(s);
    assert.equal(first![1], bottom);
    assert.equal(first![3], (top + bottom) / 2);
    assert.equal(second![3], top);
    // Equal steps across, the middle category in the middle of the plot.
    assert.ok(Math.abs(first![2]! - first![0]! - (second![2]! - second![0]!)) < 0.02);
    const markers = tags(group(s, 'chart-markers'), 'use');
    assert.deepEqual(markers.map((m) => parseFloat(attr(m, 'y'))), [bottom, (top + bottom) / 2, top]);
    assert.deepEqual(markers.map((m) => attr(m, 'x')), [`${first![0]}%`, `${first![2]}%`, `${second![2]}%`]);
  });

  it('breaks the line at a missing value and keeps a lone value as a marker', () => {
    const s = lines({ categories: ['1', '2', '3', '4', '5', '6'], series: [{ name: 'a', values: [10, 20, null, 40, null, 60] }] });
    const segs = segments(s);
    assert.equal(segs.length, 1, 'only 1→2 is joined');
    const markers = tags(group(s, 'chart-markers'), 'use');
    assert.equal(markers.length, 4);
    // No segment reaches across the gaps: its ends are neighbouring categories.
    const xs = markers.map((m) => parseFloat(attr(m, 'x')));
    assert.deepEqual([segs[0]![0], segs[0]![2]], [xs[0], xs[1]]);
    assert.equal(tableCells(s).filter((c) => c === 'N/A').length, 2);
  });

  it('tells series apart by dash pattern and marker shape, not colour only', () => {
    const s = lines({ series: ['a', 'b', 'c', 'd'].map((name, k) => ({ name, values: [k, k + 1, k + 2] })) });
    const seriesGroups = group(s, 'chart-lines').match(/<g stroke="[^"]+"[^>]*>/g)!;
    const dashes = seriesGroups.map((g) => /stroke-dasharray="([^"]+)"/.exec(g)?.[1] ?? 'solid');
    assert.equal(new Set(dashes).size, 4);
    const shapes = [...s.split('<defs>')[1]!.split('</defs>')[0]!.matchAll(/<g id="trend-m\d"[^>]*>(.*?)<\/g>/g)].map((m) => m[1]);
    assert.equal(new Set(shapes).size, 4);
  });

  it('thins category labels for narrow charts: every label exists once, the rest shown by width (CSS)', () => {
    const months = Array.from({ length: 12 }, (_, i) => `${String(i + 1).padStart(2, '0')}/2026`);
    const s = lines({ categories: months, series: [{ name: 'a', values: months.map((_, i) => i) }] });
    const labels = tags(group(s, 'chart-categories'), 'text');
    assert.equal(labels.length, 12);
    const always = labels.filter((l) => !l.includes('class='));
    assert.ok(always.length >= 3 && always.length <= 6, `${always.length} labels on a phone`);
  });

  it('rejects series whose length differs from the categories', () => {
    assert.throws(() => lines({ series: [{ name: 'a', values: [1, 2] }] }), /2 values for 3 categories/);
  });

  it('escapes category and series names', () => {
    const s = lines({ categories: ['<b>', 'x', 'y'], series: [{ name: '<script>', values: [1, 2, 3] }] });
    assert.doesNotMatch(s, /<script|<b>/);
    assert.ok(s.includes('&lt;script&gt;') && s.includes('&lt;b&gt;'));
  });
});

describe('chart scale', () => {
  it('ends on round numbers with about four steps', () => {
    assert.deepEqual(chartScale([87]), { max: 100, ticks: [0, 25, 50, 75, 100] });
    assert.deepEqual(chartScale([7]), { max: 8, ticks: [0, 2, 4, 6, 8] });
    assert.deepEqual(chartScale([3]), { max: 3, ticks: [0, 1, 2, 3] });
    assert.deepEqual(chartScale([0.3]), { max: 0.3, ticks: [0, 0.1, 0.2, 0.3] });
    assert.deepEqual(chartScale([]), { max: 1, ticks: [0, 1] });
    assert.deepEqual(chartScale([5], 18), { max: 18, ticks: [0, 5, 10, 15, 18] });
    assert.deepEqual(chartScale([5], 100), { max: 100, ticks: [0, 25, 50, 75, 100] });
  });
});
