import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

// Files are written next to their destination and renamed into place, so a
// crash never leaves a half-written file under the final name (blobs,
// watermarked outputs, model checkpoints). The temporary name is hidden and
// random, so concurrent writers of one file never share it.
export function tempPathFor(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `.${path.basename(file, ext)}.${randomBytes(4).toString("hex")}.tmp${ext}`);
}

/** Writes `data` to `file` atomically; the temporary file is removed if anything fails. */
export async function writeFileAtomic(file: string, data: Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const tmp = tempPathFor(file);
  try {
    await writeFile(tmp, data, options);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
