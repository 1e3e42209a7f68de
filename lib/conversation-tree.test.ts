import { describe, expect, it } from "vitest";
import { branchLeaf, branchPath, parentsFirst, siblingsOf } from "./conversation-tree";

// q1 → a1 → q2 → a2, a regenerated a1' beside a1, and an edited q2' (with its answer a2') beside q2.
const messages = [
  { id: "q1", parentId: null },
  { id: "a1", parentId: "q1" },
  { id: "q2", parentId: "a1" },
  { id: "a2", parentId: "q2" },
  { id: "a1b", parentId: "q1" },
  { id: "q2b", parentId: "a1" },
  { id: "a2b", parentId: "q2b" },
];
const ids = (list: { id: string }[]) => list.map((m) => m.id);

describe("message tree", () => {
  it("shows the path to the leaf, and the newest message's path without one", () => {
    expect(ids(branchPath(messages, "a2"))).toEqual(["q1", "a1", "q2", "a2"]);
    expect(ids(branchPath(messages, "a2b"))).toEqual(["q1", "a1", "q2b", "a2b"]);
    expect(ids(branchPath(messages, null))).toEqual(["q1", "a1", "q2b", "a2b"]);
    expect(ids(branchPath(messages, "gone"))).toEqual(["q1", "a1", "q2b", "a2b"]);
  });

  it("lists a message's branches in the order they were made", () => {
    expect(ids(siblingsOf(messages, { id: "a1", parentId: "q1" }))).toEqual(["a1", "a1b"]);
    expect(ids(siblingsOf(messages, { id: "q2b", parentId: "a1" }))).toEqual(["q2", "q2b"]);
  });

  it("finds where a branch ends by following the newest reply", () => {
    expect(branchLeaf(messages, "a1")).toBe("a2b");
    expect(branchLeaf(messages, "q2")).toBe("a2");
    expect(branchLeaf(messages, "a1b")).toBe("a1b");
  });
});

describe("parentsFirst", () => {
  it("lists every branch, each message after its parent, siblings in their order", () => {
    const shuffled = [messages[6], messages[3], messages[0], messages[5], messages[2], messages[1], messages[4]] as typeof messages;
    const ordered = parentsFirst(shuffled);
    expect(ordered).toHaveLength(messages.length);
    const position = new Map(ordered.map((m, i) => [m.id, i]));
    for (const m of ordered) if (m.parentId) expect(position.get(m.parentId)).toBeLessThan(position.get(m.id) as number);
    expect(ids(ordered.filter((m) => m.parentId === "a1"))).toEqual(["q2b", "q2"]);
  });

  it("keeps a message whose parent is missing, as a root", () => {
    expect(
      ids(
        parentsFirst([
          { id: "x", parentId: "gone" },
          { id: "y", parentId: "x" },
        ]),
      ),
    ).toEqual(["x", "y"]);
  });
});
