import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { decideRequest } from "@/lib/requests/decide-request";
import { createRequest, submitRequest } from "@/lib/requests/create-request";
import { getRequest } from "@/lib/requests/read-requests";
import { withdrawRequest } from "@/lib/requests/withdraw-request";
import {
  caught,
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  representTalent,
  requestInput,
  submitTestRequest,
  TEST_META,
  uploadRequestFiles,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// The licensing path on real PostgreSQL: the policy engine decides at submit,
// the talent (or agent) decides, and the state machine refuses the rest.

let t: TestDatabase;
let storage: TestStorage;
let talent: Actor;
let agent: Actor;
let studio: Actor;
let profileId: string;
let uploads: { targetUploadId: string; releaseUploadId: string };

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  [talent, agent, studio] = await Promise.all([createUser(t.db, "TALENT"), createUser(t.db, "AGENT"), createStudio(t.db)]);
  await representTalent(t.db, agent, talent);
  ({
    profile: { id: profileId },
  } = await createProfileWithConsent(t.db, talent, { scopes: ["advertising", "film_tv"] }));
  uploads = await uploadRequestFiles(t.db, studio);
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

const manualOffer = (overrides = {}) => publishTestOffer(t.db, talent, profileId, { approvalMode: "MANUAL", ...overrides });
const submit = (offerId: string, overrides = {}) => submitTestRequest(t.db, studio, offerId, { uploads, overrides });
const row = (id: string) => t.db.swapRequest.findUniqueOrThrow({ where: { id } });
const events = (id: string) => t.db.auditEvent.findMany({ where: { subjectType: "SwapRequest", subjectId: id }, orderBy: { seq: "asc" } });

describe("policy at submit", () => {
  it("rejects with every reason listed at once (territory + channel + short intended use)", async () => {
    const offer = await manualOffer();
    const { request, decision } = await submit(offer.id, {
      territories: ["US", "JP"],
      channels: ["online_video", "tv"],
      intendedUse: "An ad.",
    });
    expect(request.status).toBe("rejected_by_policy");
    const codes = decision!.reasons.map((r) => r.code).sort();
    expect(codes).toEqual(["channel_not_covered", "intended_use_too_short", "territory_not_covered"]);
    const stored = request.policyReasons as { code: string; message: string; field?: string }[];
    expect(stored.map((r) => r.code).sort()).toEqual(codes);
    expect(stored.find((r) => r.code === "territory_not_covered")).toMatchObject({
      field: "territories",
      message: expect.stringContaining("JP"),
    });
    expect(stored.find((r) => r.code === "channel_not_covered")).toMatchObject({
      field: "channels",
      message: expect.stringContaining("tv"),
    });
    expect(stored.find((r) => r.code === "intended_use_too_short")?.field).toBe("intendedUse");
    expect((await events(request.id)).map((e) => e.action)).toEqual(["request.created", "request.submitted", "request.rejected_by_policy"]);
  });

  it("lists consent, category, prohibited content, excluded topic, missing files and campaign dates together", async () => {
    const offer = await manualOffer({ allowedCategories: ["advertising"], extraExclusions: ["gambling"] });
    const { request } = await submitTestRequest(t.db, studio, offer.id, {
      uploads: {},
      overrides: {
        category: "music_video",
        contentDeclarations: ["political_content"],
        topics: ["gambling"],
        campaignStart: new Date(Date.now() - 30 * 86_400_000),
      },
    });
    expect(request.status).toBe("rejected_by_policy");
    const codes = (request.policyReasons as { code: string }[]).map((r) => r.code).sort();
    expect(codes).toEqual(
      [
        "campaign_outside_term",
        "category_not_allowed",
        "consent_scope",
        "prohibited_content",
        "release_missing",
        "target_footage_missing",
        "topic_excluded",
      ].sort(),
    );
  });

  it("a malformed request gets field errors and stores nothing", async () => {
    const offer = await manualOffer();
    const before = await t.db.swapRequest.count();
    const err = await caught(() =>
      createRequest({
        db: t.db,
        actor: studio,
        meta: TEST_META,
        input: {
          ...requestInput(offer.id, uploads),
          territories: ["XX"],
          channels: [],
          outputSeconds: 0,
          campaignStart: "not a date",
        } as never,
      }),
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("VALIDATION");
    expect(err.httpStatus).toBe(422);
    expect(Object.keys(err.fields).sort()).toEqual(["campaignStart", "channels", "outputSeconds", "territories"]);
    expect(await t.db.swapRequest.count()).toBe(before);
  });
});

describe("approval", () => {
  it("a manual offer routes to approval; the talent approves with the decision recorded", async () => {
    const offer = await manualOffer();
    const { request } = await submit(offer.id);
    expect(request.status).toBe("pending_approval");
    const res = await decideRequest({
      db: t.db,
      actor: talent,
      meta: TEST_META,
      input: { requestId: request.id, decision: "approve", note: "Enjoy" },
    });
    expect(res.status).toBe("approved");
    const after = await row(request.id);
    expect(after).toMatchObject({ status: "approved", decidedById: talent.userId, decisionNote: "Enjoy" });
    expect(after.decidedAt).toBeInstanceOf(Date);
    const seen = await getRequest({ db: t.db, actor: studio, requestId: request.id });
    expect(seen.request.status).toBe("approved");
    expect(seen.history.map((h) => h.action)).toEqual([
      "request.created",
      "request.submitted",
      "request.pending_approval",
      "request.approved",
    ]);
    // The timeline in words, as both sides' pages show it.
    expect(seen.history.map((h) => h.label)).toEqual(["Request created", "Submitted", "Sent for approval", "Approved"]);
  });

  it("the representing agent can reject, and a rejection needs a note (the row is unchanged without one)", async () => {
    const offer = await manualOffer();
    const { request } = await submit(offer.id);
    const before = await row(request.id);
    const err = await caught(() =>
      decideRequest({ db: t.db, actor: agent, meta: TEST_META, input: { requestId: request.id, decision: "reject" } }),
    );
    expect(err.code).toBe("VALIDATION");
    expect(err.fields.note).toBeTruthy();
    expect(await row(request.id)).toEqual(before);
    const res = await decideRequest({
      db: t.db,
      actor: agent,
      meta: TEST_META,
      input: { requestId: request.id, decision: "reject", note: "Not for this brand, sorry." },
    });
    expect(res.status).toBe("rejected");
    expect(await row(request.id)).toMatchObject({
      status: "rejected",
      decisionNote: "Not for this brand, sorry.",
      decidedById: agent.userId,
    });
  });

  it("an auto-approval offer approves at once under its terms", async () => {
    const offer = await manualOffer({ approvalMode: "AUTO" });
    const { request, decision } = await submit(offer.id);
    expect(decision?.outcome).toBe("allow");
    expect(request.status).toBe("approved");
    expect(request.decidedAt).toBeInstanceOf(Date);
    expect(request.decidedById).toBeNull();
    expect((await events(request.id)).map((e) => [e.action, e.actorUserId])).toEqual([
      ["request.created", studio.userId],
      ["request.submitted", studio.userId],
      ["request.approved", null],
    ]);
  });

  it("approval asks the policy again: with the render quota used up it is refused and the row is unchanged", async () => {
    const offer = await manualOffer({ maxRenders: 1 });
    const { request: first } = await submit(offer.id);
    const { request: second } = await submit(offer.id);
    expect([first.status, second.status]).toEqual(["pending_approval", "pending_approval"]);
    await decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: first.id, decision: "approve" } });
    const before = await row(second.id);
    const eventsBefore = await t.db.auditEvent.count();
    const err = await caught(() =>
      decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: second.id, decision: "approve" } }),
    );
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(/renders/);
    expect(await row(second.id)).toEqual(before);
    expect(await t.db.auditEvent.count()).toBe(eventsBefore);
    // It can still be rejected with a note.
    const res = await decideRequest({
      db: t.db,
      actor: talent,
      meta: TEST_META,
      input: { requestId: second.id, decision: "reject", note: "Quota used up." },
    });
    expect(res.status).toBe("rejected");
  });

  it("approval is refused after the seconds quota is used up by an approval", async () => {
    const offer = await manualOffer({ maxOutputSeconds: 45 });
    const { request: a } = await submit(offer.id, { outputSeconds: 30 });
    const { request: b } = await submit(offer.id, { outputSeconds: 30 });
    await decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: a.id, decision: "approve" } });
    const err = await caught(() =>
      decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: b.id, decision: "approve" } }),
    );
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(/15 output seconds left/);
    expect((await row(b.id)).status).toBe("pending_approval");
  });
});

