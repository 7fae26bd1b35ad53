import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { auditActionLabel, auditActorLabel, listAuditEntries } from '../../audit/index.ts';
import { summariseOfficials } from '../../identity/index.ts';
import { listUnits, listUnitsWithin } from '../../tenancy/index.ts';
import { countQueues } from '../../records/index.ts';
import { monthOf, reportUnits, settingsFor } from '../../reports/index.ts';
import type { Queue } from '../../records/index.ts';
import type { Unit } from '../../tenancy/index.ts';

interface Task {
  href: string;
  label: MessageKey;
  permission: string;
}

/** What each official sees on their home page, by permission; modules add theirs as they land. */
const TASKS: Task[] = [
  { href: '/admin/officials', label: 'home.task.officials', permission: 'officials.view' },
  { href: '/audit', label: 'home.task.audit', permission: 'audit.view' },
  { href: '/units', label: 'home.task.units', permission: 'units.view' },
  { href: '/admin/records', label: 'home.task.records', permission: 'records.view' },
  { href: '/thu-tuc', label: 'home.task.assist', permission: 'records.assist' },
  { href: '/ho-so', label: 'home.task.assisted', permission: 'records.assist' },
  { href: '/admin/procedures', label: 'home.task.catalogue', permission: 'catalogue.manage' },
  { href: '/admin/reports', label: 'home.task.reports', permission: 'reports.view' },
  { href: '/account', label: 'home.task.account', permission: 'workspace.view' },
];

