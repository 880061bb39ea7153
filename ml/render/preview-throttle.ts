import { encodeImage } from "../media/image-io";
import type { RgbImage } from "../image/rgb-image";

/**
 * Passes converted frames on as JPEG previews: the first one at once (so a
 * render always shows at least one), then at most one per `minIntervalMs`.
 * Frames in between are skipped without encoding, which costs ~10-30 ms at 720p.
 */
export function previewThrottle(
  onPreview: ((jpeg: Uint8Array) => void) | undefined,
  minIntervalMs = 1000,
): (frame: RgbImage) => Promise<void> {
  let lastAt = -Infinity;
  return async (frame) => {
    if (!onPreview) return;
    const now = performance.now();
    if (now - lastAt < minIntervalMs) return;
    lastAt = now;
    onPreview(await encodeImage(frame, "jpeg"));
  };
}
