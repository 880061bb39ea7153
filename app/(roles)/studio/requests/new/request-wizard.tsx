"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Button, ButtonLink } from "@/app/_components/button";
import { CheckboxGroup } from "@/app/_components/checkbox-group";
import { FileInput } from "@/app/_components/file-input";
import { FormErrorSummary } from "@/app/_components/form-error-summary";
import { MultiSelect } from "@/app/_components/multi-select";
import { Notice } from "@/app/_components/notice";
import type { Option } from "@/app/_components/options";
import { Select } from "@/app/_components/select";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { Textarea } from "@/app/_components/textarea";
import { FormStateContext, useActionForm } from "@/app/_components/use-action-form";
import { cx } from "@/app/_lib/cx";
import { formatBytes } from "@/lib/format/size";
import { formatMoney } from "@/lib/format/money";
import { MIN_INTENDED_USE_CHARS } from "@/lib/licensing/vocabulary";
import { quotePrice } from "@/lib/offers/offer-usage";
import { STATUS_LABELS, type RequestStatus } from "@/lib/requests/state-machine";
import { submitSwapRequest, type CreatedRequest } from "./actions";

export type WizardOffer = {
  id: string;
  title: string;
  flatFeeMinor: number;
  perSecondMinor: number;
  currency: string;
  secondsLeft: number;
  termStart: string;
  termEnd: string;
};

type Props = {
  offer: WizardOffer;
  talentName: string;
  maxFootageBytes: number;
  maxReleaseBytes: number;
  options: { categories: Option[]; channels: Option[]; territories: Option[]; topics: Option[]; prohibited: Option[] };
};

const STEPS = ["Target footage", "Release", "Intended use and terms"] as const;
const STEP_OF_FIELD: Record<string, number> = { targetUploadId: 0, releaseUploadId: 1 };

/** The three-step swap request: footage, release, then the use; submitting shows the policy decision at once. */
export function RequestWizard({ offer, talentName, maxFootageBytes, maxReleaseBytes, options }: Props) {
  const [step, setStep] = useState(0);
  const [seconds, setSeconds] = useState("");
  const form = useActionForm<CreatedRequest>(submitSwapRequest);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { state } = form;

  // After a refusal, open the step holding the first field to fix.
  useEffect(() => {
    if (state && !state.ok) {
      const steps = Object.keys(state.fields).map((f) => STEP_OF_FIELD[f] ?? 2);
      if (steps.length) setStep(Math.min(...steps));
    }
    if (state?.ok) headingRef.current?.focus();
  }, [state]);

  if (state?.ok) return <Decision result={state} headingRef={headingRef} offerId={offer.id} />;

  const n = Number(seconds);
  const validSeconds = seconds !== "" && Number.isInteger(n) && n > 0;
  const money = (minor: number) => formatMoney(minor, offer.currency);

  return (
    <FormStateContext value={form}>
      <ol className="mb-6 grid gap-2 sm:grid-cols-3" aria-label="Steps">
        {STEPS.map((label, i) => (
          <li
            key={label}
            aria-current={i === step ? "step" : undefined}
            className={cx(
              "rounded-md border px-3 py-2 text-sm",
              i === step
                ? "border-accent-500 bg-accent-50 font-medium text-accent-800"
                : i < step
                  ? "border-emerald-200 bg-emerald-50 text-emerald-800"
                  : "border-zinc-200 bg-white text-zinc-500",
            )}
          >
            <span className="mr-1.5 tabular-nums">{i + 1}.</span>
            {label}
          </li>
        ))}
      </ol>
      <form
        ref={form.formRef}
        action={form.formAction}
        onSubmit={form.onSubmit}
        noValidate
        className="space-y-6 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm sm:p-6"
      >
        <FormErrorSummary />
        <input type="hidden" name="offerId" value={offer.id} />

        <section hidden={step !== 0} className="space-y-4">
          <h2 id="step-footage" className="text-lg font-semibold text-zinc-900">
            Step 1: Target footage
          </h2>
          <p className="text-sm text-zinc-600">
            The footage whose performer’s face will be replaced with {talentName}’s likeness: a video (MP4, MOV, WebM) or a still image
            (JPEG, PNG, WebP), up to {formatBytes(maxFootageBytes)}.
          </p>
          <FileInput
            name="targetUploadId"
            label="Target footage"
            uploadUrl="/api/studio-uploads"
            fields={{ kind: "TARGET_FOOTAGE" }}
            accept="video/mp4,video/quicktime,video/webm,image/jpeg,image/png,image/webp"
            maxBytes={maxFootageBytes}
            hint="Uploaded as soon as you choose it; the type is checked by content."
          />
        </section>

        <section hidden={step !== 1} className="space-y-4">
          <h2 id="step-release" className="text-lg font-semibold text-zinc-900">
            Step 2: Release
          </h2>
          <p className="text-sm text-zinc-600">
            A release signed by the person who appears in the target footage, agreeing to their face being replaced: a PDF or a photo of the
            signed page, up to {formatBytes(maxReleaseBytes)}.
          </p>
          <FileInput
            name="releaseUploadId"
            label="Signed release"
            uploadUrl="/api/studio-uploads"
            fields={{ kind: "RELEASE" }}
            accept="application/pdf,image/jpeg,image/png,image/webp"
            maxBytes={maxReleaseBytes}
          />
        </section>

        <section hidden={step !== 2} className="space-y-5">
          <h2 id="step-use" className="text-lg font-semibold text-zinc-900">
            Step 3: Intended use and terms
          </h2>
          <TextField name="title" label="Project title" required placeholder="e.g. Spring running campaign" />
          <Textarea
            name="intendedUse"
            label="Intended use"
            required
            rows={4}
            minLength={MIN_INTENDED_USE_CHARS}
            showCount
            hint={`Describe specifically what the output will show and where it will run (at least ${MIN_INTENDED_USE_CHARS} characters).`}
          />
          <Select
            name="category"
            label="Use category"
            required
            options={options.categories}
            placeholder="Choose a category"
            defaultValue=""
          />
          <CheckboxGroup
            name="contentDeclarations"
            label="My content includes…"
            options={options.prohibited}
            hint="Tick each that applies. These uses are never allowed on Likeness, whatever the license says."
          />
          <CheckboxGroup
            name="topics"
            label="Topics the content touches"
            options={options.topics}
            columns={2}
            hint="The talent may exclude some topics from this license."
          />
          <MultiSelect
            name="territories"
            label="Territories"
            options={options.territories}
            pinned={["WW"]}
            required
            hint="Where the output will be shown."
          />
          <CheckboxGroup name="channels" label="Channels" options={options.channels} required />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="campaignStart" label="Campaign start" type="date" required min={offer.termStart} max={offer.termEnd} />
            <TextField name="campaignEnd" label="Campaign end" type="date" required min={offer.termStart} max={offer.termEnd} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2 sm:items-start">
            <TextField
              name="outputSeconds"
              label="Output length (seconds)"
              type="number"
              min={1}
              step={1}
              required
              value={seconds}
              onChange={(e) => setSeconds(e.target.value)}
              hint={`${offer.secondsLeft} output seconds left on this license.`}
            />
            <div className="rounded-md border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm" aria-live="polite">
              <p className="font-medium text-zinc-800">Price quote</p>
              {validSeconds ? (
                <>
                  <p className="mt-1 text-xl font-semibold tabular-nums text-zinc-900" data-testid="price-quote">
                    {money(quotePrice(offer, n))}
                  </p>
                  <p className="text-zinc-600">
                    {money(offer.flatFeeMinor)} flat + {n} s × {money(offer.perSecondMinor)}
                  </p>
                  {n > offer.secondsLeft && (
                    <p className="mt-1 text-amber-800">More than the {offer.secondsLeft} seconds left on this license.</p>
                  )}
                </>
              ) : (
                <p className="mt-1 text-zinc-600">Enter the output length to see the price.</p>
              )}
            </div>
          </div>
        </section>

        <div className="flex flex-col-reverse gap-2 border-t border-zinc-100 pt-4 sm:flex-row sm:justify-between">
          {step > 0 ? (
            <Button variant="secondary" onClick={() => setStep(step - 1)}>
              Back
            </Button>
          ) : (
            <ButtonLink href="/studio/catalog" variant="ghost">
              Cancel
            </ButtonLink>
          )}
          {step < 2 ? (
            <Button onClick={() => setStep(step + 1)}>Continue</Button>
          ) : (
            <SubmitButton pendingLabel="Submitting…">Submit request</SubmitButton>
          )}
        </div>
      </form>
    </FormStateContext>
  );
}

