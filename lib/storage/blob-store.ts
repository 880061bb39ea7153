import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { storageDir } from "@/lib/config";
import { writeFileAtomic } from "@/lib/fs/write-file-atomic";
import { open, seal } from "./envelope";

// Blobs on the local disk, outside the web root. Writes go to a temp file that is
// renamed into place, so a crash never leaves a half-written blob under a real key.
// (S3-compatible storage replaces this module when the platform scales out.)

const KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;

function fileFor(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid blob key: ${key}`);
  return path.join(storageDir(), key);
}

export function newBlobKey(prefix: string): string {
  return `${prefix}/${randomBytes(16).toString("hex")}`;
}

export async function putBlob(key: string, bytes: Uint8Array): Promise<void> {
  const file = fileFor(key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, bytes, { mode: 0o600 });
}

export async function getBlob(key: string): Promise<Buffer> {
  return readFile(fileFor(key));
}

export async function deleteBlob(key: string): Promise<void> {
  await rm(fileFor(key), { force: true });
}

/** Stores bytes encrypted with a data key; the blob key is bound in as associated data. */
export async function putSealedBlob(key: string, dataKey: Buffer, bytes: Buffer): Promise<void> {
  await putBlob(key, seal(dataKey, bytes, key));
}

export async function getSealedBlob(key: string, dataKey: Buffer): Promise<Buffer> {
  return open(dataKey, await getBlob(key), key);
}
