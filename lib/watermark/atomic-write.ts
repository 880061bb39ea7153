import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

// Outputs are written next to their destination and renamed into place, so a
// crash never leaves a half-written file under the final name.
export function tempPathFor(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `.${path.basename(file, ext)}.${randomBytes(4).toString("hex")}.tmp${ext}`);
}

export async function writeFileAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = tempPathFor(file);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
