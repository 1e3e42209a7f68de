"use client";
// The Share entry of a conversation's menu: makes a family share link of the branch on screen and shows it
// once, to copy, with what the link gives (signed-in members only, a snapshot without later messages).
import { useCallback, useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { CopyField } from "../ui/copy-field";
import { ModalDialog } from "../ui/modal-dialog";

export type ShareState = { status: "creating" } | { status: "made"; url: string } | { status: "failed"; error: string };

/** Starts a share of the conversation; the state drives the dialog. */
export function useShare(conversationId: string) {
  const errorText = useErrorText();
  const [state, setState] = useState<ShareState | null>(null);
  const start = useCallback(() => {
    setState({ status: "creating" });
    api<{ share: { path: string } }>(`/api/conversations/${conversationId}/share`, { method: "POST" })
      .then(({ share }) => setState({ status: "made", url: `${window.location.origin}${share.path}` }))
      .catch((e: unknown) => setState({ status: "failed", error: errorText(e) }));
  }, [conversationId, errorText]);
  return { state, start, close: () => setState(null) };
}

function SharedLink({ url }: { url: string }) {
  const t = useTranslations("shares");
  return (
    <div className="space-y-2">
      <p>{t("shownOnce")}</p>
      <CopyField
        label={t("link")}
        value={url}
        testId="share-link"
        words={{ copy: t("copy"), copied: t("copied"), notCopied: t("notCopied") }}
      />
    </div>
  );
}

export function ShareDialog(props: { title: string; state: ShareState; onClose: () => void }) {
  const t = useTranslations("shares");
  const { state } = props;
  return (
    <ModalDialog labelledBy="share-dialog-title" closeLabel={t("close")} className="max-w-md space-y-3 p-4 text-sm" onClose={props.onClose}>
      <h2 id="share-dialog-title" className="text-base font-semibold">
        {t("dialogTitle")}
      </h2>
      <p className="truncate font-medium">{props.title}</p>
      <p className="text-zinc-600 dark:text-zinc-400">{t("explain")}</p>
      {state.status === "creating" && <p role="status">{t("creating")}</p>}
      {state.status === "made" && <SharedLink url={state.url} />}
      {state.status === "failed" && <ErrorNote text={state.error} />}
      <div className="flex justify-end">
        <Button type="button" variant="secondary" autoFocus onClick={props.onClose}>
          {t("close")}
        </Button>
      </div>
    </ModalDialog>
  );
}
