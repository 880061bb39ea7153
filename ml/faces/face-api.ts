import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmBackend } from "../backend/wasm-backend";
import { installWasmTrainingKernels } from "../backend/wasm-training-kernels";

// The node-wasm build bundles its own tfjs and its weights ship inside the npm
// package, so detection works offline. Its ESM build does not load under
// Node's resolver, hence createRequire. The bundled tfjs shares tfjs's global
// engine with @tensorflow/tfjs, so backend switches affect both.
const require = createRequire(import.meta.url);

type FaceApi = typeof import("@vladmandic/face-api/dist/face-api.node-wasm.js");

let loading: Promise<FaceApi> | undefined;

/**
 * Face detection, landmarks and descriptors always run on wasm (XNNPACK),
 * whatever the model trains on: face-api reads its outputs back with
 * dataSync, which the webgpu backend cannot serve under Node, and on a CPU
 * machine wasm is the fastest backend for these small nets anyway.
 */
const FACE_API_BACKEND = "wasm";

export function faceApiModelDir(): string {
  return path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
}

export function loadFaceApi(): Promise<FaceApi> {
  loading ??= (async () => {
    const current = activeBackend();
    const api = require("@vladmandic/face-api/dist/face-api.node-wasm.js") as FaceApi;
    const dir = faceApiModelDir();
    // Weights become tensors on the active backend when loaded: always wasm,
    // where detection runs. Loaded on webgpu they could only reach wasm through
    // a synchronous GPU readback, which Node cannot do (no OffscreenCanvas).
    await setWasmBackend();
    // A training step that runs while detection has wasm active (a worker runs
    // both kinds of job) dispatches its gradient ops to wasm: they must exist there.
    installWasmTrainingKernels();
    await Promise.all([
      api.nets.ssdMobilenetv1.loadFromDisk(dir),
      api.nets.tinyFaceDetector.loadFromDisk(dir),
      api.nets.faceLandmark68Net.loadFromDisk(dir),
      api.nets.faceRecognitionNet.loadFromDisk(dir),
    ]);
    // Keep whatever the caller had chosen; the model trains there, not on wasm.
    await tf.setBackend(current ?? "cpu");
    return api;
  })();
  return loading;
}

/** The backend face-api runs on (its weights live there). */
export function detectionBackend(): string {
  return FACE_API_BACKEND;
}

/**
 * Where conversion runs the autoencoder forward pass. A model on cpu runs on
 * wasm: XNNPACK is 10-30x faster than tfjs's JS cpu kernels for the same
 * result, and cpu tensors move to wasm synchronously (once, on first use). A
 * model on any other backend (webgpu, tensorflow) runs where its weights
 * live: moving them off webgpu would need a synchronous readback, and a GPU
 * is the fastest place for the forward pass. Callers read results with
 * `await data()`, never dataSync.
 */
export function inferenceBackend(): string {
  const b = activeBackend();
  return b === "cpu" || b === undefined ? "wasm" : b;
}

/** Runs `fn` with `backend` active and restores the previous one, so model tensors stay where they live. */
export async function withBackend<T>(backend: string, fn: () => Promise<T>): Promise<T> {
  // The wasm backend is registered by the face-api bundle.
  if (backend === "wasm") await loadFaceApi();
  const previous = activeBackend();
  if (previous !== backend) {
    await tf.setBackend(backend);
    await tf.ready();
  }
  try {
    return await fn();
  } finally {
    if (previous && activeBackend() !== previous) await tf.setBackend(previous);
  }
}

/** The active backend without initialising one (tf.getBackend() would pick wasm by priority). */
export function activeBackend(): string | undefined {
  return (tf.engine() as unknown as { backendName?: string }).backendName ?? undefined;
}
