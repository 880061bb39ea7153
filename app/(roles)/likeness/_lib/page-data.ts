import { forbidden, notFound } from "next/navigation";
import { cache } from "react";
import { requireActor } from "@/app/_lib/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getManagedProfile } from "@/lib/profiles/list-profiles";

export const MANAGER_ROLES = ["TALENT", "ESTATE", "AGENT"] as const;

/** Turns lib's "not yours / not found" into Next's 404 and 403 pages. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    if (err instanceof AppError && err.code === "FORBIDDEN") forbidden();
    throw err;
  }
}

/** The signed-in manager and one profile they manage (cached per request: layout and page share it). */
export const loadProfilePage = cache(async (profileId: string) => {
  const actor = await requireActor(MANAGER_ROLES);
  const data = await orNotFound(getManagedProfile({ db: db(), actor, profileId }));
  return { actor, ...data };
});
