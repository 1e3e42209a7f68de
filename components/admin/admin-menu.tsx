// The admin page's sections as a menu of links (#models, #users …): each section can be linked to and reached
// with one Tab and Enter, on a phone as a row across the top, on a wide screen as a column that stays in view.
import { getTranslator } from "@/lib/i18n/server";
import { WaitingBadge } from "../ui/waiting-badge";

export type AdminSection = { id: string; label: string; badge?: number };

export async function AdminMenu({ sections }: { sections: AdminSection[] }) {
  const t = await getTranslator();
  return (
    <nav
      aria-label={t("admin.menuLabel")}
      className="sticky top-0 z-10 -mx-6 overflow-x-auto bg-white/95 px-6 py-2 md:top-6 md:mx-0 md:self-start md:bg-transparent md:p-0 dark:bg-zinc-950/95 md:dark:bg-transparent"
    >
      <ul className="flex gap-1 md:flex-col">
        {sections.map((section) => (
          <li key={section.id}>
            <a
              href={`#${section.id}`}
              className="flex min-h-11 items-center gap-2 whitespace-nowrap rounded-lg px-3 text-sm hover:bg-zinc-100 md:min-h-9 dark:hover:bg-zinc-800"
            >
              {section.label}
              <WaitingBadge count={section.badge ?? 0} />
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
