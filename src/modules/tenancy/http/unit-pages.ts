import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http/app.ts';
import type { OfficialActor } from '../../../platform/http/actor.ts';
import { formFile, formText, idParam } from '../../../platform/http/form.ts';
import type { MessageKey, Translate } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField, errorSummary, textField } from '../../../platform/views/forms.ts';
import type { FieldErrors } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { SEAL_MAX_BYTES, SEAL_MAX_SIDE, SEAL_MIN_SIDE } from '../domain/seal-image.ts';
import { ADDRESS_MAX, SEAL_NAME_MAX, UNIT_NAME_MAX, childKindsOf, isAgency } from '../domain/unit-rules.ts';
import type { UnitFieldsInput } from '../domain/unit-rules.ts';
import { unitIsWithin } from '../domain/unit.ts';
import type { Unit, UnitKind } from '../domain/unit.ts';
import { addChildUnit, updateUnit, uploadSealImage } from '../manage-units.ts';
import { findSealImage, findUnit, hasSealImage, listChildUnits } from '../store.ts';

export interface UnitPagesOptions {
  /** Called after a unit's data changed, e.g. to drop cached sessions that show its name. */
  unitChanged?: (unitId: number) => void;
}

const VIEW = { permission: 'units.view' } as const;
const MANAGE = { permission: 'units.manage' } as const;

/** Which form a failed post came from, what was typed and what is wrong with it. */
interface FormState {
  form: 'edit' | 'child' | 'seal';
  errors: FieldErrors;
  values: Record<string, string>;
}

const pageOf = (unit: Pick<Unit, 'id'>) => `/admin/units/${unit.id}`;
const official = (request: FastifyRequest) => request.actor as OfficialActor;
const byName = (a: Unit, b: Unit) => a.name.localeCompare(b.name, 'vi');

async function unitOf(db: Db, request: FastifyRequest): Promise<Unit> {
  const unit = await findUnit(db, idParam(request, 'unitId'));
  if (!unit) throw new AppError('error.not_found', 404);
  return unit;
}

/** The add form's fields carry a `child` prefix, so that no id on the page repeats one of the edit form's. */
const CHILD_FIELDS = { kind: 'childKind', name: 'childName', code: 'childCode', address: 'childAddress', sealName: 'childSealName' } as const;

function childErrors(errors: Partial<Record<keyof typeof CHILD_FIELDS, MessageKey>>): FieldErrors {
  // The order of the form, for the error summary.
  const order = ['kind', 'name', 'code', 'address', 'sealName'] as const;
  return Object.fromEntries(order.filter((k) => errors[k]).map((k) => [CHILD_FIELDS[k], errors[k]!]));
}

function details(t: Translate, unit: Unit, parent: Unit | undefined, parentVisible: boolean, sealShown: boolean): SafeHtml {
  const agency = isAgency(unit.kind);
  return html`<dl class="summary">
<dt>${t('units.kind')}</dt><dd>${t(`unit.kind.${unit.kind}`)}</dd>
${agency ? html`<dt>${t('units.code')}</dt><dd>${unit.code ?? '—'}</dd>` : ''}
<dt>${t('units.name')}</dt><dd>${unit.name}</dd>
<dt>${t('units.address')}</dt><dd>${unit.address || '—'}</dd>
${agency ? html`<dt>${t('units.seal_name')}</dt><dd>${unit.sealName || '—'}</dd>
<dt>${t('units.seal_image')}</dt><dd>${sealShown ? html`<img class="seal-image" src="${pageOf(unit)}/seal.png" alt="${t('units.seal_image_alt', { unit: unit.name })}">` : t('units.no_seal_image')}</dd>` : ''}
<dt>${t('units.parent')}</dt><dd>${parent ? (parentVisible ? html`<a href="${pageOf(parent)}">${parent.name}</a>` : parent.name) : '—'}</dd>
</dl>`;
}

function childrenTable(t: Translate, unit: Unit, children: Unit[]): SafeHtml {
  return html`<section aria-labelledby="children-title"><h2 id="children-title">${t('units.children')}</h2>
${children.length === 0 ? html`<p>${t('units.no_children')}</p>` : html`<div class="table-wrap" role="region" aria-label="${t('units.children_of', { unit: unit.name })}" tabindex="0"><table>
<caption class="visually-hidden">${t('units.children_of', { unit: unit.name })}</caption>
<thead><tr><th scope="col">${t('units.name')}</th><th scope="col">${t('units.kind')}</th><th scope="col">${t('units.code')}</th><th scope="col">${t('units.address')}</th></tr></thead>
<tbody>${children.map((c) => html`<tr><td><a href="${pageOf(c)}">${c.name}</a></td><td>${t(`unit.kind.${c.kind}`)}</td><td>${c.code ?? '—'}</td><td>${c.address || '—'}</td></tr>`)}</tbody>
</table></div>`}
</section>`;
}

