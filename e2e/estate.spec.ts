import { expect, test } from "@playwright/test";
import { signUpAs, uniq } from "./support/app";
import { createProfile, publishOffer, signConsent } from "./support/flows";

// A talent who has died is represented by an estate account, which consents and
// publishes offers in their place; the profile and the catalog say so.

test("an estate creates a deceased talent's profile, signs consent, and the catalog says the estate represents them", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const id = uniq();
  const lateName = `Lena Late ${id}`;
  const estate = await signUpAs(browser, "ESTATE", { name: `Estate Rep ${id}` });
  const e = estate.page;

  const profileId = await createProfile(e, { displayName: lateName, diedOn: "2019-05-01", bio: "Character actor, 1941–2019." });
  await expect(e.getByText("Deceased")).toBeVisible();
  await expect(e.getByText("represented by the estate")).toBeVisible();
  await signConsent(e, { scopes: ["Film & TV"], legalName: `Estate of ${lateName}`, expectInText: `the late ${lateName}` });
  await expect(e.getByRole("status").filter({ hasText: "This person has died" })).toBeVisible();
  await expect(e.locator("main")).toContainText(`Their estate, ${estate.name}, consents`);

  await publishOffer(e, profileId, {
    title: `Archive film ${id}`,
    categories: ["Film & TV"],
    territories: ["WW"],
    channels: ["Cinema", "Streaming platforms"],
    flatFee: "8000",
    perSecond: "25",
  });

  const studio = await signUpAs(browser, "STUDIO", { name: `Stu ${id}` });
  const s = studio.page;
  await s.goto(`/studio/catalog?q=${encodeURIComponent(lateName)}`);
  const card = s.getByRole("list", { name: "Talent" }).getByRole("listitem").filter({ hasText: lateName });
  await expect(card).toContainText("Represented by their estate");
  await card.getByRole("link", { name: lateName, exact: true }).click();
  await expect(s.getByRole("status").filter({ hasText: "Represented by their estate" })).toBeVisible();
  await expect(s.locator("main")).toContainText("This talent has died.");
  await expect(s.getByRole("heading", { name: `Archive film ${id}` })).toBeVisible();
});
