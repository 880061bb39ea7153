// Layout of the shared-encoder autoencoder. Encoder: 5x5 stride-2 convs,
// two dense layers through a bottleneck, one upscale block. Each decoder:
// upscale blocks, then a 5x5 conv to RGB plus a learned mask channel.
export type ModelConfig = {
  name: string;
  resolution: number;
  encoderFilters: number[];
  bottleneck: number;
  /** Filters of the upscale block that ends the encoder. */
  encoderUpscale: number;
  decoderFilters: number[];
  /** "shuffle": conv to 4f then depth-to-space (the classic PixelShuffler); "nearest": conv to 4f then 2x nearest upsampling, as the PyTorch reference. */
  upsample: "shuffle" | "nearest";
  /** Crop margin around the face template, as a share of the crop. */
  margin: number;
  /**
   * Adam's learning rate when trainModel is given none, chosen per preset by
   * measurement (ml/README.md, "Learning rate per preset"). Not part of the
   * layout (`sameLayout`): a checkpoint resumes at the rate stored with its
   * optimizer, and configs stored before this field existed lack it
   * (DEFAULT_LEARNING_RATE then).
   */
  learningRate?: number;
};

/** DeepFaceLab's rate, kept where no measurement on this hardware chose another. */
export const DEFAULT_LEARNING_RATE = 5e-5;

export const PRESETS = {
  /** Tests and CPU previews: a few thousand parameters, seconds per hundred steps. */
  tiny: {
    name: "tiny",
    resolution: 32,
    encoderFilters: [8, 16, 32],
    bottleneck: 64,
    encoderUpscale: 32,
    decoderFilters: [16, 8],
    upsample: "shuffle",
    margin: 0.2,
    // Measured (ml/README.md): at 200 steps, batch 8, 1e-3 ends at loss 0.45 against 0.87 at 5e-5; 2e-3 is 6% lower still but jumpier.
    learningRate: 1e-3,
  },
  /** CPU-trainable preview quality. */
  small: {
    name: "small",
    resolution: 64,
    encoderFilters: [32, 64, 128, 256],
    bottleneck: 256,
    encoderUpscale: 128,
    decoderFilters: [64, 32, 16],
    upsample: "shuffle",
    margin: 0.2,
    // Measured (ml/README.md, 100 steps, batch 8): 2e-4 ends at 0.80 against 0.92 at 5e-5 and still falls; 1e-3 is 2% lower but flat and jumpier.
    learningRate: 2e-4,
  },
  /** The classic 64 px "Original" deepfakes layout. */
  original: {
    name: "original",
    resolution: 64,
    encoderFilters: [128, 256, 512, 1024],
    bottleneck: 1024,
    encoderUpscale: 512,
    decoderFilters: [256, 128, 64],
    upsample: "shuffle",
    margin: 0.2,
    // Not measured on a CPU (hours per sweep): DeepFaceLab's rate for this very layout.
    learningRate: DEFAULT_LEARNING_RATE,
  },
  /** 128 px for GPU workers. */
  large: {
    name: "large",
    resolution: 128,
    encoderFilters: [128, 256, 512, 1024, 1024],
    bottleneck: 1024,
    encoderUpscale: 512,
    decoderFilters: [512, 256, 128, 64],
    upsample: "shuffle",
    margin: 0.2,
    // Not measured on a CPU (a GPU preset): DeepFaceLab's rate.
    learningRate: DEFAULT_LEARNING_RATE,
  },
} satisfies Record<string, ModelConfig>;

export type PresetName = keyof typeof PRESETS;

/** The model /work/shared/bench/torch_reference.py trains, at width multiplier w, for side-by-side timing. */
export function torchReferenceConfig(w: number): ModelConfig {
  return {
    name: `torch-reference-w${w}`,
    resolution: 64,
    encoderFilters: [32 * w, 64 * w, 128 * w, 256 * w],
    bottleneck: 256 * w,
    encoderUpscale: 128 * w,
    decoderFilters: [64 * w, 32 * w, 16 * w],
    upsample: "nearest",
    margin: 0.2,
  };
}

export function resolveConfig(preset: string): ModelConfig {
  const m = /^torch-reference-w(\d+)$/.exec(preset);
  if (m) return torchReferenceConfig(Number(m[1]));
  if (preset in PRESETS) return PRESETS[preset as PresetName];
  throw new Error(`unknown model preset "${preset}"; use one of ${Object.keys(PRESETS).join(", ")} or torch-reference-wN`);
}

/** Whether two configs build the same network (the training hyperparameters aside), e.g. a checkpoint's and a preset's. */
export function sameLayout(a: ModelConfig, b: ModelConfig): boolean {
  const { learningRate: _a, ...la } = a,
    { learningRate: _b, ...lb } = b;
  return JSON.stringify(la) === JSON.stringify(lb);
}

export function validateConfig(c: ModelConfig): void {
  const latent = c.resolution / 2 ** c.encoderFilters.length;
  if (!Number.isInteger(latent) || latent < 2)
    throw new Error(`${c.name}: resolution ${c.resolution} does not divide by 2^${c.encoderFilters.length}`);
  if (c.decoderFilters.length !== c.encoderFilters.length - 1)
    throw new Error(`${c.name}: need ${c.encoderFilters.length - 1} decoder blocks to get back to ${c.resolution} px`);
}