/**
 * A commune's official name and agency code are assigned by the province: its own officials see them
 * but only someone above the unit may change them.
 */
export const mayRename = (actor: { unitPath: string }, unit: Unit) => !(isAgency(unit.kind) && actor.unitPath === unit.path);

function editForm(t: Translate, token: string, unit: Unit, state: FormState | undefined, canRename: boolean): SafeHtml {
  const mine = state?.form === 'edit' ? state : undefined;
  const errors = mine?.errors ?? {};
  const v = mine?.values ?? { name: unit.name, code: unit.code ?? '', address: unit.address, sealName: unit.sealName };
  const agency = isAgency(unit.kind);
  return html`<section aria-labelledby="edit-title"><h2 id="edit-title">${t('units.edit')}</h2>
<form method="post" action="${pageOf(unit)}" novalidate>
${csrfField(token)}
${canRename ? html`${textField(t, { name: 'name', label: t('units.name'), value: v.name, required: true, maxlength: UNIT_NAME_MAX, error: errors.name, autocomplete: 'off' })}
${agency ? textField(t, { name: 'code', label: t('units.code'), value: v.code, required: true, maxlength: 40, error: errors.code, autocomplete: 'off', hint: t('units.code_hint') }) : ''}` : html`<p class="hint">${t('units.assigned_by_province')}</p>`}
${textField(t, { name: 'address', label: t('units.address'), value: v.address, maxlength: ADDRESS_MAX, error: errors.address, autocomplete: 'off' })}
${agency ? textField(t, { name: 'sealName', label: t('units.seal_name'), value: v.sealName, maxlength: SEAL_NAME_MAX, error: errors.sealName, autocomplete: 'off', hint: t('units.seal_name_hint') }) : ''}
<button type="submit" class="button">${t('units.save')}</button>
</form></section>`;
}

function sealForm(t: Translate, token: string, unit: Unit, state: FormState | undefined): SafeHtml {
  const error = state?.form === 'seal' ? state.errors.seal : undefined;
  const hint = t('units.seal_hint', { kb: SEAL_MAX_BYTES / 1024, min: SEAL_MIN_SIDE, max: SEAL_MAX_SIDE });
  return html`<section aria-labelledby="seal-title"><h2 id="seal-title">${t('units.upload_seal')}</h2>
<form method="post" action="${pageOf(unit)}/seal" enctype="multipart/form-data" novalidate>
${csrfField(token)}
<div class="field${error ? ' field-error' : ''}">
  <label for="f-seal">${t('units.seal_file')}</label>
  <p class="hint" id="f-seal-hint">${hint}</p>
  ${error ? html`<p class="error-message" id="f-seal-error">${t(error)}</p>` : ''}
  <input id="f-seal" name="seal" type="file" accept="image/png,.png" required aria-describedby="f-seal-hint${error ? ' f-seal-error' : ''}"${error ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit" class="button secondary">${t('units.seal_submit')}</button>
</form></section>`;
}

function kindChoice(t: Translate, kinds: readonly UnitKind[], chosen: string, error: MessageKey | undefined): SafeHtml {
  const name = CHILD_FIELDS.kind;
  if (kinds.length === 1) {
    return html`<input type="hidden" name="${name}" value="${kinds[0]!}"><p id="f-${name}">${t('units.child_kind')}: ${t(`unit.kind.${kinds[0]!}`)}</p>`;
  }
  return html`<fieldset class="field${error ? ' field-error' : ''}" id="f-${name}"${error ? html` aria-describedby="f-${name}-error"` : ''}>
<legend>${t('units.child_kind')}</legend>
${error ? html`<p class="error-message" id="f-${name}-error">${t(error)}</p>` : ''}
${kinds.map((k) => html`<div class="checkbox"><input type="radio" id="kind-${k}" name="${name}" value="${k}"${k === chosen ? html` checked` : ''}><label for="kind-${k}">${t(`unit.kind.${k}`)}</label></div>`)}
</fieldset>`;
}

function childForm(t: Translate, token: string, unit: Unit, state: FormState | undefined): SafeHtml {
  const kinds = childKindsOf(unit.kind);
  const mine = state?.form === 'child' ? state : undefined;
  const errors = mine?.errors ?? {};
  const v = mine?.values ?? {};
  const chosen = kinds.includes(v[CHILD_FIELDS.kind] as UnitKind) ? v[CHILD_FIELDS.kind]! : kinds[0]!;
  // Without JavaScript the form cannot change with the kind chosen: the kinds on offer are all agencies, or all villages.
  const agency = kinds.some(isAgency);
  const field = (key: 'name' | 'code' | 'address' | 'sealName', label: string, maxlength: number, extra: { required?: boolean; hint?: string } = {}) =>
    textField(t, { name: CHILD_FIELDS[key], label, value: v[CHILD_FIELDS[key]], maxlength, error: errors[CHILD_FIELDS[key]], autocomplete: 'off', ...extra });
  return html`<section aria-labelledby="add-title"><h2 id="add-title">${t('units.add_child')}</h2>
<form method="post" action="${pageOf(unit)}/children" novalidate>
${csrfField(token)}
${kindChoice(t, kinds, chosen, errors[CHILD_FIELDS.kind])}
${field('name', t('units.name'), UNIT_NAME_MAX, { required: true })}
${agency ? field('code', t('units.code'), 40, { required: true, hint: t('units.code_hint') }) : ''}
${field('address', t('units.address'), ADDRESS_MAX)}
${agency ? field('sealName', t('units.seal_name'), SEAL_NAME_MAX, { hint: t('units.seal_name_hint') }) : ''}
<button type="submit" class="button">${t('units.add_submit')}</button>
</form></section>`;
}

