import type { Actor } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import type { TalentModelStatus } from "@/lib/db/generated/enums";

export type TrainedModels = {
  /** The talent's base model; null until a likeness set with enough usable photos was analysed. */
  baseModel: { status: TalentModelStatus; preset: string; steps: number; trainedAt: Date | null; error: string | null } | null;
  /** Orders of this likeness with a training checkpoint (derived from the photos; kept so a re-render continues). */
  orderCheckpoints: number;
};

/** The models derived from a profile's photos, for the people who manage it. */
export async function trainedModelsOf(opts: { db: Db; actor: Actor; profileId: string }): Promise<TrainedModels> {
  const profile = await loadManagedProfile(opts.db, opts.actor, opts.profileId);
  const [baseModel, orderCheckpoints] = await Promise.all([
    opts.db.talentModel.findUnique({
      where: { profileId: profile.id },
      select: { status: true, preset: true, steps: true, trainedAt: true, error: true },
    }),
    // Once the likeness set is destroyed its checkpoints are deleted too.
    profile.biometricsDestroyedAt
      ? Promise.resolve(0)
      : opts.db.order.count({ where: { profileId: profile.id, renderJobs: { some: { checkpointKey: { not: null } } } } }),
  ]);
  return { baseModel, orderCheckpoints };
}
