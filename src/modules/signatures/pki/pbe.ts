/**
 * Password-based decryption and MAC for PKCS#12 (RFC 7292, RFC 8018), done with Node's crypto rather
 * than pkijs's WebCrypto engine: WebCrypto has no 3DES and no PKCS#12 key derivation, which the
 * `-legacy` files (and Windows exports) need. Supported:
 *   PBES2 + PBKDF2 (HMAC-SHA1/224/256/384/512) + AES-128/192/256-CBC or DES-EDE3-CBC  (OpenSSL 3 default)
 *   pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd2-KeyTripleDES-CBC                    (-legacy keys)
 *   pbeWithSHAAnd40BitRC2-CBC, pbeWithSHAAnd128BitRC2-CBC                               (-legacy certificates)
 * Anything else is refused with the algorithm's name.
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './errors.ts';
import { rc2CbcDecrypt } from './rc2.ts';

/** Above this a file is refused rather than tying up the CPU (OpenSSL writes 2048, Windows 2000). */
const MAX_ITERATIONS = 10_000_000;

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const PBKDF2_PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const PBES2_CIPHERS: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
};
const PKCS12_PBE: Record<string, { cipher: string; keyLength: number; rc2Bits?: number }> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLength: 16, rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLength: 5, rc2Bits: 40 },
};
const NAMES: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.5.3': 'pbeWithMD5AndDES-CBC',
  '1.2.840.113549.1.5.10': 'pbeWithSHA1AndDES-CBC',
  '1.2.840.113549.1.5.14': 'PBMAC1',
};

/** Decrypts `data` encrypted under `algorithm` (an AlgorithmIdentifier from the file) with `password`. */
export function decryptWithPassword(algorithm: pkijs.AlgorithmIdentifier, data: Uint8Array, password: string): Uint8Array {
  const oid = algorithm.algorithmId;
  try {
    if (oid === '1.2.840.113549.1.5.13') return decryptPbes2(algorithm.algorithmParams, data, password);
    const pbe = PKCS12_PBE[oid];
    if (!pbe) throw unsupported(oid);
    const [salt, iterations] = pkcs12PbeParams(algorithm.algorithmParams);
    const pwd = bmpPassword(password);
    const key = pkcs12Kdf('sha1', pwd, salt, 1, iterations, pbe.keyLength);
    const iv = pkcs12Kdf('sha1', pwd, salt, 2, iterations, 8);
    const rc2Bits = pbe.rc2Bits;
    return rc2Bits ? decrypting(() => rc2CbcDecrypt(key, rc2Bits, iv, data)) : cbcDecrypt(pbe.cipher, key, iv, data);
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError('pki.malformed', `PKCS#12: unreadable ${NAMES[oid] ?? oid} parameters`);
  }
}

/**
 * Bad padding after a MAC that verified means the contents use another password than the MAC
 * (openssl -twopass); the decrypted bytes are never used.
 */
function decrypting(run: () => Uint8Array): Uint8Array {
  try {
    return run();
  } catch {
    throw new PkiError('pkcs12.wrong_password', 'the PKCS#12 contents could not be decrypted with this password');
  }
}

/**
 * Checks the PKCS#12 MAC (RFC 7292 appendix B: HMAC keyed with the PKCS#12 KDF, ID 3). This is also
 * the password check: a wrong password fails here, before anything is decrypted.
 */
export function macMatches(macData: pkijs.MacData, content: Uint8Array, password: string): boolean {
  const oid = macData.mac.digestAlgorithm.algorithmId;
  const hash = HASHES[oid];
  if (!hash) throw unsupported(oid, 'MAC digest');
  const iterations = checkIterations(macData.iterations ?? 1);
  const salt = macData.macSalt.valueBlock.valueHexView;
  const expected = Buffer.from(macData.mac.digest.valueBlock.valueHexView);
  // OpenSSL tries an empty password both as "" (two zero bytes) and as no password at all.
  const candidates = password === '' ? [bmpPassword(''), new Uint8Array(0)] : [bmpPassword(password)];
  return candidates.some((pwd) => {
    const key = pkcs12Kdf(hash, pwd, salt, 3, iterations, crypto.createHash(hash).digest().length);
    const actual = crypto.createHmac(hash, key).update(content).digest();
    return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
  });
}