function Decision({
  result,
  headingRef,
  offerId,
}: {
  result: CreatedRequest;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  offerId: string;
}) {
  const status = result.status as RequestStatus;
  const title =
    status === "rejected_by_policy"
      ? "Rejected by policy"
      : status === "approved"
        ? "Approved"
        : status === "pending_approval"
          ? "Awaiting approval"
          : STATUS_LABELS[status];
  return (
    <section aria-labelledby="decision-heading" className="space-y-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
      <p className="text-sm font-medium text-zinc-500">Policy decision</p>
      <h2 id="decision-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-semibold text-zinc-900 outline-none">
        {title}
      </h2>
      {status === "rejected_by_policy" && (
        <Notice
          tone="danger"
          title={`The license does not allow this request (${result.reasons.length} ${result.reasons.length === 1 ? "reason" : "reasons"}):`}
        >
          <ul className="list-disc space-y-1 pl-5" aria-label="Reasons">
            {result.reasons.map((r) => (
              <li key={`${r.code}-${r.message}`}>{r.message}</li>
            ))}
          </ul>
        </Notice>
      )}
      {status === "pending_approval" && (
        <Notice tone="warning" title="Awaiting approval">
          The request is within the license. The talent (or their agent or estate) now approves or rejects it; its status changes on your
          requests page.
        </Notice>
      )}
      {status === "approved" && (
        <Notice tone="success" title="Approved">
          This offer approves requests automatically when the policy allows them. Your request is approved under the license’s terms.
        </Notice>
      )}
      <div className="flex flex-wrap gap-2">
        <ButtonLink href={`/studio/requests/${result.requestId}`} variant="primary">
          View request
        </ButtonLink>
        <Link
          href={`/studio/requests/new?offerId=${offerId}&again=${result.requestId}`}
          className="inline-flex h-10 items-center px-2 text-sm font-medium text-accent-700 hover:underline"
        >
          Start another request under this offer
        </Link>
      </div>
    </section>
  );
}
