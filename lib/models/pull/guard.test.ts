import { describe, expect, it } from "vitest";
import { checkOutboundUrl, isNonPublicAddress } from "./guard";

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
