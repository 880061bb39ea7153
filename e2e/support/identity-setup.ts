// npx tsx e2e/support/identity-setup.ts 'JSON ARGS' — run by e2e/identity-verification.spec.ts
// with the e2e server's DATABASE_URL and data folders (see server-env.ts).
// A talent with a signed consent and a likeness set of one real photo (the
// woman of ml/testing/head-turn-clips.ts), analysed by the real engine, so
// that a consent video of her face is compared with her own photo. Prints one JSON line.
import { createDb } from "@/lib/db/client";
import { analyzePendingAssets } from "@/lib/likeness-analysis/analyze-pending-assets";
import { createProfileWithConsent, createUser, TEST_PASSWORD, uploadTestPhoto } from "@/lib/testing/builders";
import { turnedFacePortrait } from "@/ml/testing/head-turn-clips";

const args = JSON.parse(process.argv[2] || "{}") as { tag?: string };
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");
const tag = args.tag ?? Date.now().toString(36);

const db = createDb(url);
try {
  const talent = await createUser(db, "TALENT", { name: `Vera Verify ${tag}`, email: `vera-${tag}@e2e.test` });
  const { profile } = await createProfileWithConsent(db, talent, { displayName: talent.name });
  await uploadTestPhoto(db, talent, profile.id, await turnedFacePortrait());
  // The e2e worker would analyse it too; doing it here makes the page's state known when the test starts.
  await analyzePendingAssets({ db, batchSize: 1 });
  console.log(JSON.stringify({ profileId: profile.id, email: talent.email, password: TEST_PASSWORD }));
} finally {
  await db.$disconnect();
}
