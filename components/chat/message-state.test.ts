import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import zhCN from "@/lib/i18n/messages/zh-CN.json";
import { applyEvent, type Note, newUiMessage, queueNote } from "./message-state";
import { noteText } from "./note-text";

const english = createTranslator({ locale: "en", messages: en, namespace: "queue" });
const chinese = createTranslator({ locale: "zh-CN", messages: zhCN, namespace: "queue" });
const inEnglish = (note: Note | null) => (note ? noteText(english, note) : null);
const inChinese = (note: Note | null) => (note ? noteText(chinese, note) : null);

const base = newUiMessage({ id: "m1", parentId: null, role: "assistant", content: "", status: "queued" });

describe("applyEvent", () => {
  it("appends tokens and finishes with the stored text", () => {
    let m = applyEvent(base, { type: "started", attempt: 1, promptTokens: 5, contextSize: 512, trimmedTurns: 0 });
    m = applyEvent(m, { type: "token", text: "Hel", attempt: 1 });
    m = applyEvent(m, { type: "token", text: "lo", attempt: 1 });
    expect(m).toMatchObject({ content: "Hello", status: "generating" });
    m = applyEvent(m, { type: "done", content: "Hello", outputTokens: 2, tokensPerSec: 10, firstTokenMs: 3 });
    expect(m).toMatchObject({ status: "done", tokensPerSec: 10 });
  });

  it("drops a failed attempt's words on retry", () => {
    let m = applyEvent(base, { type: "started", attempt: 1, promptTokens: 5, contextSize: 512, trimmedTurns: 0 });
    m = applyEvent(m, { type: "token", text: "first attempt", attempt: 1 });
    m = applyEvent(m, { type: "retrying", attempt: 2, reason: "worker restarted" });
    expect(m.content).toBe("");
    expect(inEnglish(m.note)).toBe("Restarting the answer: the model server stopped while writing it.");
    expect(inChinese(m.note)).toBe("正在重新开始回答：模型服务器在写这条回答时停止了。");
    m = applyEvent(m, { type: "started", attempt: 2, promptTokens: 5, contextSize: 512, trimmedTurns: 0 });
    // The restarted answer says so while it is written again, not only for the moment before it starts.
    expect(inEnglish(m.note)).toMatch(/was started again/);
    m = applyEvent(m, { type: "token", text: "second", attempt: 2 });
    // A late token of the superseded first attempt is not mixed in.
    m = applyEvent(m, { type: "token", text: " stale", attempt: 1 });
    expect(m.content).toBe("second");
  });

  it("keeps the partial answer and the reason on failure", () => {
    const m = applyEvent(base, { type: "failed", content: "partial", error: "The model failed" });
    expect(m).toMatchObject({ status: "failed", content: "partial", error: "The model failed" });
  });
});

describe("waiting with no worker", () => {
  it("says so instead of a place in line", () => {
    const m = applyEvent(base, { type: "queued", position: null, workersOnline: 0 });
    expect(inEnglish(m.note)).toMatch(/No model worker is running/);
    expect(inChinese(m.note)).toMatch(/没有运行中的模型工作进程/);
    expect(inEnglish(applyEvent(base, { type: "queued", position: 2, workersOnline: 1 }).note)).toBe("Waiting in line: #2");
  });
});

describe("a model server that stops responding", () => {
  it("says so under a waiting answer and under a half-written one, and takes it back when the server is back", () => {
    let waiting = applyEvent(base, { type: "queued", position: 1, etaSeconds: 2, workersOnline: 1 });
    waiting = applyEvent(waiting, { type: "server", responding: false });
    expect(inEnglish(waiting.note)).toBe("The model server is not responding — your message is kept and will be answered when it is back.");
    expect(inEnglish(applyEvent(waiting, { type: "server", responding: true }).note)).toBe("Waiting for a free worker…");

    let writing = applyEvent(base, { type: "started", attempt: 1, promptTokens: 5, contextSize: 512, trimmedTurns: 0 });
    writing = applyEvent(writing, { type: "token", text: "half an ans", attempt: 1 });
    writing = applyEvent(writing, { type: "server", responding: false });
    expect(writing).toMatchObject({ status: "generating", content: "half an ans" });
    expect(inChinese(writing.note)).toMatch(/模型服务器没有响应/);
    expect(applyEvent(writing, { type: "server", responding: true }).note).toBeNull();
  });

  it("leaves a finished answer alone", () => {
    const done = applyEvent(base, { type: "done", content: "ok", outputTokens: 1, tokensPerSec: 1, firstTokenMs: 1 });
    expect(applyEvent(done, { type: "server", responding: false }).note).toBeNull();
  });
});

describe("queueNote", () => {
  it("tells the place in line and a rough wait", () => {
    expect(inEnglish(queueNote(1, null))).toBe("Next in line");
    expect(inEnglish(queueNote(3, 42))).toBe("Waiting in line: #3 · about 42 s");
    expect(inEnglish(queueNote(5, 150))).toBe("Waiting in line: #5 · about 3 min");
    expect(inChinese(queueNote(5, 150))).toBe("排队中：第 5 位 · 约 3 分钟");
    expect(inEnglish(queueNote(null, null))).toMatch(/Waiting/);
  });

  it("records the context used and the turns left out", () => {
    const m = applyEvent(base, { type: "started", attempt: 1, promptTokens: 900, contextSize: 1024, trimmedTurns: 2 });
    expect(m.context).toEqual({ promptTokens: 900, contextSize: 1024, trimmedTurns: 2 });
  });
});
