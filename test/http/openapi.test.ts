import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';

describe('OpenAPI document', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('is a valid OpenAPI 3.1 document describing every /api/v1 route with an operationId', async () => {
    const res = await t.anonymous().get('/api/openapi.json');
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    const paths = Object.keys(doc.paths);
    assert.ok(paths.every((p) => p.startsWith('/api/v1/')), `only the JSON API is documented: ${paths.join(', ')}`);
    for (const p of ['/api/v1/me', '/api/v1/units', '/api/v1/units/{unitId}', '/api/v1/units/{unitId}/officials', '/api/v1/audit']) {
      assert.ok(paths.includes(p), `${p} is documented`);
    }
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops as Record<string, { operationId?: string }>).map((op) => op.operationId));
    assert.ok(ids.every(Boolean), 'every operation has an operationId');
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    assert.ok(ids.includes('createOfficial'));
    // The portal's operations, by the names the issue gives them.
    for (const id of ['listProcedures', 'getProcedure', 'submitApplication', 'getApplicationStatus', 'listMyApplications']) assert.ok(ids.includes(id), `${id} is documented`);
    // Online payment (issue #6), and the gateway's callback with its signature header and body.
    for (const id of ['createPayment', 'getPayment', 'paymentCallback']) assert.ok(ids.includes(id), `${id} is documented`);
    const callback = doc.paths['/api/v1/payments/callback'].post;
    assert.ok(callback.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'x-paygate-signature'), 'the signature header is documented');
    assert.ok(callback.requestBody.content['application/json'].schema.properties.amount, 'the callback body is documented');
    const submit = doc.paths['/api/v1/applications'].post;
    assert.ok(submit.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key'), 'Idempotency-Key is documented');
    assert.ok(submit.responses['201'] && submit.responses['200'] && submit.responses['422'], 'created, replayed and key-reused answers are documented');
  });

  it('answers the API with the documented shapes', async () => {
    const admin = await t.signIn('admin');
    const me = await admin.get('/api/v1/me');
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json().roles, ['system_admin']);
    const units = await admin.get('/api/v1/units');
    assert.equal(units.json().length, t.units.length, 'the province administrator sees every unit');
    const md = t.unit('Xã Mường Đăng');
    const created = await admin.postJson(`/api/v1/units/${md.id}/officials`, {
      username: 'ketoan.muongdang', fullName: 'Lò Thị Kế', password: 'mat-khau-du-dai', roles: ['specialist'],
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().unitId, md.id);
    assert.equal(created.json().twoFactorEnabled, false);
    const taken = await admin.postJson(`/api/v1/units/${md.id}/officials`, { username: 'ketoan.muongdang', fullName: 'X', password: 'mat-khau-du-dai', roles: ['specialist'] });
    assert.equal(taken.statusCode, 422);
    assert.match(taken.json().error.fields.username.vi, /đã được dùng/);
    assert.match(taken.json().error.fields.username.en, /taken/);
  });
});
