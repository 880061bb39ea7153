import { open, seal } from "@/lib/storage/envelope";

// A face descriptor is biometric: it is stored only sealed with the profile's
// data key (AES-256-GCM, as the photos are), so erasing the wrapped key makes
// it unreadable together with the photos. The asset id is bound in as
// associated data, so a sealed descriptor cannot be moved to another row.

const DIMS = 128;
const aad = (assetId: string) => `likeness-descriptor/${assetId}`;

export function sealDescriptor(dataKey: Buffer, assetId: string, descriptor: readonly number[]): Uint8Array<ArrayBuffer> {
  if (descriptor.length !== DIMS) throw new Error(`a face descriptor has ${DIMS} values, got ${descriptor.length}`);
  // float32: face-api computes descriptors in float32, so nothing is lost.
  const plain = Buffer.from(new Float32Array(descriptor).buffer);
  return new Uint8Array(seal(dataKey, plain, aad(assetId)));
}

export function openDescriptor(dataKey: Buffer, assetId: string, sealed: Uint8Array): number[] {
  const plain = open(dataKey, Buffer.from(sealed), aad(assetId));
  if (plain.length !== DIMS * 4) throw new Error(`a sealed descriptor holds ${plain.length} bytes, expected ${DIMS * 4}`);
  const copy = new Uint8Array(plain); // aligned for Float32Array
  return Array.from(new Float32Array(copy.buffer));
}
