import { expect, test } from "@playwright/test";
import { signUpAs, uniq } from "./support/app";
import { createProfile, signConsent } from "./support/flows";
import { dbTask } from "./support/server-env";

// Revocation as the talent sees it (issue 11): after revoking with
// destruction, the talent's home keeps the revoked profile (read-only, with
// its consent history and what was destroyed when) instead of offering a new
// one, and new consent is signed on the same profile.

test("after revoking with destruction, home shows the revoked profile read-only with its record, and new consent is signed on the same profile", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const id = uniq();
  const talent = await signUpAs(browser, "TALENT", { name: `Rhea Revoked ${id}` });
  const t = talent.page;
  const profileId = await createProfile(t, { displayName: talent.name });
  await signConsent(t, { scopes: ["Advertising"], legalName: talent.name });
  await dbTask("make-licensable", { profileId }); // usable photos and a verification, below the browser

  await test.step("the revoke dialog says delivered outputs will be marked revoked; the talent revokes with destruction", async () => {
    await t.goto(`/likeness/${profileId}`);
    await t.getByRole("button", { name: "Revoke consent" }).click();
    const dialog = t.getByRole("dialog", { name: "Revoke this consent?" });
    await expect(dialog).toContainText("Delivered outputs will be marked revoked in the registry");
    await expect(dialog).toContainText("sign new consent on this same profile");
    await dialog.getByLabel("Reason for revoking").fill("I am stepping away from licensing.");
    await dialog.getByRole("checkbox", { name: "Destroy my biometric data now" }).check();
    await dialog.getByRole("button", { name: "Revoke consent" }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step("home shows the revoked profile, not \u201cNo profile yet\u201d", async () => {
    await t.goto("/talent");
    const card = t.getByTestId("revoked-profile");
    await expect(card).toContainText("biometric data destroyed on");
    await expect(card).toContainText("read-only");
    await expect(t.locator("main")).not.toContainText("No profile yet");
    await expect(t.locator(`main a[href="/likeness/${profileId}"]`).first()).toContainText(talent.name);
    // Creating another profile is not offered: the form's page leads back to this one.
    await t.goto("/likeness/new");
    await expect(t).toHaveURL(new RegExp(`/likeness/${profileId}$`));
  });

  await test.step("the profile page is read-only with its consent history and what was destroyed when", async () => {
    await t.goto(`/likeness/${profileId}`);
    const revoked = t.getByTestId("revoked-profile");
    await expect(revoked).toContainText("Consent revoked; biometric data destroyed");
    await expect(revoked).toContainText("Upload new reference photos");
    await expect(t.getByRole("button", { name: "Revoke consent" })).toHaveCount(0);
    const history = t.getByRole("table", { name: "Consent history" });
    await expect(history).toContainText("v1");
    await expect(history).toContainText("I am stepping away from licensing.");
    const record = t.getByRole("list", { name: "Revocation record" });
    await expect(record).toContainText("Consent version 1 revoked");
    await expect(record).toContainText(/\d+ reference photos and their encryption key destroyed/);
  });

  await test.step("another talent cannot open it", async () => {
    const other = await signUpAs(browser, "TALENT", { name: `Otto Other ${id}` });
    for (const path of [`/likeness/${profileId}`, `/likeness/${profileId}/consent`]) {
      const response = await other.page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(other.page.locator("body")).not.toContainText(talent.name);
    }
  });

  await test.step("the talent signs new consent on the same profile, and the page says what is needed next", async () => {
    await t.goto(`/likeness/${profileId}`);
    await t.getByRole("link", { name: "Sign new consent on this profile" }).click();
    await expect(t).toHaveURL(new RegExp(`/likeness/${profileId}/consent$`));
    await expect(t.locator("main")).toContainText("reopens this same profile with a new encryption key");
    await signConsent(t, { scopes: ["Advertising"], legalName: talent.name });
    expect(new URL(t.url()).pathname).toBe(`/likeness/${profileId}`);
    await expect(t.getByTestId("revoked-profile")).toHaveCount(0);
    // The normal gates again: consent is in force, the photos and the verification must be redone.
    await expect(t.locator("main")).toContainText("usable photos in the likeness set");
    await expect(t.getByRole("list", { name: "Revocation record" })).toContainText("New consent (version 2) signed on this profile");
    await t.goto("/talent");
    await expect(t.getByTestId("revoked-profile")).toHaveCount(0);
    await expect(t.locator("main")).toContainText("Active");
  });
});
