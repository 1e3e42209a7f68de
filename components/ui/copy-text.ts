// The one way Hearth copies text, for every Copy button. The Clipboard API exists only in a secure context
// (https or localhost); a family reaching Hearth at http://192.168.1.20:3000 has none, so the text is copied
// the old way: selected in a hidden text box and copied with execCommand, which still works over plain http.

/** True when the text reached the clipboard. Call it from the click itself: browsers copy only for a gesture. */
export async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (a permission, an unfocused page): the selection copy below may still work.
    }
  }
  return selectionCopy(text);
}

function selectionCopy(text: string): boolean {
  const box = document.createElement("textarea");
  box.value = text;
  box.setAttribute("readonly", "");
  box.setAttribute("aria-hidden", "true");
  // On screen (a box off screen scrolls some pages) but invisible, and too small to show anything.
  Object.assign(box.style, { position: "fixed", top: "0", left: "0", width: "1px", height: "1px", opacity: "0" });
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.append(box);
  box.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  box.remove();
  focused?.focus({ preventScroll: true });
  return copied;
}

/**
 * Gives the copy buttons inside rendered answers (streamdown's, for code blocks) the same fallback: they call
 * navigator.clipboard.writeText, which is missing outside a secure context. A failed copy rejects, so they
 * never claim success.
 */
export function provideClipboardFallback(): void {
  if (typeof window === "undefined" || window.isSecureContext || navigator.clipboard) return;
  const writeText = async (text: string) => {
    if (!(await copyText(text))) throw new Error("copy failed");
  };
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
}
