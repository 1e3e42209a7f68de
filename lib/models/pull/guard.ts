// Outbound requests for pulls: only to the configured Hub (and, on a redirect, to public hosts such as the
// Hub's CDN), never to this network's own addresses unless the configured Hub itself lives there.
import dns from "node:dns/promises";
import net from "node:net";
import { AppError } from "../../errors";

const blocked = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  blocked.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(address, prefix, "ipv6");

/** Loopback, private, link-local, multicast, reserved, or an IPv4 address wrapped in IPv6. */
export function isNonPublicAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, "ipv4");
  if (family === 6) {
    // IPv4-mapped (::ffff:a.b.c.d) is refused outright; BlockList would also match plain IPv4 against it.
    if (/^::ffff:/i.test(new URL(`http://[${ip}]`).hostname.slice(1, -1))) return true;
    return blocked.check(ip, "ipv6");
  }
  return true;
}

async function addressesOf(hostname: string): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(bare)) return [bare];
  try {
    return (await dns.lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    throw new AppError("unavailable", "pullHostUnknown", { host: bare });
  }
}

/**
 * Refuses a URL a pull must not contact. The Hub's own origin is always allowed (it may be a local
 * mirror or the test stand-in); any other host must be https and resolve only to public addresses.
 */
export async function checkOutboundUrl(url: URL, hub: URL): Promise<void> {
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new AppError("bad_request", "pullProtocolRefused", { protocol: url.protocol });
  if (url.username || url.password) throw new AppError("bad_request", "pullCredentialsRefused");
  if (url.origin === hub.origin) return;
  if (url.protocol !== "https:") throw new AppError("bad_request", "pullPlainHttpRefused", { host: url.host });
  const addresses = await addressesOf(url.hostname);
  const bad = addresses.find(isNonPublicAddress);
  if (bad) throw new AppError("bad_request", "pullPrivateNetwork", { host: url.host, address: bad });
}

const MAX_REDIRECTS = 5;

/**
 * fetch() that starts at the Hub and re-checks every redirect before following it. Returns the final
 * response and its URL.
 */
export async function hubFetch(start: URL, hub: URL, init: RequestInit = {}): Promise<{ response: Response; url: URL }> {
  if (start.origin !== hub.origin) throw new AppError("bad_request", "pullOnlyHub", { host: start.host, hub: hub.host });
  let url = start;
  for (let hop = 0; ; hop++) {
    await checkOutboundUrl(url, hub);
    // no-store: never kept by the web server's fetch cache.
    const response = await fetch(url, { ...init, redirect: "manual", cache: "no-store" }).catch((error: Error) => {
      throw new AppError("unavailable", "hubUnreachable", {
        host: url.host,
        detail: error.cause instanceof Error ? error.cause.message : error.message,
      });
    });
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) return { response, url };
    discardBody(response);
    if (hop >= MAX_REDIRECTS) throw new AppError("unavailable", "hubTooManyRedirects");
    url = new URL(location, url);
  }
}

/**
 * Drops a response body without waiting: in the web server fetch may tee the body (for its cache), and
 * cancelling one branch of a tee only settles once the other branch is cancelled too.
 */
export function discardBody(response: Response): void {
  void response.body?.cancel().catch(() => {});
}
