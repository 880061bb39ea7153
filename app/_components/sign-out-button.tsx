"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "./button";
import type { ButtonVariant } from "./button-styles";

/** Ends the session (next-auth clears the cookie) and returns to the landing page. */
export function SignOutButton({ variant = "ghost", className }: { variant?: ButtonVariant; className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      size="sm"
      className={className}
      pending={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/" });
      }}
    >
      Sign out
    </Button>
  );
}
