import { pathToFileURL } from "node:url";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { hashPassword } from "@/lib/auth/password";
import { demoPassword } from "@/lib/config";
import { signConsent } from "@/lib/consent/sign-consent";
import { createDb, type Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import type { UseCategory } from "@/lib/licensing/vocabulary";
import { publishOffer } from "@/lib/offers/publish-offer";
import { createProfile } from "@/lib/profiles/create-profile";
import { uploadLikenessAsset } from "@/lib/profiles/likeness-assets";
import { inviteTalent } from "@/lib/representation/invite-talent";
import { respondToInvitation } from "@/lib/representation/respond-to-invitation";
import { createRequest } from "@/lib/requests/create-request";
import { createStudioUpload } from "@/lib/studios/studio-uploads";
// builders.ts has no test-runner imports: it only shapes inputs for lib actions.
import {
  addUsablePhotos,
  consentTextHash,
  DAY_MS,
  makeJpeg,
  makePdf,
  offerInput,
  recordVerifiedTalent,
  requestInput,
} from "@/lib/testing/builders";
import { licensingConfig } from "@/lib/config";
import { reviewAuthorityProof, uploadAuthorityProof } from "@/lib/estates/authority-proof";
import { analyzePendingAssets } from "@/lib/likeness-analysis/analyze-pending-assets";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
import { augmentedPortraits } from "@/ml/testing/likeness-fixtures";
import { signUp } from "@/lib/users/sign-up";
import { demoMedia } from "./demo-media";
import { resolveDatabase } from "./local-database";

// Demo accounts for a first start (`npm start` runs this only when the database
// has no users) and for the end-to-end tests: the admin, and a small world to
// try the product in, built through the same lib actions the pages call (so
// every row has its audit events and encrypted files):
//   - Tia Talent: signed consent, six reference photos, two offers (manual approval);
//   - Ari Agent: represents Tia (10 % commission);
//   - the estate of Edgar Ellis (died 2019): profile, consent, four reference
//     photos, proof of authority approved by the admin, and one offer;
// Offers are published only through the gates before licensing
// (lib/licensing/gates.ts), so the photos are analysed here with the real
// engine, as the worker would, before publishing.
//   - Sol Studio, owner of Northlight Pictures: one request awaiting Tia's
//     approval and one the policy engine rejected (territory, short description).

/** One password for every demo account; set LIKENESS_DEMO_PASSWORD to choose another. */
export const DEMO_PASSWORD = demoPassword();

export type DemoCredential = { role: Role; email: string; password: string; name: string };

export const DEMO_CREDENTIALS: readonly DemoCredential[] = [
  { role: "ADMIN", email: "admin@likeness.test", password: DEMO_PASSWORD, name: "Ada Admin" },
  { role: "TALENT", email: "talent@likeness.test", password: DEMO_PASSWORD, name: "Tia Talent" },
  { role: "AGENT", email: "agent@likeness.test", password: DEMO_PASSWORD, name: "Ari Agent" },
  { role: "ESTATE", email: "estate@likeness.test", password: DEMO_PASSWORD, name: "Eve Ellis" },
  { role: "STUDIO", email: "studio@likeness.test", password: DEMO_PASSWORD, name: "Sol Studio" },
];

const SEED_META: RequestMeta = { ip: "127.0.0.1", userAgent: "likeness-seed" };

const credential = (role: Role) => DEMO_CREDENTIALS.find((c) => c.role === role)!;

async function demoSignUp(db: Db, role: Exclude<Role, "ADMIN">, studioName?: string): Promise<Actor> {
  const c = credential(role);
  return signUp({ db, meta: SEED_META, input: { role, name: c.name, email: c.email, password: c.password, studioName } });
}

async function demoConsent(
  db: Db,
  signer: Actor,
  profile: { id: string; displayName: string; deceased: boolean },
  scopes: UseCategory[],
  legalName: string,
) {
  const expiresAt = new Date(Date.now() + 3 * 365 * DAY_MS);
  return signConsent({
    db,
    actor: signer,
    meta: SEED_META,
    input: { profileId: profile.id, scopes, expiresAt, legalName, textSha256: consentTextHash(profile, scopes, expiresAt), agree: true },
  });
}

/**
 * Analyses the uploaded photos of a demo profile with the real engine (as the
 * worker would); where the engine or the photos are not available, tops the set
 * up with placeholder photos carrying a stored analysis (as the test builders
 * do), so the demo's offers can pass the gates. Logged: such a demo cannot render.
 */
async function analyseDemoSet(db: Db, manager: Actor, profileId: string, log: (line: string) => void) {
  try {
    for (;;) if (!(await analyzePendingAssets({ db, batchSize: 8 })).more) break;
  } catch (e) {
    log(`photo analysis unavailable (${(e as Error).message.split("\n")[0]})`);
  }
  const profile = await db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } });
  const usable = (await likenessSetReportOf(db, profile)).report?.usableCount ?? 0;
  const missing = licensingConfig().minUsablePhotos - usable;
  if (missing > 0) {
    log(
      `${profile.displayName}: ${usable} usable photos; adding ${missing} placeholder photos marked usable so the demo offers can be published`,
    );
    await addUsablePhotos(db, manager, profileId, missing);
  }
}

