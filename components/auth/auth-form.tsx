"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

/**
 * login: sign in. signup: the first account (the admin). request: open sign-up, the account then waits for
 * approval. invite: an invite link's account, signed in at once.
 */
type Mode = "login" | "signup" | "request" | "invite";

const submitKey = { login: "signIn", signup: "createAdmin", request: "requestAccount", invite: "createMyAccount" } as const;
const formKey = { login: "signIn", signup: "createAdminForm", request: "requestAccount", invite: "createYourAccount" } as const;

export function AuthForm({ mode, inviteToken }: { mode: Mode; inviteToken?: string }) {
  const t = useTranslations("auth");
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** next-auth's error for a failed sign-in, in words: a lock-out ("locked:15"), an account waiting or
   * disabled, or wrong credentials. */
  function signInError(code: string): string {
    if (code === "pending") return t("pendingApproval");
    if (code === "disabled") return t("accountDisabled");
    const locked = /^locked:(\d+)$/.exec(code);
    return locked ? t("locked", { minutes: Number(locked[1]) }) : t("wrongCredentials");
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "");
    setBusy(true);
    setError(null);
    try {
      if (mode === "signup" || mode === "request") await api("/api/signup", { body: { name, email, password } });
      if (mode === "invite") await api("/api/invites/accept", { body: { token: inviteToken, name, email, password } });
      if (mode === "request") {
        setNotice(t("requestSent"));
        return;
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

  if (notice) return <p className="text-center text-sm text-green-700">{notice}</p>;

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label={t(formKey[mode])}>
      {mode !== "login" && <Field label={t("yourName")} name="name" autoComplete="name" required />}
      <Field label={t("email")} name="email" type="email" autoComplete="email" required />
      <Field
        label={t("password")}
        name="password"
        type="password"
        autoComplete={mode === "login" ? "current-password" : "new-password"}
        minLength={mode === "login" ? undefined : 8}
        required
      />
      <ErrorNote text={error} />
      <Button type="submit" disabled={busy} className="w-full">
        {t(submitKey[mode])}
      </Button>
    </form>
  );
}
