import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signInAs } from "./support/app";

// The demo world scripts/seed.ts builds (and the README's demo-login table
// describes) is there for a person trying the product.

test("the demo studio sees one request awaiting approval and one rejected by policy", async ({ browser }) => {
  const s = await signInAs(browser, "studio@likeness.test", DEMO_PASSWORD);
  await s.goto("/studio/requests");
  await expect(s.getByRole("row", { name: /Spring running campaign/ })).toContainText("Awaiting approval");
  await expect(s.getByRole("row", { name: /Tokyo launch teaser/ })).toContainText("Rejected by policy");
  await s.goto("/studio/catalog");
  const talent = s.getByRole("list", { name: "Talent" });
  await expect(talent.getByRole("link", { name: "Tia Talent", exact: true })).toBeVisible();
  await expect(talent.getByRole("listitem").filter({ hasText: "Edgar Ellis" })).toContainText("Represented by their estate");
});

test("the demo agent represents the demo talent and can decide her pending request", async ({ browser }) => {
  const a = await signInAs(browser, "agent@likeness.test", DEMO_PASSWORD);
  await a.goto("/agent/roster");
  await expect(a.getByRole("table", { name: "Roster" })).toContainText("Tia Talent");
  await expect(a.getByRole("table", { name: "Roster" })).toContainText("Represented");
  await a.goto("/agent/approvals");
  await a.getByRole("link", { name: "Spring running campaign" }).click();
  await expect(a.getByRole("heading", { name: "Your decision" })).toBeVisible();
});
