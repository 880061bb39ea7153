import { describe, expect, it } from "vitest";
import { rateLimitAddressKey } from "./address-key";

describe("rate-limit address key", () => {
  it("keeps IPv4 addresses and anything that is not an address as they are", () => {
    expect(rateLimitAddressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(rateLimitAddressKey("unknown")).toBe("unknown");
  });

  it("groups IPv6 addresses by their /64, however they are written", () => {
    const key = "2001:db8:0:1::/64";
    expect(rateLimitAddressKey("2001:db8:0:1::1")).toBe(key);
    expect(rateLimitAddressKey("2001:0DB8:0000:0001:ffff:ffff:ffff:ffff")).toBe(key);
    expect(rateLimitAddressKey("2001:db8:0:1:a:b:c:d%eth0")).toBe(key);
    expect(rateLimitAddressKey("2001:db8:0:2::1")).toBe("2001:db8:0:2::/64");
    expect(rateLimitAddressKey("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitAddressKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });
});
