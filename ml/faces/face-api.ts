import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

// The node-wasm build bundles its own tfjs and its weights ship inside the npm
// package, so detection works offline. Its ESM build does not load under
// Node's resolver, hence createRequire. The bundled tfjs shares tfjs's global
// engine with @tensorflow/tfjs, so backend switches affect both.
const require = createRequire(import.meta.url);

type FaceApi = typeof import("@vladmandic/face-api/dist/face-api.node-wasm.js");

let loading: Promise<FaceApi> | undefined;

export function faceApiModelDir(): string {
  return path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
}

export function loadFaceApi(): Promise<FaceApi> {
  loading ??= (async () => {
    const current = activeBackend();
    const api = require("@vladmandic/face-api/dist/face-api.node-wasm.js") as FaceApi;
    const dir = faceApiModelDir();
    // Weights become tensors on load, so a backend must be initialised first.
    await tf.setBackend(current && current !== "cpu" ? current : "wasm");
    await tf.ready();
    await Promise.all([
      api.nets.ssdMobilenetv1.loadFromDisk(dir),
      api.nets.tinyFaceDetector.loadFromDisk(dir),
      api.nets.faceLandmark68Net.loadFromDisk(dir),
      api.nets.faceRecognitionNet.loadFromDisk(dir),
    ]);
    // Keep whatever the caller had chosen; the model trains on cpu, not wasm.
    await tf.setBackend(current ?? "cpu");
    return api;
  })();
  return loading;
}

/** The backend face detection runs on: wasm is fastest on CPU; a GPU backend is used as is. */
export function detectionBackend(): string {
  const b = activeBackend();
  return b === "cpu" || b === undefined ? "wasm" : b;
}

/**
 * Where conversion runs the autoencoder forward pass. On a CPU machine the
 * wasm backend (XNNPACK) is 10-30x faster than tfjs's JS cpu kernels for the
 * same result; it cannot train (no Conv2DBackpropFilter), which is why
 * training stays on cpu. Weights move to wasm once, on first use.
 */
export function inferenceBackend(): string {
  return detectionBackend();
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
