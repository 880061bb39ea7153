import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import { installWasmTrainingKernels } from "./wasm-training-kernels";
import { prepareWasmThreads, wasmThreadsInitialised } from "./wasm-threads";

// The CommonJS build through require, as @vladmandic/face-api's node-wasm
// bundle loads it: one module instance, so one set of wasm kernels whose
// setup ran against the one backend, whichever of the two loads first.
const require = createRequire(import.meta.url);

/**
 * Registers tfjs's wasm backend (XNNPACK, SIMD) with the gradient kernels
 * training needs, and makes it active. Safe to call after face-api has
 * loaded the same package.
 */
export async function activateWasmBackend(): Promise<string> {
  const wasm = require("@tensorflow/tfjs-backend-wasm") as { getThreadsCount(): number };
  installWasmTrainingKernels();
  await setWasmBackend();
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
  // Reported so the thread count shows in checkpoints and bench output.
  const threads = wasm.getThreadsCount();
  return `tfjs wasm (${process.arch}${simd ? ", SIMD" : ""}, ${threads} thread${threads === 1 ? "" : "s"})`;
}

/**
 * Makes wasm the active backend, initialising it with threads the first time
 * (see wasm-threads.ts). Every setBackend("wasm") in ml/ goes through here,
 * face-api's included: whichever comes first initialises the one backend.
 */
export async function setWasmBackend(): Promise<void> {
  prepareWasmThreads();
  try {
    if (!(await tf.setBackend("wasm"))) throw new Error("backend wasm failed to initialise");
    await tf.ready();
  } finally {
    wasmThreadsInitialised();
  }
}
