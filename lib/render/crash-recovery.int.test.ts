import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  uploadStudioFile,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { checkoutAndPay, localPayments } from "@/lib/testing/order-fixtures";
import { uploadAnalyzedLikenessSet, uploadFootageClip } from "@/lib/testing/render-fixtures";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// A render worker killed mid-training (SIGKILL: no cleanup, no last words)
// leaves its job to another worker process, which notices the missing
// heartbeat, takes the job from the queue and resumes from the last stored
// checkpoint. The order completes once: one output, one charge. A worker
// that is stopped (SIGTERM) saves a checkpoint at the step it reached first.

const payments = localPayments("crash-recovery-test-secret-0123456789");
const ROOT = path.resolve(import.meta.dirname, "../..");
const STEPS = 40;

let t: TestDatabase;
let storage: TestStorage;
let studio: Actor;
let orderId: string, secondRequestId: string;
const workers: ChildProcess[] = [];
const output: string[] = [];

function startWorker(name: string): ChildProcess {
  // node with tsx's loader, not the tsx CLI: the CLI runs the script in a child process that a SIGKILL to it would orphan.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--queues", "render"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      LIKENESS_STORAGE_DIR: storage.dir,
      LIKENESS_RENDER_STALE_SECONDS: "15",
      LIKENESS_RENDER_STEPS: String(STEPS),
      ML_BACKEND: "cpu",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => output.push(`[${name}] ${d}`));
  child.stderr!.on("data", (d: Buffer) => output.push(`[${name}] ${d}`));
  workers.push(child);
  return child;
}

/** Not exited yet (a process killed by a signal has no exit code, only a signal code). */
const alive = (w: ChildProcess) => w.exitCode === null && w.signalCode === null;

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${output.join("").slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  studio = await createStudio(t.db);
  const talent = await createUser(t.db, "TALENT");
  const { profile } = await createProfileWithConsent(t.db, talent);
  await uploadAnalyzedLikenessSet(t.db, talent, profile.id, 3);
  const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO" });
  const footage = await uploadFootageClip(t.db, studio, 1);
  const release = await uploadStudioFile(t.db, studio, "RELEASE");
  const { request } = await submitTestRequest(t.db, studio, offer.id, {
    uploads: { targetUploadId: footage.id, releaseUploadId: release.id },
  });
  const { request: second } = await submitTestRequest(t.db, studio, offer.id, {
    uploads: { targetUploadId: footage.id, releaseUploadId: release.id },
  });
  process.env.LIKENESS_RENDER_STEPS = String(STEPS);
  orderId = await checkoutAndPay(t.db, payments, studio, request.id);
  // Paid in its own test, so that its render is queued only then.
  secondRequestId = second.id;
}, 240_000);

afterAll(async () => {
  delete process.env.LIKENESS_RENDER_STEPS;
  for (const w of workers) if (alive(w)) w.kill("SIGKILL");
  await t?.drop();
  await storage?.cleanup();
});

describe("render crash recovery", () => {
  it("hands a render whose worker was killed mid-training to another worker, which resumes from the checkpoint and delivers once", async () => {
    const first = startWorker("worker-1");
    const job = await t.db.renderJob.findFirstOrThrow({ where: { orderId } });
    // Kill it once training is under way and a checkpoint is on disk.
    await until(
      "a training checkpoint",
      async () => {
        const j = await t.db.renderJob.findUniqueOrThrow({ where: { id: job.id } });
        const train = (j.stages as Array<{ stage: string; fraction: number }>).find((s) => s.stage === "train");
        return (
          j.checkpointKey &&
          existsSync(path.join(storage.dir, j.checkpointKey)) &&
          (train?.fraction ?? 0) > 0.3 &&
          (train?.fraction ?? 0) < 0.9
        );
      },
      150_000,
    );
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const killedAt = await t.db.renderJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(killedAt, output.join("")).toMatchObject({ status: "running", attempts: 1 });

    startWorker("worker-2");
    const order = await until(
      "the order to be delivered",
      async () => {
        const o = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
        return o.status === "delivered" || o.status === "failed" ? o : null;
      },
      180_000,
    );
    expect(order.status).toBe("delivered");
    const finished = await t.db.renderJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(finished).toMatchObject({ status: "succeeded", attempts: 2 });
    const log = (await t.db.renderLogLine.findMany({ where: { jobId: job.id }, orderBy: { id: "asc" } })).map((l) => l.message).join("\n");
    expect(log).toMatch(/stopped responding/);
    expect(log).toMatch(/[Rr]esum/);
    expect(await t.db.renderOutput.count({ where: { orderId } })).toBe(1);
    expect(await t.db.ledgerEntry.count({ where: { orderId, kind: "charge" } })).toBe(1);
    expect(await t.db.renderJob.count({ where: { orderId } })).toBe(1);
  }, 400_000);

  it("saves a checkpoint at the step reached when its worker is stopped with SIGTERM, and the next worker continues from that step", async () => {
    const secondOrderId = await checkoutAndPay(t.db, payments, studio, secondRequestId);
    if (!workers.some(alive)) startWorker("worker-3");
    const job = await until(
      "the second render to start",
      () => t.db.renderJob.findFirst({ where: { orderId: secondOrderId, status: "running" } }),
      200_000,
    );
    await until(
      "training under way",
      async () => {
        const j = await t.db.renderJob.findUniqueOrThrow({ where: { id: job.id } });
        const train = (j.stages as Array<{ stage: string; fraction: number }>).find((s) => s.stage === "train");
        return (train?.fraction ?? 0) > 0.2 && (train?.fraction ?? 0) < 0.9;
      },
      150_000,
    );
    const running = workers.filter(alive);
    const exited = running.map((w) => new Promise((r) => w.once("exit", r)));
    for (const w of running) w.kill("SIGTERM");
    await Promise.all(exited);
    const logOf = async () =>
      (await t.db.renderLogLine.findMany({ where: { jobId: job.id }, orderBy: { id: "asc" } })).map((l) => l.message).join("\n");
    const stopped = await logOf();
    const saved = /checkpoint[^\n]*?step (\d+)/i.exec(stopped.split("\n").find((l) => /shutting down/.test(l)) ?? "");
    expect(saved, stopped + output.join("").slice(-3000)).not.toBeNull();

    startWorker("worker-4");
    const order = await until(
      "the second order to be delivered",
      async () => {
        const o = await t.db.order.findUniqueOrThrow({ where: { id: secondOrderId } });
        return o.status === "delivered" || o.status === "failed" ? o : null;
      },
      240_000,
    );
    expect(order.status).toBe("delivered");
    expect(await logOf()).toMatch(new RegExp(`resum\\w* from (the checkpoint at )?step ${saved![1]}\\b`, "i"));
  }, 500_000);
});
