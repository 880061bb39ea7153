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

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}
