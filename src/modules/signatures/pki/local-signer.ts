/**
 * A Signer (ports.ts) over a private key held by this server: the built-in CA's officials and seals,
 * or a key imported from PKCS#12. A remote signing service or an HSM implements the same interface.
 */
import crypto, { type KeyObject } from 'node:crypto';
import type { KeyAlgorithm, Signer } from '../domain/ports.ts';
import { keyAlgorithmOf, keyMatchesCertificate } from './asn1.ts';
import { PkiError } from './errors.ts';

export interface LocalSignerInput {
  readonly privateKey: KeyObject;
  /** The signer's certificate, DER. */
  readonly certificate: Uint8Array;
  /** Issuing CA certificates from the signer's issuer up to the root, DER. */
  readonly chain?: readonly Uint8Array[];
}

/**
 * Checks once that the key is supported and belongs to the certificate, so a mix-up shows when the
 * signer is made rather than as an invalid signature in a citizen's document.
 */
export function createLocalSigner(input: LocalSignerInput): Signer {
  if (input.privateKey.type !== 'private') throw new PkiError('pki.unsupported_key', 'a signer needs a private key');
  const algorithm: KeyAlgorithm = keyAlgorithmOf(input.privateKey);
  if (!keyMatchesCertificate(input.privateKey, input.certificate)) {
    throw new PkiError('pki.key_mismatch', 'the private key does not belong to the certificate');
  }
  const key = input.privateKey;
  return {
    algorithm,
    certificate: input.certificate,
    chain: [...(input.chain ?? [])],
    sign(data: Uint8Array): Promise<Uint8Array> {
      // The callback form runs in libuv's thread pool: an RSA signature (~1.5 ms) does not hold up
      // the event loop. Default RSA padding is PKCS#1 v1.5; ECDSA is (r, s) as DER.
      return new Promise((resolve, reject) => {
        crypto.sign('sha256', data, { key, dsaEncoding: 'der' }, (error, signature) => {
          if (error) reject(error);
          else resolve(new Uint8Array(signature));
        });
      });
    },
  };
}
