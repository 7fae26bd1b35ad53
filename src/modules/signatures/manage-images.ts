/** An official's handwritten signature image (blue, transparent PNG), drawn in their visible signatures. */
import crypto from 'node:crypto';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { readPng, SEAL_MAX_BYTES, SEAL_MAX_SIDE, SEAL_MIN_SIDE } from '../tenancy/index.ts';
import type { SignaturesContext } from './context.ts';
import { saveSignatureImageInTrx } from './store.ts';

/** What is wrong with a signature image, or null: a real PNG (checked from its bytes), ≤ 512 KB, 50–2000 px a side. */
export function signatureImageProblem(bytes: Uint8Array, truncated = false): MessageKey | null {
  if (bytes.length === 0 && !truncated) return 'signatures.image_required';
  if (truncated || bytes.length > SEAL_MAX_BYTES) return 'signatures.image_too_large';
  const png = readPng(bytes);
  if (!png) return 'signatures.image_not_png';
  const fits = (side: number) => side >= SEAL_MIN_SIDE && side <= SEAL_MAX_SIDE;
  if (!fits(png.width) || !fits(png.height)) return 'signatures.image_bad_dimensions';
  return null;
}

export async function saveSignatureImage(ctx: Pick<SignaturesContext, 'db'>, audit: AuditActor, owner: { officialId: number; unitId: number }, upload: { data: Uint8Array; truncated?: boolean } | undefined): Promise<{ ok: true } | { ok: false; error: MessageKey }> {
  const problem = signatureImageProblem(upload?.data ?? new Uint8Array(), upload?.truncated);
  if (problem) return { ok: false, error: problem };
  const png = readPng(upload!.data)!;
  await ctx.db.transaction().execute(async (trx) => {
    await saveSignatureImageInTrx(trx, owner.officialId, upload!.data);
    await recordAuditInTrx(trx, audit, {
      action: 'signatures.signature_image_uploaded', unitId: owner.unitId, targetType: 'official', targetId: owner.officialId,
      details: { bytes: upload!.data.length, width: png.width, height: png.height, sha256: crypto.createHash('sha256').update(upload!.data).digest('hex') },
    });
  });
  return { ok: true };
}
