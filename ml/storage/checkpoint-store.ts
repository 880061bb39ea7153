/**
 * Where models and checkpoints live. The platform plugs in its blob storage
 * (S3-compatible, database); ml/ only needs bytes by key.
 */
export type CheckpointStore = {
  get: (key: string) => Promise<Uint8Array | undefined>;
  /** Must be atomic: a reader sees the old bytes or the new ones, never a half-written file. */
  put: (key: string, bytes: Uint8Array) => Promise<void>;
  delete: (key: string) => Promise<void>;
};

export function assertValidKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) || key.split("/").some((part) => part === ".." || part === "")) {
    throw new Error(`invalid checkpoint key "${key}": use letters, digits, ".", "_", "-" and "/" separated names`);
  }
}
