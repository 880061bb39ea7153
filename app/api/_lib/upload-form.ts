import Busboy from "busboy";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { z } from "zod";
import { ZUploadForm } from "@/lib/api/types";
import { uploadLimits } from "@/lib/config";
import type { UploadKind } from "@/lib/db/generated/enums";
import { AppError, invalid, parseInput } from "@/lib/errors";
import { formatBytes } from "@/lib/format/size";
import { stageUpload, type StagedUpload, type UploadedFile } from "@/lib/storage/staged-upload";
import { studioUploadMaxBytes } from "@/lib/studios/studio-uploads";
import { cleanFileName, recordId } from "@/lib/validation/text";
import { MalformedBodyError } from "@/lib/http/json-body";

// Reads upload forms as a stream, never the whole body into memory: a body
// whose Content-Length cannot fit is refused before it is read (413), and the
// file part is counted as it arrives and refused the moment it passes its
// limit (413, naming the field), while it is written to a private temp file
// (lib/storage/staged-upload.ts). lib then inspects the staged file (reading
// only what each check needs) and seals it into the blob store as a stream.
// Whoever reads a form must call dispose() when done (it removes the temp file).

/** Room for the multipart boundaries and the small fields around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export type StreamedForm = {
  /** The text fields (the last value of a repeated one). */
  fields: Record<string, string>;
  /** The file part, staged on disk; null when the form had none. */
  file: UploadedFile | null;
  dispose: () => Promise<void>;
};

const tooLarge = (field: string, maxBytes: number) => {
  const msg = `The file is larger than the ${formatBytes(maxBytes)} limit.`;
  return new AppError("PAYLOAD_TOO_LARGE", msg, { [field]: msg });
};

export async function readStreamedUploadForm(
  req: Request,
  opts: {
    /** The multipart field that carries the file (also the field named in errors). */
    fileField: string;
    /** The largest file of any kind this form takes: a larger Content-Length is refused unread. */
    maxBytes: number;
    /** The limit for this file, from the fields sent before it (default: maxBytes). */
    maxBytesFor?: (fields: Record<string, string>) => number;
    /** Checks the fields sent before the file, so a bad form is refused before the file is read. */
    checkFieldsBeforeFile?: (fields: Record<string, string>) => void;
    /** The error for a body that is not multipart or cannot be parsed. */
    unreadable: () => Error;
  },
): Promise<StreamedForm> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > opts.maxBytes + MULTIPART_OVERHEAD) throw tooLarge(opts.fileField, opts.maxBytes);
  const contentType = req.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !req.body) throw opts.unreadable();

  let parser: Busboy.Busboy;
  try {
    // Browsers send file names as raw UTF-8; busboy's default (latin1) turned "😀.jpg" into mojibake.
    parser = Busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: { fields: 50, fieldSize: 64 * 1024, parts: 60 },
    });
  } catch {
    throw opts.unreadable(); // no boundary
  }
  const body = Readable.fromWeb(req.body as NodeWebReadableStream<Uint8Array>);
  const fields: Record<string, string> = Object.create(null); // field names come from the client
  let fileName = "upload";
  let staging: Promise<StagedUpload> | null = null;
  let fileStreamFailed = false;

  return new Promise<StreamedForm>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      // Stop parsing: nothing more of the body is kept or stored. The rest is
      // read and discarded rather than the connection cut, so that the client,
      // still sending, gets the JSON error instead of a reset; past what the
      // form could ever take, the connection is cut after all.
      body.unpipe(parser);
      parser.removeAllListeners("file");
      let discarded = 0;
      body.on("data", (piece: Buffer) => {
        discarded += piece.length;
        if (discarded > opts.maxBytes + MULTIPART_OVERHEAD) body.destroy();
      });
      body.resume();
      staging?.then(
        (s) => s.dispose(),
        () => undefined,
      );
      reject(err);
    };
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      if (name !== opts.fileField || staging) {
        stream.resume(); // not ours: let it pass
        return;
      }
      try {
        opts.checkFieldsBeforeFile?.(fields);
      } catch (err) {
        stream.resume();
        fail(err);
        return;
      }
      fileName = cleanFileName(info.filename || "upload");
      stream.on("error", () => {
        fileStreamFailed = true;
      });
      const max = opts.maxBytesFor?.(fields) ?? opts.maxBytes;
      staging = stageUpload(stream, { maxBytes: max, onTooLarge: (limit) => tooLarge(opts.fileField, limit) });
      staging.catch((err) => fail(err instanceof AppError || !fileStreamFailed ? err : opts.unreadable()));
    });
    parser.on("error", () => fail(opts.unreadable()));
    body.on("error", () => fail(opts.unreadable()));
    parser.on("close", () => {
      void (async () => {
        try {
          const staged = staging ? await staging : null;
          if (settled) return;
          settled = true;
          resolve({
            fields,
            file: staged ? { name: fileName, staged } : null,
            dispose: async () => staged?.dispose(),
          });
        } catch (err) {
          fail(err);
        }
      })();
    });
    body.pipe(parser);
  });
}

