import { open, seal } from "@/lib/storage/envelope";

// A face descriptor is biometric: it is stored only sealed with its owner's
// data key (AES-256-GCM, as the photos and footage are), so erasing the
// wrapped key makes it unreadable together with the files. The row it belongs
// to is bound in as associated data, so a sealed descriptor cannot be moved
// to another row.

const DIMS = 128;
const assetAad = (assetId: string) => `likeness-descriptor/${assetId}`;

/** Seals a 128-d descriptor under `dataKey`, bound to `aad` (the row it is stored in). */
export function sealFaceDescriptor(dataKey: Buffer, aad: string, descriptor: readonly number[]): Uint8Array<ArrayBuffer> {
  if (descriptor.length !== DIMS) throw new Error(`a face descriptor has ${DIMS} values, got ${descriptor.length}`);
  // float32: face-api computes descriptors in float32, so nothing is lost.
  const plain = Buffer.from(new Float32Array(descriptor).buffer);
  return new Uint8Array(seal(dataKey, plain, aad));
}

export function openFaceDescriptor(dataKey: Buffer, aad: string, sealed: Uint8Array): number[] {
  const plain = open(dataKey, Buffer.from(sealed), aad);
  if (plain.length !== DIMS * 4) throw new Error(`a sealed descriptor holds ${plain.length} bytes, expected ${DIMS * 4}`);
  const copy = new Uint8Array(plain); // aligned for Float32Array
  return Array.from(new Float32Array(copy.buffer));
}

/** A likeness photo's descriptor, sealed with the profile's key. */
export function sealDescriptor(dataKey: Buffer, assetId: string, descriptor: readonly number[]): Uint8Array<ArrayBuffer> {
  return sealFaceDescriptor(dataKey, assetAad(assetId), descriptor);
}

export function openDescriptor(dataKey: Buffer, assetId: string, sealed: Uint8Array): number[] {
  return openFaceDescriptor(dataKey, assetAad(assetId), sealed);
}
