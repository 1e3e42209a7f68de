import { describe, expect, it } from "vitest";
import { dayList, sharedScale, usageSeries } from "./usage-series";

describe("usage series", () => {
  it("lists calendar days across a month end", () => {
    expect(dayList("2026-11-29", 4)).toEqual(["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]);
  });

  it("gives every member a value for every day, zero when idle, and totals", () => {
    const days = dayList("2026-11-27", 3);
    const series = usageSeries(
      [
        { id: "a", name: "Ann" },
        { id: "b", name: "Ben" },
      ],
      [
        { userId: "a", day: "2026-11-27", messages: 2, tokens: 100, generationSeconds: 1.5 },
        { userId: "a", day: "2026-11-29", messages: 1, tokens: 40, generationSeconds: 0.5 },
        { userId: "x", day: "2026-11-28", messages: 9, tokens: 900, generationSeconds: 9 },
      ],
      days,
    );
    expect(series[0]?.days.map((d) => d.tokens)).toEqual([100, 0, 40]);
    expect(series[0]?.totals).toEqual({ messages: 3, tokens: 140, generationSeconds: 2 });
    expect(series[1]?.days.map((d) => d.tokens)).toEqual([0, 0, 0]);
  });
});

describe("the shared scale of the usage charts", () => {
  const series = (name: string, tokens: number[]) =>
    usageSeries(
      [{ id: name, name }],
      tokens.map((t, i) => ({ userId: name, day: `2026-11-0${i + 1}`, messages: 1, tokens: t, generationSeconds: 1 })),
      dayList("2026-11-01", tokens.length),
    );

  it("is the largest day of any member, rounded up to a readable number", () => {
    const members = [...series("Ann", [2062, 10]), ...series("Ben", [1456, 0])];
    expect(sharedScale(members)).toBe(2500);
    expect(sharedScale(series("Cy", [180]))).toBe(200);
    expect(sharedScale(series("Di", [100]))).toBe(100);
    expect(sharedScale(series("Ed", [0, 0]))).toBe(1);
  });
});
