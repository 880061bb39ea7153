import { generateKeyPairSync } from "node:crypto";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, keyIdOf } from "@/lib/provenance";
import {
  ANCHOR_SCHEMA,
  appendAnchorToFile,
  latestFileAnchor,
  signAnchor,
  signedAnchorOf,
  verifyAnchor,
  type TAnchorStatement,
} from "./anchors";

// Signed anchors of the audit chain: what is signed, what a verifier accepts,
// and the append-only file the worker writes them to.

const platform = generateKeyPairSync("ed25519");
const other = generateKeyPairSync("ed25519");

const statement = (headSeq: number, chainLength = headSeq): TAnchorStatement => ({
  schema: ANCHOR_SCHEMA,
  chainLength,
  headSeq: String(headSeq),
  headHash: headSeq.toString(16).padStart(64, "a"),
  at: new Date(Date.UTC(2026, 10, 30, 12, 0, headSeq)).toISOString(),
});

describe("anchor signatures", () => {
  it("a signed anchor verifies with the platform's public key and names that key's id", () => {
    const signed = signAnchor(statement(42), platform.privateKey);
    expect(signed.signature).toMatchObject({ alg: "Ed25519", keyId: keyIdOf(platform.publicKey) });
    expect(verifyAnchor(signed, platform.publicKey)).toEqual({ valid: true, anchor: signed });
  });

  it("the signature covers the canonical JSON of the statement, so a verifier can check it with any Ed25519 library", async () => {
    const { verify } = await import("node:crypto");
    const signed = signAnchor(statement(7), platform.privateKey);
    // Keys in another order: the canonical form, not the object's order, is what counts.
    const reordered = JSON.parse(
      JSON.stringify({ at: signed.anchor.at, headHash: signed.anchor.headHash, schema: ANCHOR_SCHEMA, headSeq: "7", chainLength: 7 }),
    );
    expect(verify(null, Buffer.from(canonicalJson(reordered)), platform.publicKey, Buffer.from(signed.signature.value, "base64"))).toBe(
      true,
    );
    expect(verifyAnchor({ anchor: reordered, signature: signed.signature }, platform.publicKey).valid).toBe(true);
  });

  it.each([
    ["a shorter chain", { chainLength: 41 }],
    ["another head", { headSeq: "41" }],
    ["another hash", { headHash: "b".repeat(64) }],
    ["another time", { at: "2027-01-01T00:00:00.000Z" }],
  ])("an anchor altered to claim %s no longer verifies", (_what, change) => {
    const signed = signAnchor(statement(42), platform.privateKey);
    const check = verifyAnchor({ ...signed, anchor: { ...signed.anchor, ...change } }, platform.publicKey);
    expect(check).toEqual({ valid: false, reason: expect.stringMatching(/altered or forged/) });
  });

  it("an anchor signed by another key is refused as unknown, even when it names the platform's key id", () => {
    const forged = signAnchor(statement(42), other.privateKey);
    expect(verifyAnchor(forged, platform.publicKey)).toEqual({ valid: false, reason: expect.stringMatching(/unknown key/) });
    const posing = { ...forged, signature: { ...forged.signature, keyId: keyIdOf(platform.publicKey) } };
    expect(verifyAnchor(posing, platform.publicKey)).toEqual({ valid: false, reason: expect.stringMatching(/altered or forged/) });
  });

  it("any key of a list verifies (a rotated key), and bad input is an answer, never an exception", () => {
    const signed = signAnchor(statement(3), platform.privateKey);
    expect(verifyAnchor(signed, [other.publicKey, platform.publicKey]).valid).toBe(true);
    for (const junk of [
      null,
      "anchor",
      { anchor: {} },
      { ...signed, extra: 1 },
      { ...signed, anchor: { ...signed.anchor, headSeq: "-1" } },
    ]) {
      expect(verifyAnchor(junk, platform.publicKey)).toEqual({
        valid: false,
        reason: expect.stringMatching(/not a Likeness audit anchor/),
      });
    }
  });

  it("signing refuses a statement that is not an anchor (a hash that is not SHA-256 hex)", () => {
    expect(() => signAnchor({ ...statement(1), headHash: "nope" }, platform.privateKey)).toThrow();
  });

  it("a stored row reads back as the same signed anchor that verifies; an unsigned row (before signing) reads as none", () => {
    const signed = signAnchor(statement(9, 8), platform.privateKey);
    const row = {
      seq: 9n,
      hash: signed.anchor.headHash,
      eventCount: 8,
      checkedAt: new Date(signed.anchor.at),
      keyId: signed.signature.keyId,
      signature: signed.signature.value,
    };
    expect(signedAnchorOf(row)).toEqual(signed);
    expect(verifyAnchor(signedAnchorOf(row), platform.publicKey).valid).toBe(true);
    expect(signedAnchorOf({ ...row, keyId: null, signature: null })).toBeNull();
  });
});

describe("the anchor file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "likeness-anchors-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is JSON lines, one anchor a line, appended in order; the latest verifying line is the latest anchor", async () => {
    const file = path.join(dir, "sub", "anchors.jsonl");
    expect(await latestFileAnchor(file, platform.publicKey)).toEqual({ anchor: null, problems: [] });
    for (const seq of [1, 2, 3]) await appendAnchorToFile(file, signAnchor(statement(seq), platform.privateKey));
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l).anchor.headSeq)).toEqual(["1", "2", "3"]);
    expect((await latestFileAnchor(file, platform.publicKey)).anchor?.anchor.headSeq).toBe("3");
  });

  it("a forged or cut-short last line is reported, and the newest line that verifies is used", async () => {
    const file = path.join(dir, "tampered.jsonl");
    await appendAnchorToFile(file, signAnchor(statement(10), platform.privateKey));
    const forged = signAnchor(statement(11), other.privateKey);
    await appendFile(file, `${JSON.stringify(forged)}\n{"anchor":{"sche`);
    const latest = await latestFileAnchor(file, platform.publicKey);
    expect(latest.anchor?.anchor.headSeq).toBe("10");
    expect(latest.problems.map((p) => p.kind)).toEqual(["anchor_invalid", "anchor_invalid"]);
    expect(latest.problems[1]).toMatchObject({ seq: "11", detail: expect.stringMatching(/unknown key/) });
  });

  it("finds the latest anchor in a long file by reading only its end", async () => {
    const file = path.join(dir, "long.jsonl");
    const lines = Array.from({ length: 600 }, (_, i) => JSON.stringify(signAnchor(statement(i + 1), platform.privateKey)));
    await writeFile(file, `${lines.join("\n")}\n`);
    expect((await latestFileAnchor(file, platform.publicKey)).anchor?.anchor.headSeq).toBe("600");
  });
});
