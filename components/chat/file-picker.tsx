"use client";
// "From your files": the member's ready files, to add one to this chat (or to the new chat's first message).
// Files still being read, and failed ones, are left out: they could not answer anything yet.
import { useTranslations } from "use-intl";
import type { LibraryDocument } from "@/lib/queries/documents";
import { ErrorNote } from "../ui/alert";
import { Button } from "../ui/button";
import { ModalDialog } from "../ui/modal-dialog";
import { useAction } from "../ui/use-action";
import { documentFacts } from "./document-text";
import { useMemberFiles } from "./use-member-files";

type PickerProps = {
  /** Ids of the files the chat already has: shown, but not offered again. */
  inChat: string[];
  onChoose: (file: LibraryDocument) => Promise<void>;
  onClose: () => void;
};

export function FilePicker({ inChat, onChoose, onClose }: PickerProps) {
  const t = useTranslations("documents");
  const { error, setError, run } = useAction();
  const files = useMemberFiles(setError).files?.filter((f) => f.status === "ready");

  const choose = (file: LibraryDocument) =>
    run(async () => {
      await onChoose(file);
      onClose();
    });

  return (
    <ModalDialog
      labelledBy="file-picker-title"
      closeLabel={t("close")}
      onClose={onClose}
      className="flex max-h-[75vh] max-w-md flex-col gap-3 p-4 text-sm"
    >
      <h2 id="file-picker-title" className="text-base font-semibold">
        {t("pickerTitle")}
      </h2>
      {files?.length === 0 && <p className="text-zinc-600 dark:text-zinc-400">{t("noReadyFiles")}</p>}
      {files && files.length > 0 && (
        <ul data-testid="file-picker-list" className="min-h-0 space-y-1 overflow-y-auto">
          {files.map((file) => (
            <li key={file.id}>
              <PickerEntry file={file} added={inChat.includes(file.id)} onChoose={() => void choose(file)} />
            </li>
          ))}
        </ul>
      )}
      <ErrorNote text={error} />
      <div className="flex justify-end">
        <Button type="button" variant="secondary" autoFocus onClick={onClose}>
          {t("close")}
        </Button>
      </div>
    </ModalDialog>
  );
}

function PickerEntry({ file, added, onChoose }: { file: LibraryDocument; added: boolean; onChoose: () => void }) {
  const t = useTranslations("documents");
  const facts = added ? `${documentFacts(t, file)} · ${t("inThisChat")}` : documentFacts(t, file);
  return (
    <button
      type="button"
      disabled={added}
      onClick={onChoose}
      className="block w-full rounded-lg px-3 py-2 text-left hover:bg-zinc-100 disabled:opacity-60 pointer-coarse:min-h-11 dark:hover:bg-zinc-800"
    >
      <span className="block font-medium wrap-anywhere">{file.name}</span>
      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{facts}</span>
    </button>
  );
}
