import * as tf from "@tensorflow/tfjs";
import { createRng, type Rng } from "../util/rng";
import { conv2dBiasWebGpu, conv2dLeaky, conv2dLeakyUpscaleWebGpu, denseWebGpu, pixelShuffle } from "./conv-leaky";
import { webGpuFused } from "./webgpu-dispatch";
import { validateConfig, type ModelConfig } from "./presets";
import { variableFrom } from "./variable-from";

export type Side = "a" | "b";

export type Autoencoder = {
  config: ModelConfig;
  /** Every trainable variable by stable name; the checkpoint format relies on these names. */
  params: Map<string, tf.Variable>;
};

const LEAK = 0.1;

// tfjs variable names are global; a counter keeps several models apart.
let instance = 0;

/** Glorot-uniform weights and zero biases drawn from a seeded PRNG, so a seed fixes the whole run. */
export function createAutoencoder(config: ModelConfig, seed: number): Autoencoder {
  validateConfig(config);
  const rng = createRng(seed);
  const params = new Map<string, tf.Variable>();
  const id = ++instance;
  const add = (name: string, shape: number[], fanIn: number, fanOut: number) => {
    params.set(`${name}/w`, variableFrom(glorot(rng, shape, fanIn, fanOut), true, `ae${id}/${name}/w`));
    params.set(`${name}/b`, variableFrom(tf.zeros([shape[shape.length - 1]!]), true, `ae${id}/${name}/b`));
  };
  const conv = (name: string, k: number, cin: number, cout: number) => add(name, [k, k, cin, cout], k * k * cin, k * k * cout);

  let c = 3;
  config.encoderFilters.forEach((f, i) => {
    conv(`enc/conv${i}`, 5, c, f);
    c = f;
  });
  const latentRes = config.resolution / 2 ** config.encoderFilters.length;
  const flat = latentRes * latentRes * c;
  add("enc/dense0", [flat, config.bottleneck], flat, config.bottleneck);
  add("enc/dense1", [config.bottleneck, flat], config.bottleneck, flat);
  conv("enc/up", 3, c, config.encoderUpscale * 4);
  for (const side of ["a", "b"] as const) {
    let d = upscaledChannels(config, config.encoderUpscale);
    config.decoderFilters.forEach((f, i) => {
      conv(`dec_${side}/up${i}`, 3, d, f * 4);
      d = upscaledChannels(config, f);
    });
    conv(`dec_${side}/out`, 5, d, 4);
  }
  return { config, params };
}

function upscaledChannels(config: ModelConfig, f: number): number {
  return config.upsample === "shuffle" ? f : f * 4;
}

function glorot(rng: Rng, shape: number[], fanIn: number, fanOut: number): tf.Tensor {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.uniform(-limit, limit);
  return tf.tensor(values, shape);
}

function p(model: Autoencoder, name: string): tf.Variable {
  const v = model.params.get(name);
  if (!v) throw new Error(`model has no parameter ${name}`);
  return v;
}

function conv(model: Autoencoder, name: string, x: tf.Tensor4D, stride: number, activation: "leakyrelu" | "linear"): tf.Tensor4D {
  // One kernel forward even under a gradient tape (see conv-leaky.ts); linear convs already fuse there.
  if (activation === "leakyrelu")
    return conv2dLeaky(x, p(model, `${name}/w`) as tf.Tensor4D, p(model, `${name}/b`) as tf.Tensor1D, {
      strides: stride,
      pad: "same",
      alpha: LEAK,
    });
  // On webgpu the bias gradient is one kernel instead of Transpose + Reduce; cpu keeps tf.fused.conv2d (bit-identical resume).
  if (webGpuFused())
    return conv2dBiasWebGpu(x, p(model, `${name}/w`) as tf.Tensor4D, p(model, `${name}/b`) as tf.Tensor1D, {
      strides: stride,
      pad: "same",
    });
  return tf.fused.conv2d({
    x,
    filter: p(model, `${name}/w`) as tf.Tensor4D,
    bias: p(model, `${name}/b`),
    strides: stride,
    pad: "same",
    activation,
    leakyreluAlpha: LEAK,
  });
}

function upscale(model: Autoencoder, name: string, x: tf.Tensor4D): tf.Tensor4D {
  // webgpu: the upsampling's backward folded into the LeakyReLU derivative (one kernel instead of two).
  if (webGpuFused()) {
    return conv2dLeakyUpscaleWebGpu(x, p(model, `${name}/w`) as tf.Tensor4D, p(model, `${name}/b`) as tf.Tensor1D, {
      alpha: LEAK,
      upsample: model.config.upsample,
    });
  }
  const y = conv(model, name, x, 1, "leakyrelu");
  if (model.config.upsample === "nearest") return tf.image.resizeNearestNeighbor(y, [y.shape[1] * 2, y.shape[2] * 2]);
  return pixelShuffle(y);
}

/** Faces [B, R, R, 3] in [0,1] to the shared latent [B, 2L, 2L, C]. */
export function encode(model: Autoencoder, x: tf.Tensor4D): tf.Tensor4D {
  let h = x;
  model.config.encoderFilters.forEach((_, i) => {
    h = conv(model, `enc/conv${i}`, h, 2, "leakyrelu");
  });
  const [b, lh, lw, c] = h.shape;
  const dense = (a: tf.Tensor2D, name: string): tf.Tensor2D =>
    webGpuFused()
      ? denseWebGpu(a, p(model, `${name}/w`) as tf.Tensor2D, p(model, `${name}/b`) as tf.Tensor1D)
      : (tf.fused.matMul({ a, b: p(model, `${name}/w`) as tf.Tensor2D, bias: p(model, `${name}/b`) }) as tf.Tensor2D);
  const z = dense(dense(h.reshape([b, lh * lw * c]), "enc/dense0"), "enc/dense1");
  return upscale(model, "enc/up", z.reshape([b, lh, lw, c]));
}

/** Latent to the decoder's pre-sigmoid output [B, R, R, 4]: face RGB and mask (training feeds it to lossFromLogits). */
export function decodeLogits(model: Autoencoder, side: Side, z: tf.Tensor4D): tf.Tensor4D {
  let h = z;
  model.config.decoderFilters.forEach((_, i) => {
    h = upscale(model, `dec_${side}/up${i}`, h);
  });
  return conv(model, `dec_${side}/out`, h, 1, "linear");
}

/** Latent to [B, R, R, 3] faces and [B, R, R, 1] masks, both in [0,1]. */
export function decode(model: Autoencoder, side: Side, z: tf.Tensor4D): { face: tf.Tensor4D; mask: tf.Tensor4D } {
  const out = tf.sigmoid(decodeLogits(model, side, z));
  const [b, r, w] = out.shape;
  return {
    face: out.slice([0, 0, 0, 0], [b, r, w, 3]),
    mask: out.slice([0, 0, 0, 3], [b, r, w, 1]),
  };
}

export function parameterCount(model: Autoencoder): number {
  let n = 0;
  for (const v of model.params.values()) n += v.size;
  return n;
}

export function disposeAutoencoder(model: Autoencoder): void {
  for (const v of model.params.values()) v.dispose();
  model.params.clear();
}
