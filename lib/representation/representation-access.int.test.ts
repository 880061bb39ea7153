import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { previewConsent } from "@/lib/consent/preview-consent";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { listAuthorityProofs } from "@/lib/estates/authority-proof";
import { likenessSetReport } from "@/lib/likeness-analysis/likeness-set-report";
import { publishOffer } from "@/lib/offers/publish-offer";
import { revokeOffer } from "@/lib/offers/revoke-offer";
import { earningsFor } from "@/lib/orders/earnings";
import { getOrder, listManagedOrders, orderOfRequest } from "@/lib/orders/read-orders";
import { readRenderPreview, readReviewFile } from "@/lib/orders/read-order-files";
import { reviewOutput } from "@/lib/orders/review-output";
import { startCheckout } from "@/lib/orders/start-checkout";
import { createProfile } from "@/lib/profiles/create-profile";
import { deleteLikenessAsset, readLikenessAsset, retryLikenessAnalysis, uploadLikenessAsset } from "@/lib/profiles/likeness-assets";
import { getProfileGates } from "@/lib/profiles/licensing-gates";
import { getManagedProfile, listManagedProfiles } from "@/lib/profiles/list-profiles";
import { endRepresentation } from "@/lib/representation/end-representation";
import { inviteTalent } from "@/lib/representation/invite-talent";
import { listRoster } from "@/lib/representation/list-representations";
import { respondToInvitation } from "@/lib/representation/respond-to-invitation";
import { decideRequest } from "@/lib/requests/decide-request";
import { countInboxRequests, getRequest, listInboxRequests } from "@/lib/requests/read-requests";
import { trainedModelsOf } from "@/lib/talent-models/trained-models";
import {
  caught,
  createProfileWithConsent,
  createStudio,
  createUser,
  makeJpeg,
  offerInput,
  publishTestOffer,
  representTalent,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { localPayments } from "@/lib/testing/order-fixtures";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// An agent acts for a talent only after the talent accepted the
// representation, and no longer once it ended. Every lib action behind the
// agent's pages, server actions and API routes is run as an agent whose
// invitation is still pending, one the talent declined, and one whose
// representation ended: each answers "not found" (404) or an empty list,
// exactly as for an agent with no tie to the talent at all. An agent whose
// representation is active is the control: the same calls succeed.

let t: TestDatabase;
let storage: TestStorage;
let talent: Actor;
let studio: Actor;
let active: Actor;
const agents: Record<"pending" | "declined" | "ended", Actor> = {} as never;
let profileId: string;
let offerId: string;
let requestId: string;
let orderId: string;
let assetId: string;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  [talent, studio, active, agents.pending, agents.declined, agents.ended] = await Promise.all([
    createUser(t.db, "TALENT"),
    createStudio(t.db),
    createUser(t.db, "AGENT"),
    createUser(t.db, "AGENT"),
    createUser(t.db, "AGENT"),
    createUser(t.db, "AGENT"),
  ]);
  await representTalent(t.db, active, talent);
  await inviteTalent({ db: t.db, actor: agents.pending, meta: TEST_META, input: { email: talent.email, commissionPercent: 10 } });
  const declined = await inviteTalent({
    db: t.db,
    actor: agents.declined,
    meta: TEST_META,
    input: { email: talent.email, commissionPercent: 10 },
  });
  await respondToInvitation({ db: t.db, actor: talent, meta: TEST_META, input: { representationId: declined.id, accept: false } });
  const ended = await representTalent(t.db, agents.ended, talent);

  ({
    profile: { id: profileId },
  } = await createProfileWithConsent(t.db, talent));
  offerId = (await publishTestOffer(t.db, talent, profileId)).id;
  const approved = (await submitTestRequest(t.db, studio, offerId)).request.id;
  await decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: approved, decision: "approve" } });
  orderId = (
    await startCheckout({
      db: t.db,
      actor: studio,
      meta: TEST_META,
      requestId: approved,
      provider: localPayments("representation-test-secret-0123456789").provider,
    })
  ).orderId;
  requestId = (await submitTestRequest(t.db, studio, offerId)).request.id;
  assetId = (await t.db.likenessAsset.findFirstOrThrow({ where: { profileId } })).id;
  // The agent acted while represented (proof the tie worked), then the talent ended it.
  expect((await getManagedProfile({ db: t.db, actor: agents.ended, profileId })).profile.id).toBe(profileId);
  await endRepresentation({ db: t.db, actor: talent, meta: TEST_META, representationId: ended.id });
  const statuses = await t.db.representation.findMany({
    where: { principalUserId: talent.userId },
    select: { agentUserId: true, status: true },
  });
  expect(Object.fromEntries(statuses.map((s) => [s.agentUserId, s.status]))).toEqual({
    [active.userId]: "ACTIVE",
    [agents.pending.userId]: "PENDING",
    [agents.declined.userId]: "ENDED",
    [agents.ended.userId]: "ENDED",
  });
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

type Check = [what: string, run: (agent: Actor) => Promise<unknown>];

