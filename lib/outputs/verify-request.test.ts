import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";
import { answerVerifyRequest } from "./verify-request";

// What the verify endpoint answers when the database cannot be reached: the
// platforms that call it parse JSON, so even this is a JSON error (and the
// answer itself is never attempted without a counted request).

describe("answerVerifyRequest", () => {
  it("answers 500 as a JSON error, without running the lookup, when the rate limiter's database fails", async () => {
    const down = { $queryRaw: () => Promise.reject(new Error("connection refused")) } as unknown as Db;
    const answer = vi.fn();
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await answerVerifyRequest({ db: down, authorization: null, clientAddress: "203.0.113.9", answer });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again.", fields: {} } });
    expect(answer).not.toHaveBeenCalled();
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });

  it("refuses a malformed API key with 401 before counting anything", async () => {
    const queries = vi.fn(() => Promise.reject(new Error("no query expected")));
    const db = { $queryRaw: queries } as unknown as Db;
    const res = await answerVerifyRequest({ db, authorization: "Bearer nonsense", clientAddress: "203.0.113.9", answer: vi.fn() });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    expect(queries).not.toHaveBeenCalled();
  });
});