/**
 * The talent, agent, estate and studio demo world. Runs only when none of its
 * accounts exists yet, so a second seed never duplicates it.
 */
async function seedDemoWorld(db: Db, log: (line: string) => void): Promise<string[]> {
  const emails = DEMO_CREDENTIALS.filter((c) => c.role !== "ADMIN").map((c) => c.email);
  if ((await db.user.count({ where: { email: { in: emails } } })) > 0) return [];

  // Talent with consent, photos and two offers; an agent who represents her.
  const talent = await demoSignUp(db, "TALENT");
  const agent = await demoSignUp(db, "AGENT");
  const invitation = await inviteTalent({ db, actor: agent, meta: SEED_META, input: { email: talent.email, commissionPercent: 10 } });
  await respondToInvitation({ db, actor: talent, meta: SEED_META, input: { representationId: invitation.id, accept: true } });
  const tia = await createProfile({
    db,
    actor: talent,
    meta: SEED_META,
    input: { displayName: "Tia Talent", bio: "Actor and presenter; comedy, sports and lifestyle campaigns." },
  });
  await demoConsent(db, talent, tia, ["advertising", "film_tv", "music_video"], "Tia Marie Talent");
  const media = await demoMedia(log);
  const photos = media?.talentPhotos ?? [
    { name: "reference-front.jpg", bytes: await makeJpeg(400, 400) },
    { name: "reference-left.jpg", bytes: await makeJpeg(416, 400) },
  ];
  for (const file of photos) await uploadLikenessAsset({ db, actor: talent, meta: SEED_META, profileId: tia.id, file });
  await analyseDemoSet(db, talent, tia.id, log);
  // The demo has no camera recording: Tia's "Verify it's you" is recorded as passed, and says so.
  await recordVerifiedTalent(db, tia.id, "Demo data: recorded as verified by the seed; no video was taken.");
  const ads = await publishOffer({
    db,
    actor: talent,
    meta: SEED_META,
    input: offerInput(tia.id, { title: "Online advertising, EU and US", approvalMode: "MANUAL" }),
  });
  await publishOffer({
    db,
    actor: agent,
    meta: SEED_META,
    input: offerInput(tia.id, {
      title: "Film and TV, worldwide",
      description: "Supporting roles and cameos in films and series.",
      allowedCategories: ["film_tv"],
      extraExclusions: [],
      territories: ["WW"],
      channels: ["cinema", "streaming", "tv"],
      flatFeeMinor: 800_000,
      perSecondMinor: 2_500,
    }),
  });

  // An estate for a talent who has died.
  const estate = await demoSignUp(db, "ESTATE");
  const edgar = await createProfile({
    db,
    actor: estate,
    meta: SEED_META,
    input: { displayName: "Edgar Ellis", bio: "Character actor (1941–2019), known for westerns and radio plays.", diedOn: "2019-05-01" },
  });
  await demoConsent(db, estate, edgar, ["film_tv", "education"], "Eve Ellis, executor of the estate of Edgar Ellis");
  // Edgar's set: views of a public-domain portrait of another real person (ml/faces/public-face-pool.ts).
  const edgarPhotos = media ? await augmentedPortraits(4, "python3-skimage-astronaut.png").catch(() => []) : [];
  for (const p of edgarPhotos)
    await uploadLikenessAsset({
      db,
      actor: estate,
      meta: SEED_META,
      profileId: edgar.id,
      file: { name: p.name.replace(/^python3-skimage-/, "edgar-"), bytes: Buffer.from(p.bytes) },
    });
  await analyseDemoSet(db, estate, edgar.id, log);
  // The estate proves its authority; the demo admin approves it in the review queue.
  const proof = await uploadAuthorityProof({
    db,
    actor: estate,
    meta: SEED_META,
    profileId: edgar.id,
    file: {
      name: "letters-testamentary.pdf",
      bytes: makePdf("Letters testamentary: Eve Ellis is appointed executor of the estate of Edgar Ellis."),
    },
  });
  const admin = await db.user.findUniqueOrThrow({ where: { email: credential("ADMIN").email } });
  await reviewAuthorityProof({
    db,
    actor: { userId: admin.id, role: admin.role, email: admin.email, name: admin.name },
    meta: SEED_META,
    proofId: proof.id,
    input: { decision: "approve", reason: "Demo: letters testamentary name Eve Ellis as executor." },
  });
  await publishOffer({
    db,
    actor: estate,
    meta: SEED_META,
    input: offerInput(edgar.id, {
      title: "Documentaries and education",
      description: "Archive-style appearances in documentaries and teaching material.",
      allowedCategories: ["film_tv", "education"],
      extraExclusions: ["alcohol", "gambling"],
      territories: ["WW"],
      channels: ["tv", "streaming", "online_video"],
      flatFeeMinor: 500_000,
      perSecondMinor: 1_000,
      currency: "EUR",
    }),
  });

  // A studio with one request waiting for Tia and one the policy engine refused.
  const studio = await demoSignUp(db, "STUDIO", "Northlight Pictures");
  const upload = async () => ({
    targetUploadId: (
      await createStudioUpload({
        db,
        actor: studio,
        meta: SEED_META,
        kind: "TARGET_FOOTAGE",
        file: media?.footage ?? { name: "lead-runner.jpg", bytes: await makeJpeg(640, 360) },
      })
    ).id,
    releaseUploadId: (
      await createStudioUpload({
        db,
        actor: studio,
        meta: SEED_META,
        kind: "RELEASE",
        file: { name: "performer-release.pdf", bytes: makePdf() },
      })
    ).id,
  });
  await createRequest({
    db,
    actor: studio,
    meta: SEED_META,
    input: requestInput(ads.id, await upload(), { title: "Spring running campaign" }),
  });
  await createRequest({
    db,
    actor: studio,
    meta: SEED_META,
    input: requestInput(ads.id, await upload(), { title: "Tokyo launch teaser", territories: ["JP"], intendedUse: "A teaser ad." }),
  });
  return emails;
}

