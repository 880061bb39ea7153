import { parentPort } from "node:worker_threads";
import type { DetectionResult } from "./detect";
import type { DetectionJob } from "./detection-pool";
import { detectImageFile } from "./image-file";
import { detectVideoFile } from "./video-file";

// One detection at a time in this thread (detection-pool.ts sends the next job
// only after the answer): an image's bytes (transferred, not copied) or a
// video file's path.
async function run(job: DetectionJob): Promise<DetectionResult> {
  if (job.kind === "image") return detectImageFile(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength));
  return detectVideoFile(job.path, { maxFrames: job.maxFrames });
}

parentPort?.on("message", (job: DetectionJob) => {
  run(job).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) => parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
