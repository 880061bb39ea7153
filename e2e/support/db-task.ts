// npx tsx e2e/support/db-task.ts TASK 'JSON ARGS' — run by e2e specs (dbTask in
// server-env.ts) with the e2e server's DATABASE_URL and data folders. Prints one
// JSON line. Everything except the tampering goes through real lib actions.
import path from "node:path";
import pg from "pg";
import type { Actor } from "@/lib/auth/actor";
import { createDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { watermarkOutput } from "@/lib/outputs";
import { revokeOffer } from "@/lib/offers/revoke-offer";
import { decideRequest } from "@/lib/requests/decide-request";
import {
  addUsablePhotos,
  createProfileWithConsent,
  makeLicensable,
  createStudio,
  createUser,
  makeJpeg,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
} from "@/lib/testing/builders";
import { writeFile } from "node:fs/promises";
import sharp from "sharp";

const [task, raw] = process.argv.slice(2);
const args = JSON.parse(raw || "{}") as Record<string, string>;
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");

async function tamperAudit() {
  // As a database superuser would: triggers off for this session, then rewrite
  // one recorded event's payload in place (the append-only trigger is bypassed).
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET session_replication_role = replica");
    const { rows } = await client.query<{ seq: string }>(
      `UPDATE "AuditEvent" SET payload = jsonb_set(payload::jsonb, '{tampered}', 'true')
        WHERE seq = (SELECT seq FROM "AuditEvent" WHERE action = $1 ORDER BY seq DESC LIMIT 1) RETURNING seq::text`,
      [args.action ?? "user.signed_up"],
    );
    if (rows.length !== 1) throw new Error("no audit event to tamper with");
    return { seq: rows[0]!.seq };
  } finally {
    await client.end();
  }
}

/** A talent with consent and an offer, a studio's approved request, and one watermarked output of it. */
async function makeOutput() {
  const db = createDb(url!);
  try {
    const talent = await createUser(db, "TALENT", { name: args.talentName ?? "Verify Talent" });
    const { profile } = await createProfileWithConsent(db, talent, { displayName: talent.name });
    const offer = await publishTestOffer(db, talent, profile.id);
    const studio: Actor = await createStudio(db, { studioName: args.studioName ?? "Verify Studio" });
    const { request } = await submitTestRequest(db, studio, offer.id);
    await decideRequest({ db, actor: talent, meta: TEST_META, input: { requestId: request.id, decision: "approve", note: "" } });
    const dir = path.resolve(args.dir ?? ".");
    const input = path.join(dir, "render.png");
    // A textured render (a watermark needs some detail to hide in), 512 px square.
    const base = await makeJpeg(512, 512, 92);
    await writeFile(input, await sharp(base).png().toBuffer());
    const output = path.join(dir, "delivered.png");
    const out = await watermarkOutput({ db, actor: null, requestId: request.id, inputPath: input, outputPath: output });
    return {
      verifyCode: out.verifyCode,
      outputPath: output,
      offerId: offer.id,
      talentEmail: talent.email,
      talentName: talent.name,
      studioName: args.studioName ?? "Verify Studio",
    };
  } finally {
    await db.$disconnect();
  }
}

async function revokeOfferTask() {
  const db = createDb(url!);
  try {
    const offer = await db.licenseOffer.findUniqueOrThrow({ where: { id: args.offerId }, include: { profile: true } });
    const user = await db.user.findUniqueOrThrow({ where: { id: offer.profile.principalUserId } });
    const actor: Actor = { userId: user.id, role: user.role, email: user.email, name: user.name };
    await revokeOffer({ db, actor, meta: TEST_META, input: { offerId: offer.id, reason: args.reason ?? "Revoked by the talent" } });
    return { ok: true };
  } finally {
    await db.$disconnect();
  }
}

/** As a crashed worker would leave it: the profile's photos marked FAILED with a reason. */
async function failPhotoAnalysis() {
  const db = createDb(url!);
  try {
    const { count } = await db.likenessAsset.updateMany({
      where: { profileId: args.profileId, destroyedAt: null },
      data: {
        analysisStatus: "FAILED",
        analysisError: args.reason ?? "the worker stopped",
        analyzedAt: new Date(),
        analysis: Prisma.DbNull,
        sealedDescriptor: null,
      },
    });
    return { failed: count };
  } finally {
    await db.$disconnect();
  }
}

/**
 * Opens the gates before licensing of a profile (lib/licensing/gates.ts) the
 * way the test builders do: usable photos with a stored analysis (the real
 * engine takes seconds a photo and finds no face in drawn test photos) and,
 * for an estate, its proof of authority approved. `photosOnly`: the photos
 * only, so a spec can walk the estate's proof through the pages.
 */
async function makeLicensableTask() {
  const db = createDb(url!);
  try {
    if (args.photosOnly) {
      const profile = await db.likenessProfile.findUniqueOrThrow({ where: { id: args.profileId }, include: { principal: true } });
      const p = profile.principal;
      const ids = await addUsablePhotos(db, { userId: p.id, role: p.role, email: p.email, name: p.name }, profile.id);
      return { added: ids.length };
    }
    await makeLicensable(db, args.profileId!);
    return { ok: true };
  } finally {
    await db.$disconnect();
  }
}

const tasks: Record<string, () => Promise<unknown>> = {
  "make-licensable": makeLicensableTask,
  "tamper-audit": tamperAudit,
  "make-output": makeOutput,
  "revoke-offer": revokeOfferTask,
  "fail-photo-analysis": failPhotoAnalysis,
};
const fn = tasks[task ?? ""];
if (!fn) {
  console.error(`unknown task ${task}; one of ${Object.keys(tasks).join(", ")}`);
  process.exit(2);
}
console.log(JSON.stringify(await fn()));
process.exit(0);
