import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../util/write-file-atomic";
import { assertValidKey, type CheckpointStore } from "./checkpoint-store";

/** Files under `root`; writes go to a temp file in the same folder and are renamed into place. */
export function createFsCheckpointStore(root: string): CheckpointStore {
  const file = (key: string) => {
    assertValidKey(key);
    return path.join(root, key);
  };
  return {
    async get(key) {
      try {
        return new Uint8Array(await readFile(file(key)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
      }
    },
    async put(key, bytes) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFileAtomic(target, bytes);
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
  };
}
