// Peak memory of the web process while it takes one large upload.
//
//   npx tsx scripts/measure-upload-memory.ts [--mb 200]
//
// Starts an embedded PostgreSQL in a temp folder, makes a studio with an API
// key, builds a valid MP4 of the given size (a 1 s ffmpeg clip grown with a
// trailing `free` box), then spawns a fresh Node process that calls the
// POST /api/v1/uploads route handler exactly as Next.js calls it, with the
// multipart body streamed from disk in 64 KB pieces and a Content-Length. That
// process reports its resident memory after a small warm-up upload (modules,
// Prisma and sharp loaded) and its peak (getrusage maxRSS) over the big upload.
// Prints one JSON object. Nothing leaves the machine; everything is removed.

import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, open, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

const MiB = 1024 * 1024;
const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;
const run = promisify(execFile);

type ChildResult = { status: number; response: unknown; baselineRssMiB: number; peakRssMiB: number; growthMiB: number; seconds: number };

function multipartStream(
  file: string,
  size: number,
  name: string,
): { body: ReadableStream<Uint8Array>; length: number; contentType: string } {
  const boundary = `----likeness${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nTARGET_FOOTAGE\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* pieces() {
    yield head;
    yield* createReadStream(file, { highWaterMark: 64 * 1024 });
    yield tail;
  }
  return {
    body: Readable.toWeb(Readable.from(pieces())) as ReadableStream<Uint8Array>,
    length: head.length + size + tail.length,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function child(): Promise<void> {
  const { POST } = await import("../app/api/v1/uploads/route");
  const upload = async (file: string) => {
    const { size } = await stat(file);
    const form = multipartStream(file, size, path.basename(file));
    const req = new Request("http://localhost/api/v1/uploads", {
      method: "POST",
      headers: {
        authorization: `Bearer ${process.env.MEASURE_API_KEY}`,
        "content-type": form.contentType,
        "content-length": String(form.length),
      },
      body: form.body,
      duplex: "half",
    } as RequestInit);
    const res = await POST(req as never, { params: Promise.resolve({}) });
    return { status: res.status, response: await res.json() };
  };
  const warm = await upload(process.env.MEASURE_SMALL_FILE!);
  if (warm.status !== 201) throw new Error(`warm-up upload failed: ${JSON.stringify(warm)}`);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peakSampled = baseline;
  const timer = setInterval(() => {
    peakSampled = Math.max(peakSampled, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const big = await upload(process.env.MEASURE_BIG_FILE!);
  clearInterval(timer);
  // maxRSS is the kernel's peak for the whole process life (KiB on Linux); the warm-up stays far below it.
  const peak = Math.max(peakSampled, process.resourceUsage().maxRSS * 1024);
  const result: ChildResult = {
    status: big.status,
    response: big.response,
    baselineRssMiB: mib(baseline),
    peakRssMiB: mib(peak),
    growthMiB: mib(peak - baseline),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** A real 1 s MP4, grown to `total` bytes with a trailing `free` box (still a valid MP4). */
async function makeVideo(dir: string, total: number): Promise<{ small: string; big: string }> {
  const small = path.join(dir, "clip.mp4");
  await run(process.env.FFMPEG_PATH ?? "ffmpeg", [
    "-v",
    "error",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=320x240:rate=10",
    "-t",
    "1",
    "-pix_fmt",
    "yuv420p",
    "-c:v",
    "libx264",
    small,
  ]);
  const clip = await readFile(small);
  const big = path.join(dir, "big.mp4");
  const handle = await open(big, "w");
  try {
    await handle.write(clip);
    const header = Buffer.alloc(8);
    header.writeUInt32BE(total - clip.length, 0);
    header.write("free", 4, "latin1");
    await handle.write(header);
    const zeros = Buffer.alloc(MiB);
    let left = total - clip.length - header.length;
    while (left > 0) {
      const n = Math.min(left, zeros.length);
      await handle.write(zeros, 0, n);
      left -= n;
    }
  } finally {
    await handle.close();
  }
  return { small, big };
}

async function parent(): Promise<void> {
  const mbArg = process.argv.indexOf("--mb");
  const mb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 200;
  if (!Number.isFinite(mb) || mb < 1) throw new Error("--mb takes a size in MiB");
  const { startEmbeddedPostgres } = await import("../lib/db/embedded-postgres");
  const { migrate } = await import("../lib/db/migrate");
  const { createDb } = await import("../lib/db/client");
  const { signUp } = await import("../lib/users/sign-up");
  const { createApiKey } = await import("../lib/studios/api-keys");

  // The studio's data key is wrapped with this master key here and unwrapped with it in the measured process.
  process.env.LIKENESS_MASTER_KEY = randomBytes(32).toString("hex");
  const work = await mkdtemp(path.join(os.tmpdir(), "likeness-measure-"));
  // Not inside mkdtemp's 0700 folder: as root the server runs as `postgres`, which must reach it.
  const pgDir = path.join(os.tmpdir(), `likeness-measure-pg-${process.pid}-${randomBytes(4).toString("hex")}`);
  const server = await startEmbeddedPostgres({ dataDir: pgDir, database: "postgres" });
  try {
    const url = new URL(server.url);
    url.pathname = "/likeness_measure";
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("CREATE DATABASE likeness_measure");
    await admin.end();
    await migrate(url.toString());
    const db = createDb(url.toString());
    const meta = { ip: "127.0.0.1", userAgent: "measure-upload-memory" };
    const studio = await signUp({
      db,
      meta,
      input: {
        role: "STUDIO",
        name: "Measure Studio",
        email: "measure@example.test",
        password: "correct-horse-measure",
        studioName: "Measure",
      },
    });
    const { token } = await createApiKey({ db, actor: studio, meta, input: { name: "measure" } });
    await db.$disconnect();
    const files = await makeVideo(work, mb * MiB);

    const out = await new Promise<string>((resolve, reject) => {
      const proc = spawn(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--child"], {
        cwd: process.cwd(),
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          LIKENESS_STORAGE_DIR: path.join(work, "blobs"),
          LIKENESS_FOOTAGE_MAX_BYTES: String(2 * mb * MiB),
          MEASURE_API_KEY: token,
          MEASURE_SMALL_FILE: files.small,
          MEASURE_BIG_FILE: files.big,
          NODE_NO_WARNINGS: "1",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let stdout = "";
      proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      proc.on("error", reject);
      proc.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`measuring process exited with ${code}`))));
    });
    const result = JSON.parse(out.trim().split("\n").at(-1)!) as ChildResult;
    const commit = await run("git", ["rev-parse", "--short", "HEAD"]).then(
      (r) => r.stdout.trim(),
      () => "unknown",
    );
    process.stdout.write(
      `${JSON.stringify({ uploadMiB: mb, commit, node: process.version, status: result.status, baselineRssMiB: result.baselineRssMiB, peakRssMiB: result.peakRssMiB, growthMiB: result.growthMiB, seconds: result.seconds }, null, 2)}\n`,
    );
  } finally {
    await server.stop();
    await rm(pgDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
}

await (process.argv.includes("--child") ? child() : parent());
