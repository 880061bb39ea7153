"use client";

import { useState } from "react";
import { ActionForm } from "@/app/_components/action-form";
import { CheckboxGroup } from "@/app/_components/checkbox-group";
import { MultiSelect } from "@/app/_components/multi-select";
import type { Option } from "@/app/_components/options";
import { Checkbox } from "@/app/_components/checkbox";
import { RadioCards } from "@/app/_components/radio-cards";
import { Select } from "@/app/_components/select";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { Textarea } from "@/app/_components/textarea";
import { publishOfferAction } from "../actions";

type Props = {
  profileId: string;
  categoryOptions: Option[];
  exclusionOptions: Option[];
  territoryOptions: Option[];
  channelOptions: Option[];
  currencyOptions: Option[];
  /** Minor-unit exponent per currency, for the price fields' step and hint. */
  exponents: Record<string, number>;
  prohibitedUses: string[];
  defaults: { termStart: string; termEnd: string; disclosureText: string };
  termHint: string;
};

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-5 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
      <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
      {children}
    </section>
  );
}

export function PublishOfferForm(p: Props) {
  const [currency, setCurrency] = useState("USD");
  const exp = p.exponents[currency] ?? 2;
  const step = exp === 0 ? "1" : `0.${"0".repeat(exp - 1)}1`;
  const priceHint = (example: number) => (exp === 0 ? `Whole ${currency}, no decimals.` : `In ${currency}, e.g. ${example.toFixed(exp)}.`);
  return (
    <ActionForm action={publishOfferAction} className="max-w-3xl space-y-6">
      <input type="hidden" name="profileId" value={p.profileId} />
      <Section title="The offer">
        <TextField name="title" label="Offer title" hint="E.g. “Regional advertising, one year”." required />
        <Textarea
          name="description"
          label="Description"
          hint="Optional. What you are happy to appear in, in your own words."
          rows={3}
          maxLength={2000}
        />
      </Section>

      <Section title="What it allows">
        <CheckboxGroup
          name="allowedCategories"
          label="Allowed use categories"
          hint="Only the uses your signed consent covers are listed."
          options={p.categoryOptions}
          required
        />
        <CheckboxGroup
          name="extraExclusions"
          label="Extra exclusions"
          hint="Topics this offer never covers, on top of what is always prohibited."
          options={p.exclusionOptions}
          columns={2}
        />
        <div className="rounded-md bg-zinc-50 px-4 py-3 text-sm text-zinc-700">
          <p className="font-medium">Always prohibited, whatever the offer says:</p>
          <ul className="mt-1 list-disc pl-5">
            {p.prohibitedUses.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </div>
        <MultiSelect
          name="territories"
          label="Territories"
          hint="Worldwide, or the countries where the output may be shown (ISO codes)."
          options={p.territoryOptions}
          pinned={["WW"]}
          required
        />
        <CheckboxGroup name="channels" label="Channels" options={p.channelOptions} columns={2} required />
      </Section>

      <Section title="Term and quotas">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="termStart" label="Term starts" type="date" defaultValue={p.defaults.termStart} required />
          <TextField name="termEnd" label="Term ends" type="date" defaultValue={p.defaults.termEnd} hint={p.termHint} required />
          <TextField
            name="maxRenders"
            label="Maximum renders"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            defaultValue="10"
            required
          />
          <TextField
            name="maxOutputSeconds"
            label="Maximum output seconds"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            defaultValue="300"
            hint="Total length of all outputs together."
            required
          />
        </div>
      </Section>

      <Section title="Price">
        <div className="grid gap-4 sm:grid-cols-3">
          <Select
            name="currency"
            label="Currency"
            options={p.currencyOptions}
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            required
          />
          <TextField
            name="flatFee"
            label="Flat fee"
            type="number"
            min={0}
            step={step}
            inputMode="decimal"
            hint={priceHint(1500)}
            required
          />
          <TextField
            name="perSecond"
            label="Price per output second"
            type="number"
            min={0}
            step={step}
            inputMode="decimal"
            hint={priceHint(12.5)}
            required
          />
        </div>
      </Section>

      <Section title="Approval and disclosure">
        <RadioCards
          name="approvalMode"
          label="Approval"
          defaultValue="MANUAL"
          options={[
            { value: "MANUAL", label: "Manual approval", description: "Every request that passes the policy waits for your decision." },
            { value: "AUTO", label: "Automatic approval", description: "Requests that pass every policy check are approved at once." },
          ]}
        />
        <Checkbox
          name="reviewOutputs"
          label="Review each output before delivery"
          hint="You (or your agent) see every rendered swap, with the footage it came from, and approve or reject it before the studio can download it."
        />
        <TextField
          name="disclosureText"
          label="On-screen disclosure"
          hint="Shown on every output. 10–120 characters."
          defaultValue={p.defaults.disclosureText}
          maxLength={120}
          required
        />
      </Section>

      <SubmitButton pendingLabel="Publishing…">Publish offer</SubmitButton>
    </ActionForm>
  );
}
