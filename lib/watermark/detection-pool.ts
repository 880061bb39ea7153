import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Worker } from "node:worker_threads";
import { detectWorkers } from "@/lib/config";
import type { DetectionResult } from "./detect";

// Watermark detection off the web server's event loop. Reading an unmarked
// picture runs the geometry search (detect.ts): seconds of CPU in one
// synchronous call, during which a server running it inline answers nothing
// else, not even a verify code. The pool runs detections in worker threads,
// a bounded number at a time, with a bounded queue and a time limit; the
// caller's thread only waits.

export type DetectionJob =
  /** An image file's bytes (the worker gets a copy; the caller's stay as they are). */
  | { kind: "image"; bytes: Uint8Array }
  /** A video file on disk, read for its first `maxFrames` frames. */
  | { kind: "video"; path: string; maxFrames?: number };

/** Every worker is busy and the queue is full: the caller should answer "try again shortly". */
export class DetectionBusyError extends Error {
  constructor(readonly queued: number) {
    super(`Watermark detection is busy (${queued} files waiting); try again in a few seconds.`);
    this.name = "DetectionBusyError";
  }
}

/** A detection ran past the pool's time limit; its worker was stopped. */
export class DetectionTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Watermark detection did not finish within ${Math.round(timeoutMs / 1000)} s.`);
    this.name = "DetectionTimeoutError";
  }
}

export type DetectionPoolOptions = {
  /** Worker threads (each detects one file at a time). */
  workers: number;
  /** Jobs that may wait for a worker; one more is refused with DetectionBusyError. */
  maxQueued: number;
  /** A job still running after this is stopped (its worker terminated) with DetectionTimeoutError. */
  timeoutMs: number;
};

export type DetectionPool = {
  detect(job: DetectionJob): Promise<DetectionResult>;
  /** Jobs running and waiting now. */
  load(): { running: number; queued: number };
  /** Stops every worker; waiting and running jobs are refused. */
  close(): Promise<void>;
};

type Pending = { job: DetectionJob; resolve: (r: DetectionResult) => void; reject: (e: Error) => void };
type Slot = { worker: Worker | null; current: Pending | null; timer: NodeJS.Timeout | null };
type Answer = { ok: true; result: DetectionResult } | { ok: false; message: string };

// import.meta.dirname is undefined once Next.js bundles this module; the server runs from the project root.
const HERE = import.meta.dirname ?? path.resolve(process.cwd(), "lib/watermark");
const BOOT = path.join(HERE, "detection-worker-boot.mjs");
const ENTRY = pathToFileURL(path.join(HERE, "detection-worker.ts")).href;
// Taken at run time, not imported: Next.js's bundler follows `new Worker(path)` of an imported Worker and bundles
// the entry (and tsx, which it cannot bundle); the worker runs the sources through tsx, as the server itself does.
const Threads = process.getBuiltinModule("node:worker_threads");

export function createDetectionPool(options: DetectionPoolOptions): DetectionPool {
  const slots: Slot[] = Array.from({ length: Math.max(1, options.workers) }, () => ({ worker: null, current: null, timer: null }));
  const queue: Pending[] = [];
  let closed = false;

  const finish = (slot: Slot, settle: (p: Pending) => void) => {
    const job = slot.current;
    if (slot.timer) clearTimeout(slot.timer);
    slot.current = null;
    slot.timer = null;
    if (job) settle(job);
    pump();
  };

  // A worker that failed or was stopped is dropped; the next job starts a new one.
  const drop = (slot: Slot, worker: Worker) => {
    if (slot.worker !== worker) return;
    slot.worker = null;
    void worker.terminate();
  };

  const spawn = (slot: Slot): Worker => {
    const worker = new Threads.Worker(BOOT, { workerData: { entry: ENTRY } });
    worker.on("message", (answer: Answer) => {
      if (slot.worker !== worker) return;
      // An idle worker does not keep the process alive (CLI, tests).
      worker.unref();
      finish(slot, (p) => (answer.ok ? p.resolve(answer.result) : p.reject(new Error(answer.message))));
    });
    const failed = (error: Error) => {
      if (slot.worker !== worker) return;
      drop(slot, worker);
      finish(slot, (p) => p.reject(error));
    };
    worker.on("error", failed);
    worker.on("exit", (code) => failed(new Error(`the watermark detection worker stopped (exit code ${code})`)));
    return worker;
  };

  const start = (slot: Slot, pending: Pending) => {
    const worker = (slot.worker ??= spawn(slot));
    worker.ref();
    slot.current = pending;
    slot.timer = setTimeout(() => {
      drop(slot, worker);
      finish(slot, (p) => p.reject(new DetectionTimeoutError(options.timeoutMs)));
    }, options.timeoutMs);
    const { job } = pending;
    worker.postMessage(job, job.kind === "image" ? [job.bytes.buffer as ArrayBuffer] : []);
  };

  function pump() {
    for (const slot of slots) {
      if (closed || !queue.length) return;
      if (!slot.current) start(slot, queue.shift()!);
    }
  }

  return {
    detect(job) {
      if (closed) return Promise.reject(new Error("the watermark detection pool is closed"));
      const idle = slots.some((s) => !s.current);
      if (!idle && queue.length >= options.maxQueued) return Promise.reject(new DetectionBusyError(queue.length));
      // A copy of the bytes (new Uint8Array copies; Buffer#slice would not) is moved to the worker: moving the caller's own buffer would empty it.
      const owned = job.kind === "image" ? { kind: "image" as const, bytes: new Uint8Array(job.bytes) } : job;
      return new Promise<DetectionResult>((resolve, reject) => {
        queue.push({ job: owned, resolve, reject });
        pump();
      });
    },
    load: () => ({ running: slots.filter((s) => s.current).length, queued: queue.length }),
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new Error("the watermark detection pool is closed"));
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          slot.worker = null;
          if (slot.timer) clearTimeout(slot.timer);
          slot.current?.reject(new Error("the watermark detection pool is closed"));
          slot.current = null;
          await worker?.terminate();
        }),
      );
    },
  };
}

/**
 * The process's pool, made on first use: LIKENESS_DETECT_WORKERS threads
 * (lib/config.ts), 16 jobs waiting per thread (each holds its file's bytes),
 * 120 s per job.
 */
export function detectionPool(): DetectionPool {
  const workers = detectWorkers();
  return (shared ??= createDetectionPool({ workers, maxQueued: 16 * workers, timeoutMs: 120_000 }));
}
let shared: DetectionPool | null = null;
