// Copies text in the browser, also where navigator.clipboard does not exist: it exists only in a secure context
// (https or localhost), and a family's server on the home network is often plain http.
/** True when the text reached the clipboard. */
export async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, page not focused): the selection copy below may still work.
    }
  }
  return copyBySelection(text);
}

/** The old way: select the text in an off-screen field and run the browser's own copy command. */
function copyBySelection(text: string): boolean {
  const field = document.createElement("textarea");
  field.value = text;
  field.setAttribute("readonly", "");
  field.style.position = "fixed";
  field.style.top = "-1000px";
  const focused = document.activeElement as HTMLElement | null;
  document.body.append(field);
  field.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  field.remove();
  focused?.focus();
  return copied;
}
