"use client";
// A modal drawer keeps the keyboard inside it while open (Tab from the last control wraps to the first) and
// hands the focus back to whatever opened it when it closes: nothing behind the backdrop can be reached.
import { type RefObject, useEffect } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

export function useFocusTrap(options: {
  active: boolean;
  container: RefObject<HTMLElement | null>;
  returnTo: RefObject<HTMLElement | null>;
}) {
  const { active, container, returnTo } = options;
  useEffect(() => {
    const box = container.current;
    if (!active || !box) return;
    focusables(box)[0]?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Tab") return;
      const list = focusables(box);
      const first = list[0];
      const last = list.at(-1);
      if (!first || !last) return;
      const current = document.activeElement;
      if (event.shiftKey && (current === first || !box.contains(current))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (current === last || !box.contains(current))) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKeyDown);
    const opener = returnTo.current;
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      opener?.focus();
    };
  }, [active, container, returnTo]);
}
