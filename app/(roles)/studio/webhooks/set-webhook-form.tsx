"use client";

import { useState } from "react";
import { Button } from "@/app/_components/button";
import { FormErrorSummary } from "@/app/_components/form-error-summary";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { FormStateContext, useActionForm } from "@/app/_components/use-action-form";
import { setWebhook, type SetWebhookResult } from "./actions";

/** Sets or replaces the webhook URL, then shows the new signing secret once, with a copy button. */
export function SetWebhookForm({ replacing }: { replacing: boolean }) {
  const [created, setCreated] = useState<SetWebhookResult | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useActionForm<SetWebhookResult>(setWebhook, {
    resetOnSuccess: true,
    onSuccess: (result) => {
      setCreated({ url: result.url, secret: result.secret });
      setCopied(false);
    },
  });

  async function copy() {
    if (!created) return;
    await navigator.clipboard.writeText(created.secret);
    setCopied(true);
  }

  return (
    <div className="space-y-4">
      {created && (
        <div role="status" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4">
          <p className="font-medium text-amber-900">Copy the signing secret now — it will not be shown again.</p>
          <p className="text-sm text-amber-900">
            Events to <span className="break-all font-mono">{created.url}</span> are signed with it. Store it where your endpoint can read
            it; if you lose it, set the URL again to get a new one.
          </p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <label htmlFor="new-webhook-secret" className="sr-only">
              New signing secret
            </label>
            <input
              id="new-webhook-secret"
              readOnly
              value={created.secret}
              onFocus={(e) => e.currentTarget.select()}
              className="block w-full rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm"
            />
            <Button variant="secondary" onClick={copy}>
              {copied ? "Copied" : "Copy secret"}
            </Button>
          </div>
          <Button variant="ghost" size="sm" onClick={() => setCreated(null)}>
            I have stored the secret
          </Button>
        </div>
      )}
      <FormStateContext value={form}>
        <form ref={form.formRef} action={form.formAction} onSubmit={form.onSubmit} noValidate className="space-y-4">
          <FormErrorSummary />
          <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
            <TextField
              name="url"
              label="Endpoint URL"
              type="url"
              required
              autoComplete="off"
              placeholder="https://example.com/hooks/likeness"
              hint="https:// (http:// only for localhost or 127.0.0.1 while testing). Redirects are not followed."
              className="sm:w-[32rem]"
            />
            <SubmitButton pendingLabel="Saving…">{replacing ? "Replace URL" : "Set URL"}</SubmitButton>
          </div>
          {replacing && (
            <p className="text-sm text-zinc-600">Replacing the URL also makes a new signing secret; the old one stops working at once.</p>
          )}
        </form>
      </FormStateContext>
    </div>
  );
}
