"use client";

import { useState } from "react";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

type UserRow = { id: string; email: string; name: string; role: string; status: string };

export function UsersPanel({ initial }: { initial: UserRow[] }) {
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
      setNotice(`Account created for ${user.email}.`);
      formElement.reset();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section className="space-y-4" aria-labelledby="users-heading">
      <h2 id="users-heading" className="text-lg font-semibold">
        Family members
      </h2>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {users.map((u) => (
          <li key={u.id} data-testid="user-row" className="flex justify-between px-3 py-2 text-sm">
            <span>
              {u.name} <span className="text-zinc-500">{u.email}</span>
            </span>
            <span className="text-zinc-500">{u.role}</span>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" aria-label="Add a family member">
        <Field label="Name" name="name" required />
        <Field label="Email" name="email" type="email" required />
        <Field label="Password" name="password" type="password" minLength={8} required />
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Role</span>
          <select
            name="role"
            defaultValue="member"
            className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
          >
            <option value="member">Member</option>
            <option value="child">Child</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <div className="sm:col-span-2">
          <Button type="submit">Add member</Button>
        </div>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {notice && <p className="text-sm text-green-700">{notice}</p>}
    </section>
  );
}
