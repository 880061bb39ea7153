import { descriptorDistance } from "../faces/descriptor-distance";
import { median } from "./median";

// Which photos of a likeness set may show someone else. Pure (no tfjs) so the
// set report and ml/bench/identity-threshold.ts judge with the same code.
//
// With the talent's verified face (a reference descriptor) every photo is
// judged by its distance to it. Without one, by the set's majority: the
// largest group of photos that agree with one photo (its neighbours within
// the threshold), each photo judged by its median distance to that group's
// members. The earlier rule, the distance to the element-wise median of all
// descriptors, let another person pass in a small set (0.468 against a 0.55
// limit): when the talent is not the large majority, the others pull the
// median towards them.

export type IdentityBasis = "reference" | "majority" | "none";

export type IdentityJudgement = {
  /** What the photos were compared with: the verified face, the set's majority, or nothing (fewer than two photos agree). */
  basis: IdentityBasis;
  /** Per input: the distance it was judged by (undefined without a descriptor or a basis). */
  distances: Array<number | undefined>;
  /** Per input: true when the distance is above the threshold. */
  outlier: boolean[];
};

export function judgeIdentity(
  descriptors: ReadonlyArray<readonly number[] | undefined>,
  maxDistance: number,
  reference?: readonly number[],
): IdentityJudgement {
  const distances: Array<number | undefined> = descriptors.map(() => undefined);
  if (reference) {
    descriptors.forEach((d, i) => {
      if (d) distances[i] = descriptorDistance(d, reference);
    });
    return { basis: "reference", distances, outlier: distances.map((d) => d !== undefined && d > maxDistance) };
  }
  const present = descriptors.flatMap((d, i) => (d ? [i] : []));
  const pair = new Map<string, number>();
  const dist = (i: number, j: number) => {
    const key = i < j ? `${i},${j}` : `${j},${i}`;
    let d = pair.get(key);
    if (d === undefined) pair.set(key, (d = descriptorDistance(descriptors[i]!, descriptors[j]!)));
    return d;
  };
  const group = majorityGroup(present, dist, maxDistance);
  if (group.length < 2) return { basis: "none", distances, outlier: distances.map(() => false) };
  for (const i of present) {
    const others = group.filter((j) => j !== i);
    distances[i] = median(others.map((j) => dist(i, j)));
  }
  return { basis: "majority", distances, outlier: distances.map((d) => d !== undefined && d > maxDistance) };
}

/**
 * The photo with the most others within `maxDistance`, with those others.
 * Ties go to the tighter group (smaller summed distance), so the result does
 * not depend on the order of the photos unless the groups are identical.
 */
function majorityGroup(present: number[], dist: (i: number, j: number) => number, maxDistance: number): number[] {
  let best: number[] = [],
    bestSpread = Infinity;
  for (const i of present) {
    const group = [i, ...present.filter((j) => j !== i && dist(i, j) <= maxDistance)];
    const spread = group.reduce((s, j) => s + (j === i ? 0 : dist(i, j)), 0);
    if (group.length > best.length || (group.length === best.length && spread < bestSpread)) {
      best = group;
      bestSpread = spread;
    }
  }
  return best;
}
