import type { Lang, MessageKey, Translate } from '../i18n/index.ts';
import type { Actor } from '../http/actor.ts';
import { html } from './html.ts';
import type { SafeHtml } from './html.ts';
import { csrfField } from './forms.ts';

/** A link in the main navigation, shown to officials holding `permission`; `public` links are shown to everyone. */
export interface NavItem {
  href: string;
  label: MessageKey;
  permission: string;
}

export interface LayoutContext {
  t: Translate;
  lang: Lang;
  actor: Actor | null;
  csrfToken: string;
  nav: readonly NavItem[];
  path: string;
}

export interface Page {
  title: string;
  body: SafeHtml;
  /** A one-line confirmation shown above the content ("Đã lưu"). */
  notice?: string | undefined;
  /** Scripts from /static that enhance this page (deferred; the page works without them). */
  scripts?: readonly string[];
  /** Reload the page after this many seconds (a status that is about to change), without JavaScript. */
  refreshSeconds?: number;
}

function visibleNav(ctx: LayoutContext): NavItem[] {
  const actor = ctx.actor;
  if (actor?.pending) return [];
  if (!actor) return ctx.nav.filter((n) => n.permission === 'public');
  if (actor.kind === 'citizen') return ctx.nav.filter((n) => n.permission === 'public' || n.permission === 'signed_in' || n.permission === 'citizen');
  return ctx.nav.filter((n) => n.permission === 'public' || n.permission === 'signed_in' || actor.permissions.has(n.permission));
}

export function renderLayout(ctx: LayoutContext, page: Page): string {
  const { t, actor } = ctx;
  const other: Lang = ctx.lang === 'vi' ? 'en' : 'vi';
  const nav = visibleNav(ctx);
  const doc = html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} — ${t('app.name')}</title>
${page.refreshSeconds ? html`<meta http-equiv="refresh" content="${Math.max(1, Math.round(page.refreshSeconds))}">` : ''}
<link rel="stylesheet" href="/static/app.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${(page.scripts ?? []).map((name) => html`<script src="/static/${name}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${t('nav.skip')}</a>
<header class="site-header">
  <div class="wrap header-row">
    <div><a class="brand" href="/">${t('app.name')}</a>${actor?.kind === 'official' ? html`<span class="unit-name">${actor.unitName}</span>` : ''}</div>
    <div class="header-tools">
      <a class="lang-switch" href="/lang/${other}?next=${encodeURIComponent(ctx.path)}" hreflang="${other}" lang="${other}" aria-label="${t('lang.switch_label')}">${t('lang.switch')}</a>
      ${actor
        ? html`<form class="inline" method="post" action="/logout">${csrfField(ctx.csrfToken)}<button class="link-button" type="submit">${t('nav.sign_out')}</button></form>`
        : html`<a href="/login">${t('nav.sign_in')}</a>`}
    </div>
  </div>
  ${nav.length > 0
    ? html`<nav class="wrap main-nav" aria-label="${t('nav.home')}"><ul>${nav.map(
        (n) => html`<li><a href="${n.href}"${ctx.path === n.href ? html` aria-current="page"` : ''}>${t(n.label)}</a></li>`,
      )}</ul></nav>`
    : ''}
</header>
<main id="main" class="wrap" tabindex="-1">
${page.notice ? html`<div class="notice" role="status">${page.notice}</div>` : ''}
${page.body}
</main>
<footer class="site-footer"><div class="wrap">${t('footer.text')}</div></footer>
</body>
</html>`;
  return doc.value;
}
