import { describe, expect, it } from "vitest";
import { parseTrustedProxies, resolveClientAddress } from "./client-address";

const resolve = (trusted: string, peer: string, forwardedFor?: string) =>
  resolveClientAddress({ peer, forwardedFor, trusted: parseTrustedProxies(trusted) });

describe("client address", () => {
  it("trusts no forwarded header by default: the peer is the client", () => {
    expect(resolve("", "198.51.100.7", "203.0.113.1")).toBe("198.51.100.7");
    expect(resolve("0", "::ffff:198.51.100.7", "203.0.113.1")).toBe("198.51.100.7");
  });

  it("with N proxies in front, takes the entry the outermost proxy saw", () => {
    expect(resolve("1", "10.0.0.2", "203.0.113.1, 198.51.100.7")).toBe("198.51.100.7");
    expect(resolve("2", "10.0.0.2", "203.0.113.1, 198.51.100.7, 10.0.0.1")).toBe("198.51.100.7");
    // Fewer entries than proxies: the leftmost there is, never an empty or made-up one.
    expect(resolve("3", "10.0.0.2", "198.51.100.7")).toBe("198.51.100.7");
    expect(resolve("1", "10.0.0.2")).toBe("10.0.0.2");
  });

  it("with proxy addresses, believes only what those proxies wrote", () => {
    expect(resolve("10.0.0.0/8", "10.0.0.2", "203.0.113.1, 198.51.100.7, 10.0.0.1")).toBe("198.51.100.7");
    expect(resolve("10.0.0.0/8", "198.51.100.9", "203.0.113.1")).toBe("198.51.100.9");
    expect(resolve("127.0.0.1, ::1", "::1", "[2001:db8::5]:443")).toBe("2001:db8::5");
    expect(resolve("127.0.0.1", "127.0.0.1", "198.51.100.7:51234")).toBe("198.51.100.7");
  });

  it("refuses a setting that names no address", () => {
    expect(() => parseTrustedProxies("10.0.0.0/99")).toThrow();
    expect(() => parseTrustedProxies("proxy.local")).toThrow();
  });
});
