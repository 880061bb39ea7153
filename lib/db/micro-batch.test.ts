import { describe, expect, it } from "vitest";
import { microBatch, perClient } from "./micro-batch";

describe("microBatch", () => {
  it("answers the calls of one loop turn with one load, each with its own value in order", async () => {
    const loads: number[][] = [];
    const double = microBatch(async (keys: readonly number[]) => {
      loads.push([...keys]);
      return keys.map((k) => k * 2);
    });
    const answers = await Promise.all([1, 2, 3, 2].map((k) => double(k)));
    expect(answers).toEqual([2, 4, 6, 4]);
    expect(loads).toEqual([[1, 2, 3, 2]]);
  });

  it("starts a new batch for calls made after the previous one was sent", async () => {
    const loads: number[][] = [];
    const same = microBatch(async (keys: readonly number[]) => {
      loads.push([...keys]);
      return keys;
    });
    await same(1);
    await Promise.all([same(2), same(3)]);
    expect(loads).toEqual([[1], [2, 3]]);
  });

  it("splits a turn's calls into loads of at most maxBatch keys", async () => {
    const sizes: number[] = [];
    const id = microBatch(
      async (keys: readonly number[]) => {
        sizes.push(keys.length);
        return keys;
      },
      { maxBatch: 4 },
    );
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => id(i)));
    expect(answers).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it("fails every call of a batch whose load fails, and the next batch runs again", async () => {
    let fail = true;
    const flaky = microBatch(async (keys: readonly string[]) => {
      if (fail) throw new Error("database went away");
      return keys.map((k) => k.toUpperCase());
    });
    const failed = await Promise.allSettled([flaky("a"), flaky("b")]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    fail = false;
    await expect(flaky("c")).resolves.toBe("C");
  });

  it("refuses a load that answers the wrong number of values instead of mixing up answers", async () => {
    const broken = microBatch(async (keys: readonly number[]) => keys.slice(1));
    await expect(Promise.all([broken(1), broken(2)])).rejects.toThrow(/answered 1 values for 2 keys/);
  });
});

describe("perClient", () => {
  it("keeps one batcher per client, so two databases never share a query", async () => {
    const seen: Array<{ client: string; keys: number[] }> = [];
    const load = perClient((client: { name: string }) =>
      microBatch(async (keys: readonly number[]) => {
        seen.push({ client: client.name, keys: [...keys] });
        return keys;
      }),
    );
    const a = { name: "a" };
    const b = { name: "b" };
    await Promise.all([load(a, 1), load(b, 2), load(a, 3)]);
    expect(seen).toEqual([
      { client: "a", keys: [1, 3] },
      { client: "b", keys: [2] },
    ]);
  });
});
