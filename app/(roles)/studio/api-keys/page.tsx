import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/date-time";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { listApiKeys } from "@/lib/studios/api-keys";
import { revokeStudioApiKey } from "./actions";
import { CreateKeyForm } from "./create-key-form";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const actor = await requireActor(["STUDIO"]);
  const keys = await listApiKeys({ db: db(), actor });
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let your own systems use the studio REST API as your studio. See the{" "}
            <Link href="/studio/api-docs" className="font-medium text-accent-700 hover:underline">
              API documentation
            </Link>
            . To be told when an order is delivered or fails, set a{" "}
            <Link href="/studio/webhooks" className="font-medium text-accent-700 hover:underline">
              webhook
            </Link>
            .
          </>
        }
      />
      <div className="space-y-6">
        <Card title="Create a key" description="The key is shown once, right after you create it.">
          <CreateKeyForm />
        </Card>
        <section aria-labelledby="keys-heading">
          <h2 id="keys-heading" className="mb-3 text-lg font-semibold text-zinc-900">
            Your studio's keys
          </h2>
          <DataTable
            caption="API keys"
            rows={keys}
            rowKey={(k) => k.id}
            empty={<EmptyState title="No API keys yet" description="Create a key above to call the studio API from your systems." />}
            columns={[
              { header: "Name", cell: (k) => <span className="font-medium">{k.name}</span> },
              { header: "Prefix", cell: (k) => <code className="font-mono text-xs">lk_{k.prefix}_…</code> },
              { header: "Created", hideOnMobile: true, cell: (k) => <DateTime value={k.createdAt} /> },
              {
                header: "Last used",
                hideOnMobile: true,
                cell: (k) => (k.lastUsedAt ? <DateTime value={k.lastUsedAt} withTime /> : "Never"),
              },
              {
                header: "Status",
                cell: (k) => (k.revokedAt ? <Badge tone="neutral">Revoked</Badge> : <Badge tone="success">Active</Badge>),
              },
              {
                header: <span className="sr-only">Actions</span>,
                align: "right",
                cell: (k) =>
                  k.revokedAt ? null : (
                    <ConfirmDialog
                      triggerLabel={`Revoke ${k.name}`}
                      title={`Revoke the key “${k.name}”?`}
                      description="Every call with this key will be refused at once. This cannot be undone; create a new key to restore access."
                      confirmLabel="Revoke key"
                      pendingLabel="Revoking…"
                      action={revokeStudioApiKey}
                    >
                      <input type="hidden" name="keyId" value={k.id} />
                    </ConfirmDialog>
                  ),
              },
            ]}
          />
        </section>
      </div>
    </>
  );
}
