import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { DateTime } from "@/app/_components/date-time";
import { FileInput } from "@/app/_components/file-input";
import { formatBytes } from "@/lib/format/size";

type Proof = {
  id: string;
  status: "pending" | "approved" | "rejected";
  originalName: string;
  byteSize: number;
  createdAt: Date;
  reviewedAt: Date | null;
  reviewReason: string | null;
};

const STATUS = {
  pending: { tone: "warning", label: "Waiting for review" },
  approved: { tone: "success", label: "Approved" },
  rejected: { tone: "danger", label: "Rejected" },
} as const;

/** An estate's proof of authority: what was sent, the admin's decision and reason, and the upload when one is due. */
export function AuthorityProofCard({
  profileId,
  proofs,
  canUpload,
  maxBytes,
}: {
  profileId: string;
  proofs: Proof[];
  canUpload: boolean;
  maxBytes: number;
}) {
  const open = proofs.some((p) => p.status === "pending" || p.status === "approved");
  return (
    <section id="authority" aria-labelledby="authority-heading">
      <Card
        title={<span id="authority-heading">Proof of authority</span>}
        description="Letters testamentary, a court order or a similar document showing the estate may license this likeness. An admin checks it; until it is approved no offer can be published."
      >
        {proofs.length > 0 && (
          <ul aria-label="Proofs of authority" className="mb-4 divide-y divide-zinc-100">
            {proofs.map((p) => (
              <li key={p.id} aria-label={`Proof ${p.originalName}`} className="py-2 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={STATUS[p.status].tone}>{STATUS[p.status].label}</Badge>
                  <span className="font-medium text-zinc-900">{p.originalName}</span>
                  <span className="text-zinc-500">
                    {formatBytes(p.byteSize)} · sent <DateTime value={p.createdAt} withTime />
                    {p.reviewedAt && (
                      <>
                        {" "}
                        · reviewed <DateTime value={p.reviewedAt} withTime />
                      </>
                    )}
                  </span>
                </div>
                {p.reviewReason && (
                  <p className="mt-1 text-zinc-700">
                    {p.status === "rejected" ? "Reason: " : "Note: "}
                    {p.reviewReason}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
        {!open &&
          (canUpload ? (
            <FileInput
              name="authorityProof"
              label={proofs.length ? "Upload a new proof of authority" : "Upload proof of authority"}
              uploadUrl="/api/estate-authority"
              fields={{ profileId }}
              accept="application/pdf,image/jpeg,image/png,image/webp"
              maxBytes={maxBytes}
              refreshOnComplete
              hint={`PDF, JPEG, PNG or WebP, up to ${formatBytes(maxBytes)}. Stored encrypted; only the platform's admins read it.`}
            />
          ) : (
            <p className="text-sm text-zinc-600">Only the estate can upload its proof of authority.</p>
          ))}
      </Card>
    </section>
  );
}
