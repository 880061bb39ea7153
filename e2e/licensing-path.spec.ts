import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signInAs, signUpAs, uniq } from "./support/app";
import { createProfile, publishOffer, signConsent, submitRequest } from "./support/flows";
import { dbTask } from "./support/server-env";
import { jpeg } from "./support/app";

// Issue 2, steps 1–7, clicked through in Chromium by a talent, an agent, a
// studio and the admin, each in their own browser context. One test: every step
// builds on the one before (a serial story), and each step is a test.step so a
// failure names it.

test("a talent, an agent, a studio and the admin walk the whole licensing path", async ({ browser }) => {
  test.setTimeout(300_000);
  const id = uniq();
  const talentName = `Tess Talent ${id}`;
  const studioName = `Studio ${id}`;
  const adOffer = `Online ads US ${id}`;
  const filmOffer = `Film worldwide ${id}`;

  // 1. Talent signs up, creates the profile and signs the consent; an agent invites them, they accept.
  const talent = await signUpAs(browser, "TALENT", { name: talentName });
  const t = talent.page;
  let profileId = "";
  await test.step("1. the talent creates a profile and signs the full consent with their legal name", async () => {
    await expect(t.getByRole("heading", { name: `Welcome, ${talentName}` })).toBeVisible();
    profileId = await createProfile(t, { displayName: talentName, bio: "Stage and screen actor." });
    await signConsent(t, { scopes: ["Advertising", "Film & TV"], legalName: `Tess Q. Talent ${id}`, expectInText: talentName });
    await expect(t.getByText("Version 1 ·")).toBeVisible();
    await expect(t.locator("main")).toContainText("Active");
  });

  const agent = await signUpAs(browser, "AGENT", { name: `Ari Agent ${id}` });
  await test.step("1. an agent invites the talent and the talent accepts", async () => {
    await agent.page.goto("/agent/roster");
    await agent.page.getByLabel("Talent's email").fill(talent.email);
    await agent.page.getByLabel("Commission (%)").fill("12.5");
    await agent.page.getByRole("button", { name: "Send invitation" }).click();
    await expect(agent.page.getByRole("table", { name: "Roster" })).toContainText(talentName);
    await expect(agent.page.getByRole("table", { name: "Roster" })).toContainText("Invited");

    await t.goto("/talent/representation");
    await t
      .getByRole("form", { name: `Invitation from ${agent.name}` })
      .getByRole("button", { name: "Accept" })
      .click();
    await expect(t.getByRole("table", { name: "Your agents" })).toContainText(agent.name);

    await agent.page.reload();
    await expect(agent.page.getByRole("table", { name: "Roster" })).toContainText("Represented");
    await expect(agent.page.getByRole("link", { name: talentName })).toBeVisible();
  });

  // 2. Reference photos and two offers.
  await test.step("2. the talent uploads reference photos", async () => {
    await t.goto(`/likeness/${profileId}/photos`);
    await t.getByLabel("Reference photos").setInputFiles([
      { name: "front.jpg", mimeType: "image/jpeg", buffer: await jpeg(1) },
      { name: "left.jpg", mimeType: "image/jpeg", buffer: await jpeg(2) },
    ]);
    await expect(t.getByRole("heading", { name: "Photos in the set (2)" })).toBeVisible({ timeout: 30_000 });
    await expect(t.getByRole("img", { name: "Reference photo front.jpg" })).toBeVisible();
    await expect(t.getByRole("img", { name: "Reference photo left.jpg" })).toBeVisible();
  });

  await test.step("2. the talent publishes two license offers with manual approval", async () => {
    await publishOffer(t, profileId, {
      title: adOffer,
      categories: ["Advertising"],
      territories: ["US"],
      channels: ["Online video (pre-roll)", "Social media"],
      flatFee: "1500",
      perSecond: "12.50",
    });
    await publishOffer(t, profileId, {
      title: filmOffer,
      categories: ["Film & TV"],
      territories: ["WW"],
      channels: ["Streaming platforms"],
      flatFee: "4000",
      perSecond: "20",
    });
    await expect(t.getByRole("listitem", { name: adOffer })).toContainText("Manual approval");
  });

  // 3. The studio browses the catalog, opens the talent and requests a swap.
  const studio = await signUpAs(browser, "STUDIO", { name: `Sam Studio ${id}`, studioName });
  const s = studio.page;
  const requests: Record<"approve" | "reject" | "open", string> = { approve: "", reject: "", open: "" };
  await test.step("3. the studio filters the catalog and opens the talent", async () => {
    await s.goto("/studio/catalog");
    const filters = s.getByRole("search", { name: "Filter the catalog" });
    await filters.getByLabel("Search talent").fill(talentName);
    await filters.getByLabel("Use category").selectOption({ label: "Game" });
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect(s.getByText("No talent matches these filters")).toBeVisible();

    await filters.getByLabel("Use category").selectOption({ label: "Advertising" });
    await filters.getByLabel("Territory").selectOption("US");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    const card = s.getByRole("list", { name: "Talent" }).getByRole("listitem").filter({ hasText: talentName });
    await expect(card).toHaveCount(1);
    await expect(card.getByRole("link", { name: `View ${talentName}` })).toHaveText("View 1 offer"); // only the offer that matches the filters
    await card.getByRole("link", { name: talentName, exact: true }).click();
    await expect(s.getByRole("heading", { name: talentName, level: 1 })).toBeVisible();
    await expect(s.getByRole("heading", { name: adOffer })).toBeVisible();
    await expect(s.getByRole("heading", { name: filmOffer })).toBeVisible();
  });

  await test.step("3. the studio submits a swap request through the wizard (MP4 footage, PDF release)", async () => {
    requests.approve = await submitRequest(s, adOffer, {
      title: `Running shoe spring ${id}`,
      intendedUse: "A 30-second pre-roll ad for a running shoe: the talent's face on our lead runner in two outdoor scenes.",
      category: "advertising",
      territories: ["US"],
      channels: ["Online video (pre-roll)"],
      seconds: 30,
    });
    await expect(s.getByRole("heading", { name: "Awaiting approval", level: 2 })).toBeVisible();
  });

  // 4. A request the license forbids: rejected at once with every reason.
  await test.step("4. a request outside the license is rejected by policy with every reason listed", async () => {
    await s.goto(`/studio/catalog/${profileId}`);
    const rejected = await submitRequest(s, adOffer, {
      title: `Japan teaser ${id}`,
      intendedUse: "An ad.",
      category: "advertising",
      territories: ["JP"],
      channels: ["Online video (pre-roll)"],
      seconds: 15,
    });
    await expect(s.getByRole("heading", { name: "Rejected by policy" })).toBeVisible();
    const reasons = s.getByRole("list", { name: "Reasons" });
    await expect(reasons.getByRole("listitem")).toHaveCount(2);
    await expect(reasons).toContainText("This license does not cover: JP.");
    await expect(reasons).toContainText("Describe the intended use specifically, in at least 40 characters.");
    await s.goto(`/studio/requests/${rejected}`);
    await expect(s.locator("main")).toContainText("Rejected by policy");
    await expect(s.getByRole("list", { name: "Reasons" }).getByRole("listitem")).toHaveCount(2);
  });

  await test.step("3. the studio submits two more requests that wait for approval", async () => {
    await s.goto(`/studio/catalog/${profileId}`);
    requests.reject = await submitRequest(s, adOffer, {
      title: `Energy drink social ${id}`,
      intendedUse: "Three 10-second social clips for an energy drink, the talent's face on our skateboarder in a skate park.",
      category: "advertising",
      territories: ["US"],
      channels: ["Social media"],
      seconds: 30,
      footage: "jpeg",
    });
    await s.goto(`/studio/catalog/${profileId}`);
    requests.open = await submitRequest(s, filmOffer, {
      title: `Streaming drama ${id}`,
      intendedUse: "A flashback scene in a streaming drama series: the talent's younger face on a body double for 40 seconds.",
      category: "film_tv",
      territories: ["FR", "DE"],
      channels: ["Streaming platforms"],
      seconds: 40,
      footage: "jpeg",
    });
    await expect(s.getByRole("heading", { name: "Awaiting approval", level: 2 })).toBeVisible();
  });

  // 5. The agent decides; the studio sees it.
  await test.step("5. the agent approves one request and rejects another, each with a note", async () => {
    const a = agent.page;
    await a.goto("/agent/approvals");
    await a.getByRole("link", { name: `Running shoe spring ${id}` }).click();
    await expect(a.getByRole("heading", { name: "Your decision" })).toBeVisible();
    await a.getByLabel("Note to the studio").fill("Approved: keep the disclosure visible in both scenes.");
    await a.getByRole("button", { name: "Approve request" }).click();
    // The page re-renders with the decision in place of the form.
    await expect(a.getByRole("status").filter({ hasText: /^Approved on / })).toContainText(
      "Note to the studio: Approved: keep the disclosure visible in both scenes.",
    );
    await expect(a.getByRole("heading", { name: "Your decision" })).toHaveCount(0);

    await a.goto(`/inbox/${requests.reject}`);
    await a.getByRole("button", { name: "Reject request" }).click();
    // A rejection needs a note; the form's summary and the field both say so.
    await expect(a.getByText("Tell the studio why you reject the request")).toHaveCount(2);
    await expect(a.getByText("Tell the studio why you reject the request").first()).toBeVisible();
    await a.getByLabel("Note to the studio").fill("Energy drinks do not fit the talent's image.");
    await a.getByRole("button", { name: "Reject request" }).click();
    await expect(a.getByRole("alert").filter({ hasText: /^Rejected on / })).toContainText(
      "Note to the studio: Energy drinks do not fit the talent's image.",
    );
  });

  await test.step("5. the studio sees both decisions with their notes", async () => {
    await s.goto("/studio/requests");
    await expect(s.getByRole("row", { name: new RegExp(`Running shoe spring ${id}`) })).toContainText("Approved");
    await expect(s.getByRole("row", { name: new RegExp(`Energy drink social ${id}`) })).toContainText("Rejected");
    await s.goto(`/studio/requests/${requests.approve}`);
    await expect(s.locator("main")).toContainText("Approved: keep the disclosure visible in both scenes.");
    await s.goto(`/studio/requests/${requests.reject}`);
    await expect(s.locator("main")).toContainText("Energy drinks do not fit the talent's image.");
  });

  // 6. Revocation: one license, then the whole consent.
  await test.step("6. the talent revokes one license: its open request is revoked with the reason and the catalog drops the offer", async () => {
    await t.goto(`/likeness/${profileId}/offers`);
    const offer = t.getByRole("listitem", { name: filmOffer });
    await offer.getByRole("button", { name: "Revoke offer" }).click();
    const dialog = t.getByRole("dialog", { name: `Revoke “${filmOffer}”?` });
    await dialog.getByLabel("Reason for revoking").fill("No more film work this year.");
    await dialog.getByRole("button", { name: "Revoke offer" }).click();
    // The dialog closes and the offer shows as revoked, with the reason.
    await expect(dialog).toBeHidden();
    const revoked = t.getByRole("listitem", { name: filmOffer });
    await expect(revoked.getByRole("alert")).toContainText("No more film work this year.");
    await expect(revoked).toContainText("Revoked");
    await expect(revoked.getByRole("button", { name: "Revoke offer" })).toHaveCount(0);

    await s.goto(`/studio/requests/${requests.open}`);
    await expect(s.locator("main")).toContainText("Revoked");
    await expect(s.locator("main")).toContainText("No more film work this year.");
    await s.goto(`/studio/catalog/${profileId}`);
    await expect(s.getByRole("heading", { name: adOffer })).toBeVisible();
    await expect(s.getByRole("heading", { name: filmOffer })).toHaveCount(0);
  });

  await test.step("6. the talent revokes the whole consent: the talent leaves the catalog", async () => {
    await t.goto(`/likeness/${profileId}`);
    await t.getByRole("button", { name: "Revoke consent" }).click();
    const dialog = t.getByRole("dialog", { name: "Revoke this consent?" });
    await dialog.getByLabel("Reason for revoking").fill("I am retiring from licensing.");
    await dialog.getByRole("button", { name: "Revoke consent" }).click();
    await expect(dialog).toBeHidden();
    await expect(t.getByRole("button", { name: "Revoke consent" })).toHaveCount(0);
    await expect(t.locator("main")).toContainText("Revoked");
    await t.goto(`/likeness/${profileId}/offers`);
    await expect(t.getByRole("listitem", { name: adOffer })).toContainText("Revoked");

    await s.goto(`/studio/catalog?q=${encodeURIComponent(talentName)}`);
    await expect(s.getByText("No talent matches these filters")).toBeVisible();
    await s.goto(`/studio/requests/${requests.approve}`);
    await expect(s.locator("main")).toContainText("I am retiring from licensing.");
  });

  // 7. The admin checks the audit chain, before and after a superuser edits one event.
  await test.step("7. the admin views the audit log and the chain check finds it intact", async () => {
    const admin = await signInAs(browser, "admin@likeness.test", DEMO_PASSWORD);
    await admin.goto("/admin/audit");
    await expect(admin.getByRole("heading", { name: "Audit log" })).toBeVisible();
    const events = admin.getByRole("table", { name: "Audit events" });
    await expect(events).toContainText("consent.revoked");
    await admin.getByRole("button", { name: "Run chain check" }).click();
    await expect(admin.getByText("Chain intact")).toBeVisible({ timeout: 30_000 });

    const { seq } = await dbTask<{ seq: string }>("tamper-audit", { action: "consent.revoked" });
    await admin.reload();
    await admin.getByRole("button", { name: "Run chain check" }).click();
    const broken = admin.getByText(/^Chain broken: \d+ problems? found$/);
    await expect(broken).toBeVisible({ timeout: 30_000 });
    await expect(admin.getByText(`event ${seq} does not match its hash: its content was changed`)).toBeVisible();
  });
});
