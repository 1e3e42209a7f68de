"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

type Role = "member" | "child" | "admin";
type UserRow = { id: string; email: string; name: string; role: Role; status: string; createdAt: string };

export function UsersPanel({ initial }: { initial: UserRow[] }) {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const [users, setUsers] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    setNotice(null);
    try {
      const { user } = await api<{ user: UserRow }>("/api/admin/users", {
        body: {
          name: form.get("name"),
          email: form.get("email"),
          password: form.get("password"),
          role: form.get("role"),
        },
      });
      setUsers((list) => [...list, user]);
      setNotice(t("accountCreated", { email: user.email }));
      formElement.reset();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="space-y-4" aria-labelledby="users-heading">
      <h2 id="users-heading" className="text-lg font-semibold">
        {t("members")}
      </h2>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {users.map((u) => (
          <li key={u.id} data-testid="user-row" className="flex justify-between px-3 py-2 text-sm">
            <span>
              {u.name} <span className="text-zinc-600 dark:text-zinc-400">{u.email}</span>
            </span>
            <span className="text-zinc-600 dark:text-zinc-400">
              {t(`roles.${u.role}`)} · {t("memberSince", { date: new Date(u.createdAt) })}
            </span>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" aria-label={t("addMemberForm")}>
        <Field label={t("name")} name="name" required />
        <Field label={t("email")} name="email" type="email" required />
        <Field label={t("password")} name="password" type="password" minLength={8} required />
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t("role")}</span>
          <select
            name="role"
            defaultValue="member"
            className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
          >
            <option value="member">{t("roles.member")}</option>
            <option value="child">{t("roles.child")}</option>
            <option value="admin">{t("roles.admin")}</option>
          </select>
        </label>
        <div className="sm:col-span-2">
          <Button type="submit">{t("addMember")}</Button>
        </div>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {notice && <p className="text-sm text-green-700 dark:text-green-400">{notice}</p>}
    </section>
  );
}
