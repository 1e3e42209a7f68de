import { describe, expect, it } from "vitest";
import { hashQueryAt, matchingCollections, withoutQuery } from "./hash-query";

describe("hashQueryAt", () => {
  it("finds the # query before the caret, spaces included", () => {
    expect(hashQueryAt("#Hou", 4)).toEqual({ start: 0, end: 4, text: "Hou" });
    expect(hashQueryAt("look in #House ma", 17)).toEqual({ start: 8, end: 17, text: "House ma" });
    expect(hashQueryAt("#", 1)).toEqual({ start: 0, end: 1, text: "" });
  });

  it("ignores a # inside a word, on an earlier line, or after the caret", () => {
    expect(hashQueryAt("issue#12", 8)).toBeNull();
    expect(hashQueryAt("#House\nnext", 11)).toBeNull();
    expect(hashQueryAt("ask #House", 3)).toBeNull();
  });
});

describe("matchingCollections", () => {
  const all = [{ name: "School" }, { name: "House manuals" }, { name: "Lighthouse trips" }];

  it("puts names that start with the query before names that contain it, case-insensitively", () => {
    expect(matchingCollections(all, "hou").map((c) => c.name)).toEqual(["House manuals", "Lighthouse trips"]);
    expect(matchingCollections(all, "").length).toBe(3);
    expect(matchingCollections(all, "zzz")).toEqual([]);
  });
});

describe("withoutQuery", () => {
  it("takes the #query out of the text", () => {
    expect(withoutQuery("How do I #Hou", { start: 9, end: 13, text: "Hou" })).toBe("How do I ");
    expect(withoutQuery("#Hou how?", { start: 0, end: 4, text: "Hou" })).toBe(" how?");
  });
});
