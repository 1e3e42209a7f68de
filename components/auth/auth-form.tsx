"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

export function AuthForm({ mode }: { mode: "login" | "signup" }) {
  const t = useTranslations("auth");
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** next-auth's error for a failed sign-in, in words: a lock-out ("locked:15") or wrong credentials. */
  function signInError(code: string): string {
    const locked = /^locked:(\d+)$/.exec(code);
    return locked ? t("locked", { minutes: Number(locked[1]) }) : t("wrongCredentials");
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    try {
      if (mode === "signup") {
        await api("/api/signup", { body: { name: String(form.get("name") ?? ""), email, password } });
      }
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        setError(signInError(result?.error ?? ""));
        return;
      }
      router.replace("/");
      router.refresh();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label={mode === "login" ? t("signIn") : t("createAdminForm")}>
      {mode === "signup" && <Field label={t("yourName")} name="name" autoComplete="name" required />}
      <Field label={t("email")} name="email" type="email" autoComplete="email" required />
      <Field
        label={t("password")}
        name="password"
        type="password"
        autoComplete={mode === "login" ? "current-password" : "new-password"}
        minLength={mode === "signup" ? 8 : undefined}
        required
      />
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <Button type="submit" disabled={busy} className="w-full">
        {mode === "login" ? t("signIn") : t("createAdmin")}
      </Button>
    </form>
  );
}
