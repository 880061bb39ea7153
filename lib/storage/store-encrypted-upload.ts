import { createHash } from "node:crypto";
import { deleteBlob, newBlobKey, putSealedBlob } from "./blob-store";
import type { InspectedUpload } from "./inspect-upload";

/** A file as received from a form or the API. */
export type UploadedFile = { name: string; bytes: Buffer };

export type StoredFileFacts = {
  blobKey: string;
  mimeType: string;
  byteSize: number;
  sha256: string;
  originalName: string;
};

/**
 * Writes an inspected upload encrypted with a data key, then lets the caller
 * record it (row + audit event in one transaction). The file goes first so no
 * row ever points at a missing file; if recording fails the file is removed
 * again, so a failed upload leaves nothing behind.
 */
export async function storeEncryptedUpload<T>(opts: {
  prefix: string;
  dataKey: Buffer;
  file: UploadedFile;
  info: InspectedUpload;
  record: (facts: StoredFileFacts) => Promise<T>;
}): Promise<T> {
  const blobKey = newBlobKey(opts.prefix);
  await putSealedBlob(blobKey, opts.dataKey, opts.file.bytes);
  try {
    return await opts.record({
      blobKey,
      mimeType: opts.info.type.mime,
      byteSize: opts.info.byteSize,
      sha256: createHash("sha256").update(opts.file.bytes).digest("hex"),
      originalName: opts.file.name.slice(0, 200),
    });
  } catch (err) {
    await deleteBlob(blobKey);
    throw err;
  }
}
