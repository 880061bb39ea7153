import sharp from "sharp";
import { parseArgs } from "node:util";
import { selectBackend } from "../backend/select-backend";
import { judgeIdentity } from "../analysis/identity-outliers";
import { descriptorDistance } from "../faces/descriptor-distance";
import { detectFaces, type DetectedFace } from "../faces/detect-faces";
import { decodeImage } from "../media/image-io";
import { testPhoto } from "../testing/photos";

// npx tsx ml/bench/identity-threshold.ts [--augments 8] [--other-augments 3]
// Measures false accept / false reject rates of face-api descriptor distances
// on real faces, to choose the likeness analysis's identity threshold
// (ANALYSIS_DEFAULTS.maxIdentityDistance). Prints JSON.
//
// Genuine: the one person of human-sample-me.jpg, human-sample7.jpg and
// human-sample8.jpg (in 7 and 8 one face of a group: the one nearest the
// portrait's descriptor, whose distance is printed so it can be checked by
// eye), each photo in realistic variants (crops, light, JPEG, slight
// rotation, downscaling). Impostor: that person against everyone else (Grace
// Hopper, Eileen Collins, every other face of the group photos and
// screenshots), and different faces of the same group photo against each
// other (certainly different people). Faces of other people in different
// group photos are not paired: the same people may appear in several.
const { values: v } = parseArgs({ options: { augments: { type: "string" }, "other-augments": { type: "string" } } });
const talentAugments = Number(v.augments ?? 8),
  otherAugments = Number(v["other-augments"] ?? 3);

type Source = { photo: string; person: string; face: DetectedFace };
type Sample = { person: string; photo: string; variant: number; descriptor: number[] };

const TALENT = "talent";
const GROUPS = [
  "human-sample1.jpg",
  "human-sample2.jpg",
  "human-sample3.jpg",
  "human-sample4.jpg",
  "human-sample5.jpg",
  "human-sample6.jpg",
  "human-sample7.jpg",
  "human-sample8.jpg",
  "human-screenshot1.jpg",
];
const SINGLES = ["python-matplotlib-data-grace_hopper.jpg", "python3-skimage-astronaut.png"];
/** Faces narrower than this are below the analysis's size floor and would be rejected before any identity check. */
const MIN_FACE = 60;

await selectBackend("cpu", () => {});
const say = (m: string) => console.error(m);
const facesOf = async (photo: string) =>
  (await detectFaces(await decodeImage(testPhoto(photo)), { descriptors: true })).filter((f) => f.box.width >= MIN_FACE);

// Sources: one face per (photo, person).
const portrait = (await facesOf("human-sample-me.jpg"))[0]!;
const sources: Source[] = [{ photo: "human-sample-me.jpg", person: TALENT, face: portrait }];
const talentMatch: Record<string, number> = {};
for (const photo of GROUPS) {
  const faces = await facesOf(photo);
  const talentIndex =
    photo === "human-sample7.jpg" || photo === "human-sample8.jpg"
      ? faces.reduce(
          (best, f, i) =>
            descriptorDistance(f.descriptor!, portrait.descriptor!) < descriptorDistance(faces[best]!.descriptor!, portrait.descriptor!)
              ? i
              : best,
          0,
        )
      : -1;
  faces.forEach((face, i) => {
    if (i === talentIndex) talentMatch[photo] = round(descriptorDistance(face.descriptor!, portrait.descriptor!));
    sources.push({ photo, person: i === talentIndex ? TALENT : `${photo}#${i}`, face });
  });
}
for (const photo of SINGLES) sources.push({ photo, person: photo, face: (await facesOf(photo))[0]! });
say(`${sources.length} source faces; the talent in the group photos at ${JSON.stringify(talentMatch)} from the portrait`);

/** Realistic variants of the region around one face: how the same person's next photo differs. */
const variant = async (photo: string, face: DetectedFace, k: number): Promise<Uint8Array> => {
  const meta = await sharp(testPhoto(photo)).metadata();
  const grow = [2.2, 1.6, 2.8, 2, 2.4, 1.8, 2.6, 2][k % 8]!;
  const cx = face.box.x + face.box.width / 2,
    cy = face.box.y + face.box.height / 2,
    half = (face.box.width * grow) / 2;
  const left = Math.max(0, Math.round(cx - half)),
    top = Math.max(0, Math.round(cy - half));
  const width = Math.min(meta.width! - left, Math.round(2 * half)),
    height = Math.min(meta.height! - top, Math.round(2 * half));
  let s = sharp(testPhoto(photo)).extract({ left, top, width, height });
  if (k % 8 === 1) s = s.modulate({ brightness: 0.65 });
  if (k % 8 === 2) s = s.modulate({ brightness: 1.3, saturation: 0.8 });
  if (k % 8 === 3) s = s.rotate(8, { background: "#777" });
  if (k % 8 === 4) s = s.rotate(-6, { background: "#777" }).modulate({ brightness: 0.85 });
  if (k % 8 === 5) s = s.resize(Math.max(110, Math.round(width * 0.6)));
  if (k % 8 === 6) s = s.gamma(2.2).modulate({ brightness: 1.1 });
  if (k % 8 === 7) s = s.rotate(4, { background: "#777" }).resize(Math.max(110, Math.round(width * 0.8)));
  return new Uint8Array(await s.jpeg({ quality: k % 8 === 4 || k % 8 === 7 ? 35 : 88 }).toBuffer());
};

