import { getTranslator } from "@/lib/i18n/server";
import type { WorkerStatus } from "@/lib/workers/status";
import { formatBytes } from "./format";

/** The server's memory (VRAM per GPU, else RAM) and disk, as each worker reports them. */
export async function ServerResources({ workers }: { workers: WorkerStatus[] }) {
  if (workers.length === 0) return null;
  const t = await getTranslator();
  return (
    <ul aria-label={t("models.serverResources")} className="space-y-1 text-sm text-zinc-600 dark:text-zinc-400">
      {workers.map((w) => (
        <li key={w.id} data-testid="worker-resources">
          {w.host}:{" "}
          {w.vram
            ? t("models.vram", { gpu: w.gpu || "", free: formatBytes(w.vram.free), total: formatBytes(w.vram.total) })
            : t("models.ram", { free: formatBytes(w.ram.free), total: formatBytes(w.ram.total) })}
          {" · "}
          {t("models.disk", { free: formatBytes(w.disk.free), total: formatBytes(w.disk.total) })}
        </li>
      ))}
    </ul>
  );
}
