import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/_components/badge";
import { Card } from "@/app/_components/card";
import { PageHeader } from "@/app/_components/page-header";
import { requireActor } from "@/app/_lib/actor";
import { API_ROUTES } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API documentation" };

const STATUS_TEXT: Record<number, string> = {
  400: "malformed body",
  401: "missing or bad key",
  403: "not allowed (role, or a forged link)",
  404: "not found / not yours",
  409: "not in this status",
  410: "revoked or expired",
  413: "file too large",
  415: "file type refused",
  422: "invalid fields",
};

export default async function ApiDocsPage() {
  await requireActor(["STUDIO"]);
  return (
    <>
      <PageHeader
        title="Studio API"
        description={
          <>
            Order licensed swaps from your own systems. Every call sends a key from{" "}
            <Link href="/studio/api-keys" className="font-medium text-accent-700 hover:underline">
              API keys
            </Link>{" "}
            as <code className="font-mono text-xs">Authorization: Bearer lk_…</code>. The machine-readable{" "}
            <a href="/api/v1/openapi.json" className="font-medium text-accent-700 hover:underline">
              OpenAPI 3.1 document
            </a>{" "}
            describes every field.
          </>
        }
      />
      <div className="space-y-4">
        <Card title="Conventions">
          <ul className="list-disc space-y-1 pl-5 text-sm text-zinc-700">
            <li>
              Set <code className="font-mono text-xs">LIKENESS_URL</code> to this site’s address and{" "}
              <code className="font-mono text-xs">LIKENESS_API_KEY</code> to your key to run the examples.
            </li>
            <li>
              Errors are JSON:{" "}
              <code className="font-mono text-xs">{'{ "error": { "code", "message", "fields": { field: message } } }'}</code>.
            </li>
            <li>Prices are integers in the currency’s minor unit (cents). Dates are ISO 8601.</li>
            <li>
              Lists are cursor-paginated: pass <code className="font-mono text-xs">nextCursor</code> back as{" "}
              <code className="font-mono text-xs">cursor</code>.
            </li>
            <li>
              A request is decided by the policy engine when you create it: <code className="font-mono text-xs">rejected_by_policy</code>{" "}
              with every reason, <code className="font-mono text-xs">pending_approval</code>, or{" "}
              <code className="font-mono text-xs">approved</code>.
            </li>
          </ul>
        </Card>
        {API_ROUTES.map((r) => (
          <Card
            key={`${r.method} ${r.path}`}
            title={
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone={r.method === "get" ? "info" : "success"}>{r.method.toUpperCase()}</Badge>
                <code className="font-mono text-sm">{r.path}</code>
              </span>
            }
            description={r.summary}
          >
            <p className="text-sm text-zinc-700">{r.description}</p>
            {r.errors.length > 0 && (
              <p className="mt-2 text-sm text-zinc-600">Errors: {r.errors.map((s) => `${s} (${STATUS_TEXT[s] ?? "error"})`).join(", ")}</p>
            )}
            <pre
              className="mt-3 overflow-x-auto rounded-md bg-zinc-900 p-3 text-xs leading-relaxed text-zinc-100"
              aria-label={`Example: ${r.summary}`}
            >
              <code>{r.curl}</code>
            </pre>
          </Card>
        ))}
      </div>
    </>
  );
}
