/**
 * `verifyDocument`: POST /api/v1/documents/verify with `{ document: <base64 PDF> }` → the VerificationReport.
 * Public and stateless: no session is needed and nothing is written, so no CSRF token either (other systems
 * call it server to server); rate-limited per address like the page.
 */
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { ErrorSchema, stringEnum } from '../../../platform/http/schema.ts';
import type { SignaturesContext } from '../context.ts';
import { MAX_VERIFY_BYTES, verifyDocument } from '../verify-documents.ts';
import { DEFAULT_REASON_TEXT } from '../verify/index.ts';
import type { ReasonCode } from '../verify/index.ts';
import { VERIFY_RATE, inputProblem } from './verify-input.ts';

/** 20 MB of PDF is 26.7 MB of base64; a little more for line breaks and the JSON around it. */
export const VERIFY_BODY_LIMIT = 28 * 1024 * 1024;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const CheckSchema = Type.Object({
  status: stringEnum(['passed', 'failed', 'unknown'] as const),
  reason: stringEnum(Object.keys(DEFAULT_REASON_TEXT) as ReasonCode[]),
  details: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())]), {
    description: 'Data for the explanation: names (subject), times (ISO 8601), the algorithm, the changes found (page_1_content, field_<name>, …), the cause of a timestamp failure',
  })),
});

const SignerSchema = Type.Object({
  commonName: Nullable(Type.String()),
  organisation: Nullable(Type.String()),
  title: Nullable(Type.String()),
  serialNumber: Type.String({ description: 'Lowercase hex' }),
  issuerCommonName: Nullable(Type.String()),
  fingerprintSha256: Type.String({ description: 'SHA-256 of the certificate, lowercase hex' }),
  keyAlgorithm: Type.String({ description: 'RSA-2048, ECDSA-P256, …' }),
  notBefore: DateTime,
  notAfter: DateTime,
});

const checks = ['byteRange', 'digest', 'signature', 'signingCertificate', 'chain', 'revocation', 'timestamp', 'modifiedAfter'] as const;

const SignatureSchema = Type.Object({
  kind: stringEnum(['signature', 'document-timestamp'] as const),
  fieldName: Nullable(Type.String()),
  subFilter: Nullable(Type.String()),
  status: stringEnum(['valid', 'invalid', 'indeterminate'] as const),
  signer: Nullable(SignerSchema),
  claimedTime: Nullable(Type.String({ description: 'The signature dictionary\'s /M: what the signer\'s software claims' })),
  provenTime: Nullable(Type.String({ description: 'From a valid timestamp only' })),
  provenTimeSource: Nullable(stringEnum(['signature-timestamp', 'document-timestamp'] as const)),
  level: Nullable(stringEnum(['B-B', 'B-T', 'B-LT', 'B-LTA'] as const)),
  byteRange: Nullable(Type.Array(Type.Integer())),
  revision: Nullable(Type.Integer({ description: '1-based revision this signature ends' })),
  coversWholeDocument: Type.Boolean(),
  checks: Type.Object(Object.fromEntries(checks.map((c) => [c, CheckSchema])) as Record<(typeof checks)[number], typeof CheckSchema>),
});

export const VerificationReportSchema = Type.Object({
  status: stringEnum(['valid', 'invalid', 'indeterminate', 'unsigned'] as const),
  signatures: Type.Array(SignatureSchema, { description: 'In file order, earliest revision first' }),
  revisions: Type.Integer(),
  fileSha256: Type.String(),
  verifiedAt: DateTime,
}, { description: 'valid: every signature valid and nothing visible changed after any; invalid: a signature failed or the document was changed after it; indeterminate: nothing failed but something could not be confirmed (e.g. an untrusted root); unsigned: no signature' });

const VerifyBody = Type.Object({
  document: Type.String({ maxLength: VERIFY_BODY_LIMIT, description: `The PDF, base64 (standard or URL-safe alphabet; line breaks allowed), at most ${MAX_VERIFY_BYTES / 1024 / 1024} MB decoded` }),
}, { additionalProperties: false });

function decodeDocument(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const padded = clean.length % 4 === 0 ? clean : clean + '='.repeat(4 - (clean.length % 4));
  if (clean.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(padded)) throw new AppError('signatures.verify.bad_base64', 422);
  return Buffer.from(padded, 'base64');
}

export function verifyApi(ctx: SignaturesContext) {
  return (app: App) => {
    app.post('/api/v1/documents/verify', {
      bodyLimit: VERIFY_BODY_LIMIT,
      config: { permission: 'public', csrfExempt: true, rateLimit: VERIFY_RATE },
      schema: {
        operationId: 'verifyDocument', tags: ['signatures'],
        summary: 'Verify the digital signatures of a PDF (PAdES): signer, claimed and proven time, integrity, chain to a trusted root, revocation, changes after signing',
        description: 'Anyone may call it; nothing is kept. The verdict is in `status`; each signature\'s checks carry stable reason codes. 422 when the file is not a readable PDF (or is encrypted), 413 when it is over 20 MB.',
        body: VerifyBody,
        response: { 200: VerificationReportSchema, 400: ErrorSchema, 413: ErrorSchema, 422: ErrorSchema, 429: ErrorSchema },
      },
    }, async (request) => {
      const bytes = decodeDocument((request.body as { document: string }).document);
      if (bytes.length === 0) throw new AppError('signatures.verify.empty', 422);
      try {
        return await verifyDocument(ctx, bytes);
      } catch (error) {
        throw inputProblem(error);
      }
    });
  };
}