describe("illegal transitions are refused and leave the row unchanged", () => {
  async function expectRefused(requestId: string, action: () => Promise<unknown>, code = "ILLEGAL_TRANSITION") {
    const before = await row(requestId);
    const eventsBefore = await t.db.auditEvent.count();
    const err = await caught(action);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe(code);
    expect(err.httpStatus).toBe(409);
    expect(await row(requestId)).toEqual(before);
    expect(await t.db.auditEvent.count()).toBe(eventsBefore);
  }

  it("approving a withdrawn request", async () => {
    const offer = await manualOffer();
    const { request } = await submit(offer.id);
    await withdrawRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id });
    expect((await row(request.id)).closedReason).toBe("Withdrawn by the studio");
    await expectRefused(request.id, () =>
      decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: request.id, decision: "approve" } }),
    );
  });

  it("rejecting a request that was rejected by policy", async () => {
    const offer = await manualOffer();
    const { request } = await submit(offer.id, { territories: ["JP"] });
    expect(request.status).toBe("rejected_by_policy");
    await expectRefused(request.id, () =>
      decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: request.id, decision: "reject", note: "No." } }),
    );
  });

  it("approving an approved request twice, and withdrawing it twice (an approved request may be withdrawn once: its order is cancelled)", async () => {
    const offer = await manualOffer({ approvalMode: "AUTO" });
    const { request } = await submit(offer.id);
    expect(request.status).toBe("approved");
    await expectRefused(request.id, () =>
      decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: request.id, decision: "approve" } }),
    );
    await withdrawRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id });
    await expectRefused(request.id, () => withdrawRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id }));
  });

  it("submitting a request that is already awaiting approval, or withdrawn", async () => {
    const offer = await manualOffer();
    const { request } = await submit(offer.id);
    await expectRefused(request.id, () => submitRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id }));
    await withdrawRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id });
    await expectRefused(request.id, () => submitRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id }));
    await expectRefused(request.id, () => withdrawRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id }));
  });

  it("a draft can be approved only after submission", async () => {
    const offer = await manualOffer();
    const { request } = await submitTestRequest(t.db, studio, offer.id, { uploads, submit: false });
    expect(request.status).toBe("draft");
    await expectRefused(request.id, () =>
      decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: request.id, decision: "approve" } }),
    );
    const submitted = await submitRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id });
    expect(submitted.request.status).toBe("pending_approval");
  });
});

