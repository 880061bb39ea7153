import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, jpeg, pdf, signInAs, signUpAs, uniq } from "./support/app";
import { createProfile, publishOffer, signConsent } from "./support/flows";
import { dbTask } from "./support/server-env";

// Trust at the door (issue 10): an estate proves its authority before it can
// license a deceased talent's likeness. The estate uploads a proof, publishing
// is refused with the reason, the admin rejects it with a reason in
// /admin/review, the estate sees the reason and uploads a new proof, the admin
// approves it, and publishing works. The likeness set's photos are stored with
// their analysis below the browser (db-task make-licensable photosOnly): the
// drawn test photos have no face for the real engine to find.

test("an estate's proof of authority: refused until an admin approves it in the review queue", async ({ browser }) => {
  test.setTimeout(180_000);
  const id = uniq();
  const lateName = `Oscar Old ${id}`;
  const estate = await signUpAs(browser, "ESTATE", { name: `Estate Rep ${id}` });
  const e = estate.page;

  const profileId = await createProfile(e, { displayName: lateName, diedOn: "2010-02-03" });
  await signConsent(e, { scopes: ["Film & TV"], legalName: `Estate of ${lateName}` });
  await dbTask("make-licensable", { profileId, photosOnly: true });

  await test.step("the profile's checklist says what is missing: the estate's authority", async () => {
    await e.goto(`/likeness/${profileId}`);
    const checklist = e.getByRole("region", { name: "Before this likeness can be licensed" });
    await expect(checklist).toContainText("Consent signed and in force (done)");
    await expect(checklist).toContainText("At least 3 usable photos in the likeness set (done)");
    await expect(checklist.getByRole("link", { name: "Estate's authority verified" })).toBeVisible();
    await expect(checklist).toContainText("Upload proof of authority");
  });

  await test.step("the estate uploads a proof; publishing is refused with the reason", async () => {
    const card = e.getByRole("region", { name: "Proof of authority" });
    await card
      .getByLabel("Upload proof of authority")
      .setInputFiles({ name: "letters-testamentary.pdf", mimeType: "application/pdf", buffer: pdf("Letters testamentary") });
    await expect(card.getByRole("listitem", { name: "Proof letters-testamentary.pdf" })).toContainText("Waiting for review", {
      timeout: 20_000,
    });
    await e.goto(`/likeness/${profileId}/offers/new`);
    const refusal = e.getByRole("status").filter({ hasText: "This likeness cannot be licensed yet" });
    await expect(refusal).toContainText("The estate's proof of authority is waiting for review");
    await expect(e.getByRole("button", { name: "Publish offer" })).toHaveCount(0);
  });

  const admin = await signInAs(browser, "admin@likeness.test", DEMO_PASSWORD);
  const item = () =>
    admin.getByRole("list", { name: "Review items" }).getByRole("listitem", { name: `Estate proof of authority: ${lateName}` });

  await test.step("the admin rejects it in /admin/review with a reason", async () => {
    await admin.goto("/admin/review");
    await expect(item()).toContainText(`Does the document give ${estate.name} authority over the likeness of ${lateName}?`);
    await expect(item().getByTitle("Proof of authority letters-testamentary.pdf")).toBeVisible();
    await expect(item().getByRole("img", { name: `Portrait of ${lateName} from the likeness set` })).toBeVisible();
    // The document is served to admins only.
    const doc = await admin.request.get(
      (await item().getByRole("link", { name: "Open letters-testamentary.pdf" }).getAttribute("href")) as string,
    );
    expect(doc.status()).toBe(200);
    expect(doc.headers()["content-type"]).toBe("application/pdf");
    expect((await e.request.get(doc.url())).status()).toBe(403);

    await item().getByRole("button", { name: "Reject" }).click();
    await expect(item()).toContainText("Say why the proof is rejected");
    await item().getByLabel("Reason").fill("The letters name another executor; upload the court order that names you.");
    await item().getByRole("button", { name: "Reject" }).click();
    await expect(item()).toHaveCount(0, { timeout: 20_000 });
  });

  await test.step("the estate sees the reason and uploads a new proof", async () => {
    await e.goto(`/likeness/${profileId}`);
    const card = e.getByRole("region", { name: "Proof of authority" });
    await expect(card.getByRole("listitem", { name: "Proof letters-testamentary.pdf" })).toContainText(
      "Reason: The letters name another executor",
    );
    await card
      .getByLabel("Upload a new proof of authority")
      .setInputFiles({ name: "court-order.jpg", mimeType: "image/jpeg", buffer: await jpeg(5, 800, 1000) });
    await expect(card.getByRole("listitem", { name: "Proof court-order.jpg" })).toContainText("Waiting for review", { timeout: 20_000 });
  });

  await test.step("the admin approves the new proof; the earlier rejection is shown beside it", async () => {
    await admin.goto("/admin/review");
    await expect(item()).toContainText("Rejected before");
    await expect(item().getByRole("img", { name: "Proof of authority court-order.jpg" })).toBeVisible();
    await item().getByRole("button", { name: "Approve" }).click();
    await expect(item()).toHaveCount(0, { timeout: 20_000 });
  });

  await test.step("publishing works", async () => {
    await e.goto(`/likeness/${profileId}`);
    await expect(e.getByRole("region", { name: "Ready to license: every gate is open" })).toBeVisible();
    await publishOffer(
      e,
      profileId,
      {
        title: `Archive film ${id}`,
        categories: ["Film & TV"],
        territories: ["WW"],
        channels: ["Cinema"],
        flatFee: "5000",
        perSecond: "20",
      },
      { openGates: false },
    );
  });
});
