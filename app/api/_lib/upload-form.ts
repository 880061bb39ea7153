import { z } from "zod";
import { ZUploadForm } from "@/lib/api/types";
import type { UploadKind } from "@/lib/db/generated/enums";
import { AppError, invalid, parseInput } from "@/lib/errors";
import { formatBytes } from "@/lib/format/size";
import { studioUploadMaxBytes, type UploadedFile } from "@/lib/studios/studio-uploads";
import { MalformedBodyError } from "@/app/_lib/route-handler";

// Reads the multipart form of a studio upload (fields `kind` and `file`), used
// by the browser's upload route and by POST /api/v1/uploads. The file's
// content, size and pixels are checked by lib (createStudioUpload).

/** Room for the multipart boundaries and the `kind` field around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export async function readStudioUploadForm(req: Request): Promise<{ kind: UploadKind; file: UploadedFile }> {
  // Refuse a body that cannot fit before reading it into memory.
  const declared = Number(req.headers.get("content-length") ?? "0");
  const max = studioUploadMaxBytes();
  if (declared > max + MULTIPART_OVERHEAD) {
    const msg = `The file is larger than the ${formatBytes(max)} limit.`;
    throw new AppError("PAYLOAD_TOO_LARGE", msg, { file: msg });
  }
  if (!req.headers.get("content-type")?.toLowerCase().startsWith("multipart/form-data")) {
    throw new MalformedBodyError("Send the file as multipart/form-data with the fields kind and file.");
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new MalformedBodyError("The multipart form could not be read; send the fields kind and file.");
  }
  const { kind } = parseInput(z.object({ kind: ZUploadForm.shape.kind }), { kind: form.get("kind") ?? undefined });
  const file = form.get("file");
  if (!(file instanceof Blob)) throw invalid("file", "Attach the file in the `file` field.");
  const name = file instanceof File ? file.name : "upload";
  return { kind, file: { name, bytes: Buffer.from(await file.arrayBuffer()) } };
}
