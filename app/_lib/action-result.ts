import { unstable_rethrow } from "next/navigation";
import { AppError, type FieldErrors } from "@/lib/errors";

// What every server action returns, so forms can show a message and per-field
// errors the same way (see app/_components/use-action-form.ts).
export type ActionFailure = { ok: false; message: string; fields: FieldErrors };
export type ActionSuccess<T extends object = object> = { ok: true; message?: string } & T;
export type ActionResult<T extends object = object> = ActionSuccess<T> | ActionFailure;

/** The state a form starts in, before its first submission. */
export type ActionState<T extends object = object> = ActionResult<T> | null;

export const UNEXPECTED_MESSAGE = "Something went wrong on our side and nothing was saved. Please try again.";

/**
 * Runs the body of a server action. An AppError becomes `{ ok: false, message,
 * fields }` for the form; redirect(), notFound() and forbidden() pass through to
 * Next; any other error is logged and answered with a generic message, so
 * internals never reach the browser.
 *
 *   export async function saveOffer(_: ActionState, form: FormData) {
 *     return runAction(async () => {
 *       const actor = await requireActor(["TALENT"]);
 *       const offer = await createOffer({ db: db(), actor, input: formToObject(form) });
 *       return { offerId: offer.id };
 *     });
 *   }
 */
export async function runAction<T extends object = object>(fn: () => Promise<T | void>): Promise<ActionResult<T>> {
  try {
    const value = await fn();
    return { ok: true, ...(value ?? {}) } as ActionSuccess<T>;
  } catch (err) {
    unstable_rethrow(err);
    if (err instanceof AppError) return { ok: false, message: err.message, fields: err.fields };
    console.error("server action failed", err);
    return { ok: false, message: UNEXPECTED_MESSAGE, fields: {} };
  }
}
