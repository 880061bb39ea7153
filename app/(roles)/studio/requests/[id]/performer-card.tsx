import { ActionForm } from "@/app/_components/action-form";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { Card } from "@/app/_components/card";
import { Notice } from "@/app/_components/notice";
import { Spinner } from "@/app/_components/spinner";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FootagePerformers } from "@/lib/footage/read-performers";
import type { PerformerSummary } from "@/lib/footage/stored-performers";
import { choosePerformerAction } from "./actions";

type Props = {
  requestId: string;
  uploadId: string;
  scan: FootagePerformers;
  /** The stored choice; null: the person seen most (the first performer). */
  chosenId: string | null;
  /** False once the request closed or its render started: the choice is shown, not offered. */
  canChoose: boolean;
};

function seconds(s: number): string {
  const whole = Math.floor(s);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function describe(p: PerformerSummary, kind: "video" | "image", framesExamined: number): string {
  const size = `face about ${p.medianFaceSize} px wide`;
  return kind === "image" ? size : `in ${p.frames} of ${framesExamined} sampled frames, first at ${seconds(p.firstSeenSeconds)}; ${size}`;
}

/**
 * Whose face in the footage is replaced. The worker's scan groups the faces
 * in the footage by identity; the studio picks one (the person seen most is
 * preselected and used when nobody is chosen). Only that person is swapped.
 */
export function PerformerCard({ requestId, uploadId, scan, chosenId, canChoose }: Props) {
  return (
    <Card title="Performer to replace">
      {scan.status === "pending" && (
        <p className="flex items-center gap-2 text-sm text-zinc-700" role="status">
          <Spinner /> Finding the people in your footage… This takes up to a minute.
          <AutoRefresh />
        </p>
      )}
      {scan.status === "failed" && (
        <Notice tone="danger" title="The footage could not be scanned">
          {scan.error}
        </Notice>
      )}
      {scan.status === "not_scanned" && (
        <p className="text-sm text-zinc-700">
          This footage was uploaded before performers were detected; the render replaces the person seen most in it.
        </p>
      )}
      {scan.status === "ready" && scan.performers.length === 0 && (
        <Notice tone="warning" title="No face was found in this footage">
          A swap needs the performer&apos;s face clearly visible. Withdraw this request and submit one with other footage.
        </Notice>
      )}
      {scan.status === "ready" && scan.performers.length > 0 && (
        <ActionForm action={choosePerformerAction} aria-label="Choose the performer" className="space-y-4">
          <input type="hidden" name="requestId" value={requestId} />
          <fieldset>
            <legend className="text-sm text-zinc-700">
              {scan.performers.length === 1
                ? "One person appears in your footage; their face is replaced."
                : `${scan.performers.length} people appear in your footage. Choose whose face is replaced; only that person is swapped.`}
            </legend>
            <div className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
              {scan.performers.map((p, i) => {
                const chosen = (chosenId ?? scan.performers[0]?.id) === p.id;
                return (
                  <label
                    key={p.id}
                    className="flex cursor-pointer flex-col gap-2 rounded-lg border border-zinc-300 bg-white p-2 text-sm shadow-sm hover:border-zinc-400 has-[:checked]:border-accent-500 has-[:checked]:ring-2 has-[:checked]:ring-accent-200 has-[:disabled]:cursor-default"
                  >
                    {/* eslint-disable-next-line @next/next/no-img-element -- a private, uncached API image; next/image would proxy and cache it */}
                    <img
                      src={`/api/v1/uploads/${uploadId}/performers/${p.id}/thumbnail`}
                      alt={`Face of performer ${i + 1}`}
                      width={160}
                      height={160}
                      className="aspect-square w-full rounded-md bg-zinc-100 object-cover"
                    />
                    <span className="flex items-center gap-2">
                      <input
                        type="radio"
                        name="performerId"
                        value={p.id}
                        defaultChecked={chosen}
                        disabled={!canChoose && !chosen}
                        className="size-4 accent-accent-600"
                      />
                      <span className="font-medium text-zinc-900">
                        Performer {i + 1}
                        {i === 0 && scan.kind === "video" ? " (seen most)" : ""}
                      </span>
                    </span>
                    <span className="text-xs text-zinc-600">{describe(p, scan.kind, scan.framesExamined)}</span>
                  </label>
                );
              })}
            </div>
          </fieldset>
          {canChoose ? (
            <SubmitButton pendingLabel="Saving…">Replace this performer</SubmitButton>
          ) : (
            <p className="text-sm text-zinc-600">
              The performer can no longer be changed: the render has started or the request is closed.
            </p>
          )}
        </ActionForm>
      )}
    </Card>
  );
}
