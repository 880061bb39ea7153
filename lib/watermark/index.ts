// Public API of the watermark layer (invisible watermark, visible disclosure,
// verify codes) for the render worker, the web app and the CLI.
export type { Frame, FrameLike } from "@/lib/media";
export { embedWatermark, embedWatermarkInPlace, parsePayloadHex, payloadToHex, DEFAULT_TARGET_PSNR_DB } from "./embed";
export type { EmbedOptions, EmbedStats } from "./embed";
export { detectWatermark, detectFromFold, falsePositiveBoundPerImage, SYNC_PRESENT_Z } from "./detect";
export type { DetectionResult, DetectionStatus } from "./detect";
export { createFold, foldFrame } from "./fold";
export { watermarkImageFile, detectImageFile } from "./image-file";
export { detectionPool, createDetectionPool, DetectionBusyError, DetectionTimeoutError } from "./detection-pool";
export type { DetectionJob, DetectionPool, DetectionPoolOptions } from "./detection-pool";
export type { WatermarkFileOptions } from "./image-file";
export { watermarkVideoFile, detectVideoFile, falsePositiveBoundPerVideo, VIDEO_TARGET_PSNR_DB } from "./video-file";
export type { WatermarkVideoOptions, DetectVideoOptions } from "./video-file";
export { drawDisclosure, renderDisclosureOverlay, blendOverlay, MIN_SIZE_FRACTION } from "./disclosure";
export type { DisclosureSpec, DisclosurePosition, Overlay } from "./disclosure";
export { verifyCodeFromPayload, parseVerifyCode } from "./verify-code";
export { newPayload } from "./new-payload";
export { PAYLOAD_BITS, PAYLOAD_BYTES } from "./payload-code";
export {
  WatermarkTooSmallError,
  isWatermarkTooSmall,
  MIN_IMAGE_SIDE,
  MIN_VIDEO_SIDE,
  IMAGE_READBACK_BELOW,
  VIDEO_READBACK_BELOW,
} from "./too-small";
