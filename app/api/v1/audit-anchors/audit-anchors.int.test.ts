import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { publishAuditAnchor, verifyAnchor, type TSignedAnchor } from "@/lib/audit/anchors";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { GET } from "./route";

// GET /api/v1/audit-anchors: the public, paginated list of signed anchors that
// lets anyone keep a copy of the audit chain's head outside the platform.

const key = generateKeyPairSync("ed25519");
let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  (globalThis as { likenessDb?: unknown }).likenessDb = t.db;
  dir = await mkdtemp(path.join(os.tmpdir(), "likeness-anchor-api-"));
  for (let i = 0; i < 3; i++) {
    await t.db.$transaction((tx) =>
      appendAuditEvent(tx, { actor: null, action: "user.signed_up", subjectType: "User", subjectId: `u${i}`, payload: { role: "TALENT" } }),
    );
    await publishAuditAnchor({ db: t.db, privateKey: key.privateKey, file: path.join(dir, "anchors.jsonl") });
  }
});

afterAll(async () => {
  delete (globalThis as { likenessDb?: unknown }).likenessDb;
  await t?.drop();
  await rm(dir, { recursive: true, force: true });
});

const get = async (query: string) => {
  const res = await GET(new NextRequest(`http://localhost/api/v1/audit-anchors${query}`), { params: Promise.resolve({}) });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { anchors: TSignedAnchor[]; nextBefore: string | null; signingKey: string },
  };
};

describe("GET /api/v1/audit-anchors", () => {
  it("answers without an API key, newest first, paged with nextBefore, and each anchor verifies with the platform key", async () => {
    const first = await get("?limit=2");
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.body.signingKey).toBe("/.well-known/likeness-signing-key.json");
    expect(first.body.anchors.map((a) => a.anchor.chainLength)).toEqual([3, 2]);
    const second = await get(`?limit=2&before=${first.body.nextBefore}`);
    expect(second.body.anchors.map((a) => a.anchor.chainLength)).toEqual([1]);
    expect(second.body.nextBefore).toBeNull();
    for (const a of [...first.body.anchors, ...second.body.anchors]) expect(verifyAnchor(a, key.publicKey).valid).toBe(true);
  });

  it("a bad page parameter is a 422 naming it, not a 500", async () => {
    for (const q of ["?before=abc", "?limit=0", "?limit=100000", "?before=99999999999999999999"]) {
      const res = await get(q);
      expect(res.status, q).toBe(422);
      expect(Object.keys((res.body as unknown as { error: { fields: Record<string, string> } }).error.fields)).toEqual([
        q.includes("before") ? "before" : "limit",
      ]);
    }
  });
});
