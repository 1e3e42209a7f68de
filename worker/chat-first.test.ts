import { describe, expect, it } from "vitest";
import { ChatActivity } from "./chat-first";

describe("ChatActivity", () => {
  it("is busy from an answer's begin to its end, counting answers, each ended once", () => {
    const chat = new ChatActivity();
    const endA = chat.begin();
    const endB = chat.begin();
    endA();
    endA();
    expect(chat.busy).toBe(true);
    endB();
    expect(chat.busy).toBe(false);
  });

  it("lets background work go on the moment the last answer ends", async () => {
    const chat = new ChatActivity();
    const end = chat.begin();
    let stepped = false;
    const step = chat.stepAside(10_000).then(() => {
      stepped = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(stepped).toBe(false);
    end();
    await step;
    expect(stepped).toBe(true);
  });

  it("waits at most the bound under constant chat, and not at all when no answer runs", async () => {
    const chat = new ChatActivity();
    let started = performance.now();
    await chat.stepAside(10_000);
    expect(performance.now() - started).toBeLessThan(1000);
    chat.begin();
    started = performance.now();
    await chat.stepAside(80);
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
  });

  it("lets an answer start computing only once the background step in flight is over", async () => {
    const chat = new ChatActivity();
    const order: string[] = [];
    const step = chat.backgroundStep(10_000, async () => {
      await new Promise((r) => setTimeout(r, 50));
      order.push("step");
    });
    await new Promise((r) => setTimeout(r, 10));
    chat.begin();
    await chat.backgroundSettled();
    order.push("answer");
    await step;
    expect(order).toEqual(["step", "answer"]);
  });

  it("holds the next background step back while an answer runs", async () => {
    const chat = new ChatActivity();
    const end = chat.begin();
    let ran = false;
    const step = chat.backgroundStep(10_000, async () => {
      ran = true;
    });
    await chat.backgroundSettled();
    await new Promise((r) => setTimeout(r, 30));
    expect(ran).toBe(false);
    end();
    await step;
    expect(ran).toBe(true);
  });
});
