/**
 * RC2-CBC decryption (RFC 2268), only so that PKCS#12 files made with `openssl pkcs12 -export -legacy`
 * or by older Windows can be imported: they encrypt the *certificates* (public data) with
 * pbeWithSHAAnd40BitRC2-CBC. Node 20's OpenSSL keeps RC2 in the legacy provider, which is not loaded,
 * so the cipher is written out here. Never used to protect anything.
 */

/** RFC 2268 §2: PITABLE, a permutation of 0..255 derived from the digits of pi. */
const PITABLE = Uint8Array.from(
  Buffer.from(
    'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32' +
      'bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
      '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a' +
      '961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
      '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2e' +
      'c5f3db47e5a59c770aa62068fe7fc1ad',
    'hex',
  ),
);

/** RFC 2268 §2: expands a key of 1..128 bytes into 64 16-bit words, limited to `effectiveBits`. */
export function rc2KeySchedule(key: Uint8Array, effectiveBits: number): Uint16Array {
  const t = key.length;
  if (t < 1 || t > 128 || effectiveBits < 1 || effectiveBits > 1024) throw new RangeError('RC2 key size out of range');
  const l = new Uint8Array(128);
  l.set(key);
  for (let i = t; i < 128; i++) l[i] = PITABLE[(l[i - 1]! + l[i - t]!) & 0xff]!;
  const t8 = (effectiveBits + 7) >> 3;
  const tm = 0xff % 2 ** (8 + effectiveBits - 8 * t8);
  l[128 - t8] = PITABLE[l[128 - t8]! & tm]!;
  for (let i = 127 - t8; i >= 0; i--) l[i] = PITABLE[l[i + 1]! ^ l[i + t8]!]!;
  const k = new Uint16Array(64);
  for (let i = 0; i < 64; i++) k[i] = l[2 * i]! | (l[2 * i + 1]! << 8);
  return k;
}

const SHIFTS = [1, 2, 3, 5] as const;

/** RFC 2268 §4: one 8-byte block, decrypted in place. */
function decryptBlock(k: Uint16Array, block: Uint8Array): void {
  const r = [0, 1, 2, 3].map((i) => block[2 * i]! | (block[2 * i + 1]! << 8));
  let j = 63;
  const mix = () => {
    for (let i = 3; i >= 0; i--) {
      const s = SHIFTS[i]!;
      r[i] = ((r[i]! >>> s) | (r[i]! << (16 - s))) & 0xffff;
      r[i] = (r[i]! - k[j--]! - (r[(i + 3) % 4]! & r[(i + 2) % 4]!) - (~r[(i + 3) % 4]! & r[(i + 1) % 4]!)) & 0xffff;
    }
  };
  const mash = () => {
    for (let i = 3; i >= 0; i--) r[i] = (r[i]! - k[r[(i + 3) % 4]! & 63]!) & 0xffff;
  };
  for (const step of [5, -1, 6, -1, 5]) {
    if (step < 0) mash();
    else for (let n = 0; n < step; n++) mix();
  }
  for (let i = 0; i < 4; i++) {
    block[2 * i] = r[i]! & 0xff;
    block[2 * i + 1] = r[i]! >>> 8;
  }
}

/** RC2 ECB decryption of whole blocks (exported for the RFC 2268 test vectors). */
export function rc2DecryptEcb(key: Uint8Array, effectiveBits: number, data: Uint8Array): Uint8Array {
  const k = rc2KeySchedule(key, effectiveBits);
  const out = Uint8Array.from(data);
  for (let at = 0; at + 8 <= out.length; at += 8) decryptBlock(k, out.subarray(at, at + 8));
  return out;
}

/** CBC with PKCS#7 padding removed; throws on a wrong length or bad padding (a wrong key). */
export function rc2CbcDecrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length === 0 || data.length % 8 !== 0 || iv.length !== 8) throw new Error('RC2-CBC: bad data or IV length');
  const k = rc2KeySchedule(key, effectiveBits);
  const out = Uint8Array.from(data);
  let previous = Uint8Array.from(iv);
  for (let at = 0; at < out.length; at += 8) {
    const block = out.subarray(at, at + 8);
    const cipherBlock = block.slice();
    decryptBlock(k, block);
    for (let i = 0; i < 8; i++) block[i]! ^= previous[i]!;
    previous = cipherBlock;
  }
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8 || out.subarray(out.length - pad).some((b) => b !== pad)) throw new Error('RC2-CBC: bad padding');
  return out.subarray(0, out.length - pad);
}
