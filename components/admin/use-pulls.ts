"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../ui/api";

export type PullRow = {
  id: string;
  repo: string;
  file: string;
  status: "queued" | "downloading" | "verifying" | "done" | "failed" | "cancelled";
  totalBytes: number | null;
  downloadedBytes: number;
  speed: number | null;
  error: string | null;
  modelId: string | null;
};

const ACTIVE = new Set(["queued", "downloading", "verifying"]);
const POLL_MS = 700;

/** The pulls as the server knows them, polled while any is running; `onInstalled` fires when one finishes. */
export function usePulls(onInstalled: () => void) {
  const [pulls, setPulls] = useState<PullRow[]>([]);
  const seenActive = useRef(new Set<string>());
  const installed = useRef(onInstalled);
  installed.current = onInstalled;

  const refresh = useCallback(async () => {
    const { pulls: latest } = await api<{ pulls: PullRow[] }>("/api/admin/pulls");
    setPulls(latest);
    let finished = false;
    for (const p of latest) {
      if (ACTIVE.has(p.status)) seenActive.current.add(p.id);
      else if (seenActive.current.delete(p.id) && p.status === "done") finished = true;
    }
    if (finished) installed.current();
    return latest;
  }, []);

  const running = pulls.some((p) => ACTIVE.has(p.status));
  useEffect(() => {
    void refresh().catch(() => {});
  }, [refresh]);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void refresh().catch(() => {}), POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  return { pulls, refresh };
}
