import { beforeAll, describe, expect, it } from "vitest";
import { augmentedPortraits } from "../testing/likeness-fixtures";
import { analyzeLikenessImage, summarizeLikenessSet, type AnalyzedImage } from "./analyze-likeness-set";
import { judgeIdentity } from "./identity-outliers";
import { ANALYSIS_DEFAULTS } from "./summarize-likeness-set";

// Real faces: the talent is the person of human-sample-me.jpg (augmented as
// a phone burst would vary), the other person Grace Hopper.
describe("identity outliers", () => {
  let me: AnalyzedImage[], grace: AnalyzedImage[], reference: number[];
  beforeAll(async () => {
    const analyse = async (items: Array<{ name: string; bytes: Uint8Array }>) => Promise.all(items.map((i) => analyzeLikenessImage(i)));
    const portraits = await analyse(await augmentedPortraits(4));
    // The verified face: one photo of the talent that is not in the set.
    reference = portraits[3]!.descriptor!;
    me = portraits.slice(0, 3);
    grace = await analyse(await augmentedPortraits(3, "python-matplotlib-data-grace_hopper.jpg"));
  }, 120_000);

  const flagged = (report: Awaited<ReturnType<typeof summarizeLikenessSet>>) => report.identity.outliers;

  it("flags two photos of another person in a small set by the set's majority", async () => {
    const report = await summarizeLikenessSet([...me, ...grace.slice(0, 2)]);
    expect(report.identity.basis).toBe("majority");
    expect(flagged(report).sort()).toEqual(["python-matplotlib-data-grace_hopper-0.jpg", "python-matplotlib-data-grace_hopper-1.jpg"]);
    for (const r of report.images.filter((i) => i.name.startsWith("me-")))
      expect(r.identityDistance!).toBeLessThanOrEqual(ANALYSIS_DEFAULTS.maxIdentityDistance);
  });

  it("judges against the verified face when given, even when another person is the majority", async () => {
    const set = [...me.slice(0, 2), ...grace];
    // By majority alone the talent would be the odd one out.
    expect(flagged(await summarizeLikenessSet(set)).sort()).toEqual(["me-0.jpg", "me-1.jpg"]);
    const report = await summarizeLikenessSet(set, { referenceDescriptor: reference });
    expect(report.identity.basis).toBe("reference");
    expect(flagged(report).sort()).toEqual(grace.map((g) => g.report.name).sort());
    const message = report.images.find((i) => i.name === grace[0]!.report.name)!.issues[0]!.message;
    expect(message).toMatch(/differs from your verified face/);
  });

  it("flags nobody when no two photos agree and no reference is given", () => {
    const judged = judgeIdentity([me[0]!.descriptor, grace[0]!.descriptor], ANALYSIS_DEFAULTS.maxIdentityDistance);
    expect(judged).toEqual({ basis: "none", distances: [undefined, undefined], outlier: [false, false] });
  });
});
