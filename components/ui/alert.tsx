/** A problem to tell the person about, announced by screen readers as it appears; renders nothing when empty. */
export function ErrorNote({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {text}
    </p>
  );
}
