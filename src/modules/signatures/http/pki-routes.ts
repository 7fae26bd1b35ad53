/**
 * What the install publishes for relying parties, at the addresses written into its certificates (pkiUrls):
 * the root's and the province CA's certificates (DER), their current CRLs (DER, reissued at most every few
 * minutes), and the built-in timestamp authority over HTTP (RFC 3161 §3.4: application/timestamp-query in,
 * application/timestamp-reply out). Public, no session, no CSRF: PDF readers, openssl and other servers call them.
 */
import type { FastifyReply } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { authorities, currentCrls } from '../authorities.ts';
import type { SignaturesContext } from '../context.ts';

/** A TimeStampReq is a SHA-256 imprint, a policy, a nonce and a flag: a few hundred bytes. */
export const TSA_BODY_LIMIT = 4096;
const TSA_RATE = { max: 60, timeWindow: '1 minute' };
const PUBLISHED = { permission: 'public', skipSession: true } as const;
/** A CRL is valid for a day and reissued every five minutes at most (authorities.ts): caches may keep it a few minutes. */
const CRL_MAX_AGE = 300;
const CERT_MAX_AGE = 86400;

const der = (reply: FastifyReply, type: string, fileName: string, maxAge: number, bytes: Uint8Array) => reply
  .header('content-type', type)
  .header('content-disposition', `attachment; filename="${fileName}"`)
  .header('cache-control', `public, max-age=${maxAge}`)
  .send(Buffer.from(bytes));

export function pkiRoutes(ctx: SignaturesContext) {
  return async (app: App) => {
    app.get('/pki/root.crt', { config: PUBLISHED }, async (_request, reply) => der(reply, 'application/pkix-cert', 'root.crt', CERT_MAX_AGE, (await authorities(ctx)).root.certificate));
    app.get('/pki/province-ca.crt', { config: PUBLISHED }, async (_request, reply) => der(reply, 'application/pkix-cert', 'province-ca.crt', CERT_MAX_AGE, (await authorities(ctx)).provinceCa.certificate));
    // currentCrls: [the root's, the province CA's].
    app.get('/pki/root.crl', { config: PUBLISHED }, async (_request, reply) => der(reply, 'application/pkix-crl', 'root.crl', CRL_MAX_AGE, (await currentCrls(ctx))[0]!));
    app.get('/pki/province-ca.crl', { config: PUBLISHED }, async (_request, reply) => der(reply, 'application/pkix-crl', 'province-ca.crl', CRL_MAX_AGE, (await currentCrls(ctx))[1]!));

    // The raw-body parser exists only inside this plugin: no other route accepts application/timestamp-query.
    await app.register(async (tsaScope: App) => {
      tsaScope.addContentTypeParser('application/timestamp-query', { parseAs: 'buffer', bodyLimit: TSA_BODY_LIMIT }, (_request, body, done) => done(null, body));
      tsaScope.post('/tsa', { bodyLimit: TSA_BODY_LIMIT, config: { ...PUBLISHED, csrfExempt: true, rateLimit: TSA_RATE } }, async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) throw new AppError('error.unsupported_media_type', 415);
        // respond() never throws on a bad request: it answers with a rejection (PKIStatus 2 and a failure bit).
        const answer = await (await authorities(ctx)).tsa.respond(new Uint8Array(request.body));
        return reply.header('content-type', 'application/timestamp-reply').header('cache-control', 'no-store').send(Buffer.from(answer));
      });
    });
  };
}
