import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddressFrom, resolveClientAddress, trustedProxyHops, UNKNOWN_ADDRESS } from "./client-address";

describe("client address", () => {
  it("without a trusted proxy is the socket's peer, whatever X-Forwarded-For a client sends", () => {
    expect(resolveClientAddress("203.0.113.7", "1.1.1.1, 2.2.2.2", 0)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:203.0.113.7", undefined, 0)).toBe("203.0.113.7");
    expect(resolveClientAddress("2001:db8::1", "9.9.9.9", 0)).toBe("2001:db8::1");
    expect(resolveClientAddress(undefined, "9.9.9.9", 0)).toBe(UNKNOWN_ADDRESS);
  });

  it("behind one trusted proxy is the entry that proxy appended, not the forged ones before it", () => {
    // The client forged "6.6.6.6"; the proxy (peer 10.0.0.2) appended the address it saw.
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.4", 1)).toBe("198.51.100.4");
    expect(resolveClientAddress("10.0.0.2", ["6.6.6.6", "198.51.100.4"], 1)).toBe("198.51.100.4");
  });

  it("behind two trusted proxies counts two hops from the right, skipping entries that are not addresses", () => {
    expect(resolveClientAddress("10.0.0.3", "6.6.6.6, 198.51.100.4, not-an-ip, 10.0.0.2", 2)).toBe("198.51.100.4");
  });

  it("with a chain shorter than the trusted hops falls back to the leftmost address there is", () => {
    expect(resolveClientAddress("10.0.0.2", "", 3)).toBe("10.0.0.2");
    expect(resolveClientAddress("10.0.0.2", "198.51.100.4", 3)).toBe("198.51.100.4");
  });

  it("reads the hop count strictly from the environment", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops(" ")).toBe(0);
    expect(trustedProxyHops("2")).toBe(2);
    expect(() => trustedProxyHops("yes")).toThrow(/LIKENESS_TRUSTED_PROXIES/);
    expect(() => trustedProxyHops("-1")).toThrow(/LIKENESS_TRUSTED_PROXIES/);
    expect(() => trustedProxyHops("1.5")).toThrow(/LIKENESS_TRUSTED_PROXIES/);
  });

  it("is read from the server's header only, never from X-Forwarded-For", () => {
    expect(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7", "x-forwarded-for": "6.6.6.6" }))).toBe("203.0.113.7");
    expect(clientAddressFrom(new Headers({ "x-forwarded-for": "6.6.6.6" }))).toBe(UNKNOWN_ADDRESS);
  });
});
