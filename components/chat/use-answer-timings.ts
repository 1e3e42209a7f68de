"use client";

import { useCallback, useRef, useState } from "react";
import type { GenerationEvent } from "@/lib/generations/protocol";
import type { AnswerTimings } from "./answer-facts";

/** How long each answer of this visit took to start and to finish, from the moment its message was sent. */
export function useAnswerTimings() {
  const sentAt = useRef(new Map<string, number>());
  const timed = useRef(new Set<string>());
  const [timings, setTimings] = useState<Record<string, AnswerTimings>>({});

  const time = useCallback((id: string, key: keyof AnswerTimings) => {
    const start = sentAt.current.get(id);
    if (start === undefined || timed.current.has(`${id}:${key}`)) return;
    timed.current.add(`${id}:${key}`);
    // Measured once the browser has painted it: what the person actually waited, queue and model loading included.
    requestAnimationFrame(() => setTimings((t) => ({ ...t, [id]: { ...t[id], [key]: Math.round(performance.now() - start) } })));
  }, []);

  /** An event of answer `id` arrived: the first token ends the wait, the final one the whole answer. */
  const timeEvent = useCallback(
    (id: string, event: GenerationEvent) => {
      if (event.type === "token") time(id, "waitedMs");
      if (event.type === "done" || event.type === "stopped") time(id, "tookMs");
    },
    [time],
  );

  const markSent = useCallback((id: string, started: number) => {
    sentAt.current.set(id, started);
  }, []);

  return { timings, timeEvent, markSent };
}
