"use client";

import { useEffect } from "react";
import { Button, ButtonLink } from "./_components/button";

// Unexpected failures only: expected ones (validation, permissions) are shown
// in the form or as the 403/404 pages. `digest` lets support find the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-600">
        The page could not be shown. Changes are saved whole or not at all, so it is safe to try again; if it keeps happening, contact
        support
        {error.digest ? (
          <>
            {" "}
            quoting reference <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-6 flex justify-center gap-2">
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
        <ButtonLink href="/">Likeness home</ButtonLink>
      </div>
    </div>
  );
}
