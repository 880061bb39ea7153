"use client";

import { useRef, useState, useTransition } from "react";
import { ActionForm } from "@/app/_components/action-form";
import { Checkbox } from "@/app/_components/checkbox";
import { FieldError } from "@/app/_components/field-error";
import { fieldId } from "@/app/_components/field-id";
import { Notice } from "@/app/_components/notice";
import type { Option } from "@/app/_components/options";
import { Spinner } from "@/app/_components/spinner";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { previewConsentAction, signConsentAction } from "./actions";

type Props = {
  profileId: string;
  scopeOptions: Option[];
  initialScopes: string[];
  initialExpiry: string;
  minExpiry: string;
  maxExpiry?: string;
  initialText: string;
  initialSha256: string;
  /** Only the principal signs; anyone else sees the document and who must sign. */
  canSign: boolean;
  signerTitle: string;
  signerNote: string;
  expiryHint: string;
};

/**
 * Choose the permitted uses and the expiry; the server rebuilds the exact text
 * and its SHA-256 after each change, and the form signs that fingerprint. While
 * a new text is on its way the sign button waits, so what is signed is what is shown.
 */
export function ConsentForm(p: Props) {
  const [scopes, setScopes] = useState<string[]>(p.initialScopes);
  const [expiresAt, setExpiresAt] = useState(p.initialExpiry);
  const [doc, setDoc] = useState({ text: p.initialText, sha256: p.initialSha256 });
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [updating, startUpdate] = useTransition();
  const seq = useRef(0);

  function refresh(nextScopes: string[], nextExpiry: string) {
    const mine = ++seq.current;
    startUpdate(async () => {
      const result = await previewConsentAction({ profileId: p.profileId, scopes: nextScopes, expiresAt: nextExpiry });
      if (mine !== seq.current) return; // a later change is on its way
      if (result.ok) {
        setDoc({ text: result.text, sha256: result.textSha256 });
        setPreviewError(null);
      } else {
        setPreviewError(result.fields.expiresAt ?? result.message);
      }
    });
  }

  function toggleScope(value: string, on: boolean) {
    const next = p.scopeOptions.map((o) => o.value).filter((v) => (v === value ? on : scopes.includes(v)));
    setScopes(next);
    refresh(next, expiresAt);
  }

  const stale = updating || previewError !== null;

  return (
    <ActionForm action={signConsentAction} className="space-y-8">
      <input type="hidden" name="profileId" value={p.profileId} />
      <input type="hidden" name="textSha256" value={doc.sha256} />

      <section aria-labelledby="choices-heading" className="space-y-5 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
        <h2 id="choices-heading" className="text-base font-semibold text-zinc-900">
          1. Choose what you consent to
        </h2>
        <fieldset id={fieldId("scopes")}>
          <legend className="text-sm font-medium text-zinc-800">Permitted uses</legend>
          <p className="mt-0.5 text-sm text-zinc-500">Offers can only allow the uses you tick here.</p>
          <div className="mt-2 grid grid-cols-1 gap-x-4 gap-y-2 sm:grid-cols-2">
            {p.scopeOptions.map((o) => (
              <label key={o.value} className="flex items-start gap-2 text-sm text-zinc-800">
                <input
                  type="checkbox"
                  name="scopes"
                  value={o.value}
                  checked={scopes.includes(o.value)}
                  onChange={(e) => toggleScope(o.value, e.target.checked)}
                  className="mt-0.5 size-4 rounded border-zinc-300 accent-accent-600"
                />
                <span>{o.label}</span>
              </label>
            ))}
          </div>
          <FieldError name="scopes" />
        </fieldset>
        <TextField
          name="expiresAt"
          label="Consent expires on"
          type="date"
          value={expiresAt}
          min={p.minExpiry}
          max={p.maxExpiry}
          hint={p.expiryHint}
          error={previewError ?? undefined}
          onChange={(e) => {
            setExpiresAt(e.target.value);
            refresh(scopes, e.target.value);
          }}
          className="max-w-xs"
          required
        />
      </section>

      <section aria-labelledby="document-heading" className="rounded-lg border border-zinc-200 bg-white shadow-sm">
        <div className="space-y-1 border-b border-zinc-100 px-5 py-4">
          <h2 id="document-heading" className="text-base font-semibold text-zinc-900">
            2. Read the consent document
          </h2>
          <p className="flex flex-wrap items-center gap-x-2 text-xs text-zinc-500" aria-live="polite">
            {updating ? (
              <>
                <Spinner className="size-3" /> Updating the text…
              </>
            ) : (
              <>
                <span>SHA-256 fingerprint:</span>
                <span className="break-all font-mono text-zinc-700" data-testid="consent-sha256">
                  {doc.sha256}
                </span>
              </>
            )}
          </p>
        </div>
        <article
          aria-label="Consent document"
          className={`whitespace-pre-wrap px-5 py-4 font-serif text-[15px] leading-relaxed text-zinc-900 transition-opacity ${updating ? "opacity-50" : ""}`}
        >
          {doc.text}
        </article>
      </section>

      <section aria-labelledby="sign-heading" className="space-y-5 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
        <h2 id="sign-heading" className="text-base font-semibold text-zinc-900">
          3. Sign
        </h2>
        {p.canSign ? (
          <>
            <TextField
              name="legalName"
              label="Full legal name"
              autoComplete="name"
              hint="Typing your name is your signature."
              className="max-w-md"
              required
            />
            <Checkbox name="agree" label="I have read this consent document in full and I agree to it." />
            <FieldError name="textSha256" />
            <SubmitButton pendingLabel="Signing…" disabled={stale}>
              Sign consent
            </SubmitButton>
          </>
        ) : (
          <Notice tone="info" title={p.signerTitle}>
            {p.signerNote}
          </Notice>
        )}
      </section>
    </ActionForm>
  );
}
