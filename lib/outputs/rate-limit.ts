// A fixed-window counter per client key, in memory. It is per process: it keeps
// one client from running a web instance's CPU into the ground with uploads to
// decode; a shared limit across instances belongs in the proxy in front.
export type RateDecision = { ok: boolean; limit: number; remaining: number; resetSeconds: number };

export function createRateLimiter(opts: { limit: number; windowMs: number; maxKeys?: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = opts.maxKeys ?? 10_000;
  return function check(key: string, now: number = Date.now()): RateDecision {
    let w = windows.get(key);
    if (!w || now - w.start >= opts.windowMs) {
      // Bound memory under many distinct addresses: drop windows that have ended.
      if (windows.size >= maxKeys) {
        for (const [k, v] of windows) if (now - v.start >= opts.windowMs) windows.delete(k);
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
      }
      w = { start: now, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    const resetSeconds = Math.max(1, Math.ceil((w.start + opts.windowMs - now) / 1000));
    return { ok: w.count <= opts.limit, limit: opts.limit, remaining: Math.max(0, opts.limit - w.count), resetSeconds };
  };
}
