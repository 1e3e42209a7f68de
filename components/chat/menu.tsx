"use client";
// A small action menu under a ⋯ button: the first item takes the focus, arrow keys move, Escape or a click
// outside closes it (and the caller hands the focus back to its button).
import { type RefObject, useEffect, useRef } from "react";

export type MenuEntry = { label: string; run: () => void; danger?: boolean };

/** Where the menu opens: below its button's right edge (a list's ⋯), or above its left edge (the composer's). */
const PLACEMENTS = { below: "right-1 top-full", above: "bottom-full left-0 mb-1" } as const;

export function Menu(props: { label: string; entries: MenuEntry[]; onClose: () => void; placement?: keyof typeof PLACEMENTS }) {
  const menu = useRef<HTMLDivElement>(null);
  const closeRef = useRef(props.onClose);
  closeRef.current = props.onClose;
  const onClose = () => closeRef.current();
  useEffect(() => {
    menu.current?.querySelector("button")?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) closeRef.current();
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, []);
  return (
    <div
      ref={menu}
      role="menu"
      aria-label={props.label}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose();
        }
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          const buttons = [...(menu.current?.querySelectorAll("button") ?? [])];
          const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
          const next = buttons[(index + (event.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length];
          next?.focus();
        }
      }}
      className={`absolute ${PLACEMENTS[props.placement ?? "below"]} z-50 max-h-80 w-52 overflow-y-auto rounded-lg border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900`}
    >
      {props.entries.map((entry) => (
        <button
          key={entry.label}
          type="button"
          role="menuitem"
          onClick={() => {
            onClose();
            entry.run();
          }}
          className={`block min-h-8 w-full truncate px-3 text-left text-sm hover:bg-zinc-100 focus:bg-zinc-100 pointer-coarse:min-h-11 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800 ${entry.danger ? "text-red-700 dark:text-red-400" : ""}`}
        >
          {entry.label}
        </button>
      ))}
    </div>
  );
}

/** An item's ⋯ button and the menu it opens; closing the menu hands the focus back to the button. */
export function MenuButton(props: {
  label: string;
  open: boolean;
  onToggle: () => void;
  onClose: () => void;
  entries: MenuEntry[];
  /** The caller's handle on the button, to give it the focus back from elsewhere too (e.g. a dialog the menu opened). */
  button: RefObject<HTMLButtonElement | null>;
}) {
  return (
    <>
      <button
        ref={props.button}
        type="button"
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={props.open}
        onClick={props.onToggle}
        className="min-h-8 min-w-8 px-2 text-zinc-600 pointer-coarse:min-h-11 pointer-coarse:min-w-11 dark:text-zinc-400"
      >
        ⋯
      </button>
      {props.open && (
        <Menu
          label={props.label}
          entries={props.entries}
          onClose={() => {
            props.onClose();
            props.button.current?.focus();
          }}
        />
      )}
    </>
  );
}
