"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Panel } from "../ui/panel";
import { ChildLimitsForm, type LimitsRow, type ModelChoice } from "./child-limits-form";

export type UserRow = { id: string; email: string; name: string; role: string; status: string; createdAt: string };

const select = "rounded-lg border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700";

export function UsersPanel(props: { initial: UserRow[]; limits: Record<string, LimitsRow>; models: ModelChoice[] }) {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const [users, setUsers] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function run(action: () => Promise<string | null>) {
    setError(null);
    setNotice(null);
    try {
      setNotice(await action());
    } catch (e) {
      setError(errorText(e));
    }
  }

  const change = (u: UserRow, body: Partial<UserRow>, done: string) =>
    run(async () => {
      const { user } = await api<{ user: UserRow }>(`/api/admin/users/${u.id}`, { method: "PATCH", body });
      setUsers((list) => list.map((x) => (x.id === u.id ? user : x)));
      return done;
    });

  const resetPassword = (u: UserRow) =>
    run(async () => {
      const password = window.prompt(t("resetPasswordPrompt", { name: u.name }));
      if (!password) return null;
      await api(`/api/admin/users/${u.id}/password`, { body: { password } });
      return t("passwordReset", { email: u.email });
    });

  const remove = (u: UserRow) =>
    run(async () => {
      const confirmEmail = window.prompt(t("deletePrompt", { name: u.name }));
      if (!confirmEmail) return null;
      await api(`/api/admin/users/${u.id}`, { method: "DELETE", body: { confirmEmail } });
      setUsers((list) => list.filter((x) => x.id !== u.id));
      return t("deleted", { email: u.email });
    });

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    await run(async () => {
      const { user } = await api<{ user: UserRow }>("/api/admin/users", {
        body: { name: form.get("name"), email: form.get("email"), password: form.get("password"), role: form.get("role") },
      });
      setUsers((list) => [...list, user]);
      formElement.reset();
      return t("accountCreated", { email: user.email });
    });
  }

  return (
    <Panel id="users" title={t("members")}>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {users.map((u) => (
          <li key={u.id} data-testid="user-row" className="space-y-2 px-3 py-2 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span>
                {u.name} <span className="text-zinc-600 dark:text-zinc-400">{u.email}</span>{" "}
                <span className="text-zinc-600 dark:text-zinc-400">{t("memberSince", { date: new Date(u.createdAt) })}</span>
                {u.status !== "active" && (
                  <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900">
                    {t(`statuses.${u.status as "pending" | "disabled"}`)}
                  </span>
                )}
              </span>
              <UserControls user={u} change={change} resetPassword={resetPassword} remove={remove} />
            </div>
            {u.role === "child" && (
              <ChildLimitsForm userId={u.id} name={u.name} initial={props.limits[u.id] ?? null} models={props.models} onResult={run} />
            )}
          </li>
        ))}
      </ul>
      <ErrorNote text={error} />
      {notice && (
        <p role="status" className="text-sm text-green-700">
          {notice}
        </p>
      )}
      <AddMemberForm onSubmit={onSubmit} />
    </Panel>
  );
}

type ChangeUser = (user: UserRow, body: Partial<UserRow>, done: string) => Promise<void>;

/** One member's role, approval, enable/disable, password reset and delete. */
function UserControls(props: { user: UserRow; change: ChangeUser; resetPassword: (u: UserRow) => void; remove: (u: UserRow) => void }) {
  const t = useTranslations("admin");
  return (
    <span className="flex flex-wrap items-center gap-2">
      <select
        aria-label={t("roleOf", { name: props.user.name })}
        className={select}
        value={props.user.role}
        onChange={(e) =>
          void props.change(
            props.user,
            { role: e.target.value },
            t("roleChanged", { name: props.user.name, role: t(`roles.${e.target.value as "member" | "child" | "admin"}`) }),
          )
        }
      >
        <option value="member">{t("roles.member")}</option>
        <option value="child">{t("roles.child")}</option>
        <option value="admin">{t("roles.admin")}</option>
      </select>
      {props.user.status === "pending" && (
        <Button
          variant="secondary"
          onClick={() => void props.change(props.user, { status: "active" }, t("approved", { email: props.user.email }))}
        >
          {t("approve")}
        </Button>
      )}
      {props.user.status === "active" ? (
        <Button
          variant="secondary"
          onClick={() => void props.change(props.user, { status: "disabled" }, t("disabled", { email: props.user.email }))}
        >
          {t("disable")}
        </Button>
      ) : (
        props.user.status === "disabled" && (
          <Button
            variant="secondary"
            onClick={() => void props.change(props.user, { status: "active" }, t("enabled", { email: props.user.email }))}
          >
            {t("enable")}
          </Button>
        )
      )}
      <Button variant="secondary" onClick={() => void props.resetPassword(props.user)}>
        {t("resetPassword")}
      </Button>
      <Button variant="danger" onClick={() => void props.remove(props.user)}>
        {t("delete")}
      </Button>
    </span>
  );
}

function AddMemberForm({ onSubmit }: { onSubmit: (event: React.FormEvent<HTMLFormElement>) => void }) {
  const t = useTranslations("admin");
  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" aria-label={t("addMemberForm")}>
      <Field label={t("name")} name="name" required />
      <Field label={t("email")} name="email" type="email" required />
      <Field label={t("password")} name="password" type="password" minLength={8} required />
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{t("role")}</span>
        <select name="role" defaultValue="member" className={`w-full ${select} px-3 py-2`}>
          <option value="member">{t("roles.member")}</option>
          <option value="child">{t("roles.child")}</option>
          <option value="admin">{t("roles.admin")}</option>
        </select>
      </label>
      <div className="sm:col-span-2">
        <Button type="submit">{t("addMember")}</Button>
      </div>
    </form>
  );
}
