// npm run bench:render [-- --seconds 5 --steps 300 --workers 1,2 --orders 2]
// Time to delivery of a paid order on this machine: the real platform path
// (queue -> worker process -> ml/ renderSwap -> watermark -> sealed store ->
// sign and register), tiny preset on the cpu backend, a 1280x720 25 fps clip
// of a real face. Reports each stage's seconds (from the render job's own stage
// timestamps) and the wall time for N orders with 1 and with 2 worker
// processes. Prints one JSON object. Runs on an embedded PostgreSQL in a temp
// folder (or TEST_DATABASE_URL); nothing is left behind.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "@/lib/db/client";
import { startCheckout } from "@/lib/orders/start-checkout";
import { parseStages } from "@/lib/render/stages";
import { benchDatabase } from "@/lib/testing/bench-database";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  uploadStudioFile,
} from "@/lib/testing/builders";
import { localPayments, payOrder } from "@/lib/testing/order-fixtures";
import { makeFootageClip, uploadAnalyzedLikenessSet } from "@/lib/testing/render-fixtures";

const { values } = parseArgs({
  options: {
    seconds: { type: "string" },
    steps: { type: "string" },
    workers: { type: "string" },
    orders: { type: "string" },
    quick: { type: "boolean" },
  },
});
const quick = values.quick ?? false;
const SECONDS = Number(values.seconds ?? (quick ? 2 : 5));
const STEPS = Number(values.steps ?? (quick ? 30 : 300));
const WORKER_COUNTS = (values.workers ?? "1,2").split(",").map(Number);
const ORDERS = Number(values.orders ?? 2);
const ROOT = path.resolve(import.meta.dirname, "..");
const payments = localPayments(randomBytes(24).toString("hex"));

const db0 = await benchDatabase();
const storageDir = await mkdtemp(path.join(os.tmpdir(), "likeness-bench-blobs-"));
process.env.LIKENESS_STORAGE_DIR = storageDir;
process.env.LIKENESS_MASTER_KEY ??= randomBytes(32).toString("hex");
process.env.LIKENESS_RENDER_STEPS = String(STEPS);
const db = createDb(db0.url);
const workers: ChildProcess[] = [];

try {
  const studio = await createStudio(db);
  const talent = await createUser(db, "TALENT");
  const { profile } = await createProfileWithConsent(db, talent);
  await uploadAnalyzedLikenessSet(db, talent, profile.id, 6);
  const offer = await publishTestOffer(db, talent, profile.id, { approvalMode: "AUTO", maxRenders: 1000 });
  const clip = await makeFootageClip(SECONDS, undefined, { width: 1280, height: 720, fps: 25 });
  const footage = await uploadStudioFile(db, studio, "TARGET_FOOTAGE", clip);
  const release = await uploadStudioFile(db, studio, "RELEASE");

  const payOrders = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { request } = await submitTestRequest(db, studio, offer.id, {
        uploads: { targetUploadId: footage.id, releaseUploadId: release.id },
      });
      ids.push((await startCheckout({ db, actor: studio, meta: TEST_META, requestId: request.id, provider: payments.provider })).orderId);
    }
    // Paid together, so that the workers start from a full queue.
    for (const orderId of ids) await payOrder(db, payments, orderId);
    return ids;
  };

  const run = async (workerCount: number, orders: number) => {
    const ids = await payOrders(orders);
    const started = Date.now();
    for (let i = 0; i < workerCount; i++) {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--queues", "render"], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db0.url, ML_BACKEND: process.env.ML_BACKEND ?? "cpu" },
        stdio: "ignore",
      });
      workers.push(child);
    }
    for (;;) {
      const open = await db.order.count({ where: { id: { in: ids }, status: "rendering" } });
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const wallSeconds = (Date.now() - started) / 1000;
    for (const w of workers.splice(0)) w.kill("SIGTERM");
    const jobs = await db.renderJob.findMany({ where: { orderId: { in: ids } } });
    const orderRows = await db.order.findMany({ where: { id: { in: ids } }, select: { status: true, paidAt: true, deliveredAt: true } });
    const stageSeconds = (job: (typeof jobs)[number]) =>
      Object.fromEntries(
        parseStages(job.stages).map((s) => [
          s.stage,
          s.startedAt && s.finishedAt ? (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000 : null,
        ]),
      );
    return {
      workers: workerCount,
      orders,
      delivered: orderRows.filter((o) => o.status === "delivered").length,
      wallSeconds,
      ordersPerHour: (orderRows.filter((o) => o.status === "delivered").length / wallSeconds) * 3600,
      paidToDeliveredSeconds: orderRows.map((o) =>
        o.deliveredAt && o.paidAt ? (o.deliveredAt.getTime() - o.paidAt.getTime()) / 1000 : null,
      ),
      stageSeconds: jobs.map(stageSeconds),
    };
  };

  const results = [];
  for (const n of WORKER_COUNTS) results.push(await run(n, n === 1 ? 1 : ORDERS));
  const one = results.find((r) => r.workers === 1);
  const two = results.find((r) => r.workers === 2);
  console.log(
    JSON.stringify(
      {
        bench: "render",
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
        clip: { seconds: SECONDS, width: 1280, height: 720, fps: 25 },
        preset: "tiny",
        steps: STEPS,
        backend: process.env.ML_BACKEND ?? "cpu",
        runs: results,
        throughputRatio2vs1: one && two ? two.ordersPerHour / one.ordersPerHour : null,
        baseModel:
          "orders here train from scratch (no base model is trained before the bench); npm run bench:base-model measures base vs scratch",
      },
      null,
      2,
    ),
  );
} finally {
  for (const w of workers) w.kill("SIGKILL");
  await db.$disconnect();
  await db0.stop();
  await rm(storageDir, { recursive: true, force: true });
}
