import { Badge, type Tone } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { formatDateTime } from "@/lib/format/date";
import type { TrainedModels } from "@/lib/talent-models/trained-models";

const STATUS: Record<NonNullable<TrainedModels["baseModel"]>["status"], { label: string; tone: Tone }> = {
  queued: { label: "Queued", tone: "info" },
  training: { label: "Training", tone: "info" },
  trained: { label: "Trained", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  destroyed: { label: "Destroyed", tone: "neutral" },
};

/** What the platform trained from the talent's photos: the base model and the orders' checkpoints. */
export function TrainedModelsCard({ models }: { models: TrainedModels }) {
  const { baseModel, orderCheckpoints } = models;
  const status = baseModel ? STATUS[baseModel.status] : null;
  return (
    <Card
      title="Trained models derived from your photos"
      description="Face-swap models learn from the usable photos of this set. They are encrypted with this profile's own key and destroyed with the likeness set."
    >
      <dl className="grid gap-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-medium text-zinc-900">Base model</dt>
          <dd className="mt-1 space-y-1 text-zinc-700">
            {baseModel && status ? (
              <>
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone={status.tone}>{status.label}</Badge>
                  <span>
                    {baseModel.preset} preset, {baseModel.steps} training steps
                  </span>
                </p>
                {baseModel.trainedAt && baseModel.status !== "destroyed" && <p>Trained {formatDateTime(baseModel.trainedAt)}</p>}
                {baseModel.status === "failed" && baseModel.error && <p className="text-red-700">{baseModel.error}</p>}
              </>
            ) : (
              <p>None yet: it is trained once at least 2 photos are usable.</p>
            )}
            <p className="text-zinc-600">Trained once per set, so each order starts from it instead of from nothing.</p>
          </dd>
        </div>
        <div>
          <dt className="font-medium text-zinc-900">Order checkpoints</dt>
          <dd className="mt-1 space-y-1 text-zinc-700">
            <p>
              <span className="text-2xl font-semibold text-zinc-900">{orderCheckpoints}</span> {orderCheckpoints === 1 ? "order" : "orders"}
            </p>
            <p className="text-zinc-600">One per rendered order, kept so a re-render continues its training.</p>
          </dd>
        </div>
      </dl>
    </Card>
  );
}
