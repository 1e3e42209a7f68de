"use client";
// One folder in the sidebar: a disclosure button that opens its conversations, a drop target for a dragged
// conversation, and a menu to rename it, give it instructions or delete it (keeping its conversations or not).
import { useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { FOLDER_NAME_MAX_CHARS, SYSTEM_PROMPT_MAX_CHARS } from "@/lib/conversation-settings";
import type { FolderView } from "@/lib/queries/folders";
import { CONVERSATION_DRAG_TYPE, ConversationItem, type ItemActions, RenameBox } from "./conversation-item";
import { MenuButton } from "./menu";
import type { Folders } from "./use-folders";

const small = "min-h-8 rounded px-2 text-sm pointer-coarse:min-h-11";

function InstructionsPanel(props: { folder: FolderView; onSave: (text: string) => void; onClose: () => void }) {
  const t = useTranslations("sidebar");
  const [text, setText] = useState(props.folder.systemPrompt ?? "");
  return (
    <div className="mx-1 my-1 space-y-1 rounded-lg border border-zinc-300 p-2 dark:border-zinc-700">
      <label className="block text-xs font-medium">
        {t("folderInstructions", { name: props.folder.name })}
        <textarea
          // biome-ignore lint/a11y/noAutofocus: the member asked to edit these very instructions
          autoFocus
          value={text}
          maxLength={SYSTEM_PROMPT_MAX_CHARS}
          rows={5}
          onChange={(event) => setText(event.target.value)}
          className="mt-1 block w-full rounded border border-zinc-300 px-2 py-1 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-950"
        />
      </label>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("folderInstructionsHint")}</p>
      <div className="flex gap-2">
        <button type="button" onClick={() => props.onSave(text)} className={`${small} bg-blue-700 text-white`}>
          {t("save")}
        </button>
        <button type="button" onClick={props.onClose} className={`${small} underline`}>
          {t("cancel")}
        </button>
      </div>
    </div>
  );
}

function DeletePanel(props: { folder: FolderView; onDelete: (mode: "keep" | "delete") => void; onClose: () => void }) {
  const t = useTranslations("sidebar");
  const count = props.folder.conversationCount;
  return (
    <fieldset className="mx-1 my-1 space-y-1 rounded-lg border border-red-300 p-2">
      <legend className="px-1 text-xs font-medium">{t("deleteFolderTitle", { name: props.folder.name })}</legend>
      <button type="button" onClick={() => props.onDelete("keep")} className={`${small} block w-full border text-left`}>
        {t("keepConversations")}
      </button>
      {count > 0 && (
        <button
          type="button"
          onClick={() => props.onDelete("delete")}
          className={`${small} block w-full border text-left text-red-700 dark:text-red-400`}
        >
          {t("deleteWithConversations", { count })}
        </button>
      )}
      <button type="button" onClick={props.onClose} className={`${small} underline`}>
        {t("cancel")}
      </button>
    </fieldset>
  );
}

type Panel = null | "rename" | "instructions" | "delete" | "menu";

/** A dragged conversation dropped on a folder (or, with null, on the dated list: out of its folder). */
export type FolderActions = ItemActions & { dropOn: (folderId: string | null) => void };

/** What the Folders section and each of its folders get from the sidebar. */
export type FolderSectionProps = {
  folders: Folders;
  activeId: string | null;
  actions: FolderActions;
  report: (error: unknown) => void;
  onDeleted: () => void;
};

export function FolderItem(props: FolderSectionProps & { folder: FolderView }) {
  const t = useTranslations("sidebar");
  const { folder, folders, actions, report } = props;
  const [panel, setPanel] = useState<Panel>(null);
  const [dropping, setDropping] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const open = folders.contents[folder.id];
  const run = (work: Promise<unknown>) => void work.catch(report);
  return (
    <li
      data-testid="folder"
      data-folder-name={folder.name}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(CONVERSATION_DRAG_TYPE)) return;
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDropping(false);
        actions.dropOn(folder.id);
      }}
      className={`rounded-lg ${dropping ? "bg-blue-100 ring-2 ring-blue-500 dark:bg-blue-950" : ""}`}
    >
      <div className="relative flex items-center rounded-lg hover:bg-zinc-200 dark:hover:bg-zinc-800">
        {panel === "rename" ? (
          <RenameBox
            title={folder.name}
            label={t("folderNameLabel")}
            maxLength={FOLDER_NAME_MAX_CHARS}
            onDone={(name) => {
              setPanel(null);
              if (name) run(folders.change(folder, { name }));
            }}
          />
        ) : (
          <button
            type="button"
            aria-expanded={Boolean(open)}
            onClick={() => run(folders.toggle(folder.id))}
            className="flex min-h-8 flex-1 items-center gap-1 truncate px-2 text-left text-sm pointer-coarse:min-h-11"
          >
            <span aria-hidden="true">{open ? "▾" : "▸"} 📁</span>
            <span className="truncate" data-testid="folder-name">
              {folder.name}
            </span>
            <span className="ml-auto shrink-0 text-xs text-zinc-600 dark:text-zinc-400">{folder.conversationCount}</span>
          </button>
        )}
        <MenuButton
          label={t("folderMenuFor", { name: folder.name })}
          open={panel === "menu"}
          onToggle={() => setPanel((current) => (current === "menu" ? null : "menu"))}
          onClose={() => setPanel((current) => (current === "menu" ? null : current))}
          entries={[
            { label: t("renameFolder"), run: () => setPanel("rename") },
            { label: t("editInstructions"), run: () => setPanel("instructions") },
            { label: t("deleteFolder"), run: () => setPanel("delete"), danger: true },
          ]}
          button={menuButton}
        />
      </div>
      {panel === "instructions" && (
        <InstructionsPanel
          folder={folder}
          onClose={() => setPanel(null)}
          onSave={(text) => {
            setPanel(null);
            run(folders.change(folder, { systemPrompt: text }));
          }}
        />
      )}
      {panel === "delete" && (
        <DeletePanel
          folder={folder}
          onClose={() => setPanel(null)}
          onDelete={(mode) => {
            setPanel(null);
            run(folders.remove(folder, mode).then(props.onDeleted));
          }}
        />
      )}
      {open && (
        <ul className="ml-3 space-y-0.5 border-l border-zinc-300 pl-1 dark:border-zinc-700">
          {open.links.map((link) => (
            <ConversationItem key={link.id} link={link} active={props.activeId === link.id} actions={actions} />
          ))}
          {open.links.length === 0 && <li className="px-2 py-1 text-xs text-zinc-600 dark:text-zinc-400">{t("emptyFolder")}</li>}
          {open.nextCursor && (
            <li>
              <button type="button" onClick={() => run(folders.loadMore(folder.id))} className={`${small} underline`}>
                {t("showMore")}
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
