import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents, runChainCheck } from "@/lib/admin/audit-log";
import { listUsers } from "@/lib/admin/users";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { AppError } from "@/lib/errors";
import { getCatalogProfile, listCatalog } from "@/lib/offers/catalog";
import { publishOffer } from "@/lib/offers/publish-offer";
import { revokeOffer } from "@/lib/offers/revoke-offer";
import { createProfile } from "@/lib/profiles/create-profile";
import { deleteLikenessAsset, readLikenessAsset, retryLikenessAnalysis, uploadLikenessAsset } from "@/lib/profiles/likeness-assets";
import { getManagedProfile, listManagedProfiles } from "@/lib/profiles/list-profiles";
import { endRepresentation } from "@/lib/representation/end-representation";
import { inviteTalent } from "@/lib/representation/invite-talent";
import { listMyAgents, listRoster } from "@/lib/representation/list-representations";
import { respondToInvitation } from "@/lib/representation/respond-to-invitation";
import { createRequest, submitRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { getRequest, listInboxRequests, listStudioRequests } from "@/lib/requests/read-requests";
import { withdrawRequest } from "@/lib/requests/withdraw-request";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "@/lib/studios/api-keys";
import { acceptStudioInvitation, inviteStudioMember } from "@/lib/studios/studio-invitations";
import { listStudioMembers } from "@/lib/studios/studio-members";
import { createStudioUpload, getStudioUpload } from "@/lib/studios/studio-uploads";
import {
  caught,
  createAdmin,
  createProfileWithConsent,
  createStudio,
  createStudioMember,
  createUser,
  makeJpeg,
  makePdf,
  offerInput,
  publishTestOffer,
  representTalent,
  requestInput,
  signTestConsent,
  submitTestRequest,
  TEST_META,
  uploadRequestFiles,
  uploadStudioFile,
  uploadTestPhoto,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// The authorization matrix: every lib action that a server action or an API
// route calls, run as each role and as a same-role non-owner. A wrong role gets
// 403; someone else's object answers 404 (so ids leak nothing); and no answer,
// success or error, contains data of a party the actor has no part with.

type ActorKey = "talent" | "otherTalent" | "agent" | "otherAgent" | "estate" | "studio" | "studioMember" | "otherStudio" | "admin";

const LABEL: Record<ActorKey, string> = {
  talent: "the talent",
  otherTalent: "another talent",
  agent: "the talent's agent",
  otherAgent: "an agent who doesn't represent the talent",
  estate: "an estate",
  studio: "the studio's owner",
  studioMember: "a member of the studio",
  otherStudio: "another studio",
  admin: "an admin",
};
const ACTOR_KEYS = Object.keys(LABEL) as ActorKey[];

type Expected = "ok" | 401 | 403 | 404 | 409 | 422;

const MANAGER: Record<ActorKey, Expected> = {
  talent: "ok",
  agent: "ok",
  otherTalent: 404,
  otherAgent: 404,
  estate: 404,
  studio: 403,
  studioMember: 403,
  otherStudio: 403,
  admin: 403,
};
const PRINCIPAL_ONLY: Record<ActorKey, Expected> = { ...MANAGER, agent: 403 };
const NOT_STUDIO: Record<ActorKey, Expected> = {
  talent: 403,
  otherTalent: 403,
  agent: 403,
  otherAgent: 403,
  estate: 403,
  admin: 403,
} as never;
const STUDIO_OWN: Record<ActorKey, Expected> = { ...NOT_STUDIO, studio: "ok", studioMember: "ok", otherStudio: 404 };
const ANY_STUDIO: Record<ActorKey, Expected> = { ...NOT_STUDIO, studio: "ok", studioMember: "ok", otherStudio: "ok" };
const CATALOG: Record<ActorKey, Expected> = { ...ANY_STUDIO, admin: "ok" };
const ADMIN_ONLY: Record<ActorKey, Expected> = {
  ...NOT_STUDIO,
  studio: 403,
  studioMember: 403,
  otherStudio: 403,
  admin: "ok",
};
const PRINCIPALS_LIST: Record<ActorKey, Expected> = { ...ADMIN_ONLY, talent: "ok", otherTalent: "ok", estate: "ok", admin: 403 };
const MANAGERS_LIST: Record<ActorKey, Expected> = { ...PRINCIPALS_LIST, agent: "ok", otherAgent: "ok" };
const AGENTS_ONLY: Record<ActorKey, Expected> = { ...ADMIN_ONLY, agent: "ok", otherAgent: "ok", admin: 403 };

let t: TestDatabase;
let storage: TestStorage;
const as = {} as Record<ActorKey, Actor>;
let spareTalent: Actor; // a talent with no profile and no agent
let unrepresented: Actor; // a talent whom `agent` will represent, without a profile yet
let freeStudioUser: Actor; // a studio-role user in no studio
const fx = {} as {
  p1: { id: string; displayName: string; deceased: boolean };
  p2Id: string;
  p3Id: string;
  o1: string;
  uploads1: { targetUploadId: string; releaseUploadId: string };
  uploads2: { targetUploadId: string; releaseUploadId: string };
  /** Another studio's files for its requests against the talent's offer (which the talent then sees). */
  uploads2ForTalent: { targetUploadId: string; releaseUploadId: string };
  unusedUpload1: string;
  r1: string;
  r2: string;
  asset1: string;
  asset1Bytes: Buffer;
  key1: { id: string; token: string };
  key2: { id: string; token: string };
};

/** Strings private to a party, and who may see each. Admin may see everything. */
const markers: { value: string; seenBy: ActorKey[]; what: string }[] = [];
const mark = (value: string, what: string, ...seenBy: ActorKey[]) => markers.push({ value, what, seenBy: [...seenBy, "admin"] });

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  const [talent, otherTalent, agent, otherAgent, estate, studio, otherStudio, admin] = await Promise.all([
    createUser(t.db, "TALENT"),
    createUser(t.db, "TALENT"),
    createUser(t.db, "AGENT"),
    createUser(t.db, "AGENT"),
    createUser(t.db, "ESTATE"),
    createStudio(t.db),
    createStudio(t.db),
    createAdmin(t.db),
  ]);
  [spareTalent, unrepresented, freeStudioUser] = await Promise.all([
    createUser(t.db, "TALENT"),
    createUser(t.db, "TALENT"),
    createUser(t.db, "STUDIO"),
  ]);
  const studioMember = await createStudioMember(t.db, studio);
  Object.assign(as, { talent, otherTalent, agent, otherAgent, estate, studio, studioMember, otherStudio, admin });

  await representTalent(t.db, agent, talent);
  await representTalent(t.db, otherAgent, otherTalent);
  await representTalent(t.db, agent, unrepresented);

  const legal1 = `Tara Legal ${talent.userId}`;
  const legal2 = `Otto Legal ${otherTalent.userId}`;
  const legal3 = `Estate Legal ${estate.userId}`;
  const { profile: p1 } = await createProfileWithConsent(t.db, talent, { legalName: legal1, displayName: "Tara Screen" });
  const { profile: p2 } = await createProfileWithConsent(t.db, otherTalent, { legalName: legal2, displayName: "Otto Screen" });
  const { profile: p3 } = await createProfileWithConsent(t.db, estate, { legalName: legal3, displayName: "Late Great" });
  fx.p1 = p1;
  fx.p2Id = p2.id;
  fx.p3Id = p3.id;
  fx.o1 = (await publishTestOffer(t.db, talent, p1.id)).id;
  const o2 = await publishTestOffer(t.db, otherTalent, p2.id);
  fx.uploads1 = await uploadRequestFiles(t.db, studio);
  fx.uploads2 = await uploadRequestFiles(t.db, otherStudio);
  fx.uploads2ForTalent = await uploadRequestFiles(t.db, otherStudio);
  fx.unusedUpload1 = (await uploadStudioFile(t.db, studio, "RELEASE")).id;
  const r1 = await submitTestRequest(t.db, studio, fx.o1, { uploads: fx.uploads1 });
  const r2 = await submitTestRequest(t.db, otherStudio, o2.id, { uploads: fx.uploads2 });
  expect([r1.request.status, r2.request.status]).toEqual(["pending_approval", "pending_approval"]);
  fx.r1 = r1.request.id;
  fx.r2 = r2.request.id;
  fx.asset1Bytes = await makeJpeg(200, 240);
  fx.asset1 = (await uploadTestPhoto(t.db, talent, p1.id, fx.asset1Bytes)).id;
  const asset2 = await uploadTestPhoto(t.db, otherTalent, p2.id);
  fx.key1 = await createApiKey({ db: t.db, actor: studio, meta: TEST_META, input: { name: "Pipeline one" } });
  fx.key2 = await createApiKey({ db: t.db, actor: otherStudio, meta: TEST_META, input: { name: "Pipeline two" } });

  // An agent who invites someone typed their email, so both sides of an invitation see each other's.
  mark(talent.email, "the talent's email", "talent", "agent", "otherAgent");
  mark(legal1, "the talent's legal name", "talent", "agent");
  mark(fx.asset1, "the talent's photo id", "talent", "agent");
  mark(agent.email, "the agent's email", "agent", "talent", "estate");
  mark(otherTalent.email, "another talent's email", "otherTalent", "otherAgent");
  mark(legal2, "another talent's legal name", "otherTalent", "otherAgent");
  mark(asset2.id, "another talent's photo id", "otherTalent", "otherAgent");
  mark(otherAgent.email, "another agent's email", "otherAgent", "otherTalent", "talent");
  mark(estate.email, "the estate's email", "estate", "agent");
  mark(legal3, "the estate's legal name", "estate");
  mark(fx.r1, "the studio's request id", "studio", "studioMember", "talent", "agent");
  mark(r1.request.title, "the studio's request title", "studio", "studioMember", "talent", "agent");
  mark(fx.uploads1.targetUploadId, "the studio's footage id", "studio", "studioMember", "talent", "agent");
  mark(fx.unusedUpload1, "the studio's unused upload id", "studio", "studioMember");
  mark(fx.key1.id, "the studio's API key id", "studio", "studioMember");
  mark(`lk_${fx.key1.token.split("_")[1]}`, "the studio's API key prefix", "studio", "studioMember");
  mark(studio.email, "the studio owner's email", "studio", "studioMember");
  mark(studioMember.email, "the studio member's email", "studio", "studioMember");
  mark(fx.r2, "another studio's request id", "otherStudio", "otherTalent", "otherAgent");
  mark(r2.request.title, "another studio's request title", "otherStudio", "otherTalent", "otherAgent");
  mark(fx.uploads2.targetUploadId, "another studio's footage id", "otherStudio", "otherTalent", "otherAgent");
  mark(fx.key2.id, "another studio's API key id", "otherStudio");
  mark(otherStudio.email, "another studio's email", "otherStudio");
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

function serialize(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Uint8Array) return `<${v.length} bytes>`;
    return v;
  });
}

