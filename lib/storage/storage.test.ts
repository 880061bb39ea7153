import { describe, expect, it } from "vitest";
import { newDataKey, open, seal, unwrapKey, wrapKey } from "./envelope";
import { sniffType } from "./sniff";

const pad = (head: number[] | string) => {
  const b = Buffer.alloc(64);
  (typeof head === "string" ? Buffer.from(head, "latin1") : Buffer.from(head)).copy(b);
  return b;
};

describe("file type sniffing", () => {
  it.each([
    ["JPEG", pad([0xff, 0xd8, 0xff, 0xe0]), "image/jpeg"],
    ["PNG", pad([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "image/png"],
    ["WebP", pad("RIFF\0\0\0\0WEBPVP8 "), "image/webp"],
    ["MP4", pad("\0\0\0\x20ftypisom"), "video/mp4"],
    ["QuickTime", pad("\0\0\0\x14ftypqt  "), "video/quicktime"],
    ["WebM", pad([0x1a, 0x45, 0xdf, 0xa3]), "video/webm"],
    ["PDF", pad("%PDF-1.7\n"), "application/pdf"],
  ])("recognises %s by its content", (_n, bytes, mime) => {
    expect(sniffType(bytes)?.mime).toBe(mime);
  });

  it("refuses text that merely claims to be an image", () => {
    expect(sniffType(Buffer.from("this is not really a jpeg, just text with a .jpg name"))).toBeNull();
  });

  it("refuses files too short to identify", () => {
    expect(sniffType(Buffer.from([0xff, 0xd8]))).toBeNull();
  });
});

describe("envelope encryption", () => {
  it("round-trips data sealed with a data key", () => {
    const key = newDataKey();
    const data = Buffer.from("reference photo bytes");
    expect(open(key, seal(key, data, "k1"), "k1")).toEqual(data);
  });

  it("cannot open data once the data key is gone (another key fails authentication)", () => {
    const sealed = seal(newDataKey(), Buffer.from("secret"), "k1");
    expect(() => open(newDataKey(), sealed, "k1")).toThrow();
  });

  it("binds the blob key so a file moved under another key is refused", () => {
    const key = newDataKey();
    expect(() => open(key, seal(key, Buffer.from("x"), "a/1"), "a/2")).toThrow();
  });

  it("wraps and unwraps data keys with the master key", () => {
    const master = newDataKey();
    const dataKey = newDataKey();
    expect(unwrapKey(master, wrapKey(master, dataKey))).toEqual(dataKey);
  });
});
