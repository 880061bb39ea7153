"use client";

import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { formatBytes } from "@/lib/format/size";
import { deletePhotoAction } from "./actions";

type Photo = { id: string; originalName: string; width: number; height: number; byteSize: number; createdAt: string };

/** One reference photo: the decrypted image (served only to its managers), its facts, and delete. */
export function PhotoCard({ photo, profileId }: { photo: Photo; profileId: string }) {
  return (
    <li aria-label={photo.originalName} className="flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm">
      <div className="aspect-square bg-zinc-100">
        {/* Plain <img>: the route answers with no-store bytes per viewer; next/image would cache a copy. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={`/api/likeness-assets/${photo.id}`} alt={`Reference photo ${photo.originalName}`} loading="lazy" className="size-full object-cover" />
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
        <div className="mt-auto">
          <ConfirmDialog
            triggerLabel="Delete"
            triggerVariant="secondary"
            title="Delete this photo?"
            description={
              <p>
                <span className="font-medium">{photo.originalName}</span> is removed from the likeness set and its encrypted file is deleted. The
                deletion is recorded in the audit log. This cannot be undone.
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
