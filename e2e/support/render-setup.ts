// npx tsx e2e/support/render-setup.ts 'JSON ARGS' — run by e2e/render-path.spec.ts
// with the e2e server's DATABASE_URL and data folders (see server-env.ts).
// Builds, through the real lib actions, a world that can really be rendered: a
// talent (represented by an agent) with a signed consent and a likeness set of
// real photos analysed by the real engine, an auto-approving offer, and a
// studio whose request with a real footage clip is approved. Prints one JSON line.
import { createDb } from "@/lib/db/client";
import { decideIdentityConflict } from "@/lib/identity/identity-conflicts";
import {
  createAdmin,
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  representTalent,
  submitTestRequest,
  TEST_META,
  TEST_PASSWORD,
  uploadStudioFile,
} from "@/lib/testing/builders";
import { uploadAnalyzedLikenessSet, uploadFootageClip } from "@/lib/testing/render-fixtures";

const args = JSON.parse(process.argv[2] || "{}") as { tag?: string };
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");
const tag = args.tag ?? Date.now().toString(36);

const db = createDb(url);
try {
  const talent = await createUser(db, "TALENT", { name: `Rena Render ${tag}`, email: `rena-${tag}@e2e.test` });
  const agent = await createUser(db, "AGENT", { name: `Abe Agent ${tag}`, email: `abe-${tag}@e2e.test` });
  await representTalent(db, agent, talent, 10);
  const { profile } = await createProfileWithConsent(db, talent, { displayName: talent.name });
  const { usable } = await uploadAnalyzedLikenessSet(db, talent, profile.id, 4);
  if (usable < 2) throw new Error(`only ${usable} usable photos`);
  // These photos are views of the demo talent's face (the only real photo set the
  // tests have), so "one face, one owner" rightly holds this newer profile back:
  // an admin clears it as the review queue would, for this test world.
  const admin = await createAdmin(db, { name: `Render Admin ${tag}`, email: `render-admin-${tag}@e2e.test` });
  for (const c of await db.identityConflict.findMany({ where: { profileId: profile.id, status: "open" } })) {
    await decideIdentityConflict({
      db,
      actor: admin,
      meta: TEST_META,
      conflictId: c.id,
      decision: "dismiss",
      reason: "Test world: the render test's talent reuses the demo talent's photos.",
    });
  }
  const offer = await publishTestOffer(db, talent, profile.id, { title: `Rendered ads ${tag}`, approvalMode: "AUTO" });
  const studio = await createStudio(db, { studioName: `Render Studio ${tag}`, email: `render-studio-${tag}@e2e.test` });
  const footage = await uploadFootageClip(db, studio, 1.5);
  const release = await uploadStudioFile(db, studio, "RELEASE");
  const { request } = await submitTestRequest(db, studio, offer.id, {
    uploads: { targetUploadId: footage.id, releaseUploadId: release.id },
    overrides: { title: `Rendered campaign ${tag}` },
  });
  if (request.status !== "approved") throw new Error(`the request is ${request.status}, not approved`);
  console.log(
    JSON.stringify({
      requestId: request.id,
      profileId: profile.id,
      title: request.title,
      priceMinor: request.priceMinor,
      currency: request.currency,
      talentName: talent.name,
      talentEmail: talent.email,
      studioEmail: studio.email,
      password: TEST_PASSWORD,
    }),
  );
} finally {
  await db.$disconnect();
}
