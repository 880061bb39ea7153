import { detectFaces, type DetectedFace } from "../faces/detect-faces";
import { createIdentityTracks, type IdentityTrack } from "../faces/identity-tracks";
import { throwIfAborted } from "../util/abort";
import { openFootage, type FootageSample, type FootageSampler } from "./footage-samples";

export type IdentifiedFace = DetectedFace & { descriptor: number[] };

export type FootagePeople = {
  footage: FootageSampler;
  framesExamined: number;
  /** People by the number of examined frames they appear in, most first. */
  tracks: IdentityTrack[];
};

export type ScanOptions = {
  maxSamples?: number;
  signal?: AbortSignal;
  /** Each face of each examined frame with the person (track) it was assigned to; the frame is only valid during the call. */
  onFace?: (sample: FootageSample, face: IdentifiedFace, track: IdentityTrack) => void | Promise<void>;
  onSample?: (done: number, estimatedTotal: number) => void;
};

/**
 * Who is in the footage: every face of every sampled frame (the accurate SSD
 * detector, with 128-d descriptors) grouped into people by identity, so the
 * person to replace is chosen once for the whole clip rather than per frame.
 */
export async function scanFootagePeople(file: string, o: ScanOptions = {}): Promise<FootagePeople> {
  const footage = await openFootage(file, o);
  const tracks = createIdentityTracks();
  let framesExamined = 0;
  for await (const sample of footage.samples()) {
    throwIfAborted(o.signal, "render");
    const faces = (await detectFaces(sample.image, { detector: "ssd", descriptors: true })).filter(
      (f): f is IdentifiedFace => !!f.descriptor,
    );
    const assigned = tracks.add(framesExamined, faces);
    for (const [i, face] of faces.entries()) await o.onFace?.(sample, face, assigned[i]!);
    framesExamined++;
    o.onSample?.(framesExamined, Math.max(footage.estimatedSamples, framesExamined));
  }
  return { footage, framesExamined, tracks: tracks.ranked() };
}
