/** A problem to tell the person about, announced by screen readers as it appears; renders nothing when empty. */
export function ErrorNote({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {text}
    </p>
  );
}

/** How a form's submission went: a polite status when it worked, an alert when it did not. */
export function ResultNote({ result, className = "" }: { result: { ok: boolean; text: string } | null; className?: string }) {
  if (!result) return null;
  return (
    <p role={result.ok ? "status" : "alert"} className={`text-sm ${className} ${result.ok ? "text-green-700" : "text-red-600"}`}>
      {result.text}
    </p>
  );
}