const SECRET_FIELDS = ["passwordHash", "secretHash", "wrappedDataKey"];

/** No response carries another party's private data, nor a secret column of anyone's. */
function expectNoForeignData(actorKey: ActorKey, response: unknown) {
  const text = serialize(response) ?? "";
  if (actorKey !== "admin") {
    for (const m of markers) {
      if (!m.seenBy.includes(actorKey) && text.includes(m.value)) {
        throw new Error(`${LABEL[actorKey]} was shown ${m.what}`);
      }
    }
  }
  for (const f of SECRET_FIELDS) expect(text, `a response carries ${f}`).not.toContain(`"${f}"`);
}

type Case<T> = {
  /** What is attempted, as in "the talent can <action>". */
  action: string;
  expected: Record<ActorKey, Expected>;
  /** A fresh target per case, for actions that change it. */
  prepare?: (key: ActorKey) => Promise<T>;
  run: (actor: Actor, target: T, key: ActorKey) => Promise<unknown>;
  /** Further checks on an allowed answer. */
  check?: (result: never, key: ActorKey, target: T) => void | Promise<void>;
};

function matrix<T = undefined>(c: Case<T>) {
  describe(c.action, () => {
    for (const key of ACTOR_KEYS) {
      const want = c.expected[key];
      expect(want, `${c.action}: no expectation for ${key}`).toBeDefined();
      const name = `${LABEL[key]} ${want === "ok" ? "can" : "cannot"} ${c.action}${want === "ok" ? "" : ` (${want})`}`;
      it(name, async () => {
        const target = (c.prepare ? await c.prepare(key) : undefined) as T;
        const actor = as[key];
        if (want === "ok") {
          const result = await c.run(actor, target, key);
          expectNoForeignData(key, result);
          await c.check?.(result as never, key, target);
          return;
        }
        const eventsBefore = await t.db.auditEvent.count();
        const err = await caught(() => c.run(actor, target, key));
        if (!(err instanceof AppError)) throw err;
        expect({ code: err.code, status: err.httpStatus, message: err.message }).toMatchObject({ status: want });
        expectNoForeignData(key, err.toJSON());
        // A refused action changes nothing.
        expect(await t.db.auditEvent.count()).toBe(eventsBefore);
      });
    }
  });
}

