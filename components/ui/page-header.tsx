import Link from "next/link";

/** A page's title, with a way back to the chat when one is given. */
export function PageHeader({ title, backLabel }: { title: string; backLabel?: string }) {
  return (
    <div className="flex items-center justify-between">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {backLabel && (
        <Link href="/" className="text-sm underline">
          {backLabel}
        </Link>
      )}
    </div>
  );
}
