import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { countDispatches } from "../backend/webgpu-dispatch-counter";
import { referenceStep } from "../train/train-step";
import { createRng } from "../util/rng";
import { adamMomentEntries, adamUpdate, createAdam, disposeAdam, type AdamState } from "./adam";
import { createAutoencoder, disposeAutoencoder } from "./autoencoder";
import { deserializeCheckpoint, serializeCheckpoint } from "./checkpoint";
import { PRESETS } from "./presets";
import { groupBySize } from "./webgpu-adam";

// Runs where Dawn finds a Vulkan adapter (a GPU, or Mesa 25 lavapipe on a dev
// machine: ml/README.md); CI has none and stays on the cpu backend.
const webgpu = await selectBackend("webgpu", () => {}).then(
  () => true,
  () => false,
);
await selectBackend("cpu", () => {});

// Odd sizes on purpose (1, 5, 91, 105 elements), so no parameter starts or ends on a workgroup boundary.
const SHAPES: Record<string, number[]> = {
  "conv/w": [3, 3, 4, 8],
  "conv/b": [8],
  "dense/w": [70, 33],
  "odd/w": [7, 13],
  "one/b": [1],
  "cube/w": [3, 5, 7],
  "frozen/w": [5],
};

type Schedule = {
  /** Parameters without a gradient at each step ("frozen" gets none except where listed in `thaw`). */
  thaw?: number[];
  /** Steps run with ML_WEBGPU_FUSED=0 (the tensor-op form; the flat moments go back per parameter). */
  unfused?: number[];
  maxFlatElements?: number;
  steps: number;
};

async function moments(adam: AdamState): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const e of adamMomentEntries(adam)) {
    const data = await e.read();
    expect(data.length, e.name).toBe(e.shape.reduce((a, b) => a * b, 1));
    out.set(e.name, Float32Array.from(data));
  }
  return out;
}

/** Adam steps on fixed values; "frozen" gets no gradient (as dec_b in a reference step) except at `thaw` steps. */
async function run(s: Schedule): Promise<Map<string, Float32Array>> {
  const rng = createRng(5);
  const fill = (shape: number[], scale: number) =>
    tf.tensor(
      Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rng.next() - 0.5) * scale),
      shape,
    );
  const params = new Map(
    [...Object.entries(SHAPES)].map(([k, sh]) => [k, tf.variable(fill(sh, 2), true, `adamtest-${tf.getBackend()}-${k}-${Math.random()}`)]),
  );
  const adam = createAdam(params, 1e-2);
  if (s.maxFlatElements) adam.maxFlatElements = s.maxFlatElements;
  for (let step = 0; step < s.steps; step++) {
    const grads: Record<string, tf.Tensor> = {};
    for (const [k, p] of params) if (k !== "frozen/w" || s.thaw?.includes(step)) grads[p.name] = fill(p.shape, step % 3 === 1 ? 1e-4 : 3);
    if (s.unfused?.includes(step)) process.env.ML_WEBGPU_FUSED = "0";
    try {
      adamUpdate(adam, params, grads);
    } finally {
      delete process.env.ML_WEBGPU_FUSED;
    }
    for (const g of Object.values(grads)) g.dispose();
  }
  const out = await moments(adam);
  for (const [k, p] of params) out.set(`p/${k}`, (await p.data()) as Float32Array);
  disposeAdam(adam);
  for (const p of params.values()) p.dispose();
  return out;
}

function expectClose(got: Map<string, Float32Array>, want: Map<string, Float32Array>, tol = 1e-6): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [k, w] of want) {
    const g = got.get(k)!;
    w.forEach((x, i) => expect(Math.abs(g[i]! - x), `${k}[${i}]`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(x))));
  }
}