const uploadsOf = (key: ActorKey) => (key === "otherStudio" ? fx.uploads2ForTalent : fx.uploads1);
const freshPending = async () => (await submitTestRequest(t.db, as.studio, fx.o1, { uploads: fx.uploads1 })).request.id;

describe("likeness profiles and consent", () => {
  matrix({
    action: "view the talent's profile",
    expected: MANAGER,
    run: (actor) => getManagedProfile({ db: t.db, actor, profileId: fx.p1.id }),
    check: (r: Awaited<ReturnType<typeof getManagedProfile>>) => expect(r.profile.id).toBe(fx.p1.id),
  });
  matrix({
    action: "list the profiles they manage",
    expected: MANAGERS_LIST,
    run: (actor) => listManagedProfiles({ db: t.db, actor }),
    check: (r: { id: string }[], key) => {
      const ids = r.map((p) => p.id);
      if (key === "talent" || key === "agent") expect(ids).toContain(fx.p1.id);
      if (key === "estate") expect(ids).toEqual([fx.p3Id]);
      if (key === "otherTalent" || key === "otherAgent") expect(ids).toEqual([fx.p2Id]);
    },
  });
  matrix({
    action: "sign the talent's consent",
    expected: PRINCIPAL_ONLY,
    run: (actor) => signTestConsent(t.db, actor, fx.p1, { scopes: ["advertising", "film_tv"] }),
  });
  matrix({
    action: "upload a photo to the talent's likeness set",
    expected: MANAGER,
    run: async (actor) =>
      uploadLikenessAsset({ db: t.db, actor, meta: TEST_META, profileId: fx.p1.id, file: { name: "me.jpg", bytes: await makeJpeg() } }),
  });
  matrix({
    action: "read a photo of the talent's likeness set",
    expected: MANAGER,
    run: (actor) => readLikenessAsset({ db: t.db, actor, assetId: fx.asset1 }),
    check: (r: { bytes: Buffer }) => expect(r.bytes.equals(fx.asset1Bytes)).toBe(true),
  });
  matrix({
    action: "delete a photo of the talent's likeness set",
    expected: MANAGER,
    prepare: async () => (await uploadTestPhoto(t.db, as.talent, fx.p1.id)).id,
    run: (actor, assetId) => deleteLikenessAsset({ db: t.db, actor, meta: TEST_META, assetId }),
  });
  matrix({
    action: "queue a photo whose analysis failed for analysis again",
    expected: MANAGER,
    prepare: async () => {
      const { id } = await uploadTestPhoto(t.db, as.talent, fx.p1.id);
      await t.db.likenessAsset.update({
        where: { id },
        data: { analysisStatus: "FAILED", analysisError: "worker crashed", analyzedAt: new Date() },
      });
      return id;
    },
    run: (actor, assetId) => retryLikenessAnalysis({ db: t.db, actor, meta: TEST_META, assetId }),
    check: (r: { analysisStatus: string }) => expect(r.analysisStatus).toBe("PENDING"),
  });

  describe("create a likeness profile", () => {
    const create = (actor: Actor, principalUserId?: string) =>
      createProfile({ db: t.db, actor, meta: TEST_META, input: { displayName: "New Face", principalUserId } });
    it("a talent without a profile can create their own", async () => {
      const p = await create(spareTalent);
      expectNoForeignData("talent", p);
      expect(p.principalUserId).toBe(spareTalent.userId);
    });
    it("an agent can create one for a talent they represent", async () => {
      expect((await create(as.agent, unrepresented.userId)).principalUserId).toBe(unrepresented.userId);
    });
    it("an agent cannot create one for a talent they don't represent (404)", async () => {
      expect((await caught(() => create(as.otherAgent, as.talent.userId))).httpStatus).toBe(404);
    });
    it("a talent who has a profile cannot create a second (409)", async () => {
      expect((await caught(() => create(as.talent))).httpStatus).toBe(409);
    });
    for (const key of ["studio", "otherStudio", "admin"] as const) {
      it(`${LABEL[key]} cannot create one (403)`, async () => {
        expect((await caught(() => create(as[key], as.talent.userId))).httpStatus).toBe(403);
      });
    }
  });
});

