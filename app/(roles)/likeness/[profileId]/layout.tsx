import type { ReactNode } from "react";
import { Badge } from "@/app/_components/badge";
import { DateTime } from "@/app/_components/date-time";
import { db } from "@/lib/db/client";
import { identityStatusOf } from "@/lib/identity/verification-status";
import { loadProfilePage } from "../_lib/page-data";
import { ProfileTabs } from "./profile-tabs";
import { pathParams } from "@/app/_lib/search-params";

export default async function ProfileLayout({ children, params }: { children: ReactNode; params: Promise<{ profileId: string }> }) {
  const { profileId } = pathParams(await params);
  const { profile, principal, isPrincipal } = await loadProfilePage(profileId);
  const { verified } = await identityStatusOf(db(), profile.id);
  return (
    <>
      <div className="mb-3 flex flex-wrap items-center gap-2 text-sm text-zinc-600">
        <span>
          Likeness profile of <span className="font-medium text-zinc-900">{profile.displayName}</span>
        </span>
        {profile.deceased && (
          <Badge tone="neutral">
            Deceased
            {profile.diedOn ? (
              <>
                &nbsp;
                <DateTime value={profile.diedOn} />
              </>
            ) : null}{" "}
            · represented by the estate
          </Badge>
        )}
        {!isPrincipal && <Badge tone="info">You act as agent for {principal.name}</Badge>}
        {verified && <Badge tone="success">Verified talent</Badge>}
        {profile.biometricsDestroyedAt && <Badge tone="danger">Biometric data destroyed</Badge>}
      </div>
      <ProfileTabs profileId={profile.id} />
      {children}
    </>
  );
}
