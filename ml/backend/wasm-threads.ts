import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

const require = createRequire(import.meta.url);

/**
 * tfjs-backend-wasm turns threads off under Node (tfjs issue 3830): its
 * Emscripten pthread workers are started from blob: URLs (the worker script,
 * and the module factory the worker then imports), which Node's
 * worker_threads cannot load. The threaded SIMD binary itself runs fine.
 * This writes the worker script to a file whose first line makes the
 * worker's URL.createObjectURL return the factory's path on disk (its
 * importScripts reads files), and makes the main thread's return that
 * worker file while the backend initialises. Must run before the wasm
 * backend initialises (the first setBackend("wasm") anywhere, face-api's
 * included); later calls change nothing.
 */
export function enableWasmThreads(threads: number): void {
  if (!tf.env().getBool("IS_NODE") || threads <= 1) return;
  const wasm = require("@tensorflow/tfjs-backend-wasm") as { setThreadsCount(n: number): void };
  const factoryPath = require.resolve("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js");
  const { wasmWorkerContents } = require("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js") as { wasmWorkerContents: string };
  // Two files: Node's ESM loader (tsx, vitest) lexes a worker's entry file for
  // named exports and chokes on this generated code, while files it require()s
  // are not lexed. The entry only points the worker's URL.createObjectURL at
  // the factory and requires the real worker script.
  const dir = path.join(os.tmpdir(), "likeness-tfjs-wasm");
  // The script is one line whose string literals held "\\n" before tfjs stored it in a template literal (tfjs escapes them the same way).
  const body = writeOnce(dir, "worker-body", wasmWorkerContents.replace(/\n/g, "\\n"));
  const workerPath = writeOnce(dir, "worker", `URL.createObjectURL = () => ${JSON.stringify(factoryPath)};\nURL.revokeObjectURL = () => {};\nrequire(${JSON.stringify(body)});\n`);
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob: Blob) => (blob.type === "application/javascript" ? workerPath : createObjectURL(blob));
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  wasm.setThreadsCount(threads);
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
