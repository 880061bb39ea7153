import { Badge, type Tone } from "@/app/_components/badge";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { EmptyState } from "@/app/_components/empty-state";
import { CONSENT_STATUS_LABELS, consentStatus, type ConsentStatus } from "@/lib/consent/consent-status";
import { categoryLabel } from "@/app/_lib/vocabulary-options";

const TONE: Record<ConsentStatus, Tone> = { active: "success", superseded: "neutral", revoked: "danger", expired: "warning" };

type ConsentRow = {
  id: string;
  version: number;
  textVersion: string;
  textSha256: string;
  scopes: string[];
  legalName: string;
  acceptedAt: Date;
  expiresAt: Date;
  ipAddress: string;
  consentVideoSha256: string | null;
  revocation: { revokedAt: Date; reason: string; destroyBiometrics: boolean } | null;
};

/** Every consent version, newest first: what was signed, by whom, and how it ended. */
export function ConsentHistory({ consents }: { consents: ConsentRow[] }) {
  const latest = consents[0]?.version ?? 0;
  return (
    <DataTable
      caption="Consent history"
      rows={consents}
      rowKey={(c) => c.id}
      empty={
        <EmptyState title="No consent signed yet" description="Each signed version appears here with its fingerprint, and stays on file." />
      }
      columns={[
        { header: "Version", cell: (c) => <span className="font-medium">v{c.version}</span> },
        {
          header: "Status",
          cell: (c) => {
            const status = consentStatus(c, latest);
            return (
              <div className="space-y-1">
                <Badge tone={TONE[status]}>{CONSENT_STATUS_LABELS[status]}</Badge>
                {c.revocation && (
                  <p className="text-xs text-zinc-600">
                    <DateTime value={c.revocation.revokedAt} withTime />: {c.revocation.reason}
                    {c.revocation.destroyBiometrics && " · biometric data destroyed"}
                  </p>
                )}
              </div>
            );
          },
        },
        {
          header: "Signed",
          cell: (c) => (
            <div>
              <p>{c.legalName}</p>
              <p className="text-xs text-zinc-500">
                <DateTime value={c.acceptedAt} withTime />
              </p>
            </div>
          ),
        },
        { header: "Permitted uses", cell: (c) => c.scopes.map(categoryLabel).join(", "), hideOnMobile: true },
        { header: "Expires", cell: (c) => <DateTime value={c.expiresAt} /> },
        {
          header: "Fingerprint",
          hideOnMobile: true,
          cell: (c) => (
            <div className="space-y-1">
              <p className="font-mono text-xs text-zinc-600" title={`SHA-256 of text version ${c.textVersion}: ${c.textSha256}`}>
                text {c.textSha256.slice(0, 12)}…
              </p>
              {c.consentVideoSha256 ? (
                <p
                  className="font-mono text-xs text-zinc-600"
                  title={`SHA-256 of the consent video that verified the face: ${c.consentVideoSha256}`}
                >
                  video {c.consentVideoSha256.slice(0, 12)}…
                </p>
              ) : null}
            </div>
          ),
        },
      ]}
    />
  );
}
