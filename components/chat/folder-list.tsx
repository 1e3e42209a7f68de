"use client";
// The sidebar's Folders section: a heading that folds it away, a New folder button (named in place), and the folders.
import { useState } from "react";
import { useTranslations } from "use-intl";
import { FOLDER_NAME_MAX_CHARS } from "@/lib/conversation-settings";
import { RenameBox } from "./conversation-item";
import { FolderItem, type FolderSectionProps } from "./folder-item";

export function FolderList(props: FolderSectionProps) {
  const t = useTranslations("sidebar");
  const [creating, setCreating] = useState(false);
  const [folded, setFolded] = useState(false);
  const { folders } = props;
  return (
    <section className="mb-3" aria-labelledby="folders-heading">
      <div className="flex items-center justify-between px-1">
        <h2 id="folders-heading" className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          <button
            type="button"
            aria-expanded={!folded}
            onClick={() => setFolded((value) => !value)}
            className="min-h-8 px-2 pointer-coarse:min-h-11"
          >
            <span aria-hidden="true">{folded ? "▸ " : "▾ "}</span>
            {t("folders")}
          </button>
        </h2>
        <button
          type="button"
          onClick={() => {
            setFolded(false);
            setCreating(true);
          }}
          className="min-h-8 px-2 text-xs text-zinc-600 underline pointer-coarse:min-h-11 dark:text-zinc-400"
        >
          + {t("newFolder")}
        </button>
      </div>
      {!folded && (
        <ul className="space-y-0.5">
          {creating && (
            <li className="flex">
              <RenameBox
                title=""
                label={t("folderNameLabel")}
                maxLength={FOLDER_NAME_MAX_CHARS}
                onDone={(name) => {
                  setCreating(false);
                  if (name) void folders.create(name).catch(props.report);
                }}
              />
            </li>
          )}
          {folders.folders.map((folder) => (
            <FolderItem key={folder.id} folder={folder} {...props} />
          ))}
        </ul>
      )}
    </section>
  );
}
