"use client";
// A popover's way out, as people expect from any menu: Escape (focus goes back to the button that opened
// it) or a press anywhere outside it.
import { type RefObject, useEffect } from "react";

export function useDismiss(options: {
  open: boolean;
  onClose: () => void;
  /** The popover and the button that toggles it: a press on either is not "outside". */
  inside: RefObject<HTMLElement | null>[];
  /** Gets the focus back after Escape, so the keyboard does not land at the top of the page. */
  returnFocusTo: RefObject<HTMLElement | null>;
}): void {
  const { open, onClose, inside, returnFocusTo } = options;
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.isComposing) return;
      event.stopPropagation();
      onClose();
      returnFocusTo.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!inside.some((ref) => ref.current?.contains(target))) onClose();
    };
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, [open, onClose, inside, returnFocusTo]);
}
