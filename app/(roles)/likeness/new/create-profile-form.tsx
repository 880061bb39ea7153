"use client";

import { useState } from "react";
import { ActionForm } from "@/app/_components/action-form";
import { Select } from "@/app/_components/select";
import { SubmitButton } from "@/app/_components/submit-button";
import { TextField } from "@/app/_components/text-field";
import { Textarea } from "@/app/_components/textarea";
import { createProfileAction } from "./actions";

type Principal = { id: string; name: string; role: string };

type Props = {
  /** For agents: the talent and estates they represent that have no profile yet. */
  principals?: Principal[];
  defaultPrincipalId?: string;
  /** The signed-in user is an estate (the person has died). */
  actorIsEstate: boolean;
  today: string;
};

export function CreateProfileForm({ principals, defaultPrincipalId, actorIsEstate, today }: Props) {
  const [principalId, setPrincipalId] = useState(defaultPrincipalId ?? "");
  const chosen = principals?.find((p) => p.id === principalId);
  const deceased = actorIsEstate || chosen?.role === "ESTATE";
  return (
    <ActionForm action={createProfileAction} className="max-w-2xl space-y-5">
      {principals && (
        <Select
          name="principalUserId"
          label="Represented talent"
          hint="The profile belongs to them; they sign the consent themselves."
          placeholder="Choose…"
          options={principals.map((p) => ({ value: p.id, label: p.role === "ESTATE" ? `${p.name} (estate)` : p.name }))}
          value={principalId}
          onChange={(e) => setPrincipalId(e.target.value)}
          required
        />
      )}
      <TextField
        name="displayName"
        label={deceased ? "Name of the late talent" : "Display name"}
        hint="The name studios see in the catalog."
        autoComplete="off"
        required
      />
      {deceased && (
        <TextField
          name="diedOn"
          label="Date of death"
          type="date"
          max={today}
          hint="The profile states that the person has died and that the estate acts in their place."
          className="max-w-xs"
          required
        />
      )}
      <Textarea name="bio" label="Short bio" hint="Optional. Shown to studios next to the offers." rows={4} maxLength={2000} showCount />
      <SubmitButton pendingLabel="Creating…">Create profile</SubmitButton>
    </ActionForm>
  );
}
