import { expect, test } from "@playwright/test";
import { jpeg, signUpAs, uniq } from "./support/app";
import { createProfile, signConsent } from "./support/flows";
import { dbTask } from "./support/server-env";

// A reference photo whose analysis failed (the worker stopped mid-photo) can be
// queued again from its card, without deleting and re-uploading it.

test("a talent queues a photo whose analysis failed again, and the worker analyzes it", async ({ browser }) => {
  test.setTimeout(120_000);
  const id = uniq();
  const talent = await signUpAs(browser, "TALENT", { name: `Retry Talent ${id}` });
  const t = talent.page;
  const profileId = await createProfile(t, { displayName: `Retry Talent ${id}` });
  await signConsent(t, { scopes: ["Advertising"], legalName: `Retry Talent ${id}` });

  await t.goto(`/likeness/${profileId}/photos`);
  await t.getByLabel("Reference photos").setInputFiles([{ name: "studio.jpg", mimeType: "image/jpeg", buffer: await jpeg(7) }]);
  const card = t.getByRole("listitem", { name: "studio.jpg" });
  // The worker's first result (a generated image: no face), then the crash.
  await expect(card.getByText(/^(Usable|Not usable)$/)).toBeVisible({ timeout: 60_000 });
  expect(await dbTask<{ failed: number }>("fail-photo-analysis", { profileId, reason: "the worker stopped" })).toEqual({ failed: 1 });

  await t.reload();
  await expect(card.getByText("Not analyzed")).toBeVisible();
  await expect(card).toContainText("Could not be analyzed (the worker stopped)");
  await card.getByRole("button", { name: "Analyze again" }).click();
  await expect(t.getByText("Photo queued for analysis again.")).toBeVisible();
  await expect(card.getByText(/^(Usable|Not usable)$/)).toBeVisible({ timeout: 60_000 });
  await expect(card.getByRole("button", { name: "Analyze again" })).toHaveCount(0);
});
