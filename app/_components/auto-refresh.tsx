"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the page from the server every few seconds while a worker is
 * still at work on something it shows (photo analysis, a footage scan);
 * renders nothing. Unmounted (and so stopped) by the server once nothing is
 * pending.
 */
export function AutoRefresh({ everyMs = 3000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      // A hidden tab does not need fresh results; it catches up when shown.
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
