import { describe, expect, it } from "vitest";
import { audiencesFor, mayUseCollection } from "./audience";

describe("collection audience", () => {
  it("lets a child use only collections for everyone", () => {
    expect(audiencesFor("child")).toEqual(["everyone"]);
    expect(mayUseCollection("child", "adults")).toBe(false);
    expect(mayUseCollection("child", "everyone")).toBe(true);
  });

  it("lets members and the admin use every collection", () => {
    for (const role of ["member", "admin"]) {
      expect(mayUseCollection(role, "adults")).toBe(true);
      expect(mayUseCollection(role, "everyone")).toBe(true);
    }
  });
});