/** The leaders' glance at this month's service index: score, rating and the key rates against their targets. */
async function indicatorsPanel(db: Db, request: FastifyRequest, unit: Unit): Promise<SafeHtml> {
  const t = request.t;
  const now = new Date();
  const period = monthOf(now);
  const { settings } = await settingsFor(db, unit);
  const [report] = await reportUnits(db, [unit], period, settings, now);
  const card = report!.card;
  const shown = card.indicators.filter((i) => ['2.1', '3.3', '3.6', '4.2'].includes(i.id));
  const number = (v: number) => new Intl.NumberFormat(request.lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(v);
  return html`<section aria-labelledby="index-title"><h2 id="index-title">${t('home.index_title')}</h2>
<p>${t('home.index_score', { total: number(card.total), attainable: number(card.attainable) })}${card.label ? html` · <span class="badge label-${card.label}">${t(`reports.label.${card.label}` as MessageKey)}</span>` : ''}</p>
<ul class="queue-counts">${shown.map((i) => html`<li><a href="/admin/units/${unit.id}/reports"><span class="count${i.meetsTarget === false ? ' alert' : ''}">${i.rate === null ? t('reports.na') : `${number(i.rate)} %`}</span> ${t(`reports.indicator.${i.id}` as MessageKey)}</a></li>`)}</ul>
<p><a href="/admin/units/${unit.id}/reports">${t('home.index_link')}</a></p></section>`;
}

/** The workqueues of the official's units, with counts; each links to its list. */
async function recordsPanel(db: Db, request: FastifyRequest, unitIds: number[]): Promise<SafeHtml> {
  const t = request.t;
  const actor = request.actor!;
  const counts = await countQueues(db, unitIds, { holderId: actor.id, now: new Date(), soonMs: 24 * 3600_000 });
  const base = actor.kind === 'official' ? `/admin/units/${actor.unitId}/records` : '/admin/records';
  const shown: Queue[] = ['new', 'mine', 'due_soon', 'overdue', 'waiting', 'to_return'];
  return html`<section aria-labelledby="queues-title"><h2 id="queues-title">${t('home.queues')}</h2>
<ul class="queue-counts">${shown.map((q) => html`<li><a href="${base}?queue=${q}"><span class="count${q === 'overdue' && counts[q] > 0 ? ' alert' : ''}">${counts[q]}</span> ${t(`records.queue.${q}` as MessageKey)}</a></li>`)}</ul></section>`;
}

/** Leaders and supervisors see how their units' accounts stand: a province sees every commune. */
async function accountsPanel(db: Db, request: FastifyRequest, inReach: Unit[]): Promise<SafeHtml> {
  const t = request.t;
  const units = inReach.filter((u) => u.kind !== 'village');
  const summary = new Map((await summariseOfficials(db, units.map((u) => u.id))).map((s) => [s.unitId, s]));
  return html`<section><h2 id="accounts-title">${t('home.accounts_title')}</h2>
<div class="table-wrap" role="region" aria-labelledby="accounts-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('home.accounts_unit')}</th><th scope="col">${t('home.accounts_total')}</th><th scope="col">${t('home.accounts_two_factor')}</th><th scope="col">${t('home.accounts_disabled')}</th></tr></thead>
<tbody>${units.map((u) => {
    const s = summary.get(u.id);
    return html`<tr><td><a href="/admin/units/${u.id}/officials">${u.name}</a></td><td>${s?.total ?? 0}</td><td>${s?.twoFactor ?? 0}</td><td>${s?.disabled ?? 0}</td></tr>`;
  })}</tbody></table></div></section>`;
}

async function recentActivityPanel(db: Db, request: FastifyRequest, inReach: Unit[]): Promise<SafeHtml> {
  const t = request.t;
  const scope = inReach.map((u) => u.id);
  const entries = await listAuditEntries(db, scope, { limit: 5 });
  return html`<section aria-labelledby="recent-title"><h2 id="recent-title">${t('home.recent_title')}</h2>
<ul class="activity">${entries.map(
    (e) => html`<li><time datetime="${e.at.toISOString()}">${formatDateTime(request.lang, e.at)}</time> · ${auditActorLabel(t, e)} · ${auditActionLabel(t, e.action)}</li>`,
  )}</ul>
<p><a href="/audit">${t('home.recent_all')}</a></p></section>`;
}

/** A commune's leaders see their commune's indicators; the province's supervisor, the way to the ranking. */
async function leaderIndicators(db: Db, request: FastifyRequest, inReach: Unit[], unitId: number): Promise<SafeHtml | ''> {
  const own = inReach.find((u) => u.id === unitId);
  if (!own) return '';
  if (own.kind === 'commune' || own.kind === 'ward') return indicatorsPanel(db, request, own);
  return html`<p><a class="button secondary" href="/admin/units/${own.id}/reports/ranking">${request.t('home.index_ranking')}</a></p>`;
}

async function publicHome(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const t = request.t;
  const units = await listUnits(db);
  const province = units.find((u) => u.kind === 'province');
  const communes = units.filter((u) => u.kind === 'commune' || u.kind === 'ward');
  return reply.page({
    title: t('public.title'),
    body: html`<h1>${t('public.title')}</h1>
<p class="lead">${t('public.intro', { province: province?.name ?? '' })}</p>
<p><a class="button" href="/thu-tuc">${t('public.procedures_link')}</a> <a href="/chi-so">${t('public.index_link')}</a> <a href="/xac-thuc">${t('public.verify_link')}</a> <a href="/login">${t('nav.sign_in')}</a></p>
${communes.length > 0 ? html`<h2>${t('public.units')}</h2><ul class="unit-list">${communes.map((u) => html`<li><strong>${u.name}</strong><br><small>${u.address}</small></li>`)}</ul>` : ''}`,
  });
}

export function homeRoutes(db: Db) {
  return (app: App) => {
    app.get('/', { config: { permission: 'public' } }, async (request, reply) => {
      const actor = request.actor;
      const t = request.t;
      if (!actor) return publicHome(db, request, reply);
      if (actor.pending) return reply.redirect(actor.pending === 'change_password' ? '/account' : '/account/two-factor', 303);
      if (actor.kind === 'citizen') {
        return reply.page({ title: t('home.title'), body: html`<h1>${t('home.greeting', { name: actor.name })}</h1><p>${t('home.citizen_intro')}</p>
<ul class="task-list"><li><a href="/thu-tuc">${t('home.citizen.file')}</a></li><li><a href="/ho-so">${t('home.citizen.mine')}</a></li><li><a href="/tra-cuu">${t('home.citizen.track')}</a></li></ul>` });
      }
      const tasks = TASKS.filter((task) => actor.permissions.has(task.permission));
      // Read once for both leader panels; other roles' home pages touch no data beyond the session.
      const inReach = actor.permissions.has('officials.view') || actor.permissions.has('audit.view') || actor.permissions.has('records.view') ? await listUnitsWithin(db, actor.unitPath) : undefined;
      return reply.page({
        title: t('home.title'),
        body: html`<h1>${t('home.greeting', { name: actor.name })}</h1>
<p>${t('home.unit', { unit: actor.unitName })}</p>
<h2>${t('home.your_roles')}</h2>
<dl class="roles">${actor.roles.map((r) => html`<dt>${t(`role.${r}` as MessageKey)}</dt><dd>${t(`role_intro.${r}` as MessageKey)}</dd>`)}</dl>
${actor.twoFactorEnabled ? '' : html`<div class="warning-text" role="note"><p>${t('two_factor.recommend')} <a href="/account/two-factor">${t('two_factor.recommend_link')}</a></p></div>`}
<h2>${t('home.tasks')}</h2>
<ul class="task-list">${tasks.map((task) => html`<li><a href="${task.href}">${t(task.label)}</a></li>`)}</ul>
${inReach && actor.permissions.has('reports.view') ? await leaderIndicators(db, request, inReach, actor.unitId) : ''}
${inReach && actor.permissions.has('records.view') ? await recordsPanel(db, request, inReach.map((u) => u.id)) : ''}
${inReach && actor.permissions.has('officials.view') ? await accountsPanel(db, request, inReach) : ''}
${inReach && actor.permissions.has('audit.view') ? await recentActivityPanel(db, request, inReach) : ''}
<p class="hint">${t('home.coming')}</p>`,
      });
    });
  };
}
