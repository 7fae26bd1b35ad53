/**
 * Helpers for the browser tests: Debian's Chromium through playwright-core, axe-core under the pages'
 * own Content Security Policy, console errors per page, full-page screenshots, sideways overflow.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const AXE_SOURCE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * axe-core over the whole document, evaluated through the DevTools protocol (`page.evaluate`), which
 * the page's CSP (script-src 'self') does not govern: the pages are audited under the policy users get.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // Plain arrow functions only inside evaluate: tsx's keepNames would wrap named ones in a helper
  // that does not exist in the page.
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe
        .run(document, { runOnly: tags, resultTypes: ['violations'] })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))),
    AXE_TAGS,
  );
}

export function describeViolations(name: string, violations: AxeViolation[]): string {
  return [
    `axe: ${violations.length} violation(s) on ${name}:`,
    ...violations.map((v) => `  - ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    ${v.helpUrl}\n${v.nodes.map((n) => `      ${JSON.stringify(n.target)}${n.failureSummary ? `  ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n')}`),
  ].join('\n');
}

/** Console errors and uncaught page errors, per page. */
export const consoleErrors = new WeakMap<Page, string[]>();

export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  consoleErrors.set(page, errors);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return page;
}

/**
 * Removes the one console line Chromium writes for a page answered with `status` (a form coming back
 * with its errors is a 400): expected there, and exactly once.
 */
export function expectStatusLine(page: Page, status: number): void {
  const logged = consoleErrors.get(page)!;
  const line = logged.findIndex((e) => new RegExp(`responded with a status of ${status}`).test(e));
  assert.ok(line >= 0, `the page answers ${status}: ${logged.join(' | ')}`);
  logged.splice(line, 1);
}

/** Elements sticking out to the right of a `width`-px viewport, for the failure message. */
export async function horizontalOverflow(page: Page, width: number): Promise<{ scrollWidth: number; clientWidth: number; culprits: string[] }> {
  return page.evaluate((w) => {
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const rect = el.getBoundingClientRect();
      if (rect.right <= w + 0.5 || rect.width === 0) continue;
      let clipped = false;
      const absolute = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
      for (let a = el.parentElement; a && a !== document.body && !clipped; a = a.parentElement) {
        clipped = getComputedStyle(a).overflowX !== 'visible' && (!absolute || getComputedStyle(a).position !== 'static');
      }
      if (!clipped) {
        culprits.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} right=${Math.round(rect.right)}`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, culprits: culprits.slice(0, 15) };
  }, width);
}

export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** Runs `action` (a click), waits for the page it leads to to load, and checks where we landed. */
export async function follow(page: Page, action: () => Promise<void>, expected: string | RegExp): Promise<void> {
  const loaded = page.waitForEvent('load');
  await action();
  await loaded;
  const actual = pathOf(page);
  if (typeof expected === 'string') assert.equal(actual, expected, `landed on ${page.url()}`);
  else assert.match(actual, expected, `landed on ${page.url()}`);
}

export async function assertHeading(page: Page, text: string | RegExp): Promise<void> {
  const actual = await page.getByRole('heading', { level: 1 }).innerText();
  if (typeof text === 'string') assert.equal(actual, text, `h1 of ${page.url()}`);
  else assert.match(actual, text, `h1 of ${page.url()}`);
}

/**
 * The checks every journey runs on each page it reaches: a numbered full-page screenshot in `dir`, axe-core
 * (zero violations), no browser console errors, and no sideways scrolling at the viewport's width.
 */
export function pageChecker(dir: string): (page: Page, pass: string, name: string, width: number) => Promise<void> {
  let shot = 0;
  return async (page, pass, name, width) => {
    await page.waitForLoadState('load');
    shot += 1;
    await page.screenshot({ path: path.join(dir, `${String(shot).padStart(2, '0')}-${pass}-${name}.png`), fullPage: true });
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(page.url(), violations));
    const errors = consoleErrors.get(page) ?? [];
    assert.deepEqual(errors.splice(0), [], `browser console errors on ${name} (${page.url()})`);
    const o = await horizontalOverflow(page, width);
    assert.ok(o.scrollWidth <= o.clientWidth, `${name} (${pathOf(page)}) scrolls sideways at ${width} px: ${o.culprits.join(', ')}`);
  };
}
