import path from "node:path";
import { createFsCheckpointStore } from "../storage/fs-checkpoint-store";
import type { CheckpointStore } from "../storage/checkpoint-store";
import type { Autoencoder } from "./autoencoder";
import { deserializeCheckpoint, type CheckpointMeta } from "./checkpoint";

/** Loads weights only (no optimizer state) for conversion. */
export async function loadModel(store: CheckpointStore, key: string): Promise<{ model: Autoencoder; meta: CheckpointMeta }> {
  const bytes = await store.get(key);
  if (!bytes) throw new Error(`no model at "${key}"; train one first (npm run ml -- train ...)`);
  const { model, meta } = deserializeCheckpoint(bytes, false);
  return { model, meta };
}

/** A model file on disk as a store rooted at its folder. */
export function fileStore(file: string): { store: CheckpointStore; key: string } {
  const abs = path.resolve(file);
  return { store: createFsCheckpointStore(path.dirname(abs)), key: path.basename(abs) };
}
