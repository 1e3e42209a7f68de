"use client";
// A dialog over the dimmed page: a click beside it or Escape closes it, and Tab stays inside it while it is
// open. Both keys stop here, so a phone drawer's own focus trap (or the chat's shortcuts) keep out of it.
import { type ReactNode, useRef } from "react";

const FOCUSABLE = "input, select, textarea, a[href], button:not([disabled])";

type ModalProps = {
  /** The dialog's name: its heading's id, or a label when it has no heading. */
  labelledBy?: string;
  label?: string;
  /** What the dimmed page around it says to a screen reader (it closes the dialog). */
  closeLabel: string;
  onClose: () => void;
  className: string;
  children: ReactNode;
};

export function Modal({ labelledBy, label, closeLabel, onClose, className, children }: ModalProps) {
  const dialog = useRef<HTMLDivElement>(null);
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-black/40 p-4 pt-[10vh]">
      <button type="button" aria-label={closeLabel} className="absolute inset-0 cursor-default" onClick={onClose} />
      <div
        ref={dialog}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-label={label}
        className={`relative w-full rounded-xl bg-white shadow-xl dark:bg-zinc-900 ${className}`}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.stopPropagation();
            onClose();
          }
          if (event.key === "Tab") {
            event.stopPropagation();
            event.preventDefault();
            const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
            const index = focusable.indexOf(document.activeElement as HTMLElement);
            const next = event.shiftKey ? (index <= 0 ? focusable.length - 1 : index - 1) : (index + 1) % focusable.length;
            focusable[next]?.focus();
          }
        }}
      >
        {children}
      </div>
    </div>
  );
}
