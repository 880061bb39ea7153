import * as tf from "@tensorflow/tfjs";

/** The parts of tfjs-backend-wasm's BackendWasm that composed kernels use (not in its public typings). */
export type WasmBackend = {
  disposeData(dataId: object): boolean;
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
};

/**
 * Runs another wasm kernel from inside a kernel, the way tfjs's own
 * backends compose kernels: no engine bookkeeping, no tape, and the caller
 * frees every intermediate with `free`.
 */
export function wasmKernel(name: string, backend: WasmBackend, inputs: Record<string, tf.TensorInfo>, attrs: object = {}): tf.TensorInfo {
  const kernel = tf.getKernel(name, "wasm");
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, backend: backend as unknown as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}

export function free(backend: WasmBackend, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export function transposeWasm(backend: WasmBackend, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return wasmKernel("Transpose", backend, { x }, { perm });
}
