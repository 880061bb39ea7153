"use client";

import { useContext, type ComponentProps } from "react";
import { useFormStatus } from "react-dom";
import type { ButtonSize, ButtonVariant } from "./button-styles";
import { Button } from "./button";
import { FormStateContext } from "./use-action-form";

type Props = Omit<ComponentProps<"button">, "type"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Shown while the form is submitting, e.g. "Saving…". */
  pendingLabel?: string;
};

/** Submit button that disables itself and shows a spinner while its form is pending. */
export function SubmitButton({ pendingLabel, children, ...rest }: Props) {
  const { pending: actionPending } = useContext(FormStateContext);
  const { pending: nativePending } = useFormStatus();
  const pending = actionPending || nativePending;
  return (
    <Button type="submit" pending={pending} {...rest}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
