// Outbound requests for pulls: only to the configured Hub (and, on a redirect, to public hosts such as the
// Hub's CDN), never to this network's own addresses unless the configured Hub itself lives there.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Readable } from "node:stream";
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
  // IPv4-compatible (deprecated) addresses, :: and ::1 among them.
  ["::", 96],
  // NAT64 (well-known and local-use) and 6to4 embed an IPv4 address that may be this network's own.
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["2002::", 16],
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
    return (await dns.promises.lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
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

/**
 * A `lookup` for sockets that may not reach this network: it refuses a name that resolves to a non-public
 * address at the moment of connecting, so a DNS answer that changes after checkOutboundUrl looked cannot
 * lead anywhere the check would have refused. (An IP literal skips lookup; checkOutboundUrl refuses those.)
 */
export const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const bad = addresses.find((a) => isNonPublicAddress(a.address));
    if (bad) {
      const refusal = new AppError("bad_request", "pullPrivateNetwork", { host: hostname, address: bad.address });
      return callback(Object.assign(refusal, { code: "EHEARTHREFUSED" }) as unknown as NodeJS.ErrnoException, "", 0);
    }
    const first = addresses[0];
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    if (!first) return callback(new Error(`no address for ${hostname}`), "", 0);
    callback(null, first.address, first.family);
  });
};

const MAX_REDIRECTS = 5;
const IDLE_TIMEOUT_MS = 30_000;

export type HubRequestInit = { headers?: Record<string, string>; signal?: AbortSignal };

/**
 * One request, never following a redirect, over node:http(s) rather than fetch(): fetch (undici, and
 * node-llama-cpp's downloader on top of it) takes no `lookup`, so the address it connects to could not be
 * checked. The configured Hub may live on this network (a mirror, the test stand-in); any other host gets
 * publicOnlyLookup.
 */
function requestOnce(url: URL, hub: URL, init: HubRequestInit): Promise<Response> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: "GET",
      headers: { "user-agent": "Hearth", ...init.headers },
      signal: init.signal,
      ...(url.origin === hub.origin ? {} : { lookup: publicOnlyLookup }),
    });
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error(`no answer for ${IDLE_TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => reject(error instanceof AppError ? error : hubUnreachable(url, error)));
    request.on("response", (incoming) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      incoming.on("error", () => {});
      const status = incoming.statusCode ?? 502;
      const empty = status === 204 || status === 304;
      if (empty) incoming.resume();
      const body = empty ? null : (Readable.toWeb(incoming) as unknown as ReadableStream<Uint8Array>);
      resolve(new Response(body, { status, headers }));
    });
    request.end();
  });
}

function hubUnreachable(url: URL, error: Error): AppError {
  return new AppError("unavailable", "hubUnreachable", { host: url.host, detail: error.message });
}

/**
 * A GET that starts at the Hub and re-checks every redirect before following it. Returns the final
 * response and its URL.
 */
export async function hubFetch(start: URL, hub: URL, init: HubRequestInit = {}): Promise<{ response: Response; url: URL }> {
  if (start.origin !== hub.origin) throw new AppError("bad_request", "pullOnlyHub", { host: start.host, hub: hub.host });
  let url = start;
  for (let hop = 0; ; hop++) {
    await checkOutboundUrl(url, hub);
    const response = await requestOnce(url, hub, init);
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) return { response, url };
    discardBody(response);
    if (hop >= MAX_REDIRECTS) throw new AppError("unavailable", "hubTooManyRedirects");
    url = new URL(location, url);
  }
}

/** Drops a response body without waiting for it. */
export function discardBody(response: Response): void {
  void response.body?.cancel().catch(() => {});
}
