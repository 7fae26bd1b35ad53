import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { listUnits } from '../../tenancy/index.ts';

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
  { href: '/account', label: 'home.task.account', permission: 'workspace.view' },
];

async function publicHome(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const t = request.t;
  const units = await listUnits(db);
  const province = units.find((u) => u.kind === 'province');
  const communes = units.filter((u) => u.kind === 'commune' || u.kind === 'ward');
  return reply.page({
    title: t('public.title'),
    body: html`<h1>${t('public.title')}</h1>
<p class="lead">${t('public.intro', { province: province?.name ?? '' })}</p>
<p><a class="button" href="/login">${t('nav.sign_in')}</a></p>
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
        return reply.page({ title: t('home.title'), body: html`<h1>${t('home.greeting', { name: actor.name })}</h1><p>${t('home.citizen_intro')}</p>` });
      }
      const tasks = TASKS.filter((task) => actor.permissions.has(task.permission));
      return reply.page({
        title: t('home.title'),
        body: html`<h1>${t('home.greeting', { name: actor.name })}</h1>
<p>${t('home.unit', { unit: actor.unitName })}<br>${t('home.roles', { roles: actor.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ') })}</p>
${actor.twoFactorEnabled ? '' : html`<div class="warning-text" role="note"><p>${t('two_factor.recommend')} <a href="/account/two-factor">${t('two_factor.recommend_link')}</a></p></div>`}
<h2>${t('home.tasks')}</h2>
<ul class="task-list">${tasks.map((task) => html`<li><a href="${task.href}">${t(task.label)}</a></li>`)}</ul>
<p class="hint">${t('home.coming')}</p>`,
      });
    });
  };
}
