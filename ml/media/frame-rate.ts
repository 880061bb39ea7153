// Frame rates as ffprobe states them, and whether a stream is variable-rate.
//
// Phones record variable frame rate (VFR): frames come when the sensor
// delivers them, so the stored rate (ffprobe's r_frame_rate, e.g. 30/1) is
// not the rate the frames actually arrive at. Decoding every stored frame and
// encoding them at the stored rate then plays the video faster than its audio
// (4.2 s of frames came out as 3.0 s against 4.5 s of audio). Such a stream is
// decoded at its average rate instead, frames repeated or dropped where their
// timestamps say, so frame k is at k / rate as the encoder will write it.

/** "30000/1001" -> 29.97; "0/0" or garbage -> NaN. */
export function parseRate(rate: string | undefined): number {
  if (!rate) return NaN;
  const [n, d] = rate.split("/").map(Number);
  const value = d === undefined ? n! : n! / d;
  return Number.isFinite(value) && value > 0 ? value : NaN;
}

/** A rate as an exact rational ffmpeg takes, to a thousandth of a frame per second: 22.881 -> "22881/1000". */
export function rationalRate(fps: number): string {
  let n = Math.round(fps * 1000),
    d = 1000;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(n, d);
  n /= g;
  d /= g;
  return `${n}/${d}`;
}

export type StreamTiming = {
  /** Frames stored in the stream. */
  frames: number;
  /** Seconds from the first frame's start to the last frame's end. */
  span: number;
};

/**
 * True when playing the stored frames at `storedFps` would be off the
 * stream's real length by more than one frame: the drift that loses sync.
 * Small timestamp jitter (a millisecond time base rounding 1/30 s) is not.
 */
export function isVariableRate(timing: StreamTiming, storedFps: number): boolean {
  if (!(timing.frames > 1 && timing.span > 0 && storedFps > 0)) return false;
  return Math.abs(timing.frames - timing.span * storedFps) > 1;
}

/** Average rate of the stream: the constant rate whose frames cover the same time. */
export function averageRate(timing: StreamTiming): number {
  return timing.frames / timing.span;
}

/**
 * Frames and span from the video packets' timestamps (ffprobe
 * `packet=pts_time,duration_time,flags`, one "pts,duration,flags" per line).
 * Packets flagged D (discard) are left out: a clip cut without re-encoding
 * keeps the frames before the cut and an edit list that hides them (a 3.7 s
 * MP4 cut from a 5 s one stated 125 frames, 33 of them discarded).
 */
export function timingFromPackets(csv: string, storedFps: number): StreamTiming | null {
  let frames = 0,
    first = Infinity,
    lastPts = -Infinity,
    lastDuration = NaN;
  for (const line of csv.split("\n")) {
    const [p, d, flags] = line.trim().split(",");
    const t = Number(p);
    if (!p || !Number.isFinite(t) || flags?.includes("D")) continue;
    frames++;
    first = Math.min(first, t);
    if (t >= lastPts) {
      lastPts = t;
      lastDuration = Number(d);
    }
  }
  if (frames < 2) return null;
  // The last frame lasts its stated duration, else one frame at the stored rate.
  const tail = Number.isFinite(lastDuration) && lastDuration > 0 ? lastDuration : 1 / storedFps;
  return { frames, span: lastPts - first + tail };
}
