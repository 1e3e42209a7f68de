// Which address a request really comes from. X-Forwarded-For is whatever the client wrote unless a proxy we
// trust wrote (the end of) it, so the header is read only as far as HEARTH_TRUSTED_PROXIES allows: by
// default not at all, and the TCP peer is the client.
import { BlockList, isIP } from "node:net";

/** Set on every request by the server itself (instrumentation.ts); a client's own copy is overwritten. */
export const CLIENT_ADDRESS_HEADER = "x-hearth-client-address";

export type TrustedProxies = { hops: number } | { addresses: BlockList };

/** "" or "0": none; a number: that many proxies in front; otherwise addresses or CIDR ranges, comma-separated. */
export function parseTrustedProxies(value: string): TrustedProxies {
  const text = value.trim();
  if (/^\d+$/.test(text)) return { hops: Number(text) };
  const addresses = new BlockList();
  for (const entry of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [ip = "", bits] = entry.split("/");
    const family = isIP(ip);
    if (!family) throw new Error(`not an address or CIDR range: ${entry}`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) addresses.addAddress(ip, type);
    else addresses.addSubnet(ip, Number(bits), type);
  }
  return { addresses };
}

/** "::ffff:10.0.0.1" and "10.0.0.1" are one client; "[::1]:443" and "10.0.0.1:80" (as some proxies write) too. */
function normalize(raw: string): string {
  let address = raw.trim();
  const bracketed = address.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  if (address.toLowerCase().startsWith("::ffff:") && isIP(address.slice(7)) === 4) address = address.slice(7);
  return address;
}

function trusts(trusted: TrustedProxies, address: string): boolean {
  if ("hops" in trusted) return false;
  const family = isIP(address);
  return family !== 0 && trusted.addresses.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client of a request that reached us from `peer` carrying `forwardedFor`. Read from the right: each
 * trusted proxy vouches for the entry before it; the first address no trusted proxy vouches for is the client.
 */
export function resolveClientAddress(input: {
  peer: string | undefined;
  forwardedFor: string | undefined;
  trusted: TrustedProxies;
}): string {
  const peer = normalize(input.peer ?? "") || "unknown";
  const forwarded = (input.forwardedFor ?? "").split(",").map(normalize).filter(Boolean);
  const chain = [...forwarded, peer];
  if ("hops" in input.trusted) return chain[Math.max(0, chain.length - 1 - input.trusted.hops)] ?? peer;
  let i = chain.length - 1;
  while (i > 0 && trusts(input.trusted, chain[i] ?? "")) i--;
  return chain[i] ?? peer;
}

/** The address the server stamped on the request; "unknown" where nothing did (never the client's word). */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined> | undefined): string {
  const raw = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers?.[CLIENT_ADDRESS_HEADER];
  return (Array.isArray(raw) ? raw[0] : raw) || "unknown";
}
