import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFsCheckpointStore } from "./fs-checkpoint-store";

const roots: string[] = [];
const newStore = async () => {
  const root = await mkdtemp(path.join(tmpdir(), "ml-store-"));
  roots.push(root);
  return { root, store: createFsCheckpointStore(root) };
};
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

describe("filesystem checkpoint store", () => {
  it("stores bytes under nested keys and overwrites them leaving no temp files", async () => {
    const { root, store } = await newStore();
    await store.put("jobs/j1/model.lkae", new Uint8Array([1, 2, 3]));
    await store.put("jobs/j1/model.lkae", new Uint8Array([4, 5]));
    expect(await store.get("jobs/j1/model.lkae")).toEqual(new Uint8Array([4, 5]));
    expect(await readdir(path.join(root, "jobs/j1"))).toEqual(["model.lkae"]);
  });

  it("returns undefined for a missing key and deletes idempotently", async () => {
    const { store } = await newStore();
    expect(await store.get("nothing.lkae")).toBeUndefined();
    await store.put("a.lkae", new Uint8Array([9]));
    await store.delete("a.lkae");
    await store.delete("a.lkae");
    expect(await store.get("a.lkae")).toBeUndefined();
  });

  it("rejects keys that would escape the store's folder", async () => {
    const { store } = await newStore();
    await expect(store.put("../outside.lkae", new Uint8Array([1]))).rejects.toThrow(/invalid checkpoint key/);
    await expect(store.get("/etc/passwd")).rejects.toThrow(/invalid checkpoint key/);
  });
});
