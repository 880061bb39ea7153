import * as tf from "@tensorflow/tfjs";

/** Samples process RSS and tfjs tensor bytes; reports the peaks. */
export function startMemorySampler(intervalMs = 50) {
  let peakRss = 0,
    peakTensorBytes = 0;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    // tf.memory() throws while a backend is initialising (face detection switches to wasm).
    try {
      peakTensorBytes = Math.max(peakTensorBytes, tf.memory().numBytes);
    } catch {
      /* next sample */
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakRssMB: Math.round(peakRss / 2 ** 20), peakTensorMB: Math.round(peakTensorBytes / 2 ** 20) };
    },
  };
}
