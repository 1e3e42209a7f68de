import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { checkOutboundUrl, hubFetch, isNonPublicAddress, publicOnlyLookup } from "./guard";

describe("isNonPublicAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:8.8.8.8",
    // IPv4-compatible ::/96 (here 127.0.0.1 and 10.0.0.1).
    "::7f00:1",
    "::a00:1",
    // 6to4 2002::/16 wrapping 127.0.0.1 and 192.168.1.1.
    "2002:7f00:1::1",
    "2002:c0a8:101::1",
    // Local-use NAT64 64:ff9b:1::/48 and the well-known 64:ff9b::/96.
    "64:ff9b:1::a00:1",
    "64:ff9b:1:ffff::1",
    "64:ff9b::7f00:1",
    "not an address",
  ])("refuses %s", (ip) => expect(isNonPublicAddress(ip)).toBe(true));

  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])("allows %s", (ip) => expect(isNonPublicAddress(ip)).toBe(false));
});

describe("checkOutboundUrl", () => {
  const publicHub = new URL("https://huggingface.co/");
  const localHub = new URL("http://127.0.0.1:8080/");

  it("allows the configured Hub even on loopback (a local mirror or the test stand-in)", async () => {
    await expect(checkOutboundUrl(new URL("http://127.0.0.1:8080/a/b"), localHub)).resolves.toBeUndefined();
  });

  it("refuses another port or host on loopback, private ranges, mapped IPv6 and plain http elsewhere", async () => {
    for (const url of [
      "http://127.0.0.1:9090/x",
      "https://127.0.0.1:9090/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://[::1]/x",
      "https://169.254.169.254/latest/meta-data",
      "https://192.168.0.10/x",
      "http://8.8.8.8/x",
      "ftp://huggingface.co/x",
      "https://user:pw@8.8.8.8/x",
    ]) {
      await expect(checkOutboundUrl(new URL(url), localHub), url).rejects.toThrow(
        /^pull(ProtocolRefused|CredentialsRefused|PlainHttpRefused|PrivateNetwork|OnlyHub)$/,
      );
    }
  });

  it("allows a public https redirect target (the Hub's CDN)", async () => {
    await expect(checkOutboundUrl(new URL("https://8.8.8.8/file"), publicHub)).resolves.toBeUndefined();
  });
});

describe("the connection itself", () => {
  it("refuses a name that resolves to this network when the socket connects, and never reaches it", async () => {
    let connections = 0;
    const canary = http.createServer((_req, res) => res.end("canary"));
    canary.on("connection", () => connections++);
    await new Promise<void>((resolve) => canary.listen(0, "127.0.0.1", resolve));
    const { port } = canary.address() as AddressInfo;
    try {
      // "localhost" is checked only at connect time here: the lookup is what refuses it.
      const refused = await new Promise<unknown>((resolve) => {
        http.get({ host: "localhost", port, lookup: publicOnlyLookup }, () => resolve("connected")).on("error", (error) => resolve(error));
      });
      expect(refused).toMatchObject({ key: "pullPrivateNetwork", values: { host: "localhost" } });
      // A redirect from a public Hub to a name on this network is refused too.
      await expect(hubFetch(new URL(`http://localhost:${port}/x`), new URL(`http://localhost:${port + 1}/`))).rejects.toThrow(
        /pullOnlyHub/,
      );
      expect(connections).toBe(0);
    } finally {
      canary.close();
    }
  });

  it("answers through node:http with the status, headers and body of the configured Hub", async () => {
    const hub = http.createServer((_req, res) => res.writeHead(206, { "content-range": "bytes 0-1/9" }).end("ab"));
    await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    const url = new URL(`http://127.0.0.1:${(hub.address() as AddressInfo).port}/`);
    try {
      const { response } = await hubFetch(new URL("f", url), url);
      expect([response.status, response.headers.get("content-range"), await response.text()]).toEqual([206, "bytes 0-1/9", "ab"]);
    } finally {
      hub.close();
    }
  });
});
