import type { ReactNode } from "react";

/** A titled part of a page; its heading names the region for screen readers (`<id>-heading`). */
export function Panel({
  id,
  title,
  className = "space-y-4",
  children,
}: {
  id: string;
  title: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={className} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
