import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

// The face models of the recording page's live guide (consent-recorder.tsx),
// served from the installed @vladmandic/face-api package so nothing is loaded
// from the internet: the tiny face detector (190 KB) and the 68-point
// landmark net the server's check uses (350 KB), each a weights manifest and
// one shard. Only these files; public (they are the package's own files).

const FILES: Record<string, string> = {
  "tiny_face_detector_model-weights_manifest.json": "application/json",
  "tiny_face_detector_model.bin": "application/octet-stream",
  "face_landmark_68_model-weights_manifest.json": "application/json",
  "face_landmark_68_model.bin": "application/octet-stream",
};

function modelDir(): string {
  // Resolved from the project root: import.meta.url is not a file once Next.js bundles this module.
  const require = createRequire(path.join(process.cwd(), "package.json"));
  return path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
}

export async function GET(_req: Request, ctx: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await ctx.params;
  const type = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
  if (!type) return Response.json({ error: { code: "not_found", message: "No such model file." } }, { status: 404 });
  const body = await readFile(path.join(modelDir(), file));
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": type, "Content-Length": String(body.length), "Cache-Control": "public, max-age=86400" },
  });
}