describe("flat Adam groups", () => {
  it("splits parameters into consecutive groups under the size limit", () => {
    expect(groupBySize([3, 4, 5, 1], 100)).toEqual([[0, 1, 2, 3]]);
    expect(groupBySize([3, 4, 5, 1], 7)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(groupBySize([3, 9, 1], 5)).toEqual([[0], [1], [2]]);
    expect(groupBySize([], 5)).toEqual([]);
  });
});

describe.skipIf(!webgpu)("one-dispatch Adam on webgpu", () => {
  afterEach(async () => {
    await selectBackend("cpu", () => {});
  });

  const schedules: Record<string, Schedule> = {
    "one group, five steps": { steps: 5 },
    "several groups (small binding limit)": { steps: 4, maxFlatElements: 400 },
    "a parameter joins and leaves the trained set": { steps: 5, thaw: [2, 3] },
    "a tensor-op step in between (ML_WEBGPU_FUSED=0)": { steps: 5, unfused: [2], thaw: [3] },
  };
  for (const [name, s] of Object.entries(schedules)) {
    it(`updates parameters and moments as the tensor-op Adam on cpu does: ${name}`, async () => {
      await selectBackend("webgpu", () => {});
      const onGpu = await run(s);
      await selectBackend("cpu", () => {});
      const onCpu = await run(s);
      expectClose(onGpu, onCpu);
    });
  }

  it("launches one kernel per step for all parameters (one per group)", async () => {
    await selectBackend("webgpu", () => {});
    const sizes = Object.values(SHAPES).map((s) => s.reduce((a, b) => a * b, 1));
    for (const [limit, groups] of [
      [undefined, 1],
      [400, groupBySize(sizes, 400).length],
    ] as const) {
      expect(groups).toBeGreaterThan(limit ? 2 : 0);
      const params = new Map(
        [...Object.entries(SHAPES)].map(([k, s]) => [k, tf.variable(tf.ones(s), true, `adamcount-${k}-${Math.random()}`)]),
      );
      const adam = createAdam(params, 1e-3);
      if (limit) adam.maxFlatElements = limit;
      const grads = Object.fromEntries([...params].map(([, p]) => [p.name, tf.onesLike(p)]));
      adamUpdate(adam, params, grads); // the first step moves the moments into the flat groups
      const { count } = await countDispatches(async () => {
        adamUpdate(adam, params, grads);
        await params.get("conv/w")!.data();
      });
      expect(count.kinds).toEqual({ FusedAdamProgram: groups });
      expect(adam.flat!.groups.length).toBe(groups);
      for (const g of Object.values(grads)) g.dispose();
      disposeAdam(adam);
      for (const p of params.values()) p.dispose();
    }
  });

  it("a checkpoint of the flat moments resumes to the same weights", async () => {
    await selectBackend("webgpu", () => {});
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, "float32", 4) as tf.Tensor4D;
    const model = createAutoencoder(PRESETS.tiny, 3);
    const adam = createAdam(model.params, 1e-3);
    for (let i = 0; i < 2; i++) referenceStep(model, adam, x).dispose();
    expect(adam.flat).not.toBeNull();
    const meta = {
      step: adam.step,
      seed: 3,
      rngState: createRng(1).getState(),
      backend: "webgpu",
      device: "test",
      lossKind: "l1",
      batchSize: 2,
      losses: [],
    };
    const loaded = deserializeCheckpoint(await serializeCheckpoint(model, adam, meta));
    expectClose(await moments(loaded.adam!), await moments(adam), 0);
    referenceStep(model, adam, x).dispose();
    referenceStep(loaded.model, loaded.adam!, x).dispose();
    const bytes = async (t: tf.Tensor) => Buffer.from(Float32Array.from((await t.data()) as Float32Array).buffer);
    for (const [k, p] of model.params) expect((await bytes(loaded.model.params.get(k)!)).equals(await bytes(p)), k).toBe(true);
    expectClose(await moments(loaded.adam!), await moments(adam), 0);
    x.dispose();
    disposeAdam(adam);
    disposeAutoencoder(model);
    disposeAdam(loaded.adam!);
    disposeAutoencoder(loaded.model);
  });
});