/** Creates the demo accounts (and the demo world) that do not exist yet; returns the emails it created. */
export async function seed(db: Db, log: (line: string) => void = () => undefined): Promise<string[]> {
  const created: string[] = [];
  for (const cred of DEMO_CREDENTIALS.filter((c) => c.role === "ADMIN")) {
    const exists = await db.user.findUnique({ where: { email: cred.email }, select: { id: true } });
    if (exists) continue;
    const passwordHash = await hashPassword(cred.password);
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: cred.email, name: cred.name, role: cred.role, passwordHash },
      });
      await appendAuditEvent(tx, {
        actor: null,
        action: "user.signed_up",
        subjectType: "User",
        subjectId: user.id,
        payload: { role: cred.role, seeded: true },
      });
    });
    created.push(cred.email);
  }
  created.push(...(await seedDemoWorld(db, log)));
  return created;
}

export function formatDemoCredentials(): string {
  const width = Math.max(...DEMO_CREDENTIALS.map((c) => c.email.length));
  return DEMO_CREDENTIALS.map((c) => `  ${c.role.padEnd(7)} ${c.email.padEnd(width)}  ${c.password}`).join("\n");
}

// npm run db:seed
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const database = await resolveDatabase({ start: true });
  const db = createDb(database.url);
  try {
    const created = await seed(db, (line) => console.log(`[seed] ${line}`));
    console.log(created.length ? `created ${created.join(", ")}` : "demo accounts already exist");
    console.log(`Demo logins:\n${formatDemoCredentials()}`);
  } catch (err) {
    console.error(`db:seed failed: ${(err as Error).message} (run npm run db:migrate first?)`);
    process.exitCode = 1;
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}
