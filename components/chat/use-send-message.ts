"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { GenerationEvent, SentEvent } from "@/lib/generations/protocol";
import { useErrorText } from "../i18n/use-error-text";
import type { UiMessage } from "./message-state";
import { sendWithStream } from "./send";
import type { SendTarget } from "./send-target";
import { useGeneration } from "./use-generation";

/**
 * Sends messages and brings the active answer's events to `applyTo`: over the stream the send answered
 * with, and over the events route (from the last event seen) when there is no such stream or it ended early.
 */
export function useSendMessage(args: {
  active: UiMessage | null;
  applyTo: (id: string, event: GenerationEvent) => void;
  flush: () => void;
  /** The server stored the send; `started` is when it was sent (performance.now()). */
  onSent: (sent: SentEvent, target: SendTarget, started: number) => void;
  setError: (error: string | null) => void;
}) {
  const { active, applyTo, flush, onSent, setError } = args;
  const errorText = useErrorText();
  const [sending, setSending] = useState(false);
  // The generation whose events arrive on the stream its send answered with; the events route takes over
  // (from the last event seen) only if that stream ends early.
  const [relayedBySend, setRelayedBySend] = useState<string | null>(null);
  const resumeAfter = useRef("");
  const sendAborts = useRef(new AbortController());
  useEffect(() => () => sendAborts.current.abort(), []);

  const onEvent = useCallback((event: GenerationEvent) => active && applyTo(active.id, event), [active, applyTo]);
  useGeneration(active && active.id !== relayedBySend ? active.id : null, onEvent, () => resumeAfter.current);

  async function sendTo(target: SendTarget): Promise<boolean> {
    setError(null);
    setSending(true);
    const started = performance.now();
    try {
      let generationId = "";
      await sendWithStream(
        target.url,
        target.body,
        {
          onSent: (sent) => {
            generationId = sent.generationId;
            resumeAfter.current = "";
            setRelayedBySend(sent.generationId);
            onSent(sent, target, started);
          },
          onEvent: (event) => applyTo(generationId, event),
          onEnd: ({ lastId }) => {
            // The final event (if it came) is shown in the same render that hands over to the events route.
            flush();
            resumeAfter.current = lastId;
            setRelayedBySend((current) => (current === generationId ? null : current));
          },
        },
        sendAborts.current.signal,
      );
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setSending(false);
    }
  }

  return { sending, sendTo };
}
