// npm run bench:identity [-- --sizes 1000,10000,100000] [--video-seconds 10] [--skip-threshold]
// Prints JSON: the consent-video check's time for a 720p video of the given
// length on this machine (ml/liveness: detection, landmarks, pose, descriptors
// and anti-spoofing on the sampled frames), the face match's false accept and
// false reject rates on the real test faces (ml/bench/identity-threshold.ts,
// run as a child), and the duplicate-face search ("one face, one owner": an
// exact scan of the sealed face index) at each number of profiles, with
// synthetic descriptors for the scale part.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { promisify } from "node:util";
import { createDb } from "@/lib/db/client";
import { faceIndexKey, findFaceMatches } from "@/lib/identity/face-index";
import { sealFaceDescriptor } from "@/lib/likeness-analysis/sealed-descriptor";
import { benchDatabase } from "@/lib/testing/bench-database";
import { selectBackend } from "@/ml/backend/select-backend";
import { analyzeConsentVideo } from "@/ml/liveness/analyze-consent-video";
import { ffmpegPath, run } from "@/ml/media/ffmpeg";
import { turnedFaceFrame } from "@/ml/testing/head-turn-clips";

const { values: v } = parseArgs({
  options: { sizes: { type: "string" }, "video-seconds": { type: "string" }, "skip-threshold": { type: "boolean" } },
});
const sizes = (v.sizes ?? "1000,10000,100000").split(",").map(Number);
const videoSeconds = Number(v["video-seconds"] ?? 10);
const say = (m: string) => console.error(m);
const ms = (t0: number) => Math.round(performance.now() - t0);

async function consentVideo(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-bench-identity-"));
  try {
    const right = await turnedFaceFrame(dir, "right"),
      left = await turnedFaceFrame(dir, "left");
    // A webcam-like 1280x720 30 fps clip: her face (about 300 px) turning between the two poses, H.264.
    const out = path.join(dir, "consent.mp4");
    const half = videoSeconds / 2;
    await run(ffmpegPath(), [
      "-v",
      "error",
      "-y",
      "-loop",
      "1",
      "-t",
      String(half),
      "-i",
      right,
      "-loop",
      "1",
      "-t",
      String(half),
      "-i",
      left,
      "-filter_complex",
      "[0][1]concat=n=2:v=1,scale=-2:600,pad=1280:720:(ow-iw)/2:(oh-ih)/2:gray,fps=30,format=yuv420p",
      "-c:v",
      "libx264",
      "-crf",
      "23",
      out,
    ]);
    const cold = performance.now();
    const first = await analyzeConsentVideo(out);
    const coldMs = ms(cold);
    const warm = performance.now();
    await analyzeConsentVideo(out);
    return {
      seconds: videoSeconds,
      width: 1280,
      height: 720,
      framesExamined: first.framesExamined,
      checkMsFirst: coldMs,
      checkMs: ms(warm),
      note: "first includes loading the face and anti-spoofing models",
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function threshold(): Promise<unknown> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const { stdout } = await promisify(execFile)(tsx, ["ml/bench/identity-threshold.ts", "--augments", "4", "--other-augments", "2"], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30 * 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

async function duplicateSearch(): Promise<Array<Record<string, number>>> {
  const database = await benchDatabase();
  const db = createDb(database.url);
  const rows: Array<Record<string, number>> = [];
  try {
    const user = await db.user.create({
      data: { email: `bench-${randomBytes(4).toString("hex")}@bench.test`, name: "Bench", role: "TALENT", passwordHash: "x" },
    });
    const key = faceIndexKey();
    const unit = () => {
      // Random unit-scale descriptors like face-api's (values around +-0.1, norm ~1).
      const d = Array.from({ length: 128 }, () => (Math.random() - 0.5) * 0.18);
      return d;
    };
    let have = 0;
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const n of sizes) {
      const t0 = performance.now();
      for (let start = have; start < n; start += 5000) {
        const ids = Array.from({ length: Math.min(5000, n - start) }, (_, i) => `benchprofile${String(start + i).padStart(8, "0")}`);
        await db.likenessProfile.createMany({
          data: ids.map((id) => ({ id, displayName: id, principalUserId: user.id, createdByUserId: user.id })),
        });
        await db.profileFace.createMany({
          data: ids.map((id) => ({ profileId: id, photos: 3, sealedDescriptor: sealFaceDescriptor(key, `profile-face/${id}`, unit()) })),
        });
      }
      // Written over the last 30 days (Prisma stamps @updatedAt itself, so set here): a search then reads
      // only the rows changed since its process's last one, the steady state.
      await db.$executeRaw`UPDATE "ProfileFace" SET "updatedAt" = ${anHourAgo}::timestamptz - random() * interval '30 days'`;
      have = n;
      say(`${n} profiles in the index (${ms(t0)} ms to add)`);
      // The first search of a process (a fresh client here) decrypts the whole index into memory; later ones read only changed rows.
      const fresh = createDb(database.url);
      const cold = performance.now();
      await findFaceMatches(fresh, unit());
      const firstMs = ms(cold);
      await fresh.$disconnect();
      await findFaceMatches(db, unit());
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const q = performance.now();
        await findFaceMatches(db, unit());
        times.push(performance.now() - q);
      }
      times.sort((a, b) => a - b);
      rows.push({
        profiles: n,
        firstSearchMs: firstMs,
        searchMsMedian: Math.round(times[2]!),
        searchMsMin: Math.round(times[0]!),
        msPer10k: Math.round((times[2]! / n) * 10_000 * 10) / 10,
      });
    }
  } finally {
    await db.$disconnect();
    await database.stop();
  }
  return rows;
}

await selectBackend("cpu", () => {});
const result: Record<string, unknown> = {
  machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}`,
  node: process.version,
};
say("consent video check…");
result.consentVideo = await consentVideo();
say("duplicate-face search…");
result.duplicateSearch = await duplicateSearch();
if (!v["skip-threshold"]) {
  say("face match error rates (ml/bench/identity-threshold.ts)…");
  result.faceMatch = await threshold();
}
console.log(JSON.stringify(result, null, 2));
