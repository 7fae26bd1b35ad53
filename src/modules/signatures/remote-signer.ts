/**
 * A Signer whose private key lives elsewhere: a remote signing service or an HSM behind an HTTP front
 * (`SIGNING_REMOTE_URL`, `SIGNING_REMOTE_TOKEN`). This server sends only what is signed — the DER of the signed
 * attributes, a few hundred bytes — never the document, and gets the raw signature back.
 *
 *   POST {url}   Authorization: Bearer {token}
 *   { "keyId": "<SHA-256 fingerprint of the certificate, hex>", "algorithm": "SHA256withRSA" | "SHA256withECDSA",
 *     "data": "<base64 of the bytes to sign>" }
 *   200 { "signature": "<base64: PKCS#1 v1.5, or ECDSA (r, s) as DER>" }
 *
 * The PAdES builder checks every signature against the certificate before embedding it, so a service that
 * answers with another key's signature is caught at once.
 */
import { certificateFingerprint } from './pki/index.ts';
import type { KeyAlgorithm, Signer } from './domain/ports.ts';

export interface RemoteSignerConfig {
  url: string;
  token: string;
  timeoutMs?: number;
}

export class RemoteSigningError extends Error {
  constructor(message: string) {
    super(`remote signing service: ${message}`);
  }
}

export function createRemoteSigner(config: RemoteSignerConfig, identity: { algorithm: KeyAlgorithm; certificate: Uint8Array; chain: readonly Uint8Array[] }): Signer {
  const keyId = certificateFingerprint(identity.certificate);
  return {
    algorithm: identity.algorithm,
    certificate: identity.certificate,
    chain: [...identity.chain],
    async sign(data: Uint8Array): Promise<Uint8Array> {
      let response: Response;
      try {
        response = await fetch(config.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
          body: JSON.stringify({ keyId, algorithm: identity.algorithm === 'RSA-2048' ? 'SHA256withRSA' : 'SHA256withECDSA', data: Buffer.from(data).toString('base64') }),
          signal: AbortSignal.timeout(config.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new RemoteSigningError(`unreachable (${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message})`);
      }
      if (!response.ok) throw new RemoteSigningError(`answered ${response.status}`);
      const body = (await response.json().catch(() => null)) as { signature?: unknown } | null;
      if (!body || typeof body.signature !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(body.signature)) throw new RemoteSigningError('answered without a base64 signature');
      return new Uint8Array(Buffer.from(body.signature, 'base64'));
    },
  };
}
