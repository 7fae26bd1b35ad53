/** Audit: the tamper-evident log of every write. Other modules use only this file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import type { AuditActor } from './record-audit.ts';

export type { AuditActor, AuditEvent } from './record-audit.ts';
export type { AuditEntry, ChainVerdict } from './domain/chain.ts';
export { recordAuditInTrx, SYSTEM_ACTOR } from './record-audit.ts';
export { verifyAuditLog } from './verify-audit-log.ts';
export { listAuditEntries, countAuditEntries } from './list-audit-entries.ts';
export { auditRoutes, auditNav } from './http/routes.ts';
export { auditActionLabel, auditActorLabel, auditTargetLabel } from './http/labels.ts';

export const auditMigrations: MigrationSource = {
  module: 'audit',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

/** The audit actor of a web request: the signed-in person (or anonymous), their unit, IP and browser. */
export function auditActorOf(request: FastifyRequest): AuditActor {
  const actor = request.actor;
  const base = { ip: request.ip ?? '', userAgent: String(request.headers['user-agent'] ?? '') };
  if (!actor) return { kind: 'anonymous', id: null, name: '', unitId: null, ...base };
  if (actor.kind === 'citizen') return { kind: 'citizen', id: actor.id, name: actor.name, unitId: null, ...base };
  return { kind: 'official', id: actor.id, name: actor.name, unitId: actor.unitId, ...base };
}