describe("offers and the catalog", () => {
  matrix({
    action: "publish an offer for the talent",
    expected: MANAGER,
    run: (actor) => publishOffer({ db: t.db, actor, meta: TEST_META, input: offerInput(fx.p1.id) }),
  });
  matrix({
    action: "revoke the talent's offer",
    expected: MANAGER,
    prepare: async () => (await publishTestOffer(t.db, as.talent, fx.p1.id)).id,
    run: (actor, offerId) => revokeOffer({ db: t.db, actor, meta: TEST_META, input: { offerId, reason: "No longer offered" } }),
  });
  matrix({
    action: "browse the catalog",
    expected: CATALOG,
    run: (actor) => listCatalog({ db: t.db, actor }),
    check: (r: { items: { id: string }[] }) => expect(r.items.map((i) => i.id)).toEqual(expect.arrayContaining([fx.p1.id, fx.p2Id])),
  });
  matrix({
    action: "open the talent in the catalog",
    expected: CATALOG,
    run: (actor) => getCatalogProfile({ db: t.db, actor, profileId: fx.p1.id }),
    check: (r: { id: string; offers: { id: string }[] }) => expect(r.offers.map((o) => o.id)).toContain(fx.o1),
  });
});

describe("swap requests", () => {
  matrix({
    action: "create a request against the talent's offer",
    expected: ANY_STUDIO,
    run: (actor, _t, key) => createRequest({ db: t.db, actor, meta: TEST_META, input: requestInput(fx.o1, uploadsOf(key)) }),
    check: (r: { request: { status: string } }) => expect(r.request.status).toBe("pending_approval"),
  });
  matrix({
    action: "submit the studio's draft request",
    expected: STUDIO_OWN,
    prepare: async () => (await submitTestRequest(t.db, as.studio, fx.o1, { uploads: fx.uploads1, submit: false })).request.id,
    run: (actor, requestId) => submitRequest({ db: t.db, actor, meta: TEST_META, requestId }),
  });
  matrix({
    action: "withdraw the studio's request",
    expected: STUDIO_OWN,
    prepare: freshPending,
    run: (actor, requestId) => withdrawRequest({ db: t.db, actor, meta: TEST_META, requestId }),
  });
  matrix({
    action: "decide a request against the talent's offer",
    expected: MANAGER,
    prepare: freshPending,
    run: (actor, requestId) => decideRequest({ db: t.db, actor, meta: TEST_META, input: { requestId, decision: "approve" } }),
  });
  matrix({
    action: "read the studio's request",
    expected: {
      studio: "ok",
      studioMember: "ok",
      talent: "ok",
      agent: "ok",
      admin: "ok",
      otherStudio: 404,
      otherTalent: 404,
      otherAgent: 404,
      estate: 404,
    },
    run: (actor) => getRequest({ db: t.db, actor, requestId: fx.r1 }),
    check: (r: { request: { id: string } }) => expect(r.request.id).toBe(fx.r1),
  });
  matrix({
    action: "list their studio's requests",
    expected: ANY_STUDIO,
    run: (actor) => listStudioRequests({ db: t.db, actor, page: { limit: 100 } }),
    check: (r: { items: { id: string }[] }, key) => expect(r.items.map((i) => i.id)).toContain(key === "otherStudio" ? fx.r2 : fx.r1),
  });
  matrix({
    action: "list the requests in their inbox",
    expected: MANAGERS_LIST,
    run: (actor) => listInboxRequests({ db: t.db, actor, page: { limit: 100 } }),
    check: (r: { items: { id: string }[] }, key) => {
      const ids = r.items.map((i) => i.id);
      if (key === "talent" || key === "agent") expect(ids).toContain(fx.r1);
      if (key === "otherTalent" || key === "otherAgent") expect(ids).toContain(fx.r2);
      if (key === "estate") expect(ids).toEqual([]);
    },
  });

  it("another studio cannot attach the studio's uploads to its own request (422, field named)", async () => {
    const err = await caught(() =>
      createRequest({ db: t.db, actor: as.otherStudio, meta: TEST_META, input: requestInput(fx.o1, fx.uploads1) }),
    );
    expect(err.httpStatus).toBe(422);
    expect(err.fields).toHaveProperty("targetUploadId");
    expectNoForeignData("otherStudio", (err as AppError).toJSON());
  });

  it("a request against an offer that does not exist is not found (404)", async () => {
    const err = await caught(() =>
      createRequest({ db: t.db, actor: as.studio, meta: TEST_META, input: requestInput("nope", fx.uploads1) }),
    );
    expect(err.httpStatus).toBe(404);
  });
});

