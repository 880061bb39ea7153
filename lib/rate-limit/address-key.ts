import { isIP } from "node:net";

// The rate-limit key of a client address. One IPv6 subscriber is handed a whole
// /64 (2^64 addresses, each a fresh key if counted alone), so IPv6 addresses
// are counted by their /64 prefix; IPv4 addresses are counted one by one.

/** The eight 16-bit groups of an IPv6 address (zone and embedded IPv4 handled), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.split("%")[0]!.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** "203.0.113.9" as is; "2001:db8:0:1:aa::1" as "2001:db8:0:1::/64"; anything else (e.g. "unknown") as is. */
export function rateLimitAddressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address;
  const [a, b, c, d] = groups.map((g) => g.toString(16));
  return `${a}:${b}:${c}:${d}::/64`;
}
