import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { AppError } from "@/lib/errors";
import { sniffType, type SniffedType } from "./sniff";

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

export async function inspectUpload(bytes: Buffer, rules: UploadRules): Promise<InspectedUpload> {
  const wanted = rules.accept.map((k) => KIND_WORDS[k]).join(" or ");
  if (bytes.length === 0) throw new AppError("VALIDATION", "The file is empty.", { [rules.field]: "The file is empty." });
  if (bytes.length > rules.maxBytes) {
    const msg = `The file is ${mb(bytes.length)}; the limit is ${mb(rules.maxBytes)}.`;
    throw new AppError("PAYLOAD_TOO_LARGE", msg, { [rules.field]: msg });
  }
  const type = sniffType(bytes);
  if (!type || !rules.accept.includes(type.kind)) {
    const msg = `This file is not ${wanted} (its content was checked, not its name).`;
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", msg, { [rules.field]: msg });
  }
  const base: InspectedUpload = { type, byteSize: bytes.length, width: null, height: null, durationSeconds: null };
  if (type.kind === "image") return { ...base, ...(await inspectImage(bytes, rules)) };
  if (type.kind === "video") return { ...base, ...(await inspectVideo(bytes, rules)) };
  if (!bytes.subarray(-1024).toString("latin1").includes("%%EOF")) {
    const msg = "This PDF is incomplete or damaged; export it again and re-upload.";
    throw new AppError("VALIDATION", msg, { [rules.field]: msg });
  }
  return base;
}

async function inspectImage(bytes: Buffer, rules: UploadRules) {
  const damaged = "This image is damaged or truncated; export it again and re-upload.";
  let width: number, height: number;
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
  } catch {
    throw new AppError("VALIDATION", damaged, { [rules.field]: damaged });
  }
  checkDimensions(width, height, rules);
  try {
    // Decode fully (to a tiny output) so truncated files are caught now, not at render time.
    await sharp(bytes, { failOn: "truncated", limitInputPixels: rules.maxPixels ?? false }).resize(16).toBuffer();
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

const run = promisify(execFile);

async function inspectVideo(bytes: Buffer, rules: UploadRules) {
  const dir = await mkdtemp(path.join(tmpdir(), "likeness-probe-"));
  const file = path.join(dir, "upload");
  try {
    await writeFile(file, bytes);
    const { stdout } = await run(process.env.FFPROBE_PATH ?? "ffprobe", [
      "-v", "error", "-select_streams", "v:0",
      "-show_entries", "stream=width,height:format=duration",
      "-of", "json", file,
    ]);
    const probe = JSON.parse(stdout) as { streams?: { width?: number; height?: number }[]; format?: { duration?: string } };
    const stream = probe.streams?.[0];
    if (!stream?.width || !stream.height) throw new Error("no video stream");
    checkDimensions(stream.width, stream.height, rules);
    return { width: stream.width, height: stream.height, durationSeconds: Number(probe.format?.duration ?? 0) || null };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const msg = "This video could not be read (no playable video stream); export it again as MP4 (H.264).";
    throw new AppError("VALIDATION", msg, { [rules.field]: msg });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
