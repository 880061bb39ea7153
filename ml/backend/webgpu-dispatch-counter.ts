// Counts real GPU work on the webgpu backend by wrapping Dawn's compute pass
// encoder: each dispatchWorkgroups call is one kernel launch, the unit that
// costs ~0.35 ms of fixed overhead on an H100 through tfjs-webgpu and Dawn's
// Node bindings. Counting tfjs kernels instead would miss ops that run on the
// CPU and count reshapes that dispatch nothing.

export type DispatchCount = {
  dispatches: number;
  /** Dispatches per pipeline label (tfjs labels pipelines by program class). */
  kinds: Record<string, number>;
  submits: number;
};

type PassProto = {
  setPipeline(p: { label?: string }): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
};
type QueueProto = { submit(buffers: unknown[]): void };

let active: DispatchCount | null = null;
let installed = false;
const currentLabel = new WeakMap<object, string>();

function install(): void {
  if (installed) return;
  const g = globalThis as unknown as {
    GPUComputePassEncoder?: { prototype: PassProto };
    GPUQueue?: { prototype: QueueProto };
  };
  const pass = g.GPUComputePassEncoder?.prototype,
    queue = g.GPUQueue?.prototype;
  if (!pass || !queue) throw new Error("WebGPU globals are not installed; select the webgpu backend first");
  const setPipeline = pass.setPipeline,
    dispatch = pass.dispatchWorkgroups,
    submit = queue.submit;
  pass.setPipeline = function (this: object, p) {
    currentLabel.set(this, p.label || "unlabelled");
    return setPipeline.call(this, p);
  };
  pass.dispatchWorkgroups = function (this: object, x, y, z) {
    if (active) {
      active.dispatches++;
      const k = currentLabel.get(this) ?? "unlabelled";
      active.kinds[k] = (active.kinds[k] ?? 0) + 1;
    }
    return dispatch.call(this, x, y, z);
  };
  queue.submit = function (this: object, buffers) {
    if (active) active.submits++;
    return submit.call(this, buffers);
  };
  installed = true;
}

/** Runs fn and returns what it dispatched on the GPU (awaits fn, so include the readback). */
export async function countDispatches<T>(fn: () => Promise<T> | T): Promise<{ result: T; count: DispatchCount }> {
  install();
  if (active) throw new Error("dispatch counting does not nest");
  const count: DispatchCount = { dispatches: 0, kinds: {}, submits: 0 };
  active = count;
  try {
    const result = await fn();
    return { result, count };
  } finally {
    active = null;
  }
}