function decryptPbes2(params: unknown, data: Uint8Array, password: string): Uint8Array {
  const pbes2 = new pkijs.PBES2Params({ schema: params });
  if (pbes2.keyDerivationFunc.algorithmId !== '1.2.840.113549.1.5.12') throw unsupported(pbes2.keyDerivationFunc.algorithmId, 'key derivation');
  const kdf = new pkijs.PBKDF2Params({ schema: pbes2.keyDerivationFunc.algorithmParams });
  const prfOid = kdf.prf?.algorithmId ?? '1.2.840.113549.2.7'; // DEFAULT hmacWithSHA1
  const prf = PBKDF2_PRFS[prfOid];
  if (!prf) throw unsupported(prfOid, 'PBKDF2 PRF');
  const scheme = PBES2_CIPHERS[pbes2.encryptionScheme.algorithmId];
  if (!scheme) throw unsupported(pbes2.encryptionScheme.algorithmId, 'cipher');
  if (!(kdf.salt instanceof asn1js.OctetString)) throw unsupported('PBKDF2 otherSource salt');
  const iv = pbes2.encryptionScheme.algorithmParams;
  if (!(iv instanceof asn1js.OctetString)) throw new PkiError('pki.malformed', 'PBES2: the cipher has no IV');
  const iterations = checkIterations(kdf.iterationCount);
  // PBES2 inside PKCS#12 takes the password as UTF-8 bytes (not BMPString), as OpenSSL does.
  const key = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), kdf.salt.valueBlock.valueHexView, iterations, scheme.keyLength, prf);
  return cbcDecrypt(scheme.cipher, key, iv.valueBlock.valueHexView, data);
}

function pkcs12PbeParams(params: unknown): [Uint8Array, number] {
  const items = params instanceof asn1js.Sequence ? params.valueBlock.value : [];
  const [salt, iterations] = items;
  if (!(salt instanceof asn1js.OctetString) || !(iterations instanceof asn1js.Integer)) {
    throw new PkiError('pki.malformed', 'PKCS#12 PBE parameters are not {salt, iterations}');
  }
  return [salt.valueBlock.valueHexView, checkIterations(iterations.valueBlock.valueDec)];
}

function cbcDecrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return decrypting(() => {
    const decipher = crypto.createDecipheriv(cipher, key, iv);
    return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
  });
}

/** RFC 7292 B.1: BMPString (UTF-16BE) with a two-byte zero terminator. */
function bmpPassword(password: string): Uint8Array {
  const utf16 = Buffer.from(password, 'utf16le').swap16();
  return new Uint8Array(Buffer.concat([utf16, Buffer.alloc(2)]));
}

/** RFC 7292 appendix B.2: the PKCS#12 key derivation (ID 1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(hash: string, password: Uint8Array, salt: Uint8Array, id: 1 | 2 | 3, iterations: number, length: number): Uint8Array {
  const u = crypto.createHash(hash).digest().length;
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const repeat = (data: Uint8Array, size: number) => Uint8Array.from({ length: size }, (_, i) => data[i % data.length]!);
  const fill = (data: Uint8Array) => (data.length === 0 ? new Uint8Array(0) : repeat(data, v * Math.ceil(data.length / v)));
  const d = new Uint8Array(v).fill(id);
  const block = Buffer.concat([fill(salt), fill(password)]);
  const out: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let a = crypto.createHash(hash).update(d).update(block).digest();
    for (let r = 1; r < iterations; r++) a = crypto.createHash(hash).update(a).digest();
    out.push(a);
    const b = repeat(a, v);
    // I_j = (I_j + B + 1) mod 2^(8v), for every v-byte block of I.
    for (let j = 0; j < block.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = block[j + k]! + b[k]! + carry;
        block[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return new Uint8Array(Buffer.concat(out).subarray(0, length));
}

function checkIterations(iterations: number): number {
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new PkiError('pkcs12.unsupported_algorithm', `iteration count ${iterations} is out of range (1..${MAX_ITERATIONS})`);
  }
  return iterations;
}

function unsupported(oid: string, what = 'encryption'): PkiError {
  const name = NAMES[oid] ? `${NAMES[oid]} (${oid})` : oid;
  return new PkiError('pkcs12.unsupported_algorithm', `unsupported PKCS#12 ${what} algorithm: ${name}`);
}
