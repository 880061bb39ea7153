"use client";

import { useState } from "react";
import { Button } from "@/app/_components/button";
import { FormErrorSummary } from "@/app/_components/form-error-summary";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { FormStateContext, useActionForm } from "@/app/_components/use-action-form";
import { createStudioApiKey, type CreatedKey } from "./actions";

/** Names and creates a key, then shows its token once, with a copy button. */
export function CreateKeyForm() {
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useActionForm<CreatedKey>(createStudioApiKey, {
    resetOnSuccess: true,
    onSuccess: (result) => {
      setCreated({ name: result.name, prefix: result.prefix, token: result.token });
      setCopied(false);
    },
  });

  async function copy() {
    if (!created) return;
    await navigator.clipboard.writeText(created.token);
    setCopied(true);
  }

  return (
    <div className="space-y-4">
      {created && (
        <div role="status" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4">
          <p className="font-medium text-amber-900">Copy the key “{created.name}” now — it will not be shown again.</p>
          <p className="text-sm text-amber-900">
            Store it in your secret manager. Only a hash is kept; if you lose it, revoke it and create a new one.
          </p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <label htmlFor="new-api-key" className="sr-only">
              New API key
            </label>
            <input
              id="new-api-key"
              readOnly
              value={created.token}
              onFocus={(e) => e.currentTarget.select()}
              className="block w-full rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm"
            />
            <Button variant="secondary" onClick={copy}>
              {copied ? "Copied" : "Copy key"}
            </Button>
          </div>
          <Button variant="ghost" size="sm" onClick={() => setCreated(null)}>
            I have stored the key
          </Button>
        </div>
      )}
      <FormStateContext value={form}>
        <form ref={form.formRef} action={form.formAction} onSubmit={form.onSubmit} noValidate className="space-y-4">
          <FormErrorSummary />
          <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
            <TextField
              name="name"
              label="Key name"
              required
              placeholder="e.g. Render pipeline"
              hint="What will use the key, so you know which one to revoke."
              className="sm:w-96"
            />
            <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
          </div>
        </form>
      </FormStateContext>
    </div>
  );
}
