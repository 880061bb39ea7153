"use client";

import { Checkbox } from "@/app/_components/checkbox";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Textarea } from "@/app/_components/textarea";
import { revokeConsentAction } from "./actions";

type Props = { profileId: string; activeOffers: number; openRequests: number; outputs: number; photos: number; deceased: boolean };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Revoking consent, with exactly what it will do spelled out before it happens. */
export function RevokeConsentDialog({ profileId, activeOffers, openRequests, outputs, photos, deceased }: Props) {
  return (
    <ConfirmDialog
      triggerLabel="Revoke consent"
      title="Revoke this consent?"
      confirmLabel="Revoke consent"
      pendingLabel="Revoking…"
      action={revokeConsentAction}
      description={
        <div className="space-y-2">
          <p>From the moment you confirm:</p>
          <ul className="list-disc space-y-1 pl-5">
            <li>
              {plural(activeOffers, "active license offer is", "active license offers are")} withdrawn from the catalog; studios can no
              longer request {deceased ? "this likeness" : "your likeness"}.
            </li>
            <li>
              {plural(openRequests, "open request is", "open requests are")} closed as revoked, and the studios are shown your reason.
            </li>
            <li>
              {outputs === 0
                ? "Delivered outputs will be marked revoked in the registry (none so far): anyone who verifies such a file sees that its license was revoked."
                : `${plural(outputs, "delivered output", "delivered outputs")} will be marked revoked in the registry: anyone who verifies ${outputs === 1 ? "it" : "them"} sees that the license was revoked.`}
            </li>
            <li>The revocation is dated and recorded; the signed consent stays on file as evidence.</li>
            <li>
              {plural(photos, "reference photo is", "reference photos are")} kept only until the retention period ends, unless you choose to
              destroy {photos === 1 ? "it" : "them"} now below.
            </li>
          </ul>
          <p>
            This cannot be undone. The profile stays {deceased ? "the estate's" : "yours"}, with its consent history (and, if the data is
            destroyed, a record of what was destroyed when); to license again, sign new consent on this same profile.
          </p>
        </div>
      }
    >
      <input type="hidden" name="profileId" value={profileId} />
      <Textarea name="reason" label="Reason for revoking" hint="Shown to studios whose requests are closed." rows={3} required />
      <Checkbox
        name="destroyBiometrics"
        label="Destroy my biometric data now"
        hint="Deletes every reference photo and the key that encrypts them, the models trained on them and the consent video, at once. Nothing can be recovered."
      />
    </ConfirmDialog>
  );
}
