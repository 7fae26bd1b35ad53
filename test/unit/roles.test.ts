import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COMMUNE_ROLES,
  PERMISSIONS,
  PROVINCE_ROLES,
  ROLES,
  ROLE_PERMISSIONS,
  isRole,
  permissionsOf,
  rolesAllowedIn,
  type Permission,
  type Role,
} from '../../src/modules/identity/domain/roles.ts';
import { UNIT_KINDS } from '../../src/modules/tenancy/domain/unit.ts';

const can = (role: Role, permission: Permission) => permissionsOf([role]).has(permission);

test('the role table covers exactly the known roles and names only known permissions', () => {
  assert.deepEqual(Object.keys(ROLE_PERMISSIONS).sort(), [...ROLES].sort());
  for (const role of ROLES) {
    const granted = ROLE_PERMISSIONS[role];
    assert.ok(granted.length > 0, `${role} grants nothing`);
    assert.equal(new Set(granted).size, granted.length, `${role} lists a permission twice`);
    for (const p of granted) assert.ok((PERMISSIONS as readonly string[]).includes(p), `${role} grants unknown ${p}`);
  }
  assert.equal(new Set(ROLES).size, ROLES.length);
  assert.equal(new Set(PERMISSIONS).size, PERMISSIONS.length);
});

test('every official can see the workspace', () => {
  for (const role of ROLES) assert.ok(can(role, 'workspace.view'), role);
});

test('commune and province roles split the role list with no overlap', () => {
  const commune = new Set(COMMUNE_ROLES);
  for (const r of PROVINCE_ROLES) assert.ok(!commune.has(r), `${r} is in both`);
  assert.deepEqual([...COMMUNE_ROLES, ...PROVINCE_ROLES].sort(), [...ROLES].sort());
});

test('rolesAllowedIn: provincial roles in the province, commune roles in communes and wards, none in villages', () => {
  const province = rolesAllowedIn('province');
  assert.ok(province.includes('provincial_supervisor'));
  assert.ok(province.includes('system_admin'));
  assert.ok(!province.includes('chairman'));
  assert.ok(!province.includes('clerk'));

  for (const kind of ['commune', 'ward'] as const) {
    const roles = rolesAllowedIn(kind);
    assert.ok(roles.includes('chairman'), kind);
    assert.ok(roles.includes('clerk'), kind);
    assert.ok(roles.includes('one_stop_officer'), kind);
    assert.ok(!roles.includes('system_admin'), kind);
    assert.ok(!roles.includes('provincial_supervisor'), kind);
  }
  assert.deepEqual([...rolesAllowedIn('village')], []);
  // Every unit kind has an answer, and every answer holds only real roles.
  for (const kind of UNIT_KINDS) for (const r of rolesAllowedIn(kind)) assert.ok(isRole(r), `${kind}: ${r}`);
});

test('only the chairman and the system admin manage officials and units', () => {
  const managers = ROLES.filter((r) => can(r, 'officials.manage')).sort();
  assert.deepEqual(managers, ['chairman', 'system_admin']);
  assert.deepEqual(ROLES.filter((r) => can(r, 'units.manage')).sort(), ['chairman', 'system_admin']);
  assert.equal(can('clerk', 'officials.manage'), false);
  assert.equal(can('vice_chairman', 'officials.manage'), false);
  assert.equal(can('one_stop_officer', 'officials.manage'), false);
  assert.equal(can('chairman', 'officials.manage'), true);
});

test('audit log access: leadership and the province, not front-line staff', () => {
  assert.equal(can('chairman', 'audit.view'), true);
  assert.equal(can('vice_chairman', 'audit.view'), true);
  assert.equal(can('provincial_supervisor', 'audit.view'), true);
  assert.equal(can('clerk', 'audit.view'), false);
  assert.equal(can('one_stop_officer', 'audit.view'), false);
  assert.equal(can('specialist', 'audit.view'), false);
  assert.equal(can('digital_team_member', 'audit.view'), false);
});

test('the provincial supervisor oversees but does not manage', () => {
  assert.equal(can('provincial_supervisor', 'officials.view'), true);
  assert.equal(can('provincial_supervisor', 'officials.manage'), false);
  assert.equal(can('provincial_supervisor', 'units.manage'), false);
});

