"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Panel } from "../ui/panel";

export function AccountPanel(props: { name: string; email: string; mustChangePassword: boolean }) {
  const t = useTranslations("account");
  const errorText = useErrorText();
  const router = useRouter();
  const [status, setStatus] = useState<{ form: string; ok: boolean; text: string } | null>(null);

  async function submit(formName: string, event: React.FormEvent<HTMLFormElement>, run: (form: FormData) => Promise<string>) {
    event.preventDefault();
    const element = event.currentTarget;
    try {
      const text = await run(new FormData(element));
      setStatus({ form: formName, ok: true, text });
      router.refresh();
    } catch (e) {
      setStatus({ form: formName, ok: false, text: errorText(e) });
    }
  }

  const message = (formName: string) =>
    status?.form === formName && (
      <p role={status.ok ? "status" : "alert"} className={`text-sm ${status.ok ? "text-green-700" : "text-red-600"}`}>
        {status.text}
      </p>
    );

  return (
    <>
      {!props.mustChangePassword && (
        <Panel id="profile" title={t("profile")} className="space-y-3">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("signedInAs", { email: props.email })}</p>
          <form
            aria-label={t("profile")}
            className="space-y-3"
            onSubmit={(e) =>
              submit("profile", e, async (form) => {
                await api("/api/account", { method: "PATCH", body: { name: form.get("name") } });
                return t("saved");
              })
            }
          >
            <Field label={t("name")} name="name" defaultValue={props.name} required maxLength={80} />
            <Button type="submit">{t("saveProfile")}</Button>
            {message("profile")}
          </form>
        </Panel>
      )}
      <Panel id="password" title={t("password")} className="space-y-3">
        <form
          aria-label={t("changePassword")}
          className="space-y-3"
          onSubmit={(e) =>
            submit("password", e, async (form) => {
              await api("/api/account/password", { body: { current: form.get("current"), next: form.get("next") } });
              (e.target as HTMLFormElement).reset();
              return t("passwordChanged");
            })
          }
        >
          <Field label={t("currentPassword")} name="current" type="password" autoComplete="current-password" required />
          <Field label={t("newPassword")} name="next" type="password" autoComplete="new-password" minLength={8} required />
          <Button type="submit">{t("changePassword")}</Button>
          {message("password")}
        </form>
      </Panel>
    </>
  );
}
