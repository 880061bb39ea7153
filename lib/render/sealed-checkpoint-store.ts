import type { CheckpointStore } from "@/ml/storage/checkpoint-store";
import { deleteBlob, getSealedBlob, putSealedBlob } from "@/lib/storage/blob-store";

/**
 * Training checkpoints are derived from the talent's biometric data: they are
 * stored sealed with the profile's data key (so crypto-shredding the profile
 * makes them unreadable) under blob keys of the form render-checkpoints/<profile>/<order>.
 */
export function sealedCheckpointStore(dataKey: Buffer): CheckpointStore {
  return {
    async get(key) {
      try {
        return new Uint8Array(await getSealedBlob(key, dataKey));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
      }
    },
    put: (key, bytes) => putSealedBlob(key, dataKey, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    delete: (key) => deleteBlob(key),
  };
}

export function checkpointKeyFor(profileId: string, orderId: string): string {
  return `render-checkpoints/${profileId.toLowerCase()}/${orderId.toLowerCase()}`;
}
