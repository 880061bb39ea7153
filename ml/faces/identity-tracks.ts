import { descriptorDistance } from "./descriptor-distance";

/** Below this descriptor distance two faces are taken as one person (face-api's recognition net: same person < ~0.6). */
export const SAME_PERSON_DISTANCE = 0.6;

/** One person through a clip: every face of theirs seen in the examined frames. */
export type IdentityTrack = {
  id: string;
  /** Mean of the descriptors assigned so far (what later faces are compared with). */
  descriptor: number[];
  /** Examined frames (their indices) where this person appears; one face per frame at most. */
  frames: number[];
  /** Face box widths in px, one per frame in `frames`. */
  faceWidths: number[];
};

export type TrackedFaceRef = { descriptor: number[]; box: { width: number } };

/**
 * Groups faces into people by their 128-d descriptors, frame by frame. A face
 * joins the nearest track under SAME_PERSON_DISTANCE (compared with the
 * track's mean, which is steadier than any one face), else starts a new one.
 * Within a frame, pairs are taken closest first so two faces never join the
 * same track: in a two-shot of look-alikes each keeps their own.
 */
export function createIdentityTracks(threshold = SAME_PERSON_DISTANCE) {
  const tracks: IdentityTrack[] = [];
  const sums: number[][] = [];
  return {
    /** Assigns the faces of one frame; returns each face's track (same order). */
    add<T extends TrackedFaceRef>(frameIndex: number, faces: T[]): IdentityTrack[] {
      const pairs: Array<{ face: number; track: number; distance: number }> = [];
      faces.forEach((f, fi) =>
        tracks.forEach((t, ti) => {
          const distance = descriptorDistance(f.descriptor, t.descriptor);
          if (distance < threshold) pairs.push({ face: fi, track: ti, distance });
        }),
      );
      pairs.sort((a, b) => a.distance - b.distance);
      const trackOf = new Array<number | undefined>(faces.length).fill(undefined);
      const taken = new Set<number>();
      for (const p of pairs) {
        if (trackOf[p.face] !== undefined || taken.has(p.track)) continue;
        trackOf[p.face] = p.track;
        taken.add(p.track);
      }
      return faces.map((f, fi) => {
        let ti = trackOf[fi];
        if (ti === undefined) {
          ti = tracks.length;
          tracks.push({ id: `p${ti + 1}`, descriptor: [...f.descriptor], frames: [], faceWidths: [] });
          sums.push(new Array<number>(f.descriptor.length).fill(0));
        }
        const t = tracks[ti]!,
          sum = sums[ti]!;
        t.frames.push(frameIndex);
        t.faceWidths.push(f.box.width);
        for (let i = 0; i < sum.length; i++) sum[i]! += f.descriptor[i]!;
        t.descriptor = sum.map((s) => s / t.frames.length);
        return t;
      });
    },
    /** Tracks by the number of frames they appear in, most first (ties: first seen first). */
    ranked(): IdentityTrack[] {
      return [...tracks].sort((a, b) => b.frames.length - a.frames.length || a.frames[0]! - b.frames[0]!);
    },
  };
}

/** The track whose mean descriptor is nearest to `descriptor`, if under the threshold. */
export function matchingTrack(
  tracks: readonly IdentityTrack[],
  descriptor: readonly number[],
  threshold = SAME_PERSON_DISTANCE,
): IdentityTrack | undefined {
  let best: IdentityTrack | undefined,
    bestDistance = threshold;
  for (const t of tracks) {
    const d = descriptorDistance(t.descriptor, descriptor);
    if (d < bestDistance) {
      best = t;
      bestDistance = d;
    }
  }
  return best;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