async function unitPage(db: Db, request: FastifyRequest, reply: FastifyReply, unit: Unit, state?: FormState) {
  const t = request.t;
  const actor = official(request);
  const manage = actor.permissions.has('units.manage');
  const parent = unit.parentId === null ? undefined : await findUnit(db, unit.parentId);
  const parentVisible = parent !== undefined && unitIsWithin(parent, { path: actor.unitPath });
  const children = (await listChildUnits(db, unit.id)).sort(byName);
  const agency = isAgency(unit.kind);
  const sealShown = agency && (await hasSealImage(db, unit.id));
  const token = request.csrfToken();
  return reply.page(
    {
      title: unit.name,
      body: html`<p><a href="/units">← ${t('units.back')}</a></p>
<h1>${unit.name}</h1>
${state ? errorSummary(t, state.errors) : ''}
${details(t, unit, parent, parentVisible, sealShown)}
${agency && actor.permissions.has('officials.view') ? html`<p><a href="${pageOf(unit)}/officials">${t('units.officials_link')}</a></p>` : ''}
${childrenTable(t, unit, children)}
${manage ? html`${editForm(t, token, unit, state, mayRename(actor, unit))}
${agency ? sealForm(t, token, unit, state) : ''}
${childKindsOf(unit.kind).length > 0 ? childForm(t, token, unit, state) : ''}` : ''}`,
    },
    state ? 400 : 200,
  );
}

const editInput = (request: FastifyRequest): UnitFieldsInput => ({
  name: formText(request, 'name', 1000), code: formText(request, 'code', 1000), address: formText(request, 'address', 2000), sealName: formText(request, 'sealName', 1000),
});

export function unitPages(db: Db, options: UnitPagesOptions = {}) {
  return (app: App) => {
    app.get('/admin/units/:unitId', { config: VIEW }, async (request, reply) => unitPage(db, request, reply, await unitOf(db, request)));

    app.post('/admin/units/:unitId', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(db, request);
      const input = editInput(request);
      const actor = request.actor;
      if (actor?.kind !== 'official') throw new AppError('error.forbidden', 403);
      if (!mayRename(actor, unit)) Object.assign(input, { name: unit.name, code: unit.code ?? '' });
      const result = await updateUnit(db, auditActorOf(request), unit, input);
      if (!result.ok) return unitPage(db, request, reply, unit, { form: 'edit', errors: result.errors, values: { ...input } });
      options.unitChanged?.(unit.id);
      return reply.redirectWithNotice(pageOf(unit), 'units.saved', { name: result.unit.name });
    });

    app.post('/admin/units/:unitId/children', { config: MANAGE }, async (request, reply) => {
      const parent = await unitOf(db, request);
      const values = Object.fromEntries(Object.values(CHILD_FIELDS).map((name) => [name, formText(request, name, name === CHILD_FIELDS.address ? 2000 : 1000)]));
      const result = await addChildUnit(db, auditActorOf(request), parent, {
        kind: values.childKind!, name: values.childName!, code: values.childCode!, address: values.childAddress!, sealName: values.childSealName!,
      });
      if (!result.ok) return unitPage(db, request, reply, parent, { form: 'child', errors: childErrors(result.errors), values });
      return reply.redirectWithNotice(pageOf(parent), 'units.created', { name: result.unit.name });
    });

    app.post('/admin/units/:unitId/seal', { config: { ...MANAGE, multipart: true } }, async (request, reply) => {
      const unit = await unitOf(db, request);
      const file = formFile(request, 'seal');
      const result = await uploadSealImage(db, auditActorOf(request), unit, file);
      if (!result.ok) return unitPage(db, request, reply, unit, { form: 'seal', errors: { seal: result.error }, values: {} });
      return reply.redirectWithNotice(pageOf(unit), 'units.seal_uploaded');
    });

    app.get('/admin/units/:unitId/seal.png', { config: VIEW }, async (request, reply) => {
      const unit = await unitOf(db, request);
      const seal = isAgency(unit.kind) ? await findSealImage(db, unit.id) : undefined;
      if (!seal) throw new AppError('error.not_found', 404);
      return reply
        .header('content-type', 'image/png')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'inline; filename="seal.png"')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(seal.image));
    });
  };
}
