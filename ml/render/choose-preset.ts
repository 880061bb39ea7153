import { PRESETS, resolveConfig, type ModelConfig, type PresetName } from "../model/presets";

/** The presets "auto" chooses from, cheapest first. */
const AUTO_ORDER: PresetName[] = ["tiny", "small", "original", "large"];

/**
 * Default cap of "auto": "small" is the largest preset a CPU render worker
 * trains in minutes (tiny ~1 s/step at batch 8 on 2 cores, small several
 * times that); "original" and "large" belong on GPU workers, which pass
 * `maxPreset` explicitly.
 */
export const DEFAULT_MAX_AUTO_PRESET: PresetName = "small";

/** The face width (px) a preset's model paints: its crop minus the margins (isSmallFace's measure). */
export function paintedFaceSize(config: ModelConfig): number {
  return Math.round(config.resolution * (1 - 2 * config.margin));
}

export type PresetChoice = { config: ModelConfig; reason: string };

/**
 * The smallest preset whose painted face covers the footage's faces, capped
 * by `maxPreset`: a larger model than the faces gains nothing but training
 * time, a smaller one paints a soft face.
 */
export function choosePreset(medianFaceSize: number, maxPreset: string = DEFAULT_MAX_AUTO_PRESET): PresetChoice {
  const cap = AUTO_ORDER.indexOf(maxPreset as PresetName);
  if (cap < 0) throw new Error(`maxPreset must be one of ${AUTO_ORDER.join(", ")}, got "${maxPreset}"`);
  const face = Math.round(medianFaceSize);
  for (const name of AUTO_ORDER.slice(0, cap + 1)) {
    const config = PRESETS[name];
    if (paintedFaceSize(config) >= face) {
      return {
        config,
        reason: `the performer's faces are ${face} px (median); ${name} paints ${paintedFaceSize(config)} px, the smallest preset that covers them`,
      };
    }
  }
  const config = resolveConfig(AUTO_ORDER[cap]!);
  return {
    config,
    reason: `the performer's faces are ${face} px (median); no preset up to ${maxPreset} covers them, so the largest allowed, ${config.name} (${paintedFaceSize(config)} px), is used`,
  };
}

/** Presets "auto" may choose with this cap; the training set is captured at the largest one's resolution. */
export function autoCandidates(maxPreset: string = DEFAULT_MAX_AUTO_PRESET): ModelConfig[] {
  const cap = AUTO_ORDER.indexOf(maxPreset as PresetName);
  if (cap < 0) throw new Error(`maxPreset must be one of ${AUTO_ORDER.join(", ")}, got "${maxPreset}"`);
  return AUTO_ORDER.slice(0, cap + 1).map((n) => PRESETS[n]);
}
