import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { deleteBlob, newBlobKey, putSealedBlob, putSealedBlobStream } from "./blob-store";
import type { InspectedUpload } from "./inspect-upload";
import type { UploadedFile } from "./staged-upload";
import { cleanFileName } from "@/lib/validation/text";

export type { UploadedFile } from "./staged-upload";

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
 * again, so a failed upload leaves nothing behind. A staged upload is sealed
 * from its temp file as a stream (bounded memory); a failed write leaves no blob.
 */
export async function storeEncryptedUpload<T>(opts: {
  prefix: string;
  dataKey: Buffer;
  file: UploadedFile;
  info: InspectedUpload;
  record: (facts: StoredFileFacts) => Promise<T>;
}): Promise<T> {
  const { file } = opts;
  const blobKey = newBlobKey(opts.prefix);
  let sha256: string;
  if ("bytes" in file) {
    await putSealedBlob(blobKey, opts.dataKey, file.bytes);
    sha256 = createHash("sha256").update(file.bytes).digest("hex");
  } else {
    const stored = await putSealedBlobStream(blobKey, opts.dataKey, createReadStream(file.staged.path));
    if (stored !== file.staged.byteSize) {
      await deleteBlob(blobKey);
      throw new Error(`staged upload changed while it was stored (${stored} of ${file.staged.byteSize} bytes)`);
    }
    sha256 = file.staged.sha256;
  }
  try {
    return await opts.record({
      blobKey,
      mimeType: opts.info.type.mime,
      byteSize: opts.info.byteSize,
      sha256,
      originalName: cleanFileName(file.name),
    });
  } catch (err) {
    await deleteBlob(blobKey);
    throw err;
  }
}
