// The admin page's parts, linked from its top: a keyboard reaches "Family members" in two Tabs, not forty-four.
import type { Translator } from "@/lib/i18n/server";

/** Each target is a panel's heading (Panel gives it the id `<panel>-heading`). */
const SECTIONS = [
  ["models-heading", "admin.models"],
  ["library-heading", "admin.getModel"],
  ["users-heading", "admin.members"],
  ["invites-heading", "admin.invites"],
  ["locks-heading", "admin.locksTitle"],
  ["usage-heading", "admin.usageLink"],
] as const;

export function SectionLinks({ t }: { t: Translator }) {
  return (
    <nav aria-label={t("admin.sectionLinks")} className="text-sm">
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {SECTIONS.map(([id, label]) => (
          <li key={id}>
            <a
              href={`#${id}`}
              className="inline-flex min-h-6 items-center text-blue-700 underline pointer-coarse:min-h-11 dark:text-blue-400"
            >
              {t(label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
