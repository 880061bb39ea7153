import { descriptorDistance } from "../faces/descriptor-distance";
import { detectFaces, largestFace, type DetectedFace } from "../faces/detect-faces";
import { detectFacesInRegion, landmarkBox, regionAround } from "../faces/detect-in-region";
import { SAME_PERSON_DISTANCE } from "../faces/identity-tracks";
import type { RgbImage } from "../image/rgb-image";

export type TrackerOptions = {
  /** The performer to follow (a track's mean descriptor); absent: the largest face of the first key frame, then whoever is there. */
  descriptor?: readonly number[];
  /** Full detection at least every this many frames, to catch a drifted track or a cut (default 25: ~1 s of footage). */
  keyEvery?: number;
};

/** How the face of a frame was found: a full key-frame detection, or the fast detector around the last position. */
export type TrackStep = { face?: DetectedFace; via: "key" | "region" | "none" };

// Around the last face, a square of 2.2x its landmarks' extent: room for a
// fast head movement at 25 fps, small enough that the face fills ~40% of it.
const REGION_SCALE = 2.2;
// Tiny detector on that region: 160 px input (~25 ms on wasm against ~360 ms
// for SSD on a 720p frame, measured 2026-11-30); faces there are large. The
// region is shrunk to at most 320 px first, which keeps the face at 145 px or
// more, above the landmark net's 112 px input.
const REGION_DETECT = { detector: "tiny", tinyInputSize: 160, minConfidence: 0.35, maxSide: 320 } as const;
// A face in the region is the tracked one when its centre moved less than
// half its width and its size changed by less than this factor.
const MAX_SIZE_CHANGE = 1.5;
// Continuity rescues a performer whose descriptor drifts (profile, blur) at a
// key frame: the face where the track was, if it is not clearly someone else.
const CONTINUITY_DISTANCE = 0.75;
// Once lost for a key interval, the full detection runs on every n-th frame
// only, so footage without the performer does not cost SSD on every frame.
const LOST_SEARCH_EVERY = 5;

/**
 * Follows one person through consecutive video frames. Key frames (the
 * first, every `keyEvery`-th, and whenever the face is lost) run the
 * accurate SSD detector on the whole frame and pick the performer by
 * descriptor; frames between follow the face with the fast detector on a
 * region around its last position, falling back to a key frame when it is
 * not found there.
 */
export function createPerformerTracker(o: TrackerOptions = {}) {
  const keyEvery = Math.max(1, o.keyEvery ?? 25);
  let last: DetectedFace | undefined;
  let sinceKey = 0,
    missed = 0;

  async function keyFrame(frame: RgbImage): Promise<DetectedFace | undefined> {
    sinceKey = 0;
    const faces = await detectFaces(frame, { detector: "ssd", descriptors: !!o.descriptor });
    let face = pick(faces);
    // Small or blurred faces: SSD scales the frame to 512 px, so look again around the last position at full detail.
    if (!face && last)
      face = pick(
        await detectFacesInRegion(frame, regionAround(last.landmarks, REGION_SCALE, frame.width, frame.height), {
          detector: "ssd",
          descriptors: !!o.descriptor,
        }),
      );
    return face;
  }

  function pick(faces: DetectedFace[]): DetectedFace | undefined {
    if (faces.length === 0) return undefined;
    if (o.descriptor) {
      let best: DetectedFace | undefined,
        bestDistance = SAME_PERSON_DISTANCE;
      for (const f of faces) {
        const d = f.descriptor ? descriptorDistance(f.descriptor, o.descriptor) : Infinity;
        if (d < bestDistance) {
          best = f;
          bestDistance = d;
        }
      }
      if (best) return best;
      const near = last ? nearest(faces, last) : undefined;
      return near?.descriptor && descriptorDistance(near.descriptor, o.descriptor) < CONTINUITY_DISTANCE ? near : undefined;
    }
    return (last ? nearest(faces, last) : undefined) ?? largestFace(faces);
  }

  return {
    /** The performer's face in the next frame of the clip, if found. */
    async next(frame: RgbImage): Promise<TrackStep> {
      let face: DetectedFace | undefined,
        via: TrackStep["via"] = "none";
      if (last && sinceKey + 1 < keyEvery) {
        sinceKey++;
        face = await followFace(frame, last);
        if (face) via = "region";
      }
      const searching = !last && missed >= keyEvery && missed % LOST_SEARCH_EVERY !== 0;
      if (!face && !searching) {
        face = await keyFrame(frame);
        if (face) via = "key";
      }
      if (face) {
        last = face;
        missed = 0;
      } else if (++missed >= keyEvery) last = undefined;
      return { face, via };
    },
  };
}

/**
 * The face of `last` in the next frame, found by the fast detector in a
 * region around where it was (undefined when it is not there): ~25 ms
 * against ~360 ms for SSD on the whole 720p frame.
 */
export async function followFace(frame: RgbImage, last: DetectedFace): Promise<DetectedFace | undefined> {
  return nearest(
    await detectFacesInRegion(frame, regionAround(last.landmarks, REGION_SCALE, frame.width, frame.height), REGION_DETECT),
    last,
  );
}

/** The face that continues `last`: nearest centre, within half a face width, similar size. */
function nearest(faces: DetectedFace[], last: DetectedFace): DetectedFace | undefined {
  const a = landmarkBox(last.landmarks);
  let best: DetectedFace | undefined,
    bestShift = Infinity;
  for (const f of faces) {
    const b = landmarkBox(f.landmarks);
    const shift = Math.hypot(b.x + b.width / 2 - (a.x + a.width / 2), b.y + b.height / 2 - (a.y + a.height / 2));
    const ratio = Math.max(b.width, 1) / Math.max(a.width, 1);
    if (shift < a.width * 0.5 && ratio < MAX_SIZE_CHANGE && ratio > 1 / MAX_SIZE_CHANGE && shift < bestShift) {
      best = f;
      bestShift = shift;
    }
  }
  return best;
}
