import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Envelope encryption: each talent profile (and each studio) has its own random
// data key, stored only wrapped (encrypted) by the platform master key. Files are
// encrypted with the data key, so destroying the wrapped key destroys the data
// even in backups. AES-256-GCM; layout: 12-byte nonce | 16-byte tag | ciphertext.

const NONCE = 12;
const TAG = 16;

export function newDataKey(): Buffer {
  return randomBytes(32);
}

export function seal(key: Buffer, plaintext: Buffer, aad = ""): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

export function open(key: Buffer, sealed: Buffer, aad = ""): Buffer {
  if (sealed.length < NONCE + TAG) throw new Error("sealed data is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, NONCE));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(NONCE, NONCE + TAG));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE + TAG)), decipher.final()]);
}

export const wrapKey = (master: Buffer, dataKey: Buffer) => seal(master, dataKey, "likeness-data-key");
export const unwrapKey = (master: Buffer, wrapped: Buffer) => open(master, wrapped, "likeness-data-key");

/** A wrapped key as Prisma's Bytes column wants it (a plain ArrayBuffer-backed array). */
export function newWrappedDataKey(master: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(wrapKey(master, newDataKey()));
}
