"use client";

import { useContext, useEffect, useRef, useState } from "react";
import { fieldId } from "./field-id";
import { FormStateContext } from "./use-action-form";
import { codePointLength, cutCodePoints } from "@/lib/validation/text";

/** "territories.2" -> "territories": the field a nested error belongs to. */
const fieldOf = (key: string) => key.replace(/(\.\d+)+$/, "");

/** A readable stand-in until the form's own label is found: "perSecondMinor" -> "Per second minor". */
export function humanizeField(field: string): string {
  return fieldOf(field)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_.]/g, " ")
    .trim()
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());
}

/**
 * The label a person sees for a field: its <label for>, or the <legend> of its
 * fieldset (checkbox groups, radio cards), without the required mark.
 */
function labelInDocument(field: string, idPrefix: string | undefined): string | null {
  const element = document.getElementById(fieldId(fieldOf(field), idPrefix));
  if (!element) return null;
  const labelElement =
    element instanceof HTMLFieldSetElement
      ? element.querySelector("legend")
      : document.querySelector(`label[for="${CSS.escape(element.id)}"]`);
  if (!labelElement) return null;
  const copy = labelElement.cloneNode(true) as HTMLElement;
  copy.querySelectorAll("[aria-hidden='true']").forEach((n) => n.remove());
  const text = copy.textContent?.replace(/\s+/g, " ").trim();
  if (!text) return null;
  // A checkbox's label is the whole sentence beside it: its start names it well enough.
  return codePointLength(text) > 60 ? `${cutCodePoints(text, 57).trimEnd()}…` : text;
}

/**
 * The form-level outcome: on failure, the message and a list of the fields to
 * fix, each by the label the person sees (a link to its input), focused so
 * screen readers announce it; on success, `successMessage` or the action's own
 * message. Field errors come keyed by code name ("flatFee", "territories.2");
 * the code name is never shown: before the labels are read from the page (the
 * first render, on the server) a readable form of it stands in.
 */
export function FormErrorSummary({ successMessage }: { successMessage?: string }) {
  const { state, idPrefix } = useContext(FormStateContext);
  const ref = useRef<HTMLDivElement>(null);
  const [labels, setLabels] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!state || state.ok) return;
    ref.current?.focus();
    const found: Record<string, string> = {};
    for (const field of Object.keys(state.fields)) {
      const label = labelInDocument(field, idPrefix);
      if (label) found[field] = label;
    }
    setLabels(found);
  }, [state, idPrefix]);
  if (!state) return null;
  if (state.ok) {
    const text = state.message ?? successMessage;
    return text ? (
      <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
        {text}
      </div>
    ) : null;
  }
  // "_" is an error about the whole form: its message is the heading, never a list item.
  const fields = Object.entries(state.fields).filter(([k]) => k !== "_");
  const heading = fields.length > 1 ? `Please correct these ${fields.length} fields:` : state.message;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 outline-none"
    >
      <p className="font-medium">{heading}</p>
      {fields.length > 1 && state.fields._ && <p className="mt-1">{state.fields._}</p>}
      {fields.length > 1 && (
        <ul className="mt-2 list-disc space-y-0.5 pl-5">
          {fields.map(([field, message]) => (
            <li key={field}>
              <a className="underline underline-offset-2" href={`#${fieldId(fieldOf(field), idPrefix)}`}>
                {labels[field] ?? humanizeField(field)}
              </a>
              : {message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
