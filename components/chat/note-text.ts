// Puts a waiting answer's note (message-state.ts) into words with the `queue` catalogue section.
import type { Catalogue } from "@/lib/i18n/config";
import type { Note, Wait } from "./message-state";

type QueueTranslator = (key: keyof Catalogue["queue"], values?: Record<string, string | number>) => string;

function waitText(t: QueueTranslator, wait: Wait): string {
  return "seconds" in wait ? t("aboutSeconds", { seconds: wait.seconds }) : t("aboutMinutes", { minutes: wait.minutes });
}

function withWait(t: QueueTranslator, place: string, wait: Wait | null): string {
  return wait ? t("withWait", { place, wait: waitText(t, wait) }) : place;
}

export function noteText(t: QueueTranslator, note: Note): string {
  switch (note.key) {
    case "next":
      return withWait(t, t("next"), note.wait);
    case "position":
      return withWait(t, t("position", { position: note.position }), note.wait);
    case "loading":
      return t("loading", { model: note.model });
    default:
      return t(note.key);
  }
}
