import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { withBackend } from "../faces/face-api";
import { createRng } from "../util/rng";
import { createAutoencoder, decode, disposeAutoencoder, encode } from "./autoencoder";
import { PRESETS } from "./presets";

describe("inference backends", () => {
  it("the wasm backend used for conversion gives the cpu backend's faces and masks", async () => {
    await selectBackend("cpu", () => {});
    const model = createAutoencoder(PRESETS.tiny, 4);
    const r = PRESETS.tiny.resolution,
      rng = createRng(8);
    const x = Float32Array.from({ length: r * r * 3 }, () => rng.next());
    const forward = () =>
      tf.tidy(() => {
        const out = decode(model, "b", encode(model, tf.tensor4d(x, [1, r, r, 3])));
        return [out.face.dataSync(), out.mask.dataSync()] as const;
      });
    const onCpu = forward();
    const onWasm = await withBackend("wasm", async () => forward());
    expect(tf.getBackend()).toBe("cpu");
    for (let k = 0; k < 2; k++) onCpu[k]!.forEach((v, i) => expect(Math.abs(v - onWasm[k]![i]!)).toBeLessThan(1e-5));
    disposeAutoencoder(model);
  });
});
