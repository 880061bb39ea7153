"use client";

import { Badge } from "@/app/_components/badge";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { ActionForm } from "@/app/_components/action-form";
import { Spinner } from "@/app/_components/spinner";
import { SubmitButton } from "@/app/_components/submit-button";
import { formatBytes } from "@/lib/format/size";
import { deletePhotoAction, retryAnalysisAction } from "./actions";

type Photo = { id: string; originalName: string; width: number; height: number; byteSize: number; createdAt: string };

/** The photo's analysis as the card shows it (plain data: this is a client component). */
export type PhotoStatus =
  | { state: "pending" }
  | { state: "failed"; reason: string }
  | {
      state: "done";
      usable: boolean;
      issues: { code: string; message: string }[];
      faceSize?: number;
      blurScore?: number;
      pose?: { yaw: number; pitch: number };
    };

/** One reference photo: the decrypted image (served only to its managers), its facts, its analysis, and delete. */
export function PhotoCard({ photo, profileId, status }: { photo: Photo; profileId: string; status: PhotoStatus }) {
  return (
    <li aria-label={photo.originalName} className="flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm">
      <div className="aspect-square bg-zinc-100">
        {/* Plain <img>: the route answers with no-store bytes per viewer; next/image would cache a copy. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img
          src={`/api/likeness-assets/${photo.id}`}
          alt={`Reference photo ${photo.originalName}`}
          loading="lazy"
          className="size-full object-cover"
        />
      </div>
      <div className="flex flex-1 flex-col gap-2 p-3">
        <div className="min-w-0">
          <p className="truncate text-sm font-medium text-zinc-900" title={photo.originalName}>
            {photo.originalName}
          </p>
          <p className="text-xs text-zinc-500">
            {photo.width}×{photo.height} · {formatBytes(photo.byteSize)}
          </p>
        </div>
        <AnalysisStatus status={status} />
        {status.state === "failed" && (
          <ActionForm action={retryAnalysisAction} announce className="space-y-2" aria-label={`Analyze ${photo.originalName} again`}>
            <input type="hidden" name="assetId" value={photo.id} />
            <input type="hidden" name="profileId" value={profileId} />
            <SubmitButton size="sm" variant="secondary" pendingLabel="Queuing…">
              Analyze again
            </SubmitButton>
          </ActionForm>
        )}
        <div className="mt-auto">
          <ConfirmDialog
            triggerLabel="Delete"
            triggerVariant="secondary"
            title="Delete this photo?"
            description={
              <p>
                <span className="font-medium">{photo.originalName}</span> is removed from the likeness set and its encrypted file is
                deleted. The deletion is recorded in the audit log. This cannot be undone.
              </p>
            }
            confirmLabel="Delete photo"
            pendingLabel="Deleting…"
            action={deletePhotoAction}
          >
            <input type="hidden" name="assetId" value={photo.id} />
            <input type="hidden" name="profileId" value={profileId} />
          </ConfirmDialog>
        </div>
      </div>
    </li>
  );
}

function AnalysisStatus({ status }: { status: PhotoStatus }) {
  if (status.state === "pending") {
    return (
      <p className="inline-flex items-center gap-1.5 text-xs text-zinc-600">
        <Spinner className="size-3.5" /> Analyzing…
      </p>
    );
  }
  if (status.state === "failed") {
    return (
      <div className="space-y-1">
        <Badge tone="danger">Not analyzed</Badge>
        <p className="text-xs text-zinc-700">Could not be analyzed ({status.reason}). Analyze it again, or delete it and upload another.</p>
      </div>
    );
  }
  if (status.usable) {
    const facts = [status.faceSize !== undefined && `face ${status.faceSize} px`, status.pose && poseWords(status.pose)].filter(Boolean);
    return (
      <div className="space-y-1">
        <Badge tone="success">Usable</Badge>
        {facts.length > 0 && <p className="text-xs text-zinc-600">{facts.join(" · ")}</p>}
      </div>
    );
  }
  return (
    <div className="space-y-1">
      <Badge tone="warning">Not usable</Badge>
      <ul className="space-y-1 text-xs text-zinc-700">
        {status.issues.map((i) => (
          <li key={i.code}>{i.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** Yaw is positive when the head turns to the subject's left (ml/analysis/pose-grid.ts). */
function poseWords(pose: { yaw: number; pitch: number }): string {
  const turn = Math.abs(pose.yaw) < 15 ? "facing the camera" : `turned ${Math.abs(pose.yaw)}° to the ${pose.yaw > 0 ? "left" : "right"}`;
  const tilt = Math.abs(pose.pitch) < 15 ? "" : pose.pitch > 0 ? ", looking up" : ", looking down";
  return turn + tilt;
}
