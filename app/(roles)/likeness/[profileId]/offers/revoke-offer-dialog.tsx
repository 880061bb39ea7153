"use client";

import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Textarea } from "@/app/_components/textarea";
import { revokeOfferAction } from "./actions";

export function RevokeOfferDialog({
  offerId,
  profileId,
  title,
  openRequests,
}: {
  offerId: string;
  profileId: string;
  title: string;
  openRequests: number;
}) {
  return (
    <ConfirmDialog
      triggerLabel="Revoke offer"
      title={`Revoke “${title}”?`}
      confirmLabel="Revoke offer"
      pendingLabel="Revoking…"
      action={revokeOfferAction}
      description={
        <ul className="list-disc space-y-1 pl-5">
          <li>The offer is withdrawn from the catalog at once; no new request can be made against it.</li>
          <li>
            {openRequests === 1 ? "1 open request is" : `${openRequests} open requests are`} closed as revoked, and the studios are shown
            your reason.
          </li>
          <li>Your consent and your other offers are not affected. This cannot be undone.</li>
        </ul>
      }
    >
      <input type="hidden" name="offerId" value={offerId} />
      <input type="hidden" name="profileId" value={profileId} />
      <Textarea name="reason" label="Reason for revoking" hint="Shown to studios whose requests are closed." rows={3} required />
    </ConfirmDialog>
  );
}