const samples: Sample[] = [];
let lost = 0;
for (const src of sources) {
  const n = src.person === TALENT ? talentAugments : otherAugments;
  for (let k = 0; k < n; k++) {
    const img = await decodeImage(await variant(src.photo, src.face, k));
    // The face nearest the crop's centre: a neighbour in a group photo may be larger.
    const faces = await detectFaces(img, { descriptors: true });
    const centre = (f: DetectedFace) => Math.hypot(f.box.x + f.box.width / 2 - img.width / 2, f.box.y + f.box.height / 2 - img.height / 2);
    const face = faces.sort((a, b) => centre(a) - centre(b))[0];
    if (!face?.descriptor) {
      lost++;
      continue;
    }
    samples.push({ person: src.person, photo: src.photo, variant: k, descriptor: face.descriptor });
  }
}
say(`${samples.length} faces described (${lost} variants without a face)`);

const genuineSame: number[] = [],
  genuineCross: number[] = [],
  impostor: number[] = [],
  impostorTalent: number[] = [];
for (let i = 0; i < samples.length; i++) {
  for (let j = i + 1; j < samples.length; j++) {
    const a = samples[i]!,
      b = samples[j]!;
    const d = descriptorDistance(a.descriptor, b.descriptor);
    if (a.person === TALENT && b.person === TALENT) (a.photo === b.photo ? genuineSame : genuineCross).push(d);
    else if (a.person === TALENT || b.person === TALENT) {
      impostor.push(d);
      impostorTalent.push(d);
    } else if (a.person !== b.person && a.photo === b.photo) impostor.push(d);
  }
}
const genuine = [...genuineSame, ...genuineCross];
/** "k/n (rate)": the count as well, since the samples are small. */
const rate = (xs: number[], f: (d: number) => boolean) => `${xs.filter(f).length}/${xs.length} (${round(xs.filter(f).length / xs.length)})`;
const thresholds = Array.from({ length: 15 }, (_, i) => round(0.3 + 0.025 * i));

// Whole sets judged without a reference (the set's majority, judgeIdentity):
// random sets of talent photos with one photo of someone else, and with two
// photos of the same someone else (the talent not the large majority).
const talent = samples.filter((s) => s.person === TALENT);
const others = [...new Set(samples.filter((s) => s.person !== TALENT).map((s) => s.person))].map((p) =>
  samples.filter((s) => s.person === p),
);
const random = mulberry32(7);
const pick = <T>(xs: T[], n: number): T[] => {
  const pool = [...xs],
    out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
};
const SETS = 400;
const setRates = (talentCount: number, otherCount: number, t: number) => {
  let talentFlagged = 0,
    otherPassed = 0,
    talentSeen = 0,
    otherSeen = 0;
  const candidates = others.filter((o) => o.length >= otherCount);
  for (let k = 0; k < SETS; k++) {
    const set = [...pick(talent, talentCount), ...pick(candidates[Math.floor(random() * candidates.length)]!, otherCount)];
    const judged = judgeIdentity(
      set.map((s) => s.descriptor),
      t,
    );
    set.forEach((s, i) => {
      if (s.person === TALENT) {
        talentSeen++;
        if (judged.outlier[i]) talentFlagged++;
      } else {
        otherSeen++;
        if (!judged.outlier[i]) otherPassed++;
      }
    });
  }
  return { falseReject: `${talentFlagged}/${talentSeen}`, falseAccept: `${otherPassed}/${otherSeen}` };
};
const setScenarios = [
  [4, 1],
  [3, 2],
  [2, 1],
] as const;
console.log(
  JSON.stringify(
    {
      pairs: {
        genuineSamePhoto: genuineSame.length,
        genuineCrossPhoto: genuineCross.length,
        impostor: impostor.length,
        impostorTalentVsOthers: impostorTalent.length,
      },
      faces: {
        talent: samples.filter((s) => s.person === TALENT).length,
        others: samples.filter((s) => s.person !== TALENT).length,
        otherPeople: new Set(samples.map((s) => s.person)).size - 1,
      },
      talentInGroupPhotos: talentMatch,
      distance: {
        genuine: {
          max: round(Math.max(...genuine)),
          p95: quantile(genuine, 0.95),
          median: quantile(genuine, 0.5),
          crossPhotoMax: round(Math.max(...genuineCross)),
        },
        impostor: { min: round(Math.min(...impostor)), p05: quantile(impostor, 0.05), median: quantile(impostor, 0.5) },
      },
      byThreshold: thresholds.map((t) => ({
        threshold: t,
        falseReject: rate(genuine, (d) => d > t),
        falseRejectCrossPhoto: rate(genuineCross, (d) => d > t),
        falseAccept: rate(impostor, (d) => d <= t),
        falseAcceptTalentVsOthers: rate(impostorTalent, (d) => d <= t),
      })),
      majoritySets: {
        setsPerScenario: SETS,
        byThreshold: [0.45, 0.5, 0.55].map((t) => ({
          threshold: t,
          ...Object.fromEntries(setScenarios.map(([a, b]) => [`talent${a}+other${b}`, setRates(a, b, t)])),
        })),
      },
    },
    null,
    1,
  ),
);

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!);
}
function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