describe("studio uploads, API keys and members", () => {
  matrix({
    action: "upload studio footage",
    expected: ANY_STUDIO,
    run: async (actor) =>
      createStudioUpload({
        db: t.db,
        actor,
        meta: TEST_META,
        kind: "TARGET_FOOTAGE",
        file: { name: "shot.jpg", bytes: await makeJpeg(320, 240) },
      }),
  });
  matrix({
    action: "upload a release",
    expected: ANY_STUDIO,
    run: (actor) =>
      createStudioUpload({ db: t.db, actor, meta: TEST_META, kind: "RELEASE", file: { name: "release.pdf", bytes: makePdf() } }),
  });
  matrix({
    action: "read the studio's upload",
    expected: STUDIO_OWN,
    run: (actor) => getStudioUpload({ db: t.db, actor, uploadId: fx.unusedUpload1 }),
  });
  matrix({
    action: "create an API key for their studio",
    expected: ANY_STUDIO,
    run: (actor) => createApiKey({ db: t.db, actor, meta: TEST_META, input: { name: "CI pipeline" } }),
    check: (r: { token: string }) => expect(r.token).toMatch(/^lk_[0-9a-f]{12}_/),
  });
  matrix({
    action: "list their studio's API keys",
    expected: ANY_STUDIO,
    run: (actor) => listApiKeys({ db: t.db, actor }),
    check: (r: { id: string }[], key) => expect(r.map((k) => k.id)).toContain(key === "otherStudio" ? fx.key2.id : fx.key1.id),
  });
  matrix({
    action: "revoke the studio's API key",
    expected: STUDIO_OWN,
    prepare: async () => (await createApiKey({ db: t.db, actor: as.studio, meta: TEST_META, input: { name: "Temp" } })).id,
    run: (actor, keyId) => revokeApiKey({ db: t.db, actor, meta: TEST_META, keyId }),
  });
  matrix({
    action: "list their studio's members",
    expected: ANY_STUDIO,
    run: (actor) => listStudioMembers({ db: t.db, actor }),
  });

  describe("authenticate with an API key", () => {
    it("a valid key acts as its studio", async () => {
      const actor = await authenticateApiKey(t.db, `Bearer ${fx.key1.token}`);
      expect(actor).toMatchObject({ userId: as.studio.userId, role: "STUDIO", studioId: as.studio.studioId });
    });
    const bad: [string, () => string | null][] = [
      ["no header", () => null],
      ["a malformed header", () => "Bearer not-a-key"],
      [
        "another key's prefix with this key's secret",
        () => `Bearer lk_${fx.key2.token.split("_")[1]}_${fx.key1.token.split("_").slice(2).join("_")}`,
      ],
      ["a wrong secret", () => `Bearer ${fx.key1.token.slice(0, -4)}AAAA`],
    ];
    for (const [what, header] of bad) {
      it(`${what} is refused (401)`, async () => {
        const err = await caught(() => authenticateApiKey(t.db, header()));
        expect([err.code, err.httpStatus]).toEqual(["UNAUTHENTICATED", 401]);
      });
    }
    it("a revoked key is refused (401)", async () => {
      const key = await createApiKey({ db: t.db, actor: as.studio, meta: TEST_META, input: { name: "Short lived" } });
      await revokeApiKey({ db: t.db, actor: as.studio, meta: TEST_META, keyId: key.id });
      expect((await caught(() => authenticateApiKey(t.db, `Bearer ${key.token}`))).httpStatus).toBe(401);
    });
  });

  describe("invite a studio member", () => {
    const invite = (actor: Actor, email: string) => inviteStudioMember({ db: t.db, actor, meta: TEST_META, input: { email } });
    const invitationTo = (actor: Actor, email: string) =>
      t.db.studioInvitation.findUniqueOrThrow({ where: { studioId_email: { studioId: actor.studioId!, email } } });
    it("a member (not the owner) cannot invite members (403)", async () => {
      expect((await caught(() => invite(as.studioMember, freeStudioUser.email))).httpStatus).toBe(403);
    });
    for (const key of ["talent", "agent", "estate", "admin"] as const) {
      it(`${LABEL[key]} cannot invite members (403)`, async () => {
        expect((await caught(() => invite(as[key], freeStudioUser.email))).httpStatus).toBe(403);
      });
    }
    it("the answer is the same for another studio's member, a talent, a free studio user and an email no account uses", async () => {
      const answers = await Promise.all(
        [as.studioMember.email, as.talent.email, freeStudioUser.email, "nobody-at-all@example.test"].map(async (email) => {
          // The answer echoes the email the owner typed, and nothing else.
          const r = await invite(as.otherStudio, email);
          expect(r.email).toBe(email);
          return { ...r, email: "" };
        }),
      );
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    });
    it("another studio's member cannot take up an invitation while in a studio (409); nobody takes another's invitation (404)", async () => {
      const mine = await invitationTo(as.otherStudio, as.studioMember.email);
      expect(
        (await caught(() => acceptStudioInvitation({ db: t.db, actor: as.studioMember, meta: TEST_META, invitationId: mine.id })))
          .httpStatus,
      ).toBe(409);
      expect(
        (await caught(() => acceptStudioInvitation({ db: t.db, actor: spareTalent, meta: TEST_META, invitationId: mine.id }))).httpStatus,
      ).toBe(403);
      const freeOne = await invitationTo(as.otherStudio, freeStudioUser.email);
      expect(
        (await caught(() => acceptStudioInvitation({ db: t.db, actor: as.otherStudio, meta: TEST_META, invitationId: freeOne.id })))
          .httpStatus,
      ).toBe(404);
    });
    it("a studio user in no studio accepts the owner's invitation and becomes a member", async () => {
      await invite(as.studio, freeStudioUser.email);
      const invitation = await invitationTo(as.studio, freeStudioUser.email);
      const member = await acceptStudioInvitation({ db: t.db, actor: freeStudioUser, meta: TEST_META, invitationId: invitation.id });
      expect(member).toMatchObject({ studioId: as.studio.studioId, userId: freeStudioUser.userId, role: "MEMBER" });
    });
  });
});

