// The one media layer for lib/ and app/ (frame types, sharp decode/encode,
// ffmpeg locate/probe/pipes, PSNR/SSIM). Its code lives in ml/media, since
// ml/ is a leaf that may not import lib/; the watermark, uploads and the
// render engine all use the same implementation.
export * from "../../ml/media";
