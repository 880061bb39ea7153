import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

const require = createRequire(import.meta.url);

/**
 * Threads for the wasm backend: ML_WASM_THREADS, else every core Node may
 * use (PyTorch's default too). 1 keeps tfjs's single-threaded build.
 */
export function wasmThreads(): number {
  const raw = process.env.ML_WASM_THREADS;
  const n = raw === undefined || raw === "" ? os.availableParallelism() : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`ML_WASM_THREADS=${raw} is not a positive integer`);
  return n;
}

let prepared = false;

/**
 * Lets tfjs-backend-wasm run XNNPACK on `threads` threads under Node. Two
 * things stand in the way, both in tfjs 4.22:
 * - it turns threads off under Node (tfjs issue 3830): its Emscripten
 *   pthread workers start from blob: URLs (the worker script, and the module
 *   factory the worker then imports), which worker_threads cannot load. The
 *   worker script is written to a file whose first lines make the worker's
 *   URL.createObjectURL return the factory's path on disk (its importScripts
 *   reads files), and the main thread's URL.createObjectURL returns that file
 *   while the backend initialises;
 * - its C++ caps XNNPACK's pool at half of emscripten_num_logical_cores(),
 *   which under Node is `require("os").cpus().length` (1 on a 2-core
 *   machine; PyTorch uses both). `os.cpus` answers 2 x threads entries for
 *   the one synchronous call that initialises the backend.
 * Must run before the wasm backend initialises (the first setBackend("wasm")
 * anywhere, face-api's included); later calls change nothing.
 */
export function prepareWasmThreads(threads: number = wasmThreads()): void {
  if (prepared || !tf.env().getBool("IS_NODE") || threads <= 1) return;
  prepared = true;
  const wasm = require("@tensorflow/tfjs-backend-wasm") as { setThreadsCount(n: number): void };
  const factoryPath = require.resolve("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js");
  const { wasmWorkerContents } = require("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js") as {
    wasmWorkerContents: string;
  };
  // Two files: Node's ESM loader (tsx, vitest) lexes a worker's entry file for
  // named exports and chokes on this generated code, while files it require()s
  // are not lexed. The entry only points the worker's URL.createObjectURL at
  // the factory and requires the real worker script.
  const dir = path.join(os.tmpdir(), "likeness-tfjs-wasm");
  // The script is one line whose string literals held "\\n" before tfjs stored it in a template literal (tfjs escapes them the same way).
  const body = writeOnce(dir, "worker-body", wasmWorkerContents.replace(/\n/g, "\\n"));
  const workerPath = writeOnce(
    dir,
    "worker",
    `URL.createObjectURL = () => ${JSON.stringify(factoryPath)};\nURL.revokeObjectURL = () => {};\nrequire(${JSON.stringify(body)});\n`,
  );
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob: Blob) => (blob.type === "application/javascript" ? workerPath : createObjectURL(blob));
  // The cap reads os.cpus() through the module object, once, when XNNPACK's pool is made.
  const osModule = require("node:os") as typeof os;
  const cpus = osModule.cpus.bind(osModule);
  osModule.cpus = () => {
    const real = cpus();
    return Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]!);
  };
  restoreCpus = () => {
    osModule.cpus = cpus;
  };
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  wasm.setThreadsCount(threads);
}

let restoreCpus = () => {};

type PThreads = { runningWorkers: Array<{ unref(): void }>; unusedWorkers: Array<{ unref(): void }> };

/**
 * Once the backend has initialised: undoes the os.cpus stand-in, and unrefs
 * XNNPACK's pool threads (Emscripten refs a worker while it runs a pthread,
 * and the pool's threads run until the process ends), so a process whose
 * work is done exits instead of waiting for them forever.
 */
export function wasmThreadsInitialised(): void {
  restoreCpus();
  restoreCpus = () => {};
  const pthreads = (tf.findBackend("wasm") as { wasm?: { PThread?: PThreads } } | null)?.wasm?.PThread;
  for (const worker of [...(pthreads?.runningWorkers ?? []), ...(pthreads?.unusedWorkers ?? [])]) worker.unref();
}

/** Writes `text` to a file named by its hash (concurrent processes and other installs never clash) and returns its path. */
function writeOnce(dir: string, stem: string, text: string): string {
  const file = path.join(dir, `${stem}-${createHash("sha256").update(text).digest("hex").slice(0, 16)}.cjs`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
  return file;
}