/** Reads the multipart form of a studio upload (fields `kind` and `file`). */
export async function readStudioUploadForm(req: Request): Promise<{ kind: UploadKind; file: UploadedFile; dispose: () => Promise<void> }> {
  const parseKind = (fields: Record<string, string>) => parseInput(z.object({ kind: ZUploadForm.shape.kind }), { kind: fields.kind }).kind;
  const form = await readStreamedUploadForm(req, {
    fileField: "file",
    maxBytes: studioUploadMaxBytes(),
    // The browser and the documented API send kind first: its own limit applies while the file streams.
    maxBytesFor: (fields) => {
      const kind = ZUploadForm.shape.kind.safeParse(fields.kind);
      return studioUploadMaxBytes(kind.success ? kind.data : undefined);
    },
    checkFieldsBeforeFile: (fields) => {
      if (fields.kind !== undefined) parseKind(fields);
    },
    unreadable: () => new MalformedBodyError("Send the file as multipart/form-data with the fields kind and file."),
  });
  try {
    const kind = parseKind(form.fields);
    if (!form.file) throw invalid("file", "Attach the file in the `file` field.");
    return { kind, file: form.file, dispose: form.dispose };
  } catch (err) {
    await form.dispose();
    throw err;
  }
}

/** The profile an upload is for, sent as a text field beside the file. */
export const ZProfileField = z.object({ profileId: recordId("Choose the likeness profile") });

/** Reads the multipart form of one likeness photo (fields `profileId` and `file`). */
export async function readLikenessPhotoForm(
  req: Request,
): Promise<{ profileId: string; file: UploadedFile; dispose: () => Promise<void> }> {
  const form = await readStreamedUploadForm(req, {
    fileField: "file",
    maxBytes: uploadLimits().photoMaxBytes,
    unreadable: () => invalid("file", "The upload was not readable as a form; choose the file again."),
  });
  if (!form.file) {
    await form.dispose();
    throw invalid("file", "Choose a photo to upload.");
  }
  try {
    const { profileId } = parseInput(ZProfileField, { profileId: form.fields.profileId ?? "" });
    return { profileId, file: form.file, dispose: form.dispose };
  } catch (err) {
    await form.dispose();
    throw err;
  }
}

/** The "Verify it's you" consent video (multipart: video), streamed to a temp file within its size limit. */
export async function readConsentVideoForm(req: Request): Promise<{ file: UploadedFile; dispose: () => Promise<void> }> {
  const form = await readStreamedUploadForm(req, {
    fileField: "video",
    maxBytes: uploadLimits().consentVideoMaxBytes,
    unreadable: () => invalid("video", "The recording was not readable as a form; record or choose the video again."),
  });
  if (!form.file) {
    await form.dispose();
    throw invalid("video", "Record or choose a video to send.");
  }
  return { file: form.file, dispose: form.dispose };
}
