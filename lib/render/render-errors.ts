/** A render failure that another attempt cannot fix (missing inputs, no face): the job fails at once and the studio is refunded. */
export class PermanentRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentRenderError";
  }
}

/** The job was cancelled (withdrawn, revoked) or handed to another worker while this one ran. */
export class RenderStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AbortError";
  }
}

/**
 * Engine (ml/) failures that another attempt would repeat: the performer's
 * frames could not be swapped well enough (LowCoverageError), or the chosen
 * performer is not in the footage. Failing at once refunds the studio now
 * instead of after three identical attempts.
 */
export function isPermanentEngineError(e: unknown): boolean {
  return e instanceof Error && (e.name === "LowCoverageError" || e.name === "PerformerNotFoundError");
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}
