// The one media layer: frame types, sharp decode/encode, ffmpeg/ffprobe
// location, video probing, raw-frame pipes and quality measures. It lives in
// ml/ because ml/ is a leaf (it may not import lib/); lib/ and app/ use it
// through lib/media.
export { type Frame, type FrameLike, type RgbImage, toFrame, rgbFrame, channelsOf, lumaOf } from "./frame";
export { decodeImage, decodeFrame, encodeImage, formatForPath, sharpFromFrame, type ImageFormat, type EncodeOptions } from "./image-io";
export {
  ffmpegPath,
  ffprobePath,
  isVideoPath,
  run,
  probeVideo,
  countFrames,
  decodeFrames,
  createEncoder,
  audioCodecFor,
  type VideoInfo,
  type DecodeFramesOptions,
  type Encoder,
  type EncoderOptions,
} from "./ffmpeg";
export { psnr, ssim, ssimSelected } from "./quality";
