// What the public verify endpoint accepts. Videos are only read for their first
// frames, but the whole upload is held in memory, hence the cap; images are
// decoded whole, hence the pixel limit.
export const VERIFY_LIMITS = {
  imageMaxBytes: 30 * 1024 * 1024,
  videoMaxBytes: 200 * 1024 * 1024,
  imageMaxPixels: 40_000_000,
  /** Frames of a video folded together for detection. */
  videoFrames: 90,
} as const;

/** Requests per client address (/64 for IPv6) and minute, across all web instances (lib/rate-limit). */
export const VERIFY_RATE = { limit: 30, windowMs: 60_000 } as const;

/**
 * The bulk tier: requests per API key and minute for a platform that verifies
 * uploads in bulk and sends its key (`Authorization: Bearer lk_...`). Counted
 * per key, not per address, across all web instances.
 */
export const VERIFY_BULK_RATE = { limit: 120_000, windowMs: 60_000 } as const;