/** Actions on the talent's things: each must answer 404 (the profile, request, order or photo "does not exist" for this agent). */
const refused: Check[] = [
  ["open the profile (likeness pages)", (a) => getManagedProfile({ db: t.db, actor: a, profileId })],
  ["see the licensing gates", (a) => getProfileGates({ db: t.db, actor: a, profileId })],
  [
    "create a profile for the talent",
    (a) =>
      createProfile({ db: t.db, actor: a, meta: TEST_META, input: { displayName: "Another", bio: "", principalUserId: talent.userId } }),
  ],
  [
    "preview the consent text",
    (a) =>
      previewConsent({
        db: t.db,
        actor: a,
        input: { profileId, scopes: ["advertising"], expiresAt: new Date(Date.now() + 86_400_000 * 30) },
      }),
  ],
  [
    "revoke the consent",
    (a) =>
      revokeConsent({ db: t.db, actor: a, meta: TEST_META, input: { profileId, reason: "Not mine to revoke", destroyBiometrics: false } }),
  ],
  ["publish an offer", (a) => publishOffer({ db: t.db, actor: a, meta: TEST_META, input: offerInput(profileId) })],
  ["revoke an offer", (a) => revokeOffer({ db: t.db, actor: a, meta: TEST_META, input: { offerId, reason: "Not mine to revoke" } })],
  ["open a request", (a) => getRequest({ db: t.db, actor: a, requestId })],
  ["decide a request", (a) => decideRequest({ db: t.db, actor: a, meta: TEST_META, input: { requestId, decision: "approve" } })],
  [
    "upload a photo to the likeness set",
    async (a) => uploadLikenessAsset({ db: t.db, actor: a, meta: TEST_META, profileId, file: { name: "x.jpg", bytes: await makeJpeg() } }),
  ],
  ["read a photo", (a) => readLikenessAsset({ db: t.db, actor: a, assetId })],
  ["delete a photo", (a) => deleteLikenessAsset({ db: t.db, actor: a, meta: TEST_META, assetId })],
  ["queue a photo's analysis again", (a) => retryLikenessAnalysis({ db: t.db, actor: a, meta: TEST_META, assetId })],
  ["read the likeness set report", (a) => likenessSetReport({ db: t.db, actor: a, profileId })],
  ["see the trained models", (a) => trainedModelsOf({ db: t.db, actor: a, profileId })],
  ["list the estate's proofs", (a) => listAuthorityProofs({ db: t.db, actor: a, profileId })],
  ["open an order", (a) => getOrder({ db: t.db, actor: a, orderId })],
  ["see a render's preview", (a) => readRenderPreview({ db: t.db, actor: a, orderId })],
  ["read an output for review", (a) => readReviewFile({ db: t.db, actor: a, orderId, which: "footage" })],
  ["review an output", (a) => reviewOutput({ db: t.db, actor: a, meta: TEST_META, input: { orderId, decision: "approve" } })],
];

/** Lists that must come back empty. */
const empty: Array<[what: string, run: (agent: Actor) => Promise<unknown[]>]> = [
  ["profiles (Profiles page, create-profile choices)", (a) => listManagedProfiles({ db: t.db, actor: a })],
  ["requests (Approvals inbox)", async (a) => (await listInboxRequests({ db: t.db, actor: a })).items],
  ["orders (Orders page)", async (a) => (await listManagedOrders({ db: t.db, actor: a })).items],
  ["earnings (Earnings page and CSV)", async (a) => (await earningsFor({ db: t.db, actor: a })).rows],
];

describe.each(["pending", "declined", "ended"] as const)("an agent whose representation is %s", (state) => {
  it.each(refused)("cannot %s (404)", async (_what, run) => {
    const err = await caught(() => run(agents[state]));
    expect(err.httpStatus).toBe(404);
  });

  it("cannot open the order of a request (404)", async () => {
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect((await caught(() => orderOfRequest({ db: t.db, actor: agents[state], requestId: order.requestId }))).httpStatus).toBe(404);
  });

  it.each(empty)("sees no %s", async (_what, run) => {
    expect(await run(agents[state])).toEqual([]);
  });

  it("sees no profile of the talent in the roster", async () => {
    const roster = await listRoster({ db: t.db, actor: agents[state] });
    expect(roster.flatMap((r) => r.principal.principalOf)).toEqual([]);
  });

  it("counts no pending requests", async () => {
    expect(await countInboxRequests({ db: t.db, actor: agents[state], status: "pending_approval" })).toBe(0);
  });

  it("changed nothing", async () => {
    expect(await t.db.licenseOffer.count({ where: { profileId } })).toBe(1);
    expect((await t.db.swapRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("pending_approval");
    expect(await t.db.likenessAsset.count({ where: { profileId, destroyedAt: null } })).toBe(3);
    // Nothing was done in the agent's name beyond signing up and inviting.
    expect(
      await t.db.auditEvent.count({
        where: { actorUserId: agents[state].userId, action: { notIn: ["user.signed_up", "representation.invited"] } },
      }),
    ).toBe(0);
  });
});

describe("an agent whose representation is active (the control)", () => {
  it("opens the profile, the request, the order and the set, and sees them listed", async () => {
    expect((await getManagedProfile({ db: t.db, actor: active, profileId })).profile.id).toBe(profileId);
    expect((await getRequest({ db: t.db, actor: active, requestId })).request.id).toBe(requestId);
    expect((await getOrder({ db: t.db, actor: active, orderId })).order.id).toBe(orderId);
    expect((await readLikenessAsset({ db: t.db, actor: active, assetId })).bytes.length).toBeGreaterThan(0);
    expect((await listManagedProfiles({ db: t.db, actor: active })).map((p) => p.id)).toEqual([profileId]);
    expect((await listInboxRequests({ db: t.db, actor: active })).items.map((r) => r.id)).toContain(requestId);
    expect((await listManagedOrders({ db: t.db, actor: active })).items.map((o) => o.id)).toEqual([orderId]);
    expect((await listRoster({ db: t.db, actor: active })).flatMap((r) => r.principal.principalOf.map((p) => p.id))).toEqual([profileId]);
  });
});