describe("concurrency", () => {
  it("two concurrent approvals of one request: exactly one wins, one approval event", async () => {
    const offer = await manualOffer();
    const { request } = await submit(offer.id);
    const results = await Promise.allSettled([
      decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: request.id, decision: "approve", note: "talent" } }),
      decideRequest({ db: t.db, actor: agent, meta: TEST_META, input: { requestId: request.id, decision: "approve", note: "agent" } }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(AppError);
    expect(["CONFLICT", "ILLEGAL_TRANSITION"]).toContain((lost[0]!.reason as AppError).code);
    expect((await row(request.id)).status).toBe("approved");
    expect((await events(request.id)).filter((e) => e.action === "request.approved")).toHaveLength(1);
  });

  it("concurrent approvals of two requests under a one-render quota: only one is approved", async () => {
    const offer = await manualOffer({ maxRenders: 1 });
    const { request: a } = await submit(offer.id);
    const { request: b } = await submit(offer.id);
    const results = await Promise.allSettled([
      decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: a.id, decision: "approve" } }),
      decideRequest({ db: t.db, actor: agent, meta: TEST_META, input: { requestId: b.id, decision: "approve" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.db.swapRequest.count({ where: { offerId: offer.id, status: "approved" } })).toBe(1);
  });

  it("concurrent submissions under an auto-approval offer with a one-render quota: only one is approved", async () => {
    const offer = await manualOffer({ approvalMode: "AUTO", maxRenders: 1 });
    await Promise.allSettled([submit(offer.id), submit(offer.id), submit(offer.id)]);
    expect(await t.db.swapRequest.count({ where: { offerId: offer.id, status: "approved" } })).toBe(1);
    expect(await t.db.swapRequest.count({ where: { offerId: offer.id, status: "rejected_by_policy" } })).toBe(2);
  });
});
