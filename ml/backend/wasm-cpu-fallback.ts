import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./wasm-kernel-calls";

type CpuBackend = tf.KernelBackend & {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
};

/**
 * Runs tfjs's cpu kernel for a case the wasm compositions do not cover:
 * float32 inputs are copied out of the wasm heap, the result copied back.
 * The values are the cpu backend's; only the speed is JavaScript's.
 */
export function runOnCpu(kernelName: string, backend: WasmBackend, inputs: tf.NamedTensorInfoMap, attrs: object): tf.TensorInfo {
  const cpu = tf.findBackend("cpu") as CpuBackend | null;
  const kernel = tf.getKernel(kernelName, "cpu");
  if (!cpu || !kernel) throw new Error(`${kernelName}: no wasm kernel and no cpu backend to fall back to`);
  const cpuInputs: tf.NamedTensorInfoMap = {};
  for (const [name, info] of Object.entries(inputs) as Array<[string, tf.TensorInfo]>) {
    if (info.dtype !== "float32") throw new Error(`${kernelName}: the cpu fallback copies float32 inputs only (${name} is ${info.dtype})`);
    cpuInputs[name] = cpu.makeTensorInfo(info.shape, "float32", backend.typedArrayFromHeap(info).slice());
  }
  const result = kernel.kernelFunc({ inputs: cpuInputs, backend: cpu, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
  const out = backend.makeOutput(result.shape, "float32");
  backend.typedArrayFromHeap(out).set(cpu.readSync(result.dataId) as Float32Array);
  for (const info of [...(Object.values(cpuInputs) as tf.TensorInfo[]), result]) cpu.disposeData(info.dataId);
  return out;
}
