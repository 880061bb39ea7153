import { assertValidKey, type CheckpointStore } from "./checkpoint-store";

/** In-process store for previews and tests; copies bytes so callers cannot mutate stored data. */
export function createMemoryCheckpointStore(): CheckpointStore & { keys: () => string[] } {
  const items = new Map<string, Uint8Array>();
  return {
    async get(key) {
      assertValidKey(key);
      const v = items.get(key);
      return v && v.slice();
    },
    async put(key, bytes) {
      assertValidKey(key);
      items.set(key, bytes.slice());
    },
    async delete(key) {
      items.delete(key);
    },
    keys: () => [...items.keys()].sort(),
  };
}
