// The face-swap engine's public surface. ml/ knows nothing of Next.js or
// HTTP: the render worker and the CLI call these functions and pass storage in.
export { selectBackend, parsePreference, currentBackend, type BackendInfo, type BackendPreference } from "./backend/select-backend";
export {
  analyzeLikenessSet,
  analyzeLikenessImage,
  summarizeLikenessSet,
  type AnalyzedImage,
  type LikenessImage,
  type AnalyzeOptions,
} from "./analysis/analyze-likeness-set";
export type { LikenessSetReport, ImageReport, ImageIssue, ImageIssueCode, PoseGrid } from "./analysis/types";
export { detectFaces, type DetectedFace } from "./faces/detect-faces";
export { headPose, type HeadPose } from "./faces/head-pose";
export { PRESETS, resolveConfig, type ModelConfig, type PresetName } from "./model/presets";
export { choosePreset, paintedFaceSize, DEFAULT_MAX_AUTO_PRESET } from "./render/choose-preset";
export { createAutoencoder, disposeAutoencoder, parameterCount, type Autoencoder } from "./model/autoencoder";
export { loadModel, fileStore } from "./model/model-io";
export { buildFaceSet, type FaceSet } from "./train/face-set";
export { trainModel, type TrainOptions, type TrainProgress, type TrainResult } from "./train/train-model";
export { swapImage, type SwapImageOptions, type SwapImageResult } from "./convert/swap-image";
export { swapVideo, type SwapVideoOptions, type SwapVideoResult } from "./video/swap-video";
export { findPerformers, type Performer, type FindPerformersResult } from "./video/find-performers";
export { LowCoverageError } from "./video/low-coverage-error";
export { extractFaces } from "./extract/extract-faces";
export type { CheckpointStore } from "./storage/checkpoint-store";
export { createFsCheckpointStore } from "./storage/fs-checkpoint-store";
export { createMemoryCheckpointStore } from "./storage/memory-checkpoint-store";
export { decodeImage, encodeImage } from "./media/image-io";
export {
  renderSwap,
  MIN_COVERAGE,
  type RenderSwapOptions,
  type RenderSwapResult,
  type RenderStage,
  type RenderProgress,
} from "./render/render-swap";
export {
  trainBaseModel,
  DEFAULT_BASE_MODEL_PARTS,
  type TrainBaseModelOptions,
  type TrainBaseModelResult,
  type BaseModelParts,
} from "./render/base-model";
export { abortError, isAbortError } from "./util/abort";
