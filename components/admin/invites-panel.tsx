"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";
import { useAction } from "../ui/use-action";
import { InviteLink, type MadeLink } from "./invite-link";
import { useFamilySwitch } from "./use-family-switch";

type InviteRow = { id: string; role: string; expiresAt: string; note?: string | null };

const select = "rounded-lg border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700";

export function InvitesPanel(props: { initial: InviteRow[]; openSignUp: boolean }) {
  const t = useTranslations("admin");
  const [invites, setInvites] = useState(props.initial);
  const [link, setLink] = useState<MadeLink | null>(null);
  const { error, run } = useAction();
  const [openSignUp, setOpenSignUp] = useFamilySwitch("openSignUp", props.openSignUp, run);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void run(async () => {
      const { invite, url, loopback } = await api<{ invite: InviteRow } & MadeLink>("/api/admin/invites", {
        body: { role: form.get("role"), hours: Number(form.get("hours")), note: String(form.get("note") ?? "") },
      });
      setInvites((list) => [invite, ...list]);
      setLink({ url, loopback });
    });
  }

  return (
    <Panel id="invites" title={t("invites")}>
      <form onSubmit={onSubmit} aria-label={t("inviteSomeone")} className="flex flex-wrap items-end gap-2 text-sm">
        <label>
          <span className="mb-1 block font-medium">{t("role")}</span>
          <select name="role" defaultValue="member" className={select}>
            <option value="member">{t("roles.member")}</option>
            <option value="child">{t("roles.child")}</option>
            <option value="admin">{t("roles.admin")}</option>
          </select>
        </label>
        <label>
          <span className="mb-1 block font-medium">{t("linkWorksFor")}</span>
          <select name="hours" defaultValue="72" className={select}>
            <option value="24">{t("days", { count: 1 })}</option>
            <option value="72">{t("days", { count: 3 })}</option>
            <option value="168">{t("oneWeek")}</option>
          </select>
        </label>
        <label className="min-w-40 flex-1">
          <span className="mb-1 block font-medium">{t("inviteNote")}</span>
          <input name="note" maxLength={80} placeholder={t("inviteNoteExample")} className={`w-full ${select}`} />
        </label>
        <Button type="submit">{t("makeInvite")}</Button>
      </form>
      {link && <InviteLink link={link} />}
      {invites.length > 0 && (
        <ul className="space-y-1 text-sm">
          {invites.map((i) => (
            <li key={i.id} data-testid="invite-row" className="flex items-center justify-between">
              <span>
                {i.note && <span className="font-medium">{i.note} · </span>}
                {t("inviteRow", { role: t(`roles.${i.role as "member" | "child" | "admin"}`), until: new Date(i.expiresAt) })}
              </span>
              <Button
                variant="secondary"
                onClick={() =>
                  void run(async () => {
                    await api(`/api/admin/invites/${i.id}`, { method: "DELETE" });
                    setInvites((list) => list.filter((x) => x.id !== i.id));
                  })
                }
              >
                {t("revoke")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={openSignUp} onChange={(e) => setOpenSignUp(e.target.checked)} />
        {t("openSignUp")}
      </label>
      <ErrorNote text={error} />
    </Panel>
  );
}