describe("representation", () => {
  matrix({
    action: "invite a talent to be represented",
    expected: AGENTS_ONLY,
    run: (actor) => inviteTalent({ db: t.db, actor, meta: TEST_META, input: { email: spareTalent.email, commissionPercent: 12 } }),
  });
  matrix({
    action: "answer an invitation addressed to the talent",
    expected: { ...PRINCIPAL_ONLY, otherAgent: 403 },
    prepare: async () => {
      const pending = await t.db.representation.findFirst({
        where: { agentUserId: as.otherAgent.userId, principalUserId: as.talent.userId, status: "PENDING" },
      });
      return (
        pending ??
        (await inviteTalent({ db: t.db, actor: as.otherAgent, meta: TEST_META, input: { email: as.talent.email, commissionPercent: 5 } }))
      ).id;
    },
    run: (actor, representationId) => respondToInvitation({ db: t.db, actor, meta: TEST_META, input: { representationId, accept: false } }),
  });
  matrix({
    action: "end a representation between the agent and an estate",
    expected: { ...MANAGER, estate: "ok", talent: 404 },
    prepare: async () => {
      const pending = await t.db.representation.findFirst({
        where: { agentUserId: as.agent.userId, principalUserId: as.estate.userId, status: { in: ["PENDING", "ACTIVE"] } },
      });
      return (
        pending ??
        (await inviteTalent({ db: t.db, actor: as.agent, meta: TEST_META, input: { email: as.estate.email, commissionPercent: 8 } }))
      ).id;
    },
    run: (actor, representationId) => endRepresentation({ db: t.db, actor, meta: TEST_META, representationId }),
  });
  matrix({
    action: "list their roster",
    expected: AGENTS_ONLY,
    run: (actor) => listRoster({ db: t.db, actor }),
    check: (r: { principalUserId: string }[], key) =>
      expect(r.map((x) => x.principalUserId)).toContain(key === "agent" ? as.talent.userId : as.otherTalent.userId),
  });
  matrix({
    action: "list their agents",
    expected: PRINCIPALS_LIST,
    run: (actor) => listMyAgents({ db: t.db, actor }),
  });
});

describe("admin", () => {
  matrix({
    action: "list the audit log",
    expected: ADMIN_ONLY,
    run: (actor) => listAuditEvents({ db: t.db, actor }),
  });
  matrix({
    action: "run the audit chain check",
    expected: ADMIN_ONLY,
    run: (actor) => runChainCheck({ db: t.db, actor, meta: TEST_META }),
    check: (r: { ok: boolean }) => expect(r.ok).toBe(true),
  });
  matrix({
    action: "list all users",
    expected: ADMIN_ONLY,
    run: (actor) => listUsers({ db: t.db, actor, page: { limit: 100 } }),
  });
});

// Last: revoking the talent's consent closes their offers and requests.
describe("consent revocation", () => {
  matrix({
    action: "revoke the talent's consent",
    expected: PRINCIPAL_ONLY,
    run: (actor) => revokeConsent({ db: t.db, actor, meta: TEST_META, input: { profileId: fx.p1.id, reason: "Changed my mind" } }),
    check: (r: { revokedRequests: string[] }) => expect(r.revokedRequests).toContain(fx.r1),
  });
});
