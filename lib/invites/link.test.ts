import { describe, expect, it } from "vitest";
import { isLoopback } from "./link";

describe("isLoopback", () => {
  it("knows the addresses only the server itself can open", () => {
    for (const url of [
      "http://localhost:3000/i",
      "http://127.0.0.1:3000/",
      "http://127.8.0.1/",
      "http://[::1]:3000/",
      "http://0.0.0.0:3000/",
    ])
      expect(isLoopback(url), url).toBe(true);
    for (const url of ["http://192.168.1.20:3000/", "https://hearth.example.org/", "http://hearth.local:3000/", "http://[fd00::1]/"])
      expect(isLoopback(url), url).toBe(false);
  });
});
