import { describe, expect, it } from "vitest";
import { dateGroupOf, groupByDate } from "./date-groups";

const now = new Date(2026, 11, 2, 9, 30);
const daysAgo = (days: number, hour = 12) => new Date(2026, 11, 2 - days, hour);

describe("dateGroupOf", () => {
  it("uses calendar days: last night is yesterday even if under 24 hours ago", () => {
    expect(dateGroupOf(new Date(2026, 11, 2, 0, 5), now)).toEqual({ kind: "today" });
    expect(dateGroupOf(new Date(2026, 11, 1, 23, 50), now)).toEqual({ kind: "yesterday" });
  });
  it("puts 2–7 days in previous 7, 8–30 in previous 30, older by month", () => {
    expect(dateGroupOf(daysAgo(2), now).kind).toBe("previous7");
    expect(dateGroupOf(daysAgo(7), now).kind).toBe("previous7");
    expect(dateGroupOf(daysAgo(8), now).kind).toBe("previous30");
    expect(dateGroupOf(daysAgo(30), now).kind).toBe("previous30");
    expect(dateGroupOf(daysAgo(31), now)).toEqual({ kind: "month", year: 2026, month: 10 });
    expect(dateGroupOf(new Date(2025, 0, 15), now)).toEqual({ kind: "month", year: 2025, month: 0 });
  });
  it("treats a time ahead of the browser clock as today", () => {
    expect(dateGroupOf(new Date(2026, 11, 3, 1), now)).toEqual({ kind: "today" });
  });
});

describe("groupByDate", () => {
  it("keeps the order and starts a group at each change", () => {
    const items = [daysAgo(0), daysAgo(1), daysAgo(3), daysAgo(40), daysAgo(45), daysAgo(80)].map((d, i) => ({
      id: String(i),
      updatedAt: d.toISOString(),
    }));
    const groups = groupByDate(items, now);
    expect(groups.map((g) => [g.key.kind, g.items.map((x) => x.id).join("")])).toEqual([
      ["today", "0"],
      ["yesterday", "1"],
      ["previous7", "2"],
      ["month", "34"],
      ["month", "5"],
    ]);
  });
});
