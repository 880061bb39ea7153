import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getSealedBlob } from "@/lib/storage/blob-store";

// Target footage is stored sealed with the studio's key; the engine (ml/)
// reads files through ffmpeg and sharp, which choose their decoder by
// extension. Decrypted copies live only in a private temp folder for the
// time a job runs.

const EXTENSIONS: Record<string, string> = {
  "video/mp4": ".mp4",
  "video/quicktime": ".mov",
  "video/webm": ".webm",
  "image/jpeg": ".jpg",
  "image/png": ".png",
  "image/webp": ".webp",
};

/** The file extension the engine reads this footage type by, or null for a type it cannot read. */
export function footageExtension(mimeType: string): string | null {
  return EXTENSIONS[mimeType] ?? null;
}

export type DecryptedFootage = { dir: string; footagePath: string; cleanup: () => Promise<void> };

/** Decrypts a sealed video or image (footage, a consent video) into a new private temp folder (0600 file); `cleanup` removes the folder. */
export async function decryptFootageToTemp(upload: { blobKey: string; mimeType: string }, dataKey: Buffer): Promise<DecryptedFootage> {
  const ext = footageExtension(upload.mimeType);
  if (!ext) throw new Error(`the footage type ${upload.mimeType} is not a video or image the engine reads`);
  const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-media-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const footagePath = path.join(dir, `footage${ext}`);
    await writeFile(footagePath, await getSealedBlob(upload.blobKey, dataKey), { mode: 0o600 });
    return { dir, footagePath, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
