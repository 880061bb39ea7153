import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { AppError } from "@/lib/errors";
import { probeVideo } from "@/lib/media";
import { sniffType, type SniffedType } from "./sniff";
import type { UploadedFile } from "./staged-upload";

// Checks an upload by content, size and pixel count before anything is stored.
// Every refusal names the form field and says what to do instead.

export type UploadRules = {
  field: string;
  accept: readonly SniffedType["kind"][];
  maxBytes: number;
  maxPixels?: number;
  /** Smallest side for images and video, e.g. so a face is large enough to use. */
  minSide?: number;
};

export type InspectedUpload = {
  type: SniffedType;
  byteSize: number;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
};

const KIND_WORDS: Record<SniffedType["kind"], string> = {
  image: "a JPEG, PNG or WebP image",
  video: "an MP4, MOV or WebM video",
  pdf: "a PDF",
};

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** What inspection reads from a file: whole in memory, or staged on disk (only the parts needed). */
type Source = {
  size: number;
  head: Buffer;
  /** The last bytes (a PDF's %%EOF). */
  tail: (n: number) => Promise<Buffer>;
  /** What sharp reads: the bytes, or the file's path (libvips then reads only what it decodes). */
  sharpInput: Buffer | string;
  /** Runs fn with a path to the file (ffprobe needs one). */
  withFile: <T>(fn: (file: string) => Promise<T>) => Promise<T>;
};

export async function inspectUpload(bytes: Buffer, rules: UploadRules): Promise<InspectedUpload> {
  return inspect(
    {
      size: bytes.length,
      head: bytes.subarray(0, 64),
      tail: async (n) => bytes.subarray(-n),
      sharpInput: bytes,
      withFile: async (fn) => {
        const dir = await mkdtemp(path.join(tmpdir(), "likeness-probe-"));
        const file = path.join(dir, "upload");
        try {
          await writeFile(file, bytes, { mode: 0o600 });
          return await fn(file);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    },
    rules,
  );
}

/** Inspects an upload in memory or one a streaming reader staged on disk (reading only what each check needs). */
export async function inspectUploadedFile(file: UploadedFile, rules: UploadRules): Promise<InspectedUpload> {
  if ("bytes" in file) return inspectUpload(file.bytes, rules);
  const staged = file.staged;
  return inspect(
    {
      size: staged.byteSize,
      head: staged.head,
      tail: async (n) => {
        const handle = await open(staged.path, "r");
        try {
          const length = Math.min(n, staged.byteSize);
          const buf = Buffer.alloc(length);
          await handle.read(buf, 0, length, staged.byteSize - length);
          return buf;
        } finally {
          await handle.close();
        }
      },
      sharpInput: staged.path,
      withFile: (fn) => fn(staged.path),
    },
    rules,
  );
}

async function inspect(src: Source, rules: UploadRules): Promise<InspectedUpload> {
  const wanted = rules.accept.map((k) => KIND_WORDS[k]).join(" or ");
  if (src.size === 0) throw new AppError("VALIDATION", "The file is empty.", { [rules.field]: "The file is empty." });
  if (src.size > rules.maxBytes) {
    const msg = `The file is ${mb(src.size)}; the limit is ${mb(rules.maxBytes)}.`;
    throw new AppError("PAYLOAD_TOO_LARGE", msg, { [rules.field]: msg });
  }
  const type = sniffType(src.head);
  if (!type || !rules.accept.includes(type.kind)) {
    const msg = `This file is not ${wanted} (its content was checked, not its name).`;
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", msg, { [rules.field]: msg });
  }
  const base: InspectedUpload = { type, byteSize: src.size, width: null, height: null, durationSeconds: null };
  if (type.kind === "image") return { ...base, ...(await inspectImage(src.sharpInput, rules)) };
  if (type.kind === "video") return { ...base, ...(await src.withFile((file) => inspectVideo(file, rules))) };
  if (!(await src.tail(1024)).toString("latin1").includes("%%EOF")) {
    const msg = "This PDF is incomplete or damaged; export it again and re-upload.";
    throw new AppError("VALIDATION", msg, { [rules.field]: msg });
  }
  return base;
}

async function inspectImage(input: Buffer | string, rules: UploadRules) {
  const damaged = "This image is damaged or truncated; export it again and re-upload.";
  let width: number, height: number;
  try {
    // The header only: the pixel count is checked before anything is decoded.
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
  } catch {
    throw new AppError("VALIDATION", damaged, { [rules.field]: damaged });
  }
  checkDimensions(width, height, rules);
  try {
    // Decode fully (to a tiny output) so truncated files are caught now, not at render time.
    await sharp(input, { failOn: "truncated", limitInputPixels: rules.maxPixels ?? false })
      .resize(16)
      .toBuffer();
  } catch {
    throw new AppError("VALIDATION", damaged, { [rules.field]: damaged });
  }
  return { width, height };
}

function checkDimensions(width: number, height: number, rules: UploadRules) {
  if (rules.maxPixels && width * height > rules.maxPixels) {
    const msg = `The image is ${width}×${height} (${((width * height) / 1e6).toFixed(1)} MP); the limit is ${(rules.maxPixels / 1e6).toFixed(0)} MP.`;
    throw new AppError("PAYLOAD_TOO_LARGE", msg, { [rules.field]: msg });
  }
  if (rules.minSide && Math.min(width, height) < rules.minSide) {
    const msg = `The picture is ${width}×${height}; its shorter side must be at least ${rules.minSide} px.`;
    throw new AppError("VALIDATION", msg, { [rules.field]: msg });
  }
}

async function inspectVideo(file: string, rules: UploadRules) {
  try {
    const { width, height, durationSeconds } = await probeVideo(file);
    checkDimensions(width, height, rules);
    return { width, height, durationSeconds: durationSeconds || null };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const msg = "This video could not be read (no playable video stream); export it again as MP4 (H.264).";
    throw new AppError("VALIDATION", msg, { [rules.field]: msg });
  }
}