test('permissionsOf is the union of the roles held', () => {
  assert.equal(permissionsOf([]).size, 0);
  const clerkAndVice = permissionsOf(['clerk', 'vice_chairman']);
  assert.deepEqual([...clerkAndVice].sort(), ['audit.view', 'documents.approve', 'documents.assign', 'documents.draft', 'documents.handle', 'documents.issue', 'documents.register', 'documents.view', 'officials.view', 'payments.view', 'records.approve', 'records.seal', 'records.view', 'reports.submit', 'reports.view', 'units.view', 'workspace.view']);
  assert.equal(clerkAndVice.has('officials.manage'), false);
  // A chairman holds every permission but the development sink's and the catalogue editor's (the province's), and
  // filing for citizens (the desk's and the digital team's).
  assert.deepEqual([...permissionsOf(['chairman'])].sort(), PERMISSIONS.filter((p) => !['notifications.dev_sink', 'catalogue.manage', 'records.assist', 'calendar.manage', 'portal_sync.view', 'records.intake', 'records.process', 'records.seal', 'payments.refund_request', 'reports.configure', 'reports.request', 'documents.register', 'documents.issue'].includes(p)).sort());
  const holders = (p: Permission) => Object.entries(ROLE_PERMISSIONS).filter(([, ps]) => ps.includes(p)).map(([r]) => r).sort();
  assert.deepEqual(holders('notifications.dev_sink'), ['system_admin']);
  assert.deepEqual(holders('catalogue.manage'), ['system_admin']);
  assert.deepEqual(holders('calendar.manage'), ['system_admin']);
  assert.deepEqual(holders('portal_sync.view'), ['provincial_supervisor', 'system_admin']);
  // Reporting: leaders and the province read the indicators; the province sets the scoring and sends report requests.
  assert.deepEqual(holders('reports.view'), ['chairman', 'provincial_supervisor', 'vice_chairman']);
  assert.deepEqual(holders('reports.configure'), ['provincial_supervisor']);
  assert.deepEqual(holders('reports.request'), ['provincial_supervisor']);
  assert.deepEqual(holders('reports.submit'), ['chairman', 'clerk', 'vice_chairman']);
  // Documents: the clerk (văn thư) registers, numbers and issues; the leaders assign and approve.
  assert.deepEqual(holders('documents.register'), ['clerk']);
  assert.deepEqual(holders('documents.issue'), ['clerk']);
  assert.deepEqual(holders('documents.approve'), ['chairman', 'vice_chairman']);
  assert.deepEqual(holders('documents.assign'), ['chairman', 'vice_chairman']);
  assert.deepEqual(holders('records.assist'), ['digital_team_member', 'one_stop_officer']);
  assert.deepEqual(holders('records.intake'), ['one_stop_officer']);
  assert.deepEqual(holders('records.process'), ['specialist']);
  assert.deepEqual(holders('records.approve'), ['chairman', 'vice_chairman']);
  // Refunds, four eyes: the desk asks, the chairman decides (and the database refuses an approval by the requester).
  assert.deepEqual(holders('payments.refund_request'), ['one_stop_officer']);
  assert.deepEqual(holders('payments.refund_approve'), ['chairman']);
  // The digital team helps file, but reads no commune records beyond those it filed.
  assert.equal(can('digital_team_member', 'records.view'), false);
});

test('isRole accepts only the listed role names', () => {
  for (const r of ROLES) assert.equal(isRole(r), true);
  for (const v of ['Chairman', 'admin', '', ' clerk', 'clerk ', null, undefined, 1, {}, ['clerk'], 'toString', '__proto__']) {
    assert.equal(isRole(v), false, JSON.stringify(v) ?? String(v));
  }
});

test('payments: the list for who reads records and the province supervisor; reconciliation for the chairman and the system admin', () => {
  assert.deepEqual(ROLES.filter((r) => can(r, 'payments.view')).sort(), ['chairman', 'clerk', 'one_stop_officer', 'provincial_supervisor', 'specialist', 'vice_chairman']);
  for (const role of ROLES) if (can(role, 'records.view')) assert.ok(can(role, 'payments.view'), role);
  assert.deepEqual(ROLES.filter((r) => can(r, 'payments.reconcile')).sort(), ['chairman', 'system_admin']);
});
