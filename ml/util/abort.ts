// Cancellation errors are named "AbortError" (as fetch and DOM APIs do), so a
// caller tells "cancelled" from "failed" by name without parsing messages.
export function abortError(what: string): Error {
  const e = new Error(`${what} cancelled`);
  e.name = "AbortError";
  return e;
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(what);
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}
