"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/** Follows the answer as it grows, unless the reader has scrolled up to read something. */
export function useScrollFollow() {
  const bottom = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [scrolledUp, setScrolledUp] = useState(false);

  // After every render: a new token may have made the list taller.
  useEffect(() => {
    if (following.current) bottom.current?.scrollIntoView({ block: "end" });
  });

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    setScrolledUp(!following.current);
  }, []);

  const jumpToLatest = useCallback(() => {
    following.current = true;
    setScrolledUp(false);
    bottom.current?.scrollIntoView({ block: "end" });
  }, []);

  /** A new message was sent: follow its answer again, wherever the reader was. */
  const follow = useCallback(() => {
    following.current = true;
  }, []);

  return { bottom, scroller, scrolledUp, onScroll, jumpToLatest, follow };
}
