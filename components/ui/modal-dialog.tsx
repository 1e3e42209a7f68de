"use client";
// A modal dialog over a dimmed page: a press on the backdrop or Escape closes it, and Tab stays inside it. Both
// keys stop here, so nothing behind the dialog (a phone drawer's own focus trap, a page shortcut) acts on them too.
import { type ReactNode, useRef } from "react";

const FOCUSABLE = "input, select, a, button:not([disabled])";

export function ModalDialog(props: {
  /** The dialog's name: its own words (label) or the id of its heading (labelledBy). */
  label?: string;
  labelledBy?: string;
  /** The backdrop's name for screen readers: it is a Close button. */
  closeLabel: string;
  /** Width, padding and spacing of the box. */
  className: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-black/40 p-4 pt-[10vh]">
      <button type="button" aria-label={props.closeLabel} className="absolute inset-0 cursor-default" onClick={props.onClose} />
      <div
        ref={dialog}
        role="dialog"
        aria-modal="true"
        aria-label={props.label}
        aria-labelledby={props.labelledBy}
        className={`relative w-full rounded-xl bg-white shadow-xl dark:bg-zinc-900 ${props.className}`}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.stopPropagation();
            props.onClose();
          }
          if (event.key === "Tab") {
            event.stopPropagation();
            const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
            const index = focusable.indexOf(document.activeElement as HTMLElement);
            const next = event.shiftKey ? (index <= 0 ? focusable.length - 1 : index - 1) : (index + 1) % focusable.length;
            event.preventDefault();
            focusable[next]?.focus();
          }
        }}
      >
        {props.children}
      </div>
    </div>
  );
}
