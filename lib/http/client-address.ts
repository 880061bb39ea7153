import { isIP } from "node:net";

// Which address a request came from, for the consent record, the audit log and
// the verify rate limit. X-Forwarded-For is written by whoever sends the
// request: its first entry is whatever a client chose, so it can neither be
// evidence nor a rate-limit key. The web server (scripts/web-server.ts) takes
// the socket's peer address and, behind proxies it is told to trust
// (LIKENESS_TRUSTED_PROXIES = how many), the entry the nearest trusted proxy
// appended, and passes it on in CLIENT_ADDRESS_HEADER, replacing any header
// of that name that came from outside.
export const CLIENT_ADDRESS_HEADER = "x-likeness-client-address";
export const TRUSTED_PROXIES_ENV = "LIKENESS_TRUSTED_PROXIES";
export const UNKNOWN_ADDRESS = "unknown";
const MAX_TRUSTED_PROXIES = 10;

/** The number of trusted proxy hops from the environment (0 when unset); throws on anything else than 0..10. */
export function trustedProxyHops(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return 0;
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 0 || hops > MAX_TRUSTED_PROXIES) {
    throw new Error(`${TRUSTED_PROXIES_ENV} must be a whole number of proxy hops from 0 to ${MAX_TRUSTED_PROXIES}, got "${raw}"`);
  }
  return hops;
}

/** "::ffff:1.2.3.4" is an IPv4 peer on a dual-stack socket: record it as 1.2.3.4. */
function normalise(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return v4 ? v4[1]! : address;
}

/**
 * The client's address: with no trusted proxy the socket's peer; with n, the
 * X-Forwarded-For entry that the n-th proxy from us appended (each proxy
 * appends the address it saw). Entries that are not IP addresses are skipped
 * as forged; a chain shorter than n yields the leftmost address there is.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  const peer = socketAddress ? normalise(socketAddress) : UNKNOWN_ADDRESS;
  if (hops === 0) return peer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((e) => normalise(e.trim()))
    .filter((e) => isIP(e) !== 0);
  // The chain as seen from here: the client ... proxies, then the peer (the nearest proxy).
  const chain = [...entries, peer];
  return chain[Math.max(0, chain.length - 1 - hops)]!;
}

/** The address the web server resolved, read from the request headers (UNKNOWN_ADDRESS outside it). */
export function clientAddressFrom(headers: { get(name: string): string | null }): string {
  return headers.get(CLIENT_ADDRESS_HEADER)?.trim() || UNKNOWN_ADDRESS;
}
