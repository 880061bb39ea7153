// npx tsx e2e/support/order-setup.ts 'JSON ARGS' — run by e2e/orders.spec.ts
// with the e2e server's DATABASE_URL and data folders (see server-env.ts).
// Builds, through the real lib actions, what the order specs start from: a
// talent with a signed consent and an offer, a studio whose request the talent
// approved, and a second, unrelated studio. Prints one JSON line.
//
// The talent has no reference photos on purpose: the render worker fails such a
// render at once and for good (nothing to train on), so the order moves from
// rendering to failed and refunded quickly and predictably, without the CPU a
// real render takes.
import { createDb } from "@/lib/db/client";
import { decideRequest } from "@/lib/requests/decide-request";
import { deleteLikenessAsset } from "@/lib/profiles/likeness-assets";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  TEST_PASSWORD,
} from "@/lib/testing/builders";

const args = JSON.parse(process.argv[2] || "{}") as { tag?: string };
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");
const tag = args.tag ?? Date.now().toString(36);

const db = createDb(url);
try {
  const talent = await createUser(db, "TALENT", { name: `Orla Order ${tag}` });
  const { profile } = await createProfileWithConsent(db, talent, { displayName: talent.name });
  const offer = await publishTestOffer(db, talent, profile.id, { title: `Ads for orders ${tag}` });
  const studioName = `Paying Studio ${tag}`;
  const studio = await createStudio(db, { studioName, email: `payer-${tag}@e2e.test` });
  const other = await createStudio(db, { studioName: `Other Studio ${tag}`, email: `other-${tag}@e2e.test` });
  const { request } = await submitTestRequest(db, studio, offer.id, { overrides: { title: `Paid campaign ${tag}` } });
  await decideRequest({
    db,
    actor: talent,
    meta: TEST_META,
    input: { requestId: request.id, decision: "approve", note: "Approved for the e2e order." },
  });
  // The gates before licensing needed usable photos (stored by the builders, drawn, no real face); the spec's
  // render must fail for want of photos, as it did before the gates: they are removed once the request is approved.
  for (const asset of await db.likenessAsset.findMany({ where: { profileId: profile.id, destroyedAt: null } })) {
    await deleteLikenessAsset({ db, actor: talent, meta: TEST_META, assetId: asset.id });
  }
  const approved = await db.swapRequest.findUniqueOrThrow({
    where: { id: request.id },
    select: { status: true, priceMinor: true, currency: true, title: true },
  });
  if (approved.status !== "approved") throw new Error(`the request is ${approved.status}, not approved`);
  console.log(
    JSON.stringify({
      requestId: request.id,
      title: approved.title,
      priceMinor: approved.priceMinor,
      currency: approved.currency,
      studioName,
      studioEmail: studio.email,
      otherEmail: other.email,
      password: TEST_PASSWORD,
    }),
  );
} finally {
  await db.$disconnect();
}
process.exit(0);
